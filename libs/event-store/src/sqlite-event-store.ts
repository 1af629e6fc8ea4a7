import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { chainEvents, expectationHolds } from './hash-chain.js';
import {
  type AppendResult,
  type EventStore,
  type EventSubscription,
  type ExpectedRevision,
  type NewEvent,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type SubscribeOptions,
  categoryOf,
  DuplicateEventIdError,
  WrongExpectedRevisionError,
} from './event-store.port.js';

export interface SqliteEventStoreOptions {
  file: string;
  /** FULL (default): an acknowledged append survives a power cut. NORMAL: faster, may lose the last appends. */
  synchronous?: 'FULL' | 'NORMAL';
  clock?: () => Date;
  /** How often a live subscription looks for appends made by other processes. */
  pollIntervalMs?: number;
}

interface EventRow {
  position: number;
  stream: string;
  revision: number;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position  INTEGER PRIMARY KEY AUTOINCREMENT,
  stream    TEXT    NOT NULL,
  category  TEXT    NOT NULL,
  revision  INTEGER NOT NULL,
  event_id  TEXT    NOT NULL UNIQUE,
  type      TEXT    NOT NULL,
  data      TEXT    NOT NULL,
  metadata  TEXT    NOT NULL,
  hash      TEXT    NOT NULL,
  UNIQUE (stream, revision)
);
CREATE INDEX IF NOT EXISTS events_by_category ON events (category, position);
CREATE INDEX IF NOT EXISTS events_by_type ON events (type, position);
`;

const PAGE = 500;

export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly clock: () => Date;
  private readonly pollIntervalMs: number;
  private readonly appended = new EventEmitter();
  private readonly statements;
  private closed = false;

  constructor(options: SqliteEventStoreOptions) {
    mkdirSync(dirname(options.file), { recursive: true });
    this.db = new Database(options.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.clock = options.clock ?? (() => new Date());
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.appended.setMaxListeners(0);
    this.statements = {
      head: this.db.prepare<[string], { revision: number; hash: string }>(
        'SELECT revision, hash FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1',
      ),
      byEventId: this.db.prepare<[string], { stream: string; revision: number }>('SELECT stream, revision FROM events WHERE event_id = ?'),
      insert: this.db.prepare(
        'INSERT INTO events (stream, category, revision, event_id, type, data, metadata, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      range: this.db.prepare<[string, number, number], EventRow>(
        'SELECT * FROM events WHERE stream = ? AND revision BETWEEN ? AND ? ORDER BY revision',
      ),
      lastPosition: this.db.prepare<[], { position: number | null }>('SELECT MAX(position) AS position FROM events'),
    };
  }

  append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) return Promise.reject(new Error('an append needs at least one event'));
    try {
      const result = this.db.transaction(() => this.appendInTransaction(stream, events, expected)).immediate();
      if (!result.duplicate) this.appended.emit('appended');
      return Promise.resolve(result);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private appendInTransaction(stream: string, events: NewEvent[], expected: ExpectedRevision): AppendResult {
    const head = this.statements.head.get(stream);
    const current = head ? head.revision : -1;
    const repeated = this.repeatedAppend(stream, events, current);
    if (repeated) return repeated;
    if (!expectationHolds(expected, current)) {
      throw new WrongExpectedRevisionError(stream, expected, head ? current : 'no_stream');
    }
    const chained = chainEvents(stream, head, events, this.clock().toISOString());
    const stored = chained.map((event) => {
      const info = this.statements.insert.run(
        stream,
        categoryOf(stream),
        event.revision,
        event.metadata.eventId,
        event.type,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
        event.metadata.hash,
      );
      const position = BigInt(info.lastInsertRowid);
      return { stream, ...event, position: { commit: position, prepare: position } } satisfies StoredEvent;
    });
    const last = stored[stored.length - 1];
    return { revision: last.revision, position: last.position, events: stored, duplicate: false };
  }

  /**
   * A retried append (same event ids as the stream's latest events) is answered with what the first one
   * wrote; an event id stored anywhere else is refused.
   */
  private repeatedAppend(stream: string, events: NewEvent[], current: number): AppendResult | undefined {
    const first = this.statements.byEventId.get(events[0].metadata.eventId);
    if (!first) {
      for (const event of events.slice(1)) {
        if (this.statements.byEventId.get(event.metadata.eventId)) throw new DuplicateEventIdError(event.metadata.eventId);
      }
      return undefined;
    }
    const last = first.revision + events.length - 1;
    if (first.stream !== stream || last !== current) throw new DuplicateEventIdError(events[0].metadata.eventId);
    const stored = this.statements.range.all(stream, first.revision, last).map(toStoredEvent);
    if (stored.some((event, i) => event.metadata.eventId !== events[i].metadata.eventId)) {
      throw new DuplicateEventIdError(events[0].metadata.eventId);
    }
    const tail = stored[stored.length - 1];
    return { revision: tail.revision, position: tail.position, events: stored, duplicate: true };
  }

  readStream(stream: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const backwards = options.direction === 'backwards';
    const limit = options.maxCount ?? -1;
    const rows = backwards
      ? this.db
          .prepare<[string, number, number], EventRow>('SELECT * FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?')
          .all(stream, options.fromRevision ?? Number.MAX_SAFE_INTEGER, limit)
      : this.db
          .prepare<[string, number, number], EventRow>('SELECT * FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?')
          .all(stream, options.fromRevision ?? 0, limit);
    return Promise.resolve(rows.map(toStoredEvent));
  }

  readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const clauses = ['position > ?'];
    const params: (string | number)[] = [options.after ? Number(options.after.commit) : 0];
    if (options.categories?.length) {
      clauses.push(`category IN (${options.categories.map(() => '?').join(',')})`);
      params.push(...options.categories);
    }
    if (options.eventTypes?.length) {
      clauses.push(`type IN (${options.eventTypes.map(() => '?').join(',')})`);
      params.push(...options.eventTypes);
    }
    params.push(options.maxCount ?? -1);
    const rows = this.db
      .prepare<(string | number)[], EventRow>(`SELECT * FROM events WHERE ${clauses.join(' AND ')} ORDER BY position LIMIT ?`)
      .all(...params);
    return Promise.resolve(rows.map(toStoredEvent));
  }

  subscribe(options: SubscribeOptions = {}): EventSubscription {
    let after = options.after;
    let open = true;
    let wake: (() => void) | undefined;
    const onAppend = () => wake?.();
    this.appended.on('appended', onAppend);
    const store = this;
    async function* events(): AsyncGenerator<StoredEvent> {
      try {
        while (open && !store.closed) {
          const page = await store.readAll({ ...options, after, maxCount: PAGE });
          for (const event of page) {
            if (!open) return;
            after = event.position;
            yield event;
          }
          if (page.length < PAGE && open) {
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, store.pollIntervalMs);
              wake = () => {
                clearTimeout(timer);
                resolve();
              };
            });
            wake = undefined;
          }
        }
      } finally {
        store.appended.off('appended', onAppend);
      }
    }
    const iterator = events();
    return {
      [Symbol.asyncIterator]: () => iterator,
      close: async () => {
        open = false;
        wake?.();
        await iterator.return(undefined);
      },
    };
  }

  headPosition(): Promise<Position | undefined> {
    const { position } = this.statements.lastPosition.get() ?? { position: null };
    return Promise.resolve(position === null ? undefined : { commit: BigInt(position), prepare: BigInt(position) });
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.appended.emit('appended');
      this.db.close();
    }
    return Promise.resolve();
  }
}

function toStoredEvent(row: EventRow): StoredEvent {
  const position = BigInt(row.position);
  return {
    stream: row.stream,
    revision: row.revision,
    position: { commit: position, prepare: position },
    type: row.type,
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
  };
}
