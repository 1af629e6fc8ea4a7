import type { Actor, LegalBasis, StoredEvent } from '../../event-store/src/event-store.port.js';
import type { RuleSet } from '../../rule-sets/src/rule-set.js';

export interface DomainEvent {
  type: string;
  data: object;
}

/** Facts about a stored event that a state may need (to cite it, or to know when it happened). */
export interface EventContext {
  eventId: string;
  revision: number;
  occurredAt: string;
  actor: Actor;
  /** The earlier event of the same stream this one corrects (design §4: corrections are new events). */
  supersedes?: string;
}

/** How a stream's events fold into the state that decisions are made on. Pure. */
export interface StateModel<S, E extends DomainEvent> {
  initialState(): S;
  evolve(state: S, event: E, context?: EventContext): S;
}

export interface DecisionContext {
  actor: Actor;
  /** The injected clock's reading: deciders never read the system clock. */
  now: Date;
  ruleSet: RuleSet;
  commandId: string;
  /** When the command corrects an earlier event of the stream: that event (the pipeline checked it exists). */
  supersedes?: { eventId: string; type: string; data: Record<string, unknown> };
}

/** An event a decision produces, with what it adds to the envelope. */
export type Decided<E extends DomainEvent> = E & {
  ruleSetVersion?: string;
  supersedes?: string;
  legalBasis?: LegalBasis[];
};

/** Pure: the events a command produces in a state, or a thrown CommandError. */
export type Decide<C, S, E extends DomainEvent> = (command: C, state: S, context: DecisionContext) => Decided<E>[];

export function fold<S, E extends DomainEvent>(model: StateModel<S, E>, events: { event: E; context?: EventContext }[]): S {
  return events.reduce((state, { event, context }) => model.evolve(state, event, context), model.initialState());
}

/** Folds stored events, handing each its context (id, revision, time, actor, what it supersedes). */
export function foldStored<S, E extends DomainEvent>(model: StateModel<S, E>, events: StoredEvent[]): S {
  return fold(
    model,
    events.map((e) => ({
      event: { type: e.type, data: e.data } as unknown as E,
      context: { eventId: e.metadata.eventId, revision: e.revision, occurredAt: e.metadata.occurredAt, actor: e.metadata.actor, supersedes: e.metadata.supersedes },
    })),
  );
}
