import { Injectable } from '@nestjs/common';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { EnvelopedCommand, type StreamCommandSpec, StreamCommandHandler } from '../../event-sourcing/src/stream-command-handler.js';
import type { CommandName } from '../../identity/src/authorization.js';
import { type FundingEvent, fundingStream } from './funding.events.js';
import { type FundingState, fundingModel } from './funding.state.js';

/** Which funding stream a command acts on: one per project and fiscal year. */
export interface FundingScope {
  proCode: string;
  fiscalYear: number;
}

/** A command on the stream `funding-{proCode}-{fiscalYear}`. */
export abstract class FundingCommand<P extends FundingScope> extends EnvelopedCommand<P> {}

export interface FundingUseCase<P, C = P> {
  name: CommandName;
  decide: Decide<C, FundingState, FundingEvent>;
  /** The resource the answer names, read from the first event; the funding stream by default. */
  id?: (firstEventData: Record<string, unknown>) => string;
  withFacts?: StreamCommandSpec<P, C, FundingState, FundingEvent>['withFacts'];
  corrects?: readonly string[];
}

/** Runs a use case of the funding stream, the disbursement gate. */
@Injectable()
export abstract class FundingCommandHandler<P extends FundingScope, C = P> extends StreamCommandHandler<P, C, FundingState, FundingEvent> {
  protected abstract readonly useCase: FundingUseCase<P, C>;

  protected get spec(): StreamCommandSpec<P, C, FundingState, FundingEvent> {
    const { corrects, ...useCase } = this.useCase;
    return {
      ...useCase,
      ...(corrects ? { corrects: [...corrects] } : {}),
      stream: (payload) => fundingStream(payload.proCode, payload.fiscalYear),
      model: fundingModel,
    };
  }
}
