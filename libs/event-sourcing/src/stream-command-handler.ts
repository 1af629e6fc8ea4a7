import { Inject, Injectable } from '@nestjs/common';
import { Command, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '../../event-store/src/event-store.port.js';
import type { CommandName } from '../../identity/src/authorization.js';
import { type CommandEnvelope, type CommandResult, CommandPipeline } from './command-pipeline.js';
import { type Decide, type DomainEvent, type StateModel, foldStored } from './decider.js';

/** A command carries its payload (body plus path parameters) and its envelope (who, which retry, which revision). */
export abstract class EnvelopedCommand<P> extends Command<CommandResult> {
  constructor(
    readonly payload: P,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

/** Folds any stream into a state: how a handler gathers facts from other streams for a decision. */
export async function readState<S, E extends DomainEvent>(store: EventStore, stream: string, model: StateModel<S, E>): Promise<S> {
  return foldStored(model, await store.readStream(stream));
}

/** Reads another stream folded into a state: what withFacts is given. */
export type ReadStream = <S2, E2 extends DomainEvent>(stream: string, model: StateModel<S2, E2>) => Promise<S2>;

export interface StreamCommandSpec<P, C, S, E extends DomainEvent> {
  name: CommandName;
  stream: (payload: P) => string;
  model: StateModel<S, E>;
  decide: Decide<C, S, E>;
  /** The resource the answer names, read from the first event; the stream by default. */
  id?: (firstEventData: Record<string, unknown>) => string;
  /**
   * Facts from other streams the rule needs (design §3: a rule that spans streams reads them in the handler and
   * hands the facts to decide). Without it, the payload is the command.
   */
  /** Event types of the stream this command may correct (a body's `supersedes`). */
  corrects?: string[];
  withFacts?: (payload: P, read: ReadStream) => Promise<C>;
}

/** Runs a command through the pipeline; each use case supplies its spec. */
@Injectable()
export abstract class StreamCommandHandler<P, C, S, E extends DomainEvent> implements ICommandHandler<EnvelopedCommand<P>, CommandResult> {
  protected abstract readonly spec: StreamCommandSpec<P, C, S, E>;


  constructor(
    private readonly pipeline: CommandPipeline,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ payload, envelope }: EnvelopedCommand<P>): Promise<CommandResult> {
    const stream = this.spec.stream(payload);
    const command = this.spec.withFacts
      ? await this.spec.withFacts(payload, (other, model) => readState(this.store, other, model))
      : (payload as unknown as C);
    return this.pipeline.handle({
      name: this.spec.name,
      stream,
      id: this.spec.id ?? stream,
      model: this.spec.model,
      decide: this.spec.decide,
      command,
      envelope,
      corrects: this.spec.corrects,
    });
  }
}
