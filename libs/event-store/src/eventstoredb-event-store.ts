import {
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type Direction,
  type Filter,
  type Position as EsdbPosition,
  type ReadPosition,
  type RecordedEvent,
  BACKWARDS,
  END,
  EventStoreDBClient,
  eventTypeFilter,
  excludeSystemEvents,
  FORWARDS,
  jsonEvent,
  NO_STREAM,
  START,
  StreamNotFoundError,
  streamNameFilter,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { chainEvents, expectationHolds } from './hash-chain.js';
import {
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type EventSubscription,
  type ExpectedRevision,
  type LogFilter,
  type NewEvent,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type SubscribeOptions,
  comparePositions,
  DuplicateEventIdError,
  matchesFilter,
  WrongExpectedRevisionError,
} from './event-store.port.js';

export interface EventStoreDbEventStoreOptions {
  clock?: () => Date;
}

const PAGE = 500;

/**
 * ESDB does not enforce event-id uniqueness across the log (it only recognises a retried write at the revision
 * it was first written to), so ids are checked against the stream's recent events. A retried command arrives
 * soon after the first attempt, which is why a window of the newest events is where its ids can be found.
 */
const RECENT_EVENTS = 32;

/** 'any' and 'stream_exists' admit a moved head: re-chain onto it, a bounded number of times. */
const MAX_ATTEMPTS = 5;

/** What a server sends as the $all position of an event it cannot place (uint64 -1). */
const UNKNOWN_POSITION = 2n ** 64n - 1n;

export class EventStoreDbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly clock: () => Date;

  constructor(connectionString: string, options: EventStoreDbEventStoreOptions = {}) {
    this.client = EventStoreDBClient.connectionString(connectionString);
    this.clock = options.clock ?? (() => new Date());
  }

  async append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) throw new Error('an append needs at least one event');
    const ids = events.map((event) => event.metadata.eventId);
    for (let attempt = 1; ; attempt += 1) {
      const recent = await this.readStream(stream, { direction: 'backwards', maxCount: Math.max(events.length, RECENT_EVENTS) });
      const check = checkEventIds(recent, ids);
      if (check.kind === 'repeat') return resultOf(check.events, true);
      if (check.kind === 'clash') throw new DuplicateEventIdError(check.eventId);
      const head = recent[0];
      if (!expectationHolds(expected, head ? head.revision : -1)) {
        throw new WrongExpectedRevisionError(stream, expected, head ? head.revision : 'no_stream');
      }
      const chained = chainEvents(stream, head && { revision: head.revision, hash: head.metadata.hash }, events, this.clock().toISOString());
      let actual: number | 'no_stream' = head ? head.revision : 'no_stream';
      try {
        // The exact head just read, never the caller's looser expectation: a chain computed on one head must
        // not land on another.
        const outcome = await this.client.appendToStream(
          stream,
          chained.map((event) => jsonEvent({ id: event.metadata.eventId, type: event.type, data: event.data, metadata: { ...event.metadata } })),
          { expectedRevision: head ? BigInt(head.revision) : NO_STREAM },
        );
        if (outcome.success) return resultOf(await this.readBack(stream, chained), false);
        // Only with throwOnAppendFailure=false in the connection string does a conflict resolve instead of
        // throwing; its nextExpectedRevision is unreliable (batch append), so the next read tells the actual one.
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        actual = error.actualVersion === NO_STREAM ? 'no_stream' : Number(error.actualVersion);
        if (typeof expected === 'number' || expected === 'no_stream') throw new WrongExpectedRevisionError(stream, expected, actual);
      }
      if (attempt >= MAX_ATTEMPTS) throw new WrongExpectedRevisionError(stream, expected, actual);
    }
  }

  /**
   * The append answer carries a single position, while every event has its own (events of one append share the
   * commit position, not the prepare position), so the stored events are read back.
   */
  private async readBack(stream: string, chained: { revision: number; metadata: EventMetadata }[]): Promise<StoredEvent[]> {
    const stored = await this.readStream(stream, { fromRevision: chained[0].revision, maxCount: chained.length });
    if (stored.length !== chained.length || stored.some((event, i) => event.metadata.eventId !== chained[i].metadata.eventId)) {
      throw new Error(`stream ${stream}: the appended events could not be read back at revisions ${chained[0].revision}..`);
    }
    return stored;
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const backwards = options.direction === 'backwards';
    const read = this.client.readStream(stream, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: options.fromRevision === undefined ? (backwards ? END : START) : BigInt(options.fromRevision),
      maxCount: options.maxCount,
    });
    const events: StoredEvent[] = [];
    try {
      for await (const resolved of read) {
        // A link whose target was deleted resolves to nothing.
        if (resolved.event) events.push(toStoredEvent(resolved.event));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  /**
   * Client 6.2.1 sends every $all read unfiltered (ReadAllOptions has no filter; only subscriptions take one),
   * so the filter is applied here, page by page.
   */
  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const limit = options.maxCount ?? Number.POSITIVE_INFINITY;
    const events: StoredEvent[] = [];
    let after = options.after;
    while (events.length < limit) {
      const page = await this.readAllPage(after ?? START, FORWARDS);
      let last: EsdbPosition | undefined;
      for (const { event } of page) {
        if (!event) continue;
        last = event.position;
        // A read of $all starts at its position inclusively; ours starts after it.
        if (after && comparePositions(event.position, after) <= 0) continue;
        if (wanted(event, options)) events.push(toStoredEvent(event));
        if (events.length >= limit) break;
      }
      if (page.length < PAGE || !last) break;
      after = last;
    }
    return events;
  }

  subscribe(options: SubscribeOptions = {}): EventSubscription {
    const client = this.client;
    const after = options.after;
    let subscription: AllStreamSubscription | undefined;
    let closed = false;
    async function* events(): AsyncGenerator<StoredEvent> {
      // Created on first pull, so the iterator listens before the subscription can report an error.
      const live = client.subscribeToAll({ fromPosition: after ?? START, filter: serverFilter(options) });
      subscription = live;
      // Errors reach the consumer through the iterator; one emitted after it stopped listening must not crash the process.
      live.on('error', () => undefined);
      try {
        for await (const { event } of live) {
          // Checkpoints and caught-up notices arrive as stream events, never as items; the position check guards
          // the documented exclusive start.
          if (!event || (after && comparePositions(event.position, after) <= 0) || !wanted(event, options)) continue;
          yield toStoredEvent(event);
        }
      } catch (error) {
        if (!closed) throw error;
      } finally {
        // A subscription that never connected has already reported why through the iterator.
        await live.unsubscribe().catch(() => undefined);
      }
    }
    const iterator = events();
    return {
      [Symbol.asyncIterator]: () => iterator,
      close: async () => {
        closed = true;
        // Ends a pull that is waiting for a live event; cancelling the gRPC call alone need not end the stream.
        subscription?.destroy();
        await iterator.return(undefined);
      },
    };
  }

  async headPosition(): Promise<Position | undefined> {
    let before: EsdbPosition | undefined;
    for (;;) {
      const page = await this.readAllPage(before ?? END, BACKWARDS);
      for (const { event } of page) {
        if (!event || (before && comparePositions(event.position, before) >= 0)) continue;
        if (!isSystemType(event.type)) return fromEsdbPosition(event.position);
        before = event.position;
      }
      if (page.length < PAGE || !before) return undefined;
    }
  }

  close(): Promise<void> {
    return this.client.dispose();
  }

  private async readAllPage(fromPosition: ReadPosition, direction: Direction): Promise<AllStreamResolvedEvent[]> {
    const page: AllStreamResolvedEvent[] = [];
    for await (const resolved of this.client.readAll({ fromPosition, direction, maxCount: PAGE })) page.push(resolved);
    return page;
  }
}

