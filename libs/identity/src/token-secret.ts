import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The HS256 secret: BUDGETLOOP_JWT_SECRET when set (production), otherwise a random one generated into the
 * data dir on first start, so `budgetloop token` and `budgetloop serve` on the same data dir agree.
 */
export function loadTokenSecret(dataDir: string, fromEnv = process.env.BUDGETLOOP_JWT_SECRET): string {
  if (fromEnv) return fromEnv;
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch {
    // Another process created it first: use theirs.
    return readFileSync(file, 'utf8').trim();
  }
  return secret;
}
