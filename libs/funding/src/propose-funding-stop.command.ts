import { Type } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { seedClause } from '../../projects/src/legal-basis.js';
import { FundingCommand, FundingCommandHandler, type FundingScope } from './funding-command.js';
import { type CitedBasis, FundingControlBasisDto, basisRef, citeBasis, eligibleBasis } from './funding-control-basis.js';
import { type ProjectFacts, type ReadStream, assertExecutionOpen, knownProject, readProjectFacts } from './funding-facts.js';
import type { FundingEvent } from './funding.events.js';
import type { FundingState } from './funding.state.js';

export class ProposeFundingStopDto extends CommandBodyDto {
  @IsOptional() @ValidateNested() @Type(() => FundingControlBasisDto) basis?: FundingControlBasisDto;
  @IsString() @IsNotEmpty() @MaxLength(2000) reason: string;
  @IsString() @IsNotEmpty() @MaxLength(200) docNo: string;
}

type Payload = ProposeFundingStopDto & FundingScope;
type Command = Payload & ProjectFacts & { cited?: CitedBasis };
export class ProposeFundingStopCommand extends FundingCommand<Payload> {}

/** Step 10, 停止拨款, first pair of eyes: one finance officer proposes, on the same bases as a suspension. */
export const decideProposeFundingStop: Decide<Command, FundingState, FundingEvent> = (cmd, state, { actor }) => {
  knownProject(cmd);
  assertExecutionOpen(state, cmd);
  if (state.gate === 'STOPPED') {
    throw new CommandRejected('ALREADY_STOPPED', `disbursement for ${cmd.proCode} in ${cmd.fiscalYear} is already stopped since ${state.intervals[state.intervals.length - 1]?.from}`);
  }
  if (state.pendingStop) {
    const { proposalId, proposedBy } = state.pendingStop;
    throw new CommandRejected('STOP_PROPOSAL_PENDING', `stop proposal ${proposalId} by ${proposedBy} awaits a second finance officer's approval; one proposal at a time`, { proposalId });
  }
  const basis = eligibleBasis(cmd.cited, cmd.proCode, { requiredCode: 'STOP_BASIS_REQUIRED', what: 'a stop of disbursement (停止拨款)' });
  return [
    {
      type: 'FundingStopProposed',
      data: {
        proCode: cmd.proCode,
        fiscalYear: cmd.fiscalYear,
        proposalId: `STOP-${state.stopProposalIds.length + 1}`,
        basis,
        reason: cmd.reason,
        docNo: cmd.docNo,
        proposedBy: actor.userId,
      },
      legalBasis: seedClause('三(三)2'),
    },
  ];
};

@CommandHandler(ProposeFundingStopCommand)
export class ProposeFundingStopHandler extends FundingCommandHandler<Payload, Command> {
  protected readonly useCase = {
    name: 'ProposeFundingStop',
    decide: decideProposeFundingStop,
    id: (data: Record<string, unknown>) => String(data.proposalId),
    withFacts: async (payload: Payload, read: ReadStream) => ({
      ...payload,
      ...(await readProjectFacts(payload.proCode, payload.fiscalYear, read)),
      cited: await citeBasis(payload.basis ? basisRef(payload.basis) : undefined, read),
    }),
  } as const;
}