function resultOf(events: StoredEvent[], duplicate: boolean): AppendResult {
  const last = events[events.length - 1];
  return { revision: last.revision, position: last.position, events, duplicate };
}

function isSystemType(type: string): boolean {
  return type.startsWith('$');
}

function wanted(event: { streamId: string; type: string }, filter: LogFilter): boolean {
  return !isSystemType(event.type) && matchesFilter({ stream: event.streamId, type: event.type }, filter);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The server-side filter of a subscription: categories when given (the part of the stream name before the first
 * '-', or the whole name), else event types, else everything but system events. Whatever it leaves out is
 * filtered client-side with matchesFilter.
 */
export function serverFilter(filter: LogFilter): Filter {
  if (filter.categories?.length) {
    return streamNameFilter({ regex: `^(?:${filter.categories.map(escapeRegex).join('|')})(?:-|$)` });
  }
  if (filter.eventTypes?.length) {
    return eventTypeFilter({ regex: `^(?:${filter.eventTypes.map(escapeRegex).join('|')})$` });
  }
  return excludeSystemEvents();
}

export function fromEsdbPosition(position: EsdbPosition | undefined): Position | undefined {
  if (!position || position.commit === UNKNOWN_POSITION || position.prepare === UNKNOWN_POSITION) return undefined;
  return { commit: position.commit, prepare: position.prepare };
}

function jsonObject(value: unknown, what: string): Record<string, unknown> {
  // The client parses JSON data and metadata itself and hands back the raw text or bytes when that fails.
  const parsed: unknown =
    value instanceof Uint8Array ? JSON.parse(Buffer.from(value).toString('utf8')) : typeof value === 'string' ? JSON.parse(value) : value;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${what} is not a JSON object`);
  return parsed as Record<string, unknown>;
}

export function toStoredEvent(recorded: RecordedEvent): StoredEvent {
  const what = `event ${recorded.id} of ${recorded.streamId}`;
  const position = fromEsdbPosition(recorded.position);
  // Stream reads carry the $all position from EventStoreDB 22.6 on.
  if (!position) throw new Error(`${what} came without a log position (EventStoreDB 22.6 or later is required)`);
  return {
    stream: recorded.streamId,
    revision: Number(recorded.revision),
    position,
    type: recorded.type,
    data: jsonObject(recorded.data, `data of ${what}`),
    metadata: jsonObject(recorded.metadata, `metadata of ${what}`) as unknown as EventMetadata,
  };
}

export type EventIdCheck = { kind: 'new' } | { kind: 'repeat'; events: StoredEvent[] } | { kind: 'clash'; eventId: string };

/**
 * Classifies an append's event ids against the stream's newest events (newest first): a repeat of the latest
 * append (same ids, same order, at the head), an id already stored, or new.
 */
export function checkEventIds(recentNewestFirst: StoredEvent[], ids: string[]): EventIdCheck {
  const repeatedInBatch = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeatedInBatch) return { kind: 'clash', eventId: repeatedInBatch };
  const tail = recentNewestFirst.slice(0, ids.length).reverse();
  if (tail.length === ids.length && tail.every((event, i) => event.metadata.eventId === ids[i])) return { kind: 'repeat', events: tail };
  const stored = new Set(recentNewestFirst.map((event) => event.metadata.eventId));
  const clash = ids.find((id) => stored.has(id));
  return clash ? { kind: 'clash', eventId: clash } : { kind: 'new' };
}
