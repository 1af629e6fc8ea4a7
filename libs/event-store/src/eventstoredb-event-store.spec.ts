import { randomUUID } from 'node:crypto';
import type { JSONRecordedEvent } from '@eventstore/db-client';
import { describeEventStoreContract } from './event-store.contract.js';
import type { StoredEvent } from './event-store.port.js';
import { checkEventIds, EventStoreDbEventStore, fromEsdbPosition, serverFilter, toStoredEvent } from './eventstoredb-event-store.js';
import { chainEvents } from './hash-chain.js';

const url = process.env.EVENTSTORE_URL;
if (url) {
  describeEventStoreContract('EventStoreDB', async () => new EventStoreDbEventStore(url));
} else {
  describe('EventStore contract: EventStoreDB', () => {
    console.log('EventStoreDB contract suite skipped: EVENTSTORE_URL is not set (e.g. EVENTSTORE_URL=esdb://localhost:2113?tls=false)');
  });
}

describe('EventStoreDB adapter mapping', () => {
  const asRegex = (filter: ReturnType<typeof serverFilter>) => new RegExp('regex' in filter ? filter.regex : '(?!)');

  it('filters a subscription by category on the server, exactly as categoryOf splits a stream name', () => {
    const filter = serverFilter({ categories: ['project', 'a.b'], eventTypes: ['ProjectDeclared'] });
    expect(filter.filterOn).toBe('streamName');
    const regex = asRegex(filter);
    expect(['project-37', 'project', 'a.b-1'].filter((s) => regex.test(s))).toEqual(['project-37', 'project', 'a.b-1']);
    expect(['projects-1', 'xproject-1', 'axb-1', '$ce-project'].filter((s) => regex.test(s))).toEqual([]);
  });

  it('filters by exact event type when no category is given, and otherwise only drops system events', () => {
    const byType = serverFilter({ eventTypes: ['TargetSet', 'A+B'] });
    expect(byType.filterOn).toBe('eventType');
    expect(['TargetSet', 'A+B'].every((t) => asRegex(byType).test(t))).toBe(true);
    expect(['TargetSetV2', 'ATargetSet', 'AAB', '$>'].some((t) => asRegex(byType).test(t))).toBe(false);

    const everything = serverFilter({});
    expect(everything.filterOn).toBe('eventType');
    expect(asRegex(everything).test('ProjectDeclared')).toBe(true);
    expect(asRegex(everything).test('$metadata')).toBe(false);
  });

  it('keeps commit and prepare positions apart and refuses the position a server sends when it has none', () => {
    expect(fromEsdbPosition({ commit: 9_007_199_254_740_993n, prepare: 9_007_199_254_741_100n })).toEqual({
      commit: 9_007_199_254_740_993n,
      prepare: 9_007_199_254_741_100n,
    });
    expect(fromEsdbPosition({ commit: 2n ** 64n - 1n, prepare: 2n ** 64n - 1n })).toBeUndefined();
    expect(fromEsdbPosition(undefined)).toBeUndefined();
  });

  it('turns a recorded event into a stored event, whether the metadata arrives parsed or as bytes', () => {
    const [chained] = chainEvents('project-37', undefined, [newEvent('ProjectDeclared')], '2024-09-10T02:00:00.000Z');
    const recorded = (metadata: JSONRecordedEvent['metadata'], position = { commit: 120n, prepare: 118n }): JSONRecordedEvent => ({
      streamId: 'project-37',
      id: chained.metadata.eventId,
      isJson: true,
      revision: 0n,
      type: 'ProjectDeclared',
      created: new Date('2024-09-10T02:00:00.000Z'),
      data: { proCode: '37' },
      metadata,
      position,
    });
    const expected: StoredEvent = {
      stream: 'project-37',
      revision: 0,
      position: { commit: 120n, prepare: 118n },
      type: 'ProjectDeclared',
      data: { proCode: '37' },
      metadata: chained.metadata,
    };
    expect(toStoredEvent(recorded({ ...chained.metadata }))).toEqual(expected);
    expect(toStoredEvent(recorded(new TextEncoder().encode(JSON.stringify(chained.metadata))))).toEqual(expected);
    expect(() => toStoredEvent(recorded({ ...chained.metadata }, { commit: 2n ** 64n - 1n, prepare: 2n ** 64n - 1n }))).toThrow(/22\.6/);
  });

  it('tells a repeated append from an event id stored earlier and from a new append', () => {
    const chained = chainEvents('task-1', undefined, ['A', 'B', 'C'].map(newEvent), '2024-09-10T02:00:00.000Z');
    const stored = chained.map((e, i): StoredEvent => ({ stream: 'task-1', ...e, position: { commit: BigInt(i), prepare: BigInt(i) } }));
    const newestFirst = [...stored].reverse();
    const [a, b, c] = stored.map((e) => e.metadata.eventId);

    const repeat = checkEventIds(newestFirst, [b, c]);
    expect(repeat.kind).toBe('repeat');
    expect(repeat.kind === 'repeat' && repeat.events.map((e) => e.type)).toEqual(['B', 'C']);
    expect(checkEventIds(newestFirst, [a])).toEqual({ kind: 'clash', eventId: a });
    expect(checkEventIds(newestFirst, [c, b])).toEqual({ kind: 'clash', eventId: c });
    const fresh = randomUUID();
    expect(checkEventIds(newestFirst, [fresh, randomUUID()])).toEqual({ kind: 'new' });
    expect(checkEventIds(newestFirst, [fresh, fresh])).toEqual({ kind: 'clash', eventId: fresh });
    expect(checkEventIds([], [fresh])).toEqual({ kind: 'new' });
  });
});

function newEvent(type: string) {
  return {
    type,
    data: { proCode: '37' },
    metadata: {
      eventId: randomUUID(),
      schemaVersion: 1,
      occurredAt: '2024-09-10T01:00:00.000Z',
      actor: { userId: 'u-1', role: 'SYSTEM' as const, orgCode: 'SYS', orgName: 'system' },
      correlationId: 'corr-1',
      causationId: 'cmd-1',
      legalBasis: [],
      evidence: [],
    },
  };
}
