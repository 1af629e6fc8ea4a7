import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import { type ChainBreak, StreamChainChecker } from './hash-chain.js';
import { type Actor, type EventStore, type Position, comparePositions, formatPosition, parsePosition } from './event-store.port.js';

/** Seals live in a stream of their own; a seal records every other stream's head at a log position. */
export const SEAL_STREAM = 'seals';
export const SEAL_EVENT = 'ChainHeadsSealed';

export interface SealData {
  /** Every stream's head at this log position (inclusive). */
  upTo: string;
  heads: Record<string, { revision: number; hash: string }>;
  streamCount: number;
  eventCount: number;
  /** SHA-256 of the canonical JSON of heads: one hash that names the whole log. */
  digest: string;
}

/** The seal's event contract, declared here rather than in a *.events.ts because the store itself appends it. */
export interface ChainHeadsSealed {
  type: typeof SEAL_EVENT;
  data: SealData;
}

export type VerificationResult =
  | { ok: true; events: number; streams: number; seals: number }
  | { ok: false; events: number; streams: number; seals: number; firstBreak: ChainBreak };

const PAGE = 1000;

/**
 * Recomputes every stream's hash chain in log order and checks each seal against the chains: an edited,
 * removed, inserted or reordered event breaks a chain; a removed tail contradicts the next seal.
 */
export async function verifyChains(store: EventStore): Promise<VerificationResult> {
  const checkers = new Map<string, StreamChainChecker>();
  // Every hash by stream and revision, with its position, so a seal can be checked against the log as of upTo.
  const ledger = new Map<string, { hash: string; position: Position }[]>();
  let events = 0;
  let seals = 0;
  let after: Position | undefined;
  const summary = () => ({ events, streams: checkers.size, seals });
  for (;;) {
    const page = await store.readAll({ after, maxCount: PAGE });
    for (const event of page) {
      after = event.position;
      events += 1;
      let checker = checkers.get(event.stream);
      if (!checker) checkers.set(event.stream, (checker = new StreamChainChecker(event.stream)));
      const broken = checker.check(event);
      if (broken) return { ok: false, ...summary(), firstBreak: broken };
      const entries = ledger.get(event.stream) ?? [];
      entries.push({ hash: event.metadata.hash, position: event.position });
      ledger.set(event.stream, entries);
      if (event.stream === SEAL_STREAM && event.type === SEAL_EVENT) {
        seals += 1;
        const contradiction = checkSeal(event.data as unknown as SealData, ledger);
        if (contradiction) return { ok: false, ...summary(), firstBreak: contradiction };
      }
    }
    if (page.length < PAGE) return { ok: true, ...summary() };
  }
}

function checkSeal(seal: SealData, ledger: Map<string, { hash: string; position: Position }[]>): ChainBreak | undefined {
  const upTo = parsePosition(seal.upTo);
  for (const [stream, head] of Object.entries(seal.heads)) {
    const entries = ledger.get(stream) ?? [];
    const sealed = entries[head.revision];
    if (!sealed || sealed.hash !== head.hash) {
      return { stream, revision: head.revision, reason: `the seal up to ${seal.upTo} recorded revision ${head.revision} of this stream, which is missing or different (events were removed)` };
    }
    const next = entries[head.revision + 1];
    if (next && comparePositions(next.position, upTo) <= 0) {
      return { stream, revision: head.revision + 1, reason: `this event lies before the seal up to ${seal.upTo}, which ended the stream at revision ${head.revision}` };
    }
  }
  return undefined;
}

/** Appends a seal of every stream's head up to the current end of the log. Returns undefined on an empty log. */
export async function sealChains(store: EventStore, actor: Actor, eventId: string, now = new Date()): Promise<SealData | undefined> {
  const heads: SealData['heads'] = {};
  let eventCount = 0;
  let after: Position | undefined;
  let upTo: Position | undefined;
  for (;;) {
    const page = await store.readAll({ after, maxCount: PAGE });
    for (const event of page) {
      after = upTo = event.position;
      if (event.stream === SEAL_STREAM) continue;
      eventCount += 1;
      heads[event.stream] = { revision: event.revision, hash: event.metadata.hash };
    }
    if (page.length < PAGE) break;
  }
  if (!upTo) return undefined;
  const seal: SealData = {
    upTo: formatPosition(upTo),
    heads,
    streamCount: Object.keys(heads).length,
    eventCount,
    digest: createHash('sha256').update(canonicalJson(heads)).digest('hex'),
  };
  await store.append(
    SEAL_STREAM,
    [
      {
        type: SEAL_EVENT,
        data: seal as unknown as Record<string, unknown>,
        metadata: {
          eventId,
          schemaVersion: 1,
          occurredAt: now.toISOString(),
          actor,
          correlationId: eventId,
          causationId: eventId,
          legalBasis: [],
          evidence: [],
        },
      },
    ],
    'any',
  );
  return seal;
}

/** Seals only when events arrived since the last seal, so an idle log is not sealed again and again. */
export async function sealIfChanged(store: EventStore, actor: Actor, eventId: string, now = new Date()): Promise<SealData | undefined> {
  const head = await store.headPosition();
  const [lastSeal] = await store.readStream(SEAL_STREAM, { direction: 'backwards', maxCount: 1 });
  if (!head || (lastSeal && comparePositions(head, lastSeal.position) === 0)) return undefined;
  return sealChains(store, actor, eventId, now);
}
