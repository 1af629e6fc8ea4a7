import { Matches } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { BUSINESS_DATE, IsRealDate, CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected, NotFound } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { seedClause } from '../../projects/src/legal-basis.js';
import { FundingCommand, FundingCommandHandler, type FundingScope } from './funding-command.js';
import { type ProjectFacts, type ReadStream, assertSecondOfficer, knownProject, readProjectFacts } from './funding-facts.js';
import type { FundingEvent } from './funding.events.js';
import type { FundingState } from './funding.state.js';
import { assertRecoverable } from './propose-funds-recovery.command.js';

export class ApproveFundsRecoveryDto extends CommandBodyDto {
  /** The date the money goes back to the pool. */
  @IsRealDate() @Matches(BUSINESS_DATE, { message: 'effectiveOn must be a date (YYYY-MM-DD)' }) effectiveOn: string;
}

type Payload = ApproveFundsRecoveryDto & FundingScope & { proposalId: string };
type Command = Payload & ProjectFacts;
export class ApproveFundsRecoveryCommand extends FundingCommand<Payload> {}

/** Step 10, second pair of eyes; invariant 6 is checked again against the net disbursement of the day. */
export const decideApproveFundsRecovery: Decide<Command, FundingState, FundingEvent> = (cmd, state, { actor }) => {
  knownProject(cmd);
  const pending = state.pendingRecovery;
  if (pending?.proposalId !== cmd.proposalId) {
    if (state.recoveryProposalIds.includes(cmd.proposalId)) {
      throw new CommandRejected('RECOVERY_PROPOSAL_NOT_PENDING', `recovery proposal ${cmd.proposalId} was already decided`, { proposalId: cmd.proposalId });
    }
    throw new NotFound('RECOVERY_PROPOSAL_NOT_FOUND', `${cmd.proCode} has no recovery proposal ${cmd.proposalId} for ${cmd.fiscalYear}`, { proposalId: cmd.proposalId });
  }
  assertSecondOfficer(actor, pending);
  // A recovery may follow the year's close (e.g. after an audit), but never precede the year it concerns.
  if (cmd.effectiveOn < `${cmd.fiscalYear}-01-01`) {
    throw new CommandRejected('DATE_OUTSIDE_FISCAL_YEAR', `effectiveOn ${cmd.effectiveOn} precedes fiscal year ${cmd.fiscalYear}`, { field: 'effectiveOn', date: cmd.effectiveOn, fiscalYear: cmd.fiscalYear });
  }
  assertRecoverable(state, pending.amountFen, cmd);
  return [
    {
      type: 'FundsRecovered',
      data: {
        proCode: cmd.proCode,
        fiscalYear: cmd.fiscalYear,
        proposalId: pending.proposalId,
        amountFen: pending.amountFen,
        reallocationRef: pending.reallocationRef,
        docNo: pending.docNo,
        proposedBy: pending.proposedBy,
        approvedBy: actor.userId,
        effectiveOn: cmd.effectiveOn,
      },
      legalBasis: seedClause('三(三)2'),
    },
  ];
};

@CommandHandler(ApproveFundsRecoveryCommand)
export class ApproveFundsRecoveryHandler extends FundingCommandHandler<Payload, Command> {
  protected readonly useCase = {
    name: 'ApproveFundsRecovery',
    decide: decideApproveFundsRecovery,
    id: (data: Record<string, unknown>) => String(data.proposalId),
    withFacts: async (payload: Payload, read: ReadStream) => ({ ...payload, ...(await readProjectFacts(payload.proCode, payload.fiscalYear, read)) }),
  } as const;
}
