import { Type } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { BUSINESS_DATE, IsRealDate, CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { seedClause } from '../../projects/src/legal-basis.js';
import { FundingCommand, FundingCommandHandler, type FundingScope } from './funding-command.js';
import { type CitedBasis, FundingControlBasisDto, basisRef, citeBasis, eligibleBasis } from './funding-control-basis.js';
import { type ProjectFacts, type ReadStream, assertAfterLastGateChange, assertExecutionOpen, assertInFiscalYear, knownProject, readProjectFacts } from './funding-facts.js';
import type { FundingEvent } from './funding.events.js';
import type { FundingState } from './funding.state.js';

export class SuspendDisbursementDto extends CommandBodyDto {
  /** Optional here so that a missing basis meets invariant 5's own refusal rather than a generic 400. */
  @IsOptional() @ValidateNested() @Type(() => FundingControlBasisDto) basis?: FundingControlBasisDto;
  @IsRealDate() @Matches(BUSINESS_DATE, { message: 'effectiveOn must be a date (YYYY-MM-DD)' }) effectiveOn: string;
  @IsString() @IsNotEmpty() @MaxLength(200) docNo: string;
  @IsString() @IsNotEmpty() @MaxLength(2000) reason: string;
}

type Payload = SuspendDisbursementDto & FundingScope;
type Command = Payload & ProjectFacts & { cited?: CitedBasis };
export class SuspendDisbursementCommand extends FundingCommand<Payload> {}

/** Step 10, 暂缓拨款: from OPEN only, on an overdue or rejected rectification or a SERIOUS finding (invariant 5). */
export const decideSuspendDisbursement: Decide<Command, FundingState, FundingEvent> = (cmd, state) => {
  knownProject(cmd);
  assertExecutionOpen(state, cmd);
  if (state.gate === 'SUSPENDED') {
    throw new CommandRejected('ALREADY_SUSPENDED', `disbursement for ${cmd.proCode} in ${cmd.fiscalYear} is already suspended since ${state.intervals[state.intervals.length - 1]?.from}`);
  }
  if (state.gate === 'STOPPED') {
    throw new CommandRejected('ALREADY_STOPPED', `disbursement for ${cmd.proCode} in ${cmd.fiscalYear} is stopped since ${state.intervals[state.intervals.length - 1]?.from}; a suspension adds nothing`);
  }
  const basis = eligibleBasis(cmd.cited, cmd.proCode, { requiredCode: 'SUSPENSION_BASIS_REQUIRED', what: 'a suspension of disbursement (暂缓拨款)' });
  assertInFiscalYear(cmd.effectiveOn, cmd.fiscalYear, 'effectiveOn');
  assertAfterLastGateChange(state, cmd.effectiveOn);
  return [
    {
      type: 'FundDisbursementSuspended',
      data: { proCode: cmd.proCode, fiscalYear: cmd.fiscalYear, basis, effectiveOn: cmd.effectiveOn, docNo: cmd.docNo, reason: cmd.reason },
      legalBasis: seedClause('三(三)2'),
    },
  ];
};

@CommandHandler(SuspendDisbursementCommand)
export class SuspendDisbursementHandler extends FundingCommandHandler<Payload, Command> {
  protected readonly useCase = {
    name: 'SuspendDisbursement',
    decide: decideSuspendDisbursement,
    withFacts: async (payload: Payload, read: ReadStream) => ({
      ...payload,
      ...(await readProjectFacts(payload.proCode, payload.fiscalYear, read)),
      cited: await citeBasis(payload.basis ? basisRef(payload.basis) : undefined, read),
    }),
  } as const;
}
