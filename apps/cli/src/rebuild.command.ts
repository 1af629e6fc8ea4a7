import { openEventStore } from '../../../libs/event-store/src/open-event-store.js';
import { PROJECTIONS } from '../../../libs/projections/src/read-models.js';
import { rebuildProjection } from '../../../libs/read-store/src/projection-runner.js';
import { openReadStore } from '../../../libs/read-store/src/open-read-store.js';
import { configFrom, parseOptions } from './options.js';

const BAR = 30;

/**
 * Rebuilds read models from position 0 into fresh collections and swaps each in when caught up; the old ones
 * keep serving meanwhile, so a running `serve` needs no restart.
 */
export async function runRebuild(args: string[]): Promise<number> {
  const names = args.filter((a) => !a.startsWith('--') && !args[args.indexOf(a) - 1]?.startsWith('--'));
  const config = configFrom(parseOptions(args.filter((a) => !names.includes(a)), {}));
  const unknown = names.filter((n) => !PROJECTIONS.some((p) => p.name === n));
  if (unknown.length) throw new Error(`no read model ${unknown.join(', ')}; read models: ${PROJECTIONS.map((p) => p.name).join(', ')}`);
  const chosen = names.length ? PROJECTIONS.filter((p) => names.includes(p.name)) : PROJECTIONS;
  const events = openEventStore(config);
  const reads = await openReadStore(config);
  try {
    const head = await events.headPosition();
    // SQLite numbers positions densely, so the head is the number of events; elsewhere it is only a position.
    const total = head && head.commit === head.prepare && !config.eventStoreUrl ? Number(head.commit) : undefined;
    for (const projection of chosen) {
      const started = Date.now();
      const draw = (applied: number) => {
        const share = total ? Math.min(applied / total, 1) : 0;
        const bar = total ? `[${'#'.repeat(Math.round(share * BAR)).padEnd(BAR, '-')}] ${applied}/${total}` : `${applied} events`;
        process.stdout.write(`\r${projection.name.padEnd(24)} ${bar}`);
      };
      draw(0);
      const result = await rebuildProjection(events, reads, projection, { onProgress: draw });
      draw(result.events);
      process.stdout.write(`  swapped in as ${result.physical} (${Date.now() - started} ms)\n`);
    }
    return 0;
  } finally {
    await reads.close();
    await events.close();
  }
}
