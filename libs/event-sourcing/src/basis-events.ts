import { IsUUID, Matches } from 'class-validator';
import { CommandRejected } from './command-errors.js';
import type { DomainEvent, EventContext, StateModel } from './decider.js';
import type { ReadStream } from './stream-command-handler.js';

/** A stored event a decision rests on (invariant 11): next-year budget adjustments, referrals, terminations cite them. */
export interface BasisEventRef {
  stream: string;
  eventId: string;
}

/** Stream names are `{kind}-{key}`, e.g. `monitoring-371083-2024-D104-005-2024` or `evaluation-KE-2024-01`. */
export const STREAM_NAME = /^[a-z][a-z-]{0,39}-[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$/;

export class BasisEventDto {
  @Matches(STREAM_NAME, { message: 'stream must name a stream such as funding-371083-2024-D104-005-2024' }) stream: string;
  @IsUUID() eventId: string;
}

/** A cited event as the store knows it: found with its type and business facts, or not found. */
export type CitedEvent = BasisEventRef & ({ found: true; type: string; data: Record<string, unknown> } | { found: false });

interface StreamEvents {
  events: { eventId: string; type: string; data: Record<string, unknown> }[];
}

/** Folds any stream into the ids, types and data of its events: all a citation needs to be checked. */
export const streamEventsModel: StateModel<StreamEvents, DomainEvent> = {
  initialState: () => ({ events: [] }),
  evolve: (state, event, context?: EventContext) =>
    context ? { events: [...state.events, { eventId: context.eventId, type: event.type, data: event.data as Record<string, unknown> }] } : state,
};

/** Looks every cited event up in its stream (each stream read once); whether they exist is decided by `citedBasis`. */
export async function resolveBasisEvents(refs: BasisEventRef[] | undefined, read: ReadStream): Promise<CitedEvent[]> {
  const cited = refs ?? [];
  const streams = [...new Set(cited.map((ref) => ref.stream))];
  const folded = new Map(await Promise.all(streams.map(async (stream) => [stream, await read(stream, streamEventsModel)] as const)));
  return cited.map(({ stream, eventId }): CitedEvent => {
    const found = folded.get(stream)?.events.find((e) => e.eventId === eventId);
    return found ? { stream, eventId, found: true, type: found.type, data: found.data } : { stream, eventId, found: false };
  });
}

/**
 * The citations a decision may rest on: each exists, none is named twice, and at least one is given where the
 * rule requires a basis. `what` names the decision in the refusal, e.g. "a next-year budget adjustment".
 */
export function citedBasis(cited: CitedEvent[], rule: { required: boolean; what: string }): BasisEventRef[] {
  if (rule.required && cited.length === 0) {
    throw new CommandRejected('BASIS_REQUIRED', `${rule.what} must cite at least one basis event (basisEvents: [{ stream, eventId }]) it rests on`);
  }
  const keys = cited.map((c) => `${c.stream}/${c.eventId}`);
  const repeated = keys.filter((key, i) => keys.indexOf(key) !== i);
  if (repeated.length) throw new CommandRejected('BASIS_EVENT_DUPLICATED', `basis event ${repeated[0]} is cited more than once`, { repeated });
  const missing = cited.filter((c) => !c.found).map(({ stream, eventId }) => ({ stream, eventId }));
  if (missing.length) {
    throw new CommandRejected(
      'BASIS_EVENT_NOT_FOUND',
      `no event ${missing.map((m) => `${m.eventId} in stream ${m.stream}`).join(', ')}: cite events that are stored`,
      { missing },
    );
  }
  return cited.map(({ stream, eventId }) => ({ stream, eventId }));
}

/** The cited events that were found, for rules about what they say. */
export function foundEvents(cited: CitedEvent[]): Extract<CitedEvent, { found: true }>[] {
  return cited.filter((c): c is Extract<CitedEvent, { found: true }> => c.found);
}
