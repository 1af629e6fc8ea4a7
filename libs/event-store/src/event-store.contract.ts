import { randomUUID } from 'node:crypto';
import { GENESIS_HASH, StreamChainChecker } from './hash-chain.js';
import {
  type EventStore,
  type NewEvent,
  type StoredEvent,
  comparePositions,
  DuplicateEventIdError,
  WrongExpectedRevisionError,
} from './event-store.port.js';

/**
 * The behaviour every EventStore adapter must show. Each test works in streams of a category of its own,
 * so the suite can run against a shared server that already holds other data.
 */
export function describeEventStoreContract(adapter: string, open: () => Promise<EventStore>): void {
  describe(`EventStore contract: ${adapter}`, () => {
    let store: EventStore;

    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store?.close();
    });

    const category = () => `c${randomUUID().replace(/-/g, '')}`;
    const event = (type: string, data: Record<string, unknown> = {}, eventId: string = randomUUID()): NewEvent => ({
      type,
      data,
      metadata: {
        eventId,
        schemaVersion: 1,
        occurredAt: '2024-07-31T00:00:00.000Z',
        actor: { userId: 'u-1', role: 'FINANCE_AUTHORITY', orgCode: 'FIN-RS', orgName: '乳山市财政局' },
        correlationId: 'corr-1',
        causationId: 'cmd-1',
        legalBasis: [{ docNo: '乳发〔2020〕3号', clause: '三(一)' }],
        evidence: [],
      },
    });
    const types = (events: StoredEvent[]) => events.map((e) => e.type);

    it('appends to a new stream and reads it back with revisions, positions and metadata', async () => {
      const stream = `${category()}-p1`;
      const result = await store.append(stream, [event('A', { amountFen: 2_500_000_000 }), event('B', { text: '高标准农田' })], 'no_stream');
      expect(result.revision).toBe(1);
      expect(result.duplicate).toBe(false);
      const read = await store.readStream(stream);
      expect(types(read)).toEqual(['A', 'B']);
      expect(read.map((e) => e.revision)).toEqual([0, 1]);
      expect(read[0].data).toEqual({ amountFen: 2_500_000_000 });
      expect(read[1].data).toEqual({ text: '高标准农田' });
      expect(read[0].metadata.actor.orgName).toBe('乳山市财政局');
      expect(read[0].metadata.legalBasis).toEqual([{ docNo: '乳发〔2020〕3号', clause: '三(一)' }]);
      expect(comparePositions(read[0].position, read[1].position)).toBeLessThan(0);
      expect(comparePositions(result.position, read[1].position)).toBe(0);
    });

    it('chains every event to the previous one by hash', async () => {
      const stream = `${category()}-chain`;
      await store.append(stream, [event('A'), event('B')], 'no_stream');
      await store.append(stream, [event('C')], 1);
      const read = await store.readStream(stream);
      expect(read[0].metadata.prevHash).toBe(GENESIS_HASH);
      expect(read[1].metadata.prevHash).toBe(read[0].metadata.hash);
      expect(read[2].metadata.prevHash).toBe(read[1].metadata.hash);
      const checker = new StreamChainChecker(stream);
      expect(read.map((e) => checker.check(e)).filter(Boolean)).toEqual([]);
      expect(read[0].metadata.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    });

    it('refuses a stale expected revision and writes none of the append', async () => {
      const stream = `${category()}-stale`;
      await store.append(stream, [event('A'), event('B')], 'no_stream');
      await expect(store.append(stream, [event('C'), event('D'), event('E')], 0)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(store.append(stream, [event('C')], 'no_stream')).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect(types(await store.readStream(stream))).toEqual(['A', 'B']);
    });

    it('tells the actual revision in a conflict', async () => {
      const stream = `${category()}-actual`;
      await store.append(stream, [event('A'), event('B')], 'no_stream');
      const error = await store.append(stream, [event('C')], 5).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect((error as WrongExpectedRevisionError).actual).toBe(1);
      expect((error as WrongExpectedRevisionError).stream).toBe(stream);
    });

    it('honours stream_exists and any', async () => {
      const stream = `${category()}-exists`;
      await expect(store.append(stream, [event('A')], 'stream_exists')).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect(await store.readStream(stream)).toEqual([]);
      await store.append(stream, [event('A')], 'any');
      await store.append(stream, [event('B')], 'stream_exists');
      const result = await store.append(stream, [event('C')], 'any');
      expect(result.revision).toBe(2);
      const read = await store.readStream(stream);
      expect(read[2].metadata.prevHash).toBe(read[1].metadata.hash);
    });

    it('lets exactly one of two racing appends with the same expected revision win', async () => {
      const stream = `${category()}-race`;
      await store.append(stream, [event('A')], 'no_stream');
      const outcomes = await Promise.allSettled([store.append(stream, [event('B1')], 0), store.append(stream, [event('B2')], 0)]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const rejected = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
      expect(rejected.reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect(await store.readStream(stream)).toHaveLength(2);
    });

    it('answers a repeated append (same event ids) with the first result and writes nothing', async () => {
      const stream = `${category()}-idem`;
      const batch = [event('A'), event('B')];
      const first = await store.append(stream, batch, 'no_stream');
      const again = await store.append(stream, batch, 'no_stream');
      expect(again.duplicate).toBe(true);
      expect(again.revision).toBe(first.revision);
      expect(comparePositions(again.position, first.position)).toBe(0);
      expect(await store.readStream(stream)).toHaveLength(2);
    });

    it('refuses an event id that is stored earlier in the log', async () => {
      const stream = `${category()}-dup`;
      const a = event('A');
      await store.append(stream, [a, event('B')], 'no_stream');
      await expect(store.append(stream, [event('C', {}, a.metadata.eventId)], 1)).rejects.toBeInstanceOf(DuplicateEventIdError);
      expect(await store.readStream(stream)).toHaveLength(2);
    });

    it('reads a stream forwards and backwards from a revision, with a count', async () => {
      const stream = `${category()}-read`;
      await store.append(stream, ['A', 'B', 'C', 'D', 'E'].map((t) => event(t)), 'no_stream');
      expect(types(await store.readStream(stream, { fromRevision: 2 }))).toEqual(['C', 'D', 'E']);
      expect(types(await store.readStream(stream, { fromRevision: 1, maxCount: 2 }))).toEqual(['B', 'C']);
      expect(types(await store.readStream(stream, { direction: 'backwards' }))).toEqual(['E', 'D', 'C', 'B', 'A']);
      expect(types(await store.readStream(stream, { direction: 'backwards', fromRevision: 3, maxCount: 2 }))).toEqual(['D', 'C']);
      expect(await store.readStream(`${category()}-missing`)).toEqual([]);
    });

    it('reads the whole log after a position, filtered by category and by event type', async () => {
      const mine = category();
      const other = category();
      const before = await store.headPosition();
      await store.append(`${mine}-1`, [event('Declared'), event('Reviewed')], 'no_stream');
      await store.append(`${other}-1`, [event('Declared')], 'no_stream');
      await store.append(`${mine}-2`, [event('Declared')], 'no_stream');

      const byCategory = await store.readAll({ after: before, categories: [mine] });
      expect(byCategory.map((e) => `${e.stream}:${e.type}`)).toEqual([`${mine}-1:Declared`, `${mine}-1:Reviewed`, `${mine}-2:Declared`]);
      const ordered = byCategory.map((e) => e.position);
      expect([...ordered].sort(comparePositions)).toEqual(ordered);

      const byType = await store.readAll({ after: before, categories: [mine, other], eventTypes: ['Declared'] });
      expect(byType.map((e) => e.stream)).toEqual([`${mine}-1`, `${other}-1`, `${mine}-2`]);

      const afterFirst = await store.readAll({ after: byCategory[0].position, categories: [mine], maxCount: 1 });
      expect(types(afterFirst)).toEqual(['Reviewed']);
    });

    it('subscribes: catches up from a position, then delivers live appends, filtered', async () => {
      const mine = category();
      const before = await store.headPosition();
      await store.append(`${mine}-1`, [event('Old')], 'no_stream');
      await store.append(`${category()}-x`, [event('Old')], 'no_stream');
      const subscription = store.subscribe({ after: before, categories: [mine] });
      const received: StoredEvent[] = [];
      const done = (async () => {
        for await (const e of subscription) {
          received.push(e);
          if (received.length === 3) break;
        }
      })();
      await store.append(`${mine}-2`, [event('New1')], 'no_stream');
      await store.append(`${mine}-1`, [event('New2')], 0);
      await withTimeout(done, 10_000);
      await subscription.close();
      expect(received.map((e) => `${e.stream}:${e.type}`)).toEqual([`${mine}-1:Old`, `${mine}-2:New1`, `${mine}-1:New2`]);
    });

    it('subscribes from a position exclusively and stops when closed', async () => {
      const mine = category();
      await store.append(`${mine}-1`, [event('A'), event('B')], 'no_stream');
      const [a] = await store.readStream(`${mine}-1`);
      const subscription = store.subscribe({ after: a.position, categories: [mine] });
      const iterator = subscription[Symbol.asyncIterator]();
      const first = await withTimeout(iterator.next(), 10_000);
      expect(first.value?.type).toBe('B');
      await subscription.close();
      const after = await withTimeout(iterator.next(), 10_000);
      expect(after.done).toBe(true);
    });
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no result within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
