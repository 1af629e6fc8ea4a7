import { Matches } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { BUSINESS_DATE, IsRealDate, CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected, NotFound, StaleRevision } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { seedClause } from '../../projects/src/legal-basis.js';
import { FundingCommand, FundingCommandHandler, type FundingScope } from './funding-command.js';
import { type CitedBasis, basisRef, citeBasis, eligibleBasis, sameBasis } from './funding-control-basis.js';
import {
  type ProjectFacts,
  type ReadStream,
  assertAfterLastGateChange,
  assertExecutionOpen,
  assertInFiscalYear,
  assertSecondOfficer,
  knownProject,
  readProjectFacts,
} from './funding-facts.js';
import { type FundingEvent, fundingStream } from './funding.events.js';
import { type FundingState, fundingModel } from './funding.state.js';

export class ApproveFundingStopDto extends CommandBodyDto {
  @IsRealDate() @Matches(BUSINESS_DATE, { message: 'effectiveOn must be a date (YYYY-MM-DD)' }) effectiveOn: string;
}

type Payload = ApproveFundingStopDto & FundingScope & { proposalId: string };
type Command = Payload & ProjectFacts & { cited?: CitedBasis };
export class ApproveFundingStopCommand extends FundingCommand<Payload> {}

/** Step 10, 停止拨款, second pair of eyes; the basis is checked again, as it stands on the day of the decision. */
export const decideApproveFundingStop: Decide<Command, FundingState, FundingEvent> = (cmd, state, { actor }) => {
  knownProject(cmd);
  assertExecutionOpen(state, cmd);
  const pending = state.pendingStop;
  if (pending?.proposalId !== cmd.proposalId) {
    if (state.stopProposalIds.includes(cmd.proposalId)) {
      throw new CommandRejected('STOP_PROPOSAL_NOT_PENDING', `stop proposal ${cmd.proposalId} was already decided`, { proposalId: cmd.proposalId });
    }
    throw new NotFound('STOP_PROPOSAL_NOT_FOUND', `${cmd.proCode} has no stop proposal ${cmd.proposalId} for ${cmd.fiscalYear}`, { proposalId: cmd.proposalId });
  }
  assertSecondOfficer(actor, pending);
  assertInFiscalYear(cmd.effectiveOn, cmd.fiscalYear, 'effectiveOn');
  assertAfterLastGateChange(state, cmd.effectiveOn);
  if (!sameBasis(cmd.cited, pending.basis)) {
    throw new StaleRevision('CONCURRENT_MODIFICATION', `the funding stream changed while stop proposal ${cmd.proposalId} was being approved; read it again and retry`);
  }
  const basis = eligibleBasis(cmd.cited, cmd.proCode, { requiredCode: 'STOP_BASIS_REQUIRED', what: 'a stop of disbursement (停止拨款)' });
  return [
    {
      type: 'FundDisbursementStopped',
      data: {
        proCode: cmd.proCode,
        fiscalYear: cmd.fiscalYear,
        proposalId: pending.proposalId,
        basis,
        effectiveOn: cmd.effectiveOn,
        docNo: pending.docNo,
        proposedBy: pending.proposedBy,
        approvedBy: actor.userId,
      },
      legalBasis: seedClause('三(三)2'),
    },
  ];
};

@CommandHandler(ApproveFundingStopCommand)
export class ApproveFundingStopHandler extends FundingCommandHandler<Payload, Command> {
  protected readonly useCase = {
    name: 'ApproveFundingStop',
    decide: decideApproveFundingStop,
    id: (data: Record<string, unknown>) => String(data.proposalId),
    withFacts: async (payload: Payload, read: ReadStream) => {
      const pending = (await read(fundingStream(payload.proCode, payload.fiscalYear), fundingModel)).pendingStop;
      const proposed = pending?.proposalId === payload.proposalId ? pending.basis : undefined;
      return {
        ...payload,
        ...(await readProjectFacts(payload.proCode, payload.fiscalYear, read)),
        cited: await citeBasis(proposed ? basisRef(proposed) : undefined, read),
      };
    },
  } as const;
}
