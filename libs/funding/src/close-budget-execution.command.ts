import { IsInt, Max, Min } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { seedClause } from '../../projects/src/legal-basis.js';
import { FundingCommand, FundingCommandHandler, type FundingScope } from './funding-command.js';
import { type ProjectFacts, type ReadStream, approvedFen, readProjectFacts } from './funding-facts.js';
import type { FundingEvent } from './funding.events.js';
import { type FundingState, adjustedBudgetFen, netDisbursedFen } from './funding.state.js';

export class CloseBudgetExecutionDto extends CommandBodyDto {
  /** 结转: the part of the unspent budget carried into next year; the rest is the balance (结余). */
  @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) carryOverFen: number;
}

type Payload = CloseBudgetExecutionDto & FundingScope;
type Command = Payload & ProjectFacts;
export class CloseBudgetExecutionCommand extends FundingCommand<Payload> {}

/** Step 13, 决算: the year's figures, computed from the approval and the stream; only the carry-over is a decision. */
export const decideCloseBudgetExecution: Decide<Command, FundingState, FundingEvent> = (cmd, state) => {
  const initialApprovedFen = approvedFen(cmd);
  if (state.closed) {
    throw new CommandRejected('ALREADY_CLOSED', `budget execution of ${cmd.proCode} for ${cmd.fiscalYear} was already closed (决算): executed ${state.closed.executedFen} fen`, {
      executedFen: state.closed.executedFen,
    });
  }
  const adjustedFen = adjustedBudgetFen(initialApprovedFen, state);
  const executedFen = netDisbursedFen(state);
  const unspentFen = adjustedFen - executedFen;
  if (!Number.isSafeInteger(cmd.carryOverFen) || cmd.carryOverFen < 0 || cmd.carryOverFen > unspentFen) {
    throw new CommandRejected('CARRY_OVER_EXCEEDS_BALANCE', `the carry-over must lie between 0 and the ${unspentFen} fen left unspent (adjusted ${adjustedFen} − executed ${executedFen}), not ${cmd.carryOverFen}`, {
      adjustedBudgetFen: adjustedFen,
      executedFen,
      unspentFen,
    });
  }
  return [
    {
      type: 'BudgetExecutionClosed',
      data: {
        proCode: cmd.proCode,
        fiscalYear: cmd.fiscalYear,
        initialApprovedFen,
        inYearAdjustmentFen: state.adjustmentsFen,
        adjustedBudgetFen: adjustedFen,
        executedFen,
        recoveredFen: state.recoveredFen,
        carryOverFen: cmd.carryOverFen,
        balanceFen: unspentFen - cmd.carryOverFen,
      },
      legalBasis: seedClause('三(四)'),
    },
  ];
};

@CommandHandler(CloseBudgetExecutionCommand)
export class CloseBudgetExecutionHandler extends FundingCommandHandler<Payload, Command> {
  protected readonly useCase = {
    name: 'CloseBudgetExecution',
    decide: decideCloseBudgetExecution,
    withFacts: async (payload: Payload, read: ReadStream) => ({ ...payload, ...(await readProjectFacts(payload.proCode, payload.fiscalYear, read)) }),
  } as const;
}
