// The write side's only source of truth: an append-only log of hash-chained events.
// Two adapters implement this port (embedded SQLite, EventStoreDB); both pass event-store.contract.ts.

export type Role =
  | 'FINANCE_AUTHORITY'
  | 'BUDGET_DEPARTMENT'
  | 'BUDGET_UNIT'
  | 'THIRD_PARTY'
  | 'AUDIT_BUREAU'
  | 'INTEGRATION'
  | 'SYSTEM';

export interface Actor {
  userId: string;
  name?: string;
  role: Role;
  orgCode: string;
  orgName: string;
  deptCode?: string;
  unitCode?: string;
  institutionId?: string;
}

export interface LegalBasis {
  docNo: string;
  clause?: string;
}

export interface Evidence {
  name: string;
  sha256: string;
  uri?: string;
}

/** What the writer states about an event; the store adds recordedAt, prevHash and hash. */
export interface EventMetadataInput {
  eventId: string;
  schemaVersion: number;
  occurredAt: string;
  actor: Actor;
  correlationId: string;
  causationId: string;
  legalBasis: LegalBasis[];
  evidence: Evidence[];
  supersedes?: string;
  ruleSetVersion?: string;
  /** The command that wrote the event; a repeated Idempotency-Key must repeat the same command. */
  command?: string;
}

export interface EventMetadata extends EventMetadataInput {
  recordedAt: string;
  prevHash: string;
  hash: string;
}

export interface NewEvent {
  type: string;
  data: Record<string, unknown>;
  metadata: EventMetadataInput;
}

/**
 * A place in the global log. EventStoreDB names a place by a commit and a prepare position (the events
 * of one append share the commit position); the SQLite store uses its row number for both.
 */
export interface Position {
  commit: bigint;
  prepare: bigint;
}

export interface StoredEvent {
  stream: string;
  revision: number;
  position: Position;
  type: string;
  data: Record<string, unknown>;
  metadata: EventMetadata;
}

/** 'no_stream': the stream must not exist; 'stream_exists': it must; a number: its last revision must be that. */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | number;

export interface AppendResult {
  /** Revision of the last event of the append. */
  revision: number;
  /** Position of the last event of the append. */
  position: Position;
  events: StoredEvent[];
  /** True when this append repeated the stream's latest append (same event ids) and wrote nothing. */
  duplicate: boolean;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive; defaults to the start (forwards) or the end (backwards). */
  fromRevision?: number;
  maxCount?: number;
}

export interface LogFilter {
  /** Stream categories: the part of the stream name before the first '-'. */
  categories?: string[];
  eventTypes?: string[];
}

export interface ReadAllOptions extends LogFilter {
  /** Exclusive: events strictly after this position. Absent: from the start of the log. */
  after?: Position;
  maxCount?: number;
}

export interface SubscribeOptions extends LogFilter {
  /** Exclusive; absent: from the start of the log (catch-up, then live). */
  after?: Position;
}

/** Catch-up then live; iterate it, close it when done. */
export interface EventSubscription extends AsyncIterable<StoredEvent> {
  close(): Promise<void>;
}

export interface EventStore {
  append(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  readStream(stream: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  readAll(options?: ReadAllOptions): Promise<StoredEvent[]>;
  subscribe(options?: SubscribeOptions): EventSubscription;
  /** Position of the newest event in the log, or undefined for an empty log. */
  headPosition(): Promise<Position | undefined>;
  close(): Promise<void>;
}

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${stream}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

export class DuplicateEventIdError extends Error {
  constructor(readonly eventId: string) {
    super(`event id ${eventId} is already stored`);
    this.name = 'DuplicateEventIdError';
  }
}

export function categoryOf(stream: string): string {
  const dash = stream.indexOf('-');
  return dash < 0 ? stream : stream.slice(0, dash);
}

export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** Text form used in HTTP answers and checkpoints: "42", or "commit/prepare" where they differ. */
export function formatPosition(p: Position): string {
  return p.commit === p.prepare ? p.commit.toString() : `${p.commit}/${p.prepare}`;
}

export function parsePosition(text: string): Position {
  const match = /^(\d+)(?:\/(\d+))?$/.exec(text.trim());
  if (!match) throw new Error(`not a log position: ${text}`);
  const commit = BigInt(match[1]);
  return { commit, prepare: match[2] === undefined ? commit : BigInt(match[2]) };
}

/** An event as the API serves it: as stored, with its position written as text. */
export function eventView(e: StoredEvent) {
  return { stream: e.stream, revision: e.revision, position: formatPosition(e.position), type: e.type, data: e.data, metadata: e.metadata };
}

export function matchesFilter(event: Pick<StoredEvent, 'stream' | 'type'>, filter: LogFilter): boolean {
  if (filter.categories?.length && !filter.categories.includes(categoryOf(event.stream))) return false;
  if (filter.eventTypes?.length && !filter.eventTypes.includes(event.type)) return false;
  return true;
}

/** Nest injection token for the configured EventStore adapter. */
export const EVENT_STORE = Symbol('EventStore');
