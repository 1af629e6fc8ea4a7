import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { seedClause } from '../../projects/src/legal-basis.js';
import { FundingCommand, FundingCommandHandler, type FundingScope } from './funding-command.js';
import { type ProjectFacts, type ReadStream, knownProject, readProjectFacts } from './funding-facts.js';
import type { FundingEvent } from './funding.events.js';
import { type FundingState, netDisbursedFen } from './funding.state.js';

/** Re-pooled without a named destination yet (收回统筹使用). */
export const UNALLOCATED_POOL = 'UNALLOCATED_POOL';

export class ProposeFundsRecoveryDto extends CommandBodyDto {
  @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) amountFen: number;
  /** Where the money is re-pooled: a budget line or fund, or UNALLOCATED_POOL. Optional here so invariant 6 gives its own refusal. */
  @IsOptional() @IsString() @MaxLength(200) reallocationRef?: string;
  @IsString() @IsNotEmpty() @MaxLength(2000) reason: string;
  @IsString() @IsNotEmpty() @MaxLength(200) docNo: string;
}

type Payload = ProposeFundsRecoveryDto & FundingScope;
type Command = Payload & ProjectFacts;
export class ProposeFundsRecoveryCommand extends FundingCommand<Payload> {}

/** Invariant 6: no more than was paid out and not yet taken back. */
export function assertRecoverable(state: FundingState, amountFen: number, cmd: FundingScope): void {
  const netFen = netDisbursedFen(state);
  if (amountFen > netFen) {
    throw new CommandRejected('RECOVERY_EXCEEDS_NET_DISBURSED', `${amountFen} fen exceed the ${netFen} fen disbursed to ${cmd.proCode} in ${cmd.fiscalYear} net of earlier recoveries`, {
      netDisbursedFen: netFen,
    });
  }
}

/** Step 10, 已经拨付的及时收回统筹使用, first pair of eyes: amount and re-pooling destination (invariant 6). */
export const decideProposeFundsRecovery: Decide<Command, FundingState, FundingEvent> = (cmd, state, { actor }) => {
  knownProject(cmd);
  if (!Number.isSafeInteger(cmd.amountFen) || cmd.amountFen <= 0) {
    throw new CommandRejected('AMOUNT_NOT_POSITIVE', `a recovery is a positive whole number of fen, not ${cmd.amountFen}`);
  }
  const reallocationRef = cmd.reallocationRef?.trim();
  if (!reallocationRef) {
    throw new CommandRejected('REALLOCATION_REF_REQUIRED', `recovered funds are re-pooled (收回统筹使用): name the budget line or fund that receives them, or ${UNALLOCATED_POOL}`);
  }
  if (state.pendingRecovery) {
    const { proposalId, proposedBy } = state.pendingRecovery;
    throw new CommandRejected('RECOVERY_PROPOSAL_PENDING', `recovery proposal ${proposalId} by ${proposedBy} awaits a second finance officer's approval; one proposal at a time`, { proposalId });
  }
  assertRecoverable(state, cmd.amountFen, cmd);
  return [
    {
      type: 'FundsRecoveryProposed',
      data: {
        proCode: cmd.proCode,
        fiscalYear: cmd.fiscalYear,
        proposalId: `RECOVERY-${state.recoveryProposalIds.length + 1}`,
        amountFen: cmd.amountFen,
        reallocationRef,
        reason: cmd.reason,
        docNo: cmd.docNo,
        proposedBy: actor.userId,
      },
      legalBasis: seedClause('三(三)2'),
    },
  ];
};

@CommandHandler(ProposeFundsRecoveryCommand)
export class ProposeFundsRecoveryHandler extends FundingCommandHandler<Payload, Command> {
  protected readonly useCase = {
    name: 'ProposeFundsRecovery',
    decide: decideProposeFundsRecovery,
    id: (data: Record<string, unknown>) => String(data.proposalId),
    withFacts: async (payload: Payload, read: ReadStream) => ({ ...payload, ...(await readProjectFacts(payload.proCode, payload.fiscalYear, read)) }),
  } as const;
}
