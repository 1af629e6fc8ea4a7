#!/usr/bin/env node
import 'reflect-metadata';
import { runBench } from './bench.command.js';
import { runDemo } from './demo.command.js';
import { runRebuild } from './rebuild.command.js';
import { runSeal, runVerify } from './verify.command.js';
import { runServe } from './serve.command.js';
import { runToken } from './token.command.js';

const USAGE = `budgetloop — budget performance management (全面实施预算绩效管理)

Usage: budgetloop <command> [options]     (every command takes --data-dir, default ./data)

  serve    the API on the embedded stores          --port 3000
  demo     load the 乳山市 FY2024 scenario through the command handlers (idempotent)
  token    print a signed token for local use      --role ROLE --org ORG [--dept D] [--unit U]
                                                    [--institution I] [--sub ID] [--name NAME] [--org-name NAME] [--hours 8]
  verify   recompute every hash chain and check the seals; exit 1 naming the first broken event
  seal     record every stream's head in one hash, so a removed tail is detected by verify
  rebuild  rebuild read models from position 0 and swap them in   [name …] (default: all)
  bench    event-store and read-side benchmarks on a scratch store   [--events 20000] [--copies 20]

Roles: FINANCE_AUTHORITY BUDGET_DEPARTMENT BUDGET_UNIT THIRD_PARTY AUDIT_BUREAU INTEGRATION SYSTEM
Environment: BUDGETLOOP_DATA_DIR, PORT, EVENTSTORE_URL, BUDGETLOOP_JWT_SECRET, BUDGETLOOP_SQLITE_SYNCHRONOUS`;

const commands: Record<string, (args: string[]) => Promise<number>> = {
  serve: runServe,
  demo: runDemo,
  token: runToken,
  verify: runVerify,
  seal: runSeal,
  rebuild: runRebuild,
  bench: runBench,
};

const [name, ...rest] = process.argv.slice(2);
const command = name ? commands[name] : undefined;
if (!command) {
  console.log(USAGE);
  process.exit(name && name !== 'help' && name !== '--help' ? 2 : 0);
}
try {
  const code = await command(rest);
  if (code !== 0 || name !== 'serve') process.exit(code);
} catch (error) {
  console.error(`budgetloop ${name}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}

