import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { BUSINESS_DATE, IsRealDate, CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { seedClause } from '../../projects/src/legal-basis.js';
import { round2 } from '../../rule-sets/src/rule-set.js';
import { FundingCommand, FundingCommandHandler, type FundingScope } from './funding-command.js';
import {
  type CitedEvent,
  EventRefDto,
  type ProjectFacts,
  type ReadStream,
  approvedFen,
  assertCitedEvents,
  assertInFiscalYear,
  readCitedEvents,
  readProjectFacts,
} from './funding-facts.js';
import type { FundingEvent, NextYearBudgetReductionProposed } from './funding.events.js';
import { type FundingState, figuresAsOf } from './funding.state.js';

type ReductionBasis = NextYearBudgetReductionProposed['data']['basis'];

export class ProposeNextYearBudgetReductionDto extends CommandBodyDto {
  @IsInt() @Min(2000) @Max(2101) targetFiscalYear: number;
  @IsIn(['SLOW_SPENDING', 'IDLE_BALANCE']) basis: ReductionBasis;
  @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) proposedReductionFen: number;
  /** The monitoring cut-off the execution rate is taken at. */
  @IsRealDate() @Matches(BUSINESS_DATE, { message: 'asOfDate must be a date (YYYY-MM-DD)' }) asOfDate: string;
  /** Invariant 11: the events the proposal rests on, e.g. the July snapshot and its warning. Checked to be non-empty by the rule. */
  @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => EventRefDto) basisEvents: EventRefDto[];
  @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

type Payload = ProposeNextYearBudgetReductionDto & FundingScope;
type Command = Payload & ProjectFacts & { citedEvents: CitedEvent[] };
export class ProposeNextYearBudgetReductionCommand extends FundingCommand<Payload> {}

/**
 * Step 12 (三(五): 资金支出进度慢、存量资金规模大的视情况调减下年度预算): a proposal, never an automatic cut; it
 * records the execution rate as it stood at the cut-off, so the reader sees what it rested on.
 */
export const decideProposeNextYearBudgetReduction: Decide<Command, FundingState, FundingEvent> = (cmd, state) => {
  const approved = approvedFen(cmd);
  if (cmd.targetFiscalYear !== cmd.fiscalYear + 1) {
    throw new CommandRejected('TARGET_YEAR_NOT_NEXT', `spending in ${cmd.fiscalYear} bears on the ${cmd.fiscalYear + 1} budget, not on ${cmd.targetFiscalYear}`, {
      expected: cmd.fiscalYear + 1,
    });
  }
  if (!Number.isSafeInteger(cmd.proposedReductionFen) || cmd.proposedReductionFen <= 0) {
    throw new CommandRejected('REDUCTION_NOT_POSITIVE', `a reduction is a positive whole number of fen, not ${cmd.proposedReductionFen}`);
  }
  assertInFiscalYear(cmd.asOfDate, cmd.fiscalYear, 'asOfDate');
  assertCitedEvents(cmd.citedEvents, cmd.proCode);
  const { netDisbursedFen, adjustedBudgetFen } = figuresAsOf(approved, state, cmd.asOfDate);
  const executionRate = adjustedBudgetFen > 0 ? round2((netDisbursedFen / adjustedBudgetFen) * 100) : 0;
  return [
    {
      type: 'NextYearBudgetReductionProposed',
      data: {
        proCode: cmd.proCode,
        fiscalYear: cmd.fiscalYear,
        proposalId: `REDUCTION-${state.reductions.length + 1}`,
        targetFiscalYear: cmd.targetFiscalYear,
        basis: cmd.basis,
        proposedReductionFen: cmd.proposedReductionFen,
        asOfDate: cmd.asOfDate,
        executionRate,
        ...(cmd.reason ? { reason: cmd.reason } : {}),
        basisEvents: cmd.citedEvents.map(({ stream, eventId }) => ({ stream, eventId })),
      },
      legalBasis: seedClause('三(五)'),
    },
  ];
};

@CommandHandler(ProposeNextYearBudgetReductionCommand)
export class ProposeNextYearBudgetReductionHandler extends FundingCommandHandler<Payload, Command> {
  protected readonly useCase = {
    name: 'ProposeNextYearBudgetReduction',
    decide: decideProposeNextYearBudgetReduction,
    id: (data: Record<string, unknown>) => String(data.proposalId),
    withFacts: async (payload: Payload, read: ReadStream) => ({
      ...payload,
      ...(await readProjectFacts(payload.proCode, payload.fiscalYear, read)),
      citedEvents: await readCitedEvents(payload.basisEvents ?? [], read),
    }),
  } as const;
}
