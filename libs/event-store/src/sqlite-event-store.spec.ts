import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describeEventStoreContract } from './event-store.contract.js';
import { SqliteEventStore } from './sqlite-event-store.js';

const dirs: string[] = [];
const freshFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'budgetloop-es-'));
  dirs.push(dir);
  return join(dir, 'events.sqlite');
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describeEventStoreContract('embedded SQLite', async () => new SqliteEventStore({ file: freshFile(), pollIntervalMs: 20 }));

describe('SqliteEventStore specifics', () => {
  it('keeps acknowledged events across a reopen, with WAL and synchronous=FULL', async () => {
    const file = freshFile();
    const store = new SqliteEventStore({ file });
    const ack = await store.append('project-x', [newEvent('A')], 'no_stream');
    await store.close();
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
    const reopened = new SqliteEventStore({ file });
    const read = await reopened.readStream('project-x');
    expect(read.map((e) => e.metadata.hash)).toEqual([ack.events[0].metadata.hash]);
    await reopened.close();
  });

  it('stamps recordedAt from the injected clock', async () => {
    const store = new SqliteEventStore({ file: freshFile(), clock: () => new Date('2024-09-10T02:00:00.000Z') });
    const { events } = await store.append('funding-x-2024', [newEvent('A')], 'no_stream');
    expect(events[0].metadata.recordedAt).toBe('2024-09-10T02:00:00.000Z');
    await store.close();
  });

  it('sees appends made by another connection to the same file (another process)', async () => {
    const file = freshFile();
    const reader = new SqliteEventStore({ file, pollIntervalMs: 20 });
    const writer = new SqliteEventStore({ file });
    const subscription = reader.subscribe({ categories: ['task'] });
    const iterator = subscription[Symbol.asyncIterator]();
    const next = iterator.next();
    await writer.append('task-1', [newEvent('MonitoringTaskIssued')], 'no_stream');
    expect((await next).value?.type).toBe('MonitoringTaskIssued');
    await subscription.close();
    await writer.close();
    await reader.close();
  });
});

function newEvent(type: string) {
  return {
    type,
    data: {},
    metadata: {
      eventId: crypto.randomUUID(),
      schemaVersion: 1,
      occurredAt: '2024-01-01T00:00:00.000Z',
      actor: { userId: 'u', role: 'SYSTEM' as const, orgCode: 'SYS', orgName: 'system' },
      correlationId: 'c',
      causationId: 'c',
      legalBasis: [],
      evidence: [],
    },
  };
}
