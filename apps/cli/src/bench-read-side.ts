import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { NewEvent } from '../../../libs/event-store/src/event-store.port.js';
import { SqliteEventStore } from '../../../libs/event-store/src/sqlite-event-store.js';
import { PROJECTIONS, READ_MODELS } from '../../../libs/projections/src/read-models.js';
import { rebuildProjection } from '../../../libs/read-store/src/projection-runner.js';
import { SqliteReadStore } from '../../../libs/read-store/src/sqlite-read-store.js';
import { runDemo } from './demo.command.js';

const DEMO_CODE = /371083-(\d{4})-(D\d{3})-(\d{3})/g;

/**
 * The read side on a realistic log: the 乳山 demo replayed `copies` times under fresh project codes, then every
 * projection rebuilt from position 0, then board queries. Measured, never asserted.
 */
export async function benchReadSide(dir: string, copies: number, timed: (label: string, count: number, work: () => Promise<void>, unit?: string) => Promise<number>): Promise<void> {
  const demoDir = join(dir, 'demo');
  const log = console.log;
  console.log = () => {};
  try {
    await runDemo(['--data-dir', demoDir]);
  } finally {
    console.log = log;
  }
  const demo = new SqliteEventStore({ file: join(demoDir, 'events.sqlite') });
  const demoEvents = (await demo.readAll()).filter((e) => e.stream !== 'seals');
  await demo.close();

  const events = new SqliteEventStore({ file: join(dir, 'read-side-events.sqlite'), synchronous: 'NORMAL' });
  for (let copy = 0; copy < copies; copy++) {
    // Each copy is another city's worth of projects: same story, other codes.
    const rename = (text: string) => text.replace(DEMO_CODE, (_m, year, dept, n) => `371083-${year}-${dept}-${String(copy).padStart(3, '0')}${n}`);
    for (const e of demoEvents) {
      const event: NewEvent = { type: e.type, data: JSON.parse(rename(JSON.stringify(e.data))), metadata: { ...e.metadata, eventId: randomUUID() } };
      await events.append(rename(e.stream), [event], 'any');
    }
  }
  const total = demoEvents.length * copies;
  const reads = new SqliteReadStore({ file: join(dir, 'read-side-models.sqlite'), synchronous: 'NORMAL' });
  console.log(`\nRead side: the demo log replayed ${copies} times (${total} events, ${copies * 5} projects)\n`);
  const rates: number[] = [];
  for (const projection of PROJECTIONS) {
    rates.push(await timed(`rebuild ${projection.name}`, total, async () => void (await rebuildProjection(events, reads, projection))));
  }
  const queries = 500;
  const perQuery = await timed('board query (fiscal year, status, page of 50)', queries, async () => {
    for (let i = 0; i < queries; i++) {
      await reads.find(READ_MODELS.board.collection, { filter: { fiscalYear: 2024, overallStatus: 'IN_PROGRESS' }, sort: [['deptCode', 1]], limit: 50 });
    }
  }, 'queries');
  const all = rates.length / rates.reduce((sum, rate) => sum + 1 / rate, 0);
  console.log(`\n  all ${PROJECTIONS.length} projections together: ${Math.round(all / PROJECTIONS.length)} events/s (each event applied ${PROJECTIONS.length} times)`);
  console.log(`  slowest / fastest projection: ${(Math.max(...rates) / Math.min(...rates)).toFixed(1)}×; board queries: ${perQuery.toFixed(0)} per second`);
  await reads.close();
  await events.close();
}
