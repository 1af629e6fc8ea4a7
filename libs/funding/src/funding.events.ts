// The contract of the funding stream `funding-{proCode}-{fiscalYear}` (domain.md §4 steps 5, 10, 12, 13):
// the disbursement gate, the hot path of the treasury integration.

/** What a suspension or stop rests on (invariant 5): an overdue or rejected rectification case, or a SERIOUS finding. */
export type FundingControlBasis =
  | { kind: 'RECTIFICATION_CASE'; caseId: string; caseStatus: 'OVERDUE' | 'REJECTED' }
  | { kind: 'KEY_MONITORING_FINDING'; stream: string; eventId: string; findingIndex: number };

export interface FundsDisbursed {
  type: 'FundsDisbursed';
  data: { proCode: string; fiscalYear: number; amountFen: number; paymentRef: string; paidOn: string; fundSource?: string };
}

export interface BudgetAdjusted {
  type: 'BudgetAdjusted';
  /** effectiveOn: the date of the adjustment document, so that an execution rate can be taken as of a past date. */
  data: { proCode: string; fiscalYear: number; deltaFen: number; adjustedBudgetFen: number; reason: string; docNo: string; effectiveOn: string };
}

export interface FundDisbursementSuspended {
  type: 'FundDisbursementSuspended';
  data: { proCode: string; fiscalYear: number; basis: FundingControlBasis; effectiveOn: string; docNo: string; reason: string };
}

/** Stop and recovery need two finance officers: one proposes, another approves (four-eyes). */
export interface FundingStopProposed {
  type: 'FundingStopProposed';
  data: { proCode: string; fiscalYear: number; proposalId: string; basis: FundingControlBasis; reason: string; docNo: string; proposedBy: string };
}

export interface FundDisbursementStopped {
  type: 'FundDisbursementStopped';
  data: { proCode: string; fiscalYear: number; proposalId: string; basis: FundingControlBasis; effectiveOn: string; docNo: string; proposedBy: string; approvedBy: string };
}

export interface FundDisbursementResumed {
  type: 'FundDisbursementResumed';
  data: { proCode: string; fiscalYear: number; effectiveOn: string; reason: string; docNo: string; basis?: { caseId: string } };
}

export interface FundsRecoveryProposed {
  type: 'FundsRecoveryProposed';
  data: { proCode: string; fiscalYear: number; proposalId: string; amountFen: number; reallocationRef: string; reason: string; docNo: string; proposedBy: string };
}

export interface FundsRecovered {
  type: 'FundsRecovered';
  data: {
    proCode: string;
    fiscalYear: number;
    proposalId: string;
    amountFen: number;
    reallocationRef: string;
    docNo: string;
    proposedBy: string;
    approvedBy: string;
    /** The date the money went back to the pool: net disbursement as of an earlier date does not count it. */
    effectiveOn: string;
  };
}

export interface NextYearBudgetReductionProposed {
  type: 'NextYearBudgetReductionProposed';
  data: {
    proCode: string;
    fiscalYear: number;
    /** Count-based within the stream (REDUCTION-1, …), so a replayed command yields the same id. */
    proposalId: string;
    targetFiscalYear: number;
    basis: 'SLOW_SPENDING' | 'IDLE_BALANCE';
    proposedReductionFen: number;
    asOfDate: string;
    /** Net disbursed ÷ adjusted budget as of asOfDate, in per cent with 2 decimals. */
    executionRate: number;
    reason?: string;
    basisEvents: { stream: string; eventId: string }[];
  };
}

/** 决算: the year's final figures; ex-post evaluation starts from here. */
export interface BudgetExecutionClosed {
  type: 'BudgetExecutionClosed';
  data: {
    proCode: string;
    fiscalYear: number;
    initialApprovedFen: number;
    inYearAdjustmentFen: number;
    adjustedBudgetFen: number;
    executedFen: number;
    recoveredFen: number;
    carryOverFen: number;
    balanceFen: number;
  };
}

export type FundingEvent =
  | FundsDisbursed
  | BudgetAdjusted
  | FundDisbursementSuspended
  | FundingStopProposed
  | FundDisbursementStopped
  | FundDisbursementResumed
  | FundsRecoveryProposed
  | FundsRecovered
  | NextYearBudgetReductionProposed
  | BudgetExecutionClosed;

export const fundingStream = (proCode: string, fiscalYear: number) => `funding-${proCode}-${fiscalYear}`;
