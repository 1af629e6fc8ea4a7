import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyChains } from '../../../libs/event-store/src/chain-verification.js';
import type { EventStore, NewEvent, Position } from '../../../libs/event-store/src/event-store.port.js';
import { SqliteEventStore } from '../../../libs/event-store/src/sqlite-event-store.js';
import { SYSTEM_ACTOR } from './system-actor.js';
import { benchReadSide } from './bench-read-side.js';
import { parseOptions } from './options.js';

// Throughput of the embedded event store, measured (never asserted): `npm run bench`.

const STREAM_LENGTH = 100;

function snapshotEvent(i: number): NewEvent {
  return {
    type: 'MonitoringSnapshotRecorded',
    data: {
      proCode: '371083-2024-D103-002',
      asOfDate: '2024-07-31',
      budget: { adjustedFen: 1_200_000_000, executedToDateFen: 456_000_000 + i },
      indicators: [{ kpiId: 'P3-OUT-01', actualToDate: '3100', estimatedAnnual: '8000', completionLikelihood: 'LIKELY' }],
    },
    metadata: {
      eventId: randomUUID(),
      schemaVersion: 1,
      occurredAt: '2024-07-31T00:00:00+08:00',
      actor: SYSTEM_ACTOR,
      correlationId: 'bench',
      causationId: 'bench',
      legalBasis: [{ docNo: '乳发〔2020〕3号', clause: '三(三)1' }],
      evidence: [],
    },
  };
}

async function timed(label: string, events: number, work: () => Promise<void>, unit = 'events'): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rate = events / seconds;
  console.log(`${label.padEnd(56)} ${String(events).padStart(7)} ${unit.padEnd(7)} ${seconds.toFixed(2).padStart(7)} s ${Math.round(rate).toString().padStart(9)} ${unit}/s`);
  return rate;
}

async function appendSingles(store: EventStore, count: number, prefix: string): Promise<void> {
  for (let i = 0; i < count; i++) {
    const revision = i % STREAM_LENGTH;
    await store.append(`${prefix}-${Math.floor(i / STREAM_LENGTH)}`, [snapshotEvent(i)], revision === 0 ? 'no_stream' : revision - 1);
  }
}

async function appendBatches(store: EventStore, count: number, prefix: string): Promise<void> {
  for (let i = 0; i < count; i += 10) {
    const revision = i % STREAM_LENGTH;
    const batch = Array.from({ length: 10 }, (_, j) => snapshotEvent(i + j));
    await store.append(`${prefix}-${Math.floor(i / STREAM_LENGTH)}`, batch, revision === 0 ? 'no_stream' : revision - 1);
  }
}

export async function runBench(args: string[]): Promise<number> {
  const values = parseOptions(args, { events: { type: 'string' }, copies: { type: 'string' } });
  const count = Math.max(STREAM_LENGTH, Math.round(Number(values.events ?? 20_000) / STREAM_LENGTH) * STREAM_LENGTH);
  const dir = mkdtempSync(join(tmpdir(), 'budgetloop-bench-'));
  const rssBefore = process.memoryUsage().rss;
  console.log(`Embedded SQLite event store, ${count} events per run, streams of ${STREAM_LENGTH}, scratch dir ${dir}\n`);
  try {
    const full = new SqliteEventStore({ file: join(dir, 'full.sqlite'), synchronous: 'FULL' });
    const singleFull = await timed('append 1 event, expected revision (synchronous=FULL)', count, () => appendSingles(full, count, 'single'));
    const batchFull = await timed('append 10 events, expected revision (synchronous=FULL)', count, () => appendBatches(full, count, 'batch'));

    const normal = new SqliteEventStore({ file: join(dir, 'normal.sqlite'), synchronous: 'NORMAL' });
    const singleNormal = await timed('append 1 event, expected revision (synchronous=NORMAL)', count, () => appendSingles(normal, count, 'single'));
    await normal.close();

    const streams = (2 * count) / STREAM_LENGTH;
    const streamRead = await timed(`read whole streams of ${STREAM_LENGTH} (${streams} streams)`, 2 * count, async () => {
      for (let s = 0; s < streams / 2; s++) {
        await full.readStream(`single-${s}`);
        await full.readStream(`batch-${s}`);
      }
    });
    const logRead = await timed('read the whole log in pages of 1000', 2 * count, async () => {
      let after: Position | undefined;
      for (;;) {
        const page = await full.readAll({ after, maxCount: 1000 });
        if (page.length === 0) break;
        after = page[page.length - 1].position;
      }
    });
    const verify = await timed('verify every hash chain (budgetloop verify)', 2 * count, async () => {
      const result = await verifyChains(full);
      if (!result.ok) throw new Error('bench data failed verification');
    });
    await full.close();

    console.log('\nRatios');
    console.log(`  10-event appends / single appends (FULL):      ${(batchFull / singleFull).toFixed(1)}×`);
    console.log(`  synchronous=NORMAL / FULL (single appends):    ${(singleNormal / singleFull).toFixed(1)}×  (FULL is the default: no acknowledged event is lost on power failure)`);
    console.log(`  stream reads / single appends (FULL):          ${(streamRead / singleFull).toFixed(1)}×`);
    console.log(`  full-log reads / stream reads:                 ${(logRead / streamRead).toFixed(1)}×`);
    console.log(`  chain verification / full-log reads:           ${(verify / logRead).toFixed(2)}×`);
    await benchReadSide(dir, Math.max(1, Number(values.copies ?? 20)), timed);
    console.log(`\nResident memory grew by ${((process.memoryUsage().rss - rssBefore) / 1024 / 1024).toFixed(1)} MiB during the run`);
    return 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
