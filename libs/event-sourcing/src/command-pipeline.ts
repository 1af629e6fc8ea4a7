import { Inject, Injectable } from '@nestjs/common';
import {
  type Actor,
  type EventStore,
  type Evidence,
  type LegalBasis,
  type NewEvent,
  type StoredEvent,
  EVENT_STORE,
  formatPosition,
  DuplicateEventIdError,
  WrongExpectedRevisionError,
} from '../../event-store/src/event-store.port.js';
import { type CommandName, assertMayIssue } from '../../identity/src/authorization.js';
import { RuleSetRegistry } from '../../rule-sets/src/rule-set-registry.js';
import { eventIdFor } from './command-ids.js';
import { CommandRejected, StaleRevision } from './command-errors.js';
import { type Decide, type DecisionContext, type DomainEvent, type StateModel, foldStored } from './decider.js';

export const CLOCK = Symbol('Clock');
export type Clock = () => Date;


/** What every command carries besides its own payload. */
export interface CommandEnvelope {
  commandId: string;
  actor: Actor;
  /** From If-Match: the stream revision the caller decided on. */
  expectedRevision?: number;
  correlationId?: string;
  /** When it happened in the world: a business date (YYYY-MM-DD, Asia/Shanghai) or an RFC 3339 time. */
  occurredAt?: string;
  legalBasis?: LegalBasis[];
  evidence?: Evidence[];
  supersedes?: string;
}

export interface CommandResult {
  /** The resource the command created or changed. */
  id: string;
  stream: string;
  revision: number;
  position: string;
  events: { eventId: string; type: string }[];
  /** True when this repeated an earlier command (same command id) and wrote nothing. */
  replayed: boolean;
}

export interface CommandSpec<C, S, E extends DomainEvent> {
  name: CommandName;
  stream: string;
  /** The resource the answer names: fixed, or read from the data of the command's first event. */
  id: string | ((firstEventData: Record<string, unknown>) => string);
  model: StateModel<S, E>;
  decide: Decide<C, S, E>;
  command: C;
  envelope: CommandEnvelope;
  /** Event types of this stream the command may correct (envelope.supersedes); none by default. */
  corrects?: string[];
}

/** The write path of design.md §3: authorise, read, fold, decide, append with the expected revision. */
@Injectable()
export class CommandPipeline {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly ruleSets: RuleSetRegistry,
  ) {}

  async handle<C, S, E extends DomainEvent>(spec: CommandSpec<C, S, E>): Promise<CommandResult> {
    const { envelope, stream } = spec;
    assertMayIssue(spec.name, envelope.actor);
    const history = await this.store.readStream(stream);
    const earlier = history.filter((e) => e.metadata.causationId === envelope.commandId);
    if (earlier.length > 0) {
      if (earlier[0].metadata.command !== undefined && earlier[0].metadata.command !== spec.name) throw keyReused(spec.name);
      return result(spec.id, stream, earlier, true);
    }

    const current = history.length - 1;
    if (envelope.expectedRevision !== undefined && envelope.expectedRevision !== current) {
      throw new StaleRevision('STALE_REVISION', `${stream} is at revision ${current}, not ${envelope.expectedRevision}`, {
        stream,
        expected: envelope.expectedRevision,
        actual: current,
      });
    }
    const state = foldStored(spec.model, history);
    const supersedes = envelope.supersedes ? correctedEvent(history, envelope.supersedes, spec.corrects ?? []) : undefined;
    const now = this.clock();
    const ruleSet = await this.ruleSets.current();
    const decided = spec.decide(spec.command, state, { actor: envelope.actor, now, ruleSet, commandId: envelope.commandId, supersedes });
    const occurredAt = toOccurredAt(envelope.occurredAt, now);
    const events: NewEvent[] = decided.map(({ type, data, ruleSetVersion, supersedes, legalBasis }, index) => ({
      type,
      data: data as Record<string, unknown>,
      metadata: withoutUndefined({
        eventId: eventIdFor(envelope.commandId, index),
        schemaVersion: 1,
        occurredAt,
        actor: envelope.actor,
        correlationId: envelope.correlationId ?? envelope.commandId,
        causationId: envelope.commandId,
        legalBasis: distinctBasis([...(legalBasis ?? []), ...(envelope.legalBasis ?? [])]),
        evidence: envelope.evidence ?? [],
        supersedes: supersedes ?? envelope.supersedes,
        ruleSetVersion,
        command: spec.name,
      }),
    }));
    try {
      const appended = await this.store.append(stream, events, current === -1 ? 'no_stream' : current);
      return result(spec.id, stream, appended.events, appended.duplicate);
    } catch (error) {
      // The same key's events stand in another stream: the key was reused for another request.
      if (error instanceof DuplicateEventIdError) throw keyReused(spec.name);
      if (error instanceof WrongExpectedRevisionError) {
        throw new StaleRevision('CONCURRENT_MODIFICATION', `${stream} changed while the command was decided; read it again and retry`, {
          stream,
        });
      }
      throw error;
    }
  }
}

function result(id: CommandSpec<unknown, unknown, DomainEvent>['id'], stream: string, events: StoredEvent[], replayed: boolean): CommandResult {
  const last = events[events.length - 1];
  return {
    id: typeof id === 'string' ? id : id(events[0].data),
    stream,
    revision: last.revision,
    position: formatPosition(last.position),
    events: events.map((e) => ({ eventId: e.metadata.eventId, type: e.type })),
    replayed,
  };
}

function keyReused(command: string): CommandRejected {
  return new CommandRejected('IDEMPOTENCY_KEY_REUSED', `this Idempotency-Key was already used for another request; use a new key for this ${command}`);
}

/** The event a correction names: it must be in this stream, of a type the command corrects, and not corrected yet. */
function correctedEvent(history: StoredEvent[], eventId: string, corrects: string[]): DecisionContext['supersedes'] {
  const target = history.find((e) => e.metadata.eventId === eventId);
  if (!target) throw new CommandRejected('SUPERSEDED_EVENT_NOT_FOUND', `event ${eventId} is not in this stream: a correction names an event of the same stream`);
  if (!corrects.includes(target.type)) {
    throw new CommandRejected('CORRECTION_NOT_ALLOWED', `this command cannot correct a ${target.type}${corrects.length ? `; it corrects ${corrects.join(', ')}` : ''}`);
  }
  const earlier = history.find((e) => e.metadata.supersedes === eventId);
  if (earlier) throw new CommandRejected('ALREADY_SUPERSEDED', `event ${eventId} was already corrected by ${earlier.metadata.eventId}`, { by: earlier.metadata.eventId });
  return { eventId, type: target.type, data: target.data };
}

/** The rule's own basis and the one the officer cites, each clause once. */
function distinctBasis(basis: LegalBasis[]): LegalBasis[] {
  const seen = new Set<string>();
  return basis.filter(({ docNo, clause }) => {
    const key = `${docNo}\u0000${clause ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A bare business date is the start of that day in Asia/Shanghai. */
export function toOccurredAt(value: string | undefined, now: Date): string {
  if (!value) return now.toISOString();
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value}T00:00:00+08:00`;
  return value;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
