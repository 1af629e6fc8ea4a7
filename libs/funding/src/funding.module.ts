import { Module } from '@nestjs/common';
import { AdjustBudgetHandler } from './adjust-budget.command.js';
import { ApproveFundingStopHandler } from './approve-funding-stop.command.js';
import { ApproveFundsRecoveryHandler } from './approve-funds-recovery.command.js';
import { CloseBudgetExecutionHandler } from './close-budget-execution.command.js';
import { GetFundingLedgerHandler } from './get-funding-ledger.query.js';
import { ProposeFundingStopHandler } from './propose-funding-stop.command.js';
import { ProposeFundsRecoveryHandler } from './propose-funds-recovery.command.js';
import { ProposeNextYearBudgetReductionHandler } from './propose-next-year-budget-reduction.command.js';
import { RecordDisbursementHandler } from './record-disbursement.command.js';
import { ResumeDisbursementHandler } from './resume-disbursement.command.js';
import { SuspendDisbursementHandler } from './suspend-disbursement.command.js';

/** The funding bounded context: disbursements, adjustments, the gate (suspend, stop, resume), recovery, 决算. */
@Module({
  providers: [
    RecordDisbursementHandler,
    AdjustBudgetHandler,
    SuspendDisbursementHandler,
    ProposeFundingStopHandler,
    ApproveFundingStopHandler,
    ResumeDisbursementHandler,
    ProposeFundsRecoveryHandler,
    ApproveFundsRecoveryHandler,
    ProposeNextYearBudgetReductionHandler,
    CloseBudgetExecutionHandler,
    GetFundingLedgerHandler,
  ],
})
export class FundingModule {}
