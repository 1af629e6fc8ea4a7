// The contracts of results application (结果应用, seed 三(五) and 五(四); domain.md §4 step 18):
// per project and evaluated year `results-{proCode}-{fiscalYear}`, and per fiscal year the disclosure register
// `disclosure-{fiscalYear}` and the 人大 package `congress-{fiscalYear}` (domain.md §8 item 8).
import type { Grade } from '../../rule-sets/src/rule-set.js';
import type { BasisEventRef } from '../../event-sourcing/src/basis-events.js';

/** Finance tells the department what the evaluation found and what it must do. */
export interface EvaluationResultFedBack {
  type: 'EvaluationResultFedBack';
  data: {
    proCode: string;
    fiscalYear: number;
    feedbackId: string;
    deptCode: string;
    unitCode?: string;
    requiredActions: string[];
    dueDate?: string;
    basisEvents: BasisEventRef[];
  };
}

export type NextYearAdjustmentBasis = 'EVALUATION_GRADE' | 'SLOW_SPENDING' | 'IDLE_BALANCE' | 'COMPETITIVE_ALLOCATION';

/** A finance decision on a later year's budget, never an automatic edit; it cites what it rests on (invariant 11). */
export interface BudgetAdjustedForNextYear {
  type: 'BudgetAdjustedForNextYear';
  data: {
    proCode: string;
    fiscalYear: number;
    adjustmentId: string;
    targetFiscalYear: number;
    baseFen: number;
    /** Negative: a cut. */
    adjustmentFen: number;
    adjustedFen: number;
    direction: 'INCREASE' | 'DECREASE' | 'CANCEL';
    basis: NextYearAdjustmentBasis;
    /** With EVALUATION_GRADE: the grade and the rule set's linkage for it, so a deviation stays visible. */
    grade?: Grade;
    linkagePercent?: number;
    deviationReason?: string;
    reason: string;
    basisEvents: BasisEventRef[];
  };
}

/** 按效付费: a PPP or investment-fund contract's payment for the period follows its performance. */
export interface PerformancePaymentAdjusted {
  type: 'PerformancePaymentAdjusted';
  data: {
    proCode: string;
    fiscalYear: number;
    paymentId: string;
    contractRef: string;
    periodScore: number;
    paymentFactor: number;
    scheduledFen: number;
    payableFen: number;
    basisEvents: BasisEventRef[];
  };
}

export type ResultsEvent = EvaluationResultFedBack | BudgetAdjustedForNextYear | PerformancePaymentAdjusted;

export type ResultsKind = 'TARGETS' | 'EVALUATION_RESULTS' | 'DEPT_OVERALL';

/** Items are project codes, or department codes for DEPT_OVERALL. */
export interface ResultsDisclosed {
  type: 'ResultsDisclosed';
  data: { fiscalYear: number; disclosureId: string; kind: ResultsKind; items: string[]; channel: string; url: string; publishedOn: string };
}

export type DisclosureEvent = ResultsDisclosed;

/** Targets go with the draft budget, evaluation results with the draft final accounts (seed 五(四)). */
export interface ResultsReportedToPeoplesCongress {
  type: 'ResultsReportedToPeoplesCongress';
  data: {
    fiscalYear: number;
    reportId: string;
    kind: ResultsKind;
    items: string[];
    accompanies: 'DRAFT_BUDGET' | 'DRAFT_FINAL_ACCOUNTS';
    submittedOn: string;
    sessionRef?: string;
  };
}

export type CongressEvent = ResultsReportedToPeoplesCongress;

export const resultsStream = (proCode: string, fiscalYear: number) => `results-${proCode}-${fiscalYear}`;
export const disclosureStream = (fiscalYear: number) => `disclosure-${fiscalYear}`;
export const congressStream = (fiscalYear: number) => `congress-${fiscalYear}`;
