import { parseArgs } from 'node:util';
import { type BudgetLoopConfig, loadConfig } from '../../api/src/config.js';

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/** Parses a subcommand's options; --data-dir is common to all. Unknown options are an error, not ignored. */
export function parseOptions<T extends OptionSpec>(args: string[], spec: T) {
  const { values } = parseArgs({ args, options: { 'data-dir': { type: 'string' }, ...spec }, strict: true, allowPositionals: false });
  return values as { 'data-dir'?: string } & { [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : string };
}

export function configFrom(values: { 'data-dir'?: string }, overrides: Partial<Omit<BudgetLoopConfig, 'jwtSecret'>> = {}): BudgetLoopConfig {
  return loadConfig({ ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}), ...overrides });
}
