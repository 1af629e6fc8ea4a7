import { IsInt, IsNotEmpty, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { BUSINESS_DATE, IsRealDate, CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { seedClause } from '../../projects/src/legal-basis.js';
import { FundingCommand, FundingCommandHandler, type FundingScope } from './funding-command.js';
import { type ProjectFacts, type ReadStream, approvedFen, assertExecutionOpen, assertInFiscalYear, readProjectFacts } from './funding-facts.js';
import type { FundingEvent } from './funding.events.js';
import { type FundingState, adjustedBudgetFen, disbursedFen } from './funding.state.js';

export class AdjustBudgetDto extends CommandBodyDto {
  /** Positive to add, negative to cut. */
  @IsInt() @Min(-Number.MAX_SAFE_INTEGER) @Max(Number.MAX_SAFE_INTEGER) deltaFen: number;
  @IsString() @IsNotEmpty() @MaxLength(2000) reason: string;
  @IsString() @IsNotEmpty() @MaxLength(200) docNo: string;
  @IsRealDate() @Matches(BUSINESS_DATE, { message: 'effectiveOn must be a date (YYYY-MM-DD)' }) effectiveOn: string;
}

type Payload = AdjustBudgetDto & FundingScope;
type Command = Payload & ProjectFacts;
export class AdjustBudgetCommand extends FundingCommand<Payload> {}

/** Step 5, in-year budget adjustment (预算调整): the adjusted budget stays positive and covers what was already paid out. */
export const decideAdjustBudget: Decide<Command, FundingState, FundingEvent> = (cmd, state) => {
  const approved = approvedFen(cmd);
  assertExecutionOpen(state, cmd);
  if (!Number.isSafeInteger(cmd.deltaFen) || cmd.deltaFen === 0) {
    throw new CommandRejected('ZERO_ADJUSTMENT', 'an adjustment changes the budget: give a non-zero whole number of fen (negative to cut)');
  }
  assertInFiscalYear(cmd.effectiveOn, cmd.fiscalYear, 'effectiveOn');
  const beforeFen = adjustedBudgetFen(approved, state);
  const afterFen = beforeFen + cmd.deltaFen;
  if (afterFen <= 0) {
    throw new CommandRejected('ADJUSTED_BUDGET_NOT_POSITIVE', `cutting ${-cmd.deltaFen} fen from ${beforeFen} fen leaves no budget; to end the project use termination (清理退出)`, {
      adjustedBudgetFen: beforeFen,
    });
  }
  // Cumulative disbursement, as invariant 4 counts it: recovered money went back to the pool, not to this budget.
  const paidFen = disbursedFen(state);
  if (afterFen < paidFen) {
    throw new CommandRejected('ADJUSTED_BELOW_DISBURSED', `the adjusted budget would be ${afterFen} fen, below the ${paidFen} fen already disbursed`, {
      adjustedBudgetFen: beforeFen,
      disbursedFen: paidFen,
    });
  }
  return [
    {
      type: 'BudgetAdjusted',
      data: {
        proCode: cmd.proCode,
        fiscalYear: cmd.fiscalYear,
        deltaFen: cmd.deltaFen,
        adjustedBudgetFen: afterFen,
        reason: cmd.reason,
        docNo: cmd.docNo,
        effectiveOn: cmd.effectiveOn,
      },
      legalBasis: seedClause('三(三)'),
    },
  ];
};

@CommandHandler(AdjustBudgetCommand)
export class AdjustBudgetHandler extends FundingCommandHandler<Payload, Command> {
  protected readonly useCase = {
    name: 'AdjustBudget',
    decide: decideAdjustBudget,
    withFacts: async (payload: Payload, read: ReadStream) => ({ ...payload, ...(await readProjectFacts(payload.proCode, payload.fiscalYear, read)) }),
  } as const;
}
