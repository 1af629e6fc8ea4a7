import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { EventMetadata, StoredEvent } from './event-store.port.js';

/** prevHash of revision 0 in every stream. */
export const GENESIS_HASH = '0'.repeat(64);

export interface HashedContent {
  stream: string;
  revision: number;
  type: string;
  data: Record<string, unknown>;
  metadata: Omit<EventMetadata, 'hash'>;
}

/** SHA-256 of the canonical JSON of {stream, revision, type, data, metadata without hash} (design §4). */
export function eventHash(content: HashedContent): string {
  const { stream, revision, type, data, metadata } = content;
  return createHash('sha256').update(canonicalJson({ stream, revision, type, data, metadata }), 'utf8').digest('hex');
}

export function withoutHash(metadata: EventMetadata): Omit<EventMetadata, 'hash'> {
  const { hash: _hash, ...rest } = metadata;
  return rest;
}

export type ChainBreak = { stream: string; revision: number; reason: string };

/**
 * Checks one stream's events, read in revision order: contiguous revisions from 0, each prevHash equal to the
 * previous hash, each hash equal to the recomputed one. Returns the first break, if any.
 */
export class StreamChainChecker {
  private expectedRevision = 0;
  private previousHash = GENESIS_HASH;

  constructor(readonly stream: string) {}

  get head(): { revision: number; hash: string } {
    return { revision: this.expectedRevision - 1, hash: this.previousHash };
  }

  check(event: Pick<StoredEvent, 'revision' | 'type' | 'data' | 'metadata'>): ChainBreak | undefined {
    const at = (reason: string): ChainBreak => ({ stream: this.stream, revision: event.revision, reason });
    if (event.revision !== this.expectedRevision) {
      return at(`revision ${event.revision} found where ${this.expectedRevision} was expected (an event was removed or reordered)`);
    }
    if (event.metadata.prevHash !== this.previousHash) {
      return at('prevHash does not match the previous event (an event was removed, inserted or reordered)');
    }
    const recomputed = eventHash({ stream: this.stream, revision: event.revision, type: event.type, data: event.data, metadata: withoutHash(event.metadata) });
    if (recomputed !== event.metadata.hash) return at('hash does not match the content (the event was edited)');
    this.expectedRevision += 1;
    this.previousHash = event.metadata.hash;
    return undefined;
  }
}

export interface ChainedEvent {
  revision: number;
  type: string;
  data: Record<string, unknown>;
  metadata: EventMetadata;
}

/** Links new events onto a stream's head: revision, recordedAt, prevHash and hash for each. */
export function chainEvents(
  stream: string,
  head: { revision: number; hash: string } | undefined,
  events: { type: string; data: Record<string, unknown>; metadata: Omit<EventMetadata, 'recordedAt' | 'prevHash' | 'hash'> }[],
  recordedAt: string,
): ChainedEvent[] {
  let revision = head ? head.revision : -1;
  let prevHash = head ? head.hash : GENESIS_HASH;
  return events.map((event) => {
    revision += 1;
    const metadata = { ...event.metadata, recordedAt, prevHash };
    const hash = eventHash({ stream, revision, type: event.type, data: event.data, metadata });
    prevHash = hash;
    return { revision, type: event.type, data: event.data, metadata: { ...metadata, hash } };
  });
}

/** Whether an append's expected revision admits the stream's current last revision (-1: no stream). */
export function expectationHolds(expected: number | 'no_stream' | 'stream_exists' | 'any', current: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return current === -1;
  if (expected === 'stream_exists') return current >= 0;
  return expected === current;
}
