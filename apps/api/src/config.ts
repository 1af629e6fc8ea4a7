import { resolve } from 'node:path';
import { loadTokenSecret } from '../../../libs/identity/src/token-secret.js';

export interface BudgetLoopConfig {
  dataDir: string;
  port: number;
  eventStoreUrl?: string;
  mongodbUrl?: string;
  jwtSecret: string;
  sqliteSynchronous: 'FULL' | 'NORMAL';
  /** Largest request body accepted; larger ones get 413. */
  bodyLimit: string;
  /** How often `serve` seals the chain heads (when events arrived since the last seal). */
  sealIntervalMinutes: number;
  /** How often the deadline watcher looks for overdue rectification cases. */
  deadlineCheckMinutes: number;
  /** How long a query with minPosition waits for the read model to reach it. */
  readYourWritesMs: number;
}

/** Configuration from the environment (README §Configuration), with explicit overrides from the CLI. */
export function loadConfig(overrides: Partial<Omit<BudgetLoopConfig, 'jwtSecret'>> = {}, env: NodeJS.ProcessEnv = process.env): BudgetLoopConfig {
  const dataDir = resolve(overrides.dataDir ?? env.BUDGETLOOP_DATA_DIR ?? './data');
  const synchronous = (overrides.sqliteSynchronous ?? env.BUDGETLOOP_SQLITE_SYNCHRONOUS ?? 'FULL').toUpperCase();
  if (synchronous !== 'FULL' && synchronous !== 'NORMAL') throw new Error(`BUDGETLOOP_SQLITE_SYNCHRONOUS must be FULL or NORMAL, not ${synchronous}`);
  const port = overrides.port ?? Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`not a port: ${port}`);
  return {
    dataDir,
    port,
    eventStoreUrl: overrides.eventStoreUrl ?? (env.EVENTSTORE_URL || undefined),
    mongodbUrl: overrides.mongodbUrl ?? (env.MONGODB_URL || undefined),
    jwtSecret: loadTokenSecret(dataDir, env.BUDGETLOOP_JWT_SECRET),
    sqliteSynchronous: synchronous,
    bodyLimit: overrides.bodyLimit ?? env.BUDGETLOOP_BODY_LIMIT ?? '1mb',
    readYourWritesMs: positive(overrides.readYourWritesMs ?? Number(env.BUDGETLOOP_READ_YOUR_WRITES_MS ?? 2000), 'BUDGETLOOP_READ_YOUR_WRITES_MS'),
    deadlineCheckMinutes: positive(overrides.deadlineCheckMinutes ?? Number(env.BUDGETLOOP_DEADLINE_CHECK_MINUTES ?? 15), 'BUDGETLOOP_DEADLINE_CHECK_MINUTES'),
    sealIntervalMinutes: positive(overrides.sealIntervalMinutes ?? Number(env.BUDGETLOOP_SEAL_INTERVAL_MINUTES ?? 60), 'BUDGETLOOP_SEAL_INTERVAL_MINUTES'),
  };
}

function positive(value: number, name: string): number {
  if (!(value > 0)) throw new Error(`${name} must be a positive number`);
  return value;
}
