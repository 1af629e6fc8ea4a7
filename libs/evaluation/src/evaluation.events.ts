// The contracts of ex-post evaluation (domain.md §4 steps 13–17). Two streams per project and fiscal year:
//   `evaluation-{proCode}-{fiscalYear}`      单位自评: submission, competent-department review, 审核备案 filing,
//                                            抽查复核 spot-check with its discrepancy flag (乳发〔2020〕3号 三(四)1);
//   `keyevaluation-{proCode}-{fiscalYear}`  重点评价: third-party commission, report, completion (三(四)2).
// Types are never renamed; a changed shape gets a new schemaVersion and an upcaster.
import type { Comparator, Direction, Tier1, Tier2 } from '../../projects/src/project.events.js';
import type { Grade } from '../../rule-sets/src/rule-set.js';
import type { Attainment } from '../../rule-sets/src/scoring.js';

/** An event of another stream this one rests on. */
export interface EventRef {
  stream: string;
  eventId: string;
}

/** One indicator of the target version in force, as evaluated: the target beside the result and its score. */
export interface EvaluatedIndicator {
  kpiId: string;
  tier1: Tier1;
  tier2: Tier2;
  name: string;
  comparator: Comparator;
  targetValue: string;
  unit?: string;
  direction: Direction;
  weight: number;
  /** Quantitative indicators: the year's actual value, a decimal string. */
  actualValue?: string;
  /** Qualitative indicators: the band the evaluator chose. */
  attainment?: Attainment;
  score: number;
  deviationAnalysis?: string;
}

/** 单位自评, scored against the target version in force at year end (invariant 9). */
export interface SelfEvaluationSubmitted {
  type: 'SelfEvaluationSubmitted';
  data: {
    proCode: string;
    fiscalYear: number;
    deptCode: string;
    unitCode?: string;
    targetVersion: number;
    annualObjective: string;
    annualObjectiveNarrative: string;
    /** 决算 figures of BudgetExecutionClosed; executionRate in per cent, 2 decimals. */
    budget: { adjustedBudgetFen: number; executedFen: number; executionRate: number };
    indicators: EvaluatedIndicator[];
    executionPoints: number;
    indicatorPoints: number;
    totalScore: number;
    grade: Grade;
    ruleSetVersion: string;
    /** The execution closure and the event that put the target version in force. */
    basisEvents: EventRef[];
  };
}

/** The competent department (主管部门) scores and opines on the submission (deptScore, 处理意见). */
export interface SelfEvaluationReviewedByCompetentDepartment {
  type: 'SelfEvaluationReviewedByCompetentDepartment';
  data: {
    proCode: string;
    fiscalYear: number;
    deptCode: string;
    submissionEventId: string;
    deptScore: number;
    deptGrade: Grade;
    opinion: string;
    ruleSetVersion: string;
  };
}

/** 审核备案 by finance: the submission becomes final; no correction after it. */
export interface SelfEvaluationFiled {
  type: 'SelfEvaluationFiled';
  data: { proCode: string; fiscalYear: number; submissionEventId: string; totalScore: number; grade: Grade; opinion: string };
}

export type CommissionScope = 'SPOT_CHECK' | 'KEY_EVALUATION';

/**
 * Finance engages a third party (第三方机构): SPOT_CHECK on the evaluation stream, KEY_EVALUATION on the key-evaluation
 * stream. The conflict-of-interest declaration is required by 财预〔2021〕6号 quality control.
 */
export interface ThirdPartyCommissioned {
  type: 'ThirdPartyCommissioned';
  data: {
    proCode: string;
    fiscalYear: number;
    commissionId: string;
    scope: CommissionScope;
    institutionId: string;
    institutionName: string;
    contractRef: string;
    feeFen?: number;
    conflictDeclarationRef: string;
    dueDate?: string;
  };
}

export interface IndicatorAdjustment {
  kpiId: string;
  selfScore: number;
  reviewScore: number;
  /** The value the reviewer verified, when it differs from the reported actual (e.g. 71 against a claimed 92). */
  verifiedValue?: string;
  reason: string;
}

/** 抽查复核 of a filed self-evaluation, by finance or under a SPOT_CHECK commission (invariant 10). */
export interface SpotCheckReviewed {
  type: 'SpotCheckReviewed';
  data: {
    proCode: string;
    fiscalYear: number;
    reviewer: 'FINANCE' | 'THIRD_PARTY';
    institutionId?: string;
    commissionId?: string;
    submissionEventId: string;
    selfScore: number;
    reviewScore: number;
    reviewGrade: Grade;
    indicatorAdjustments: IndicatorAdjustment[];
    findings: string[];
    ruleSetVersion: string;
  };
}

/** Derived in the spot-check's append when self and review scores differ a lot (自评和抽评结果差异较大). */
export interface SelfEvaluationDiscrepancyFlagged {
  type: 'SelfEvaluationDiscrepancyFlagged';
  data: {
    proCode: string;
    fiscalYear: number;
    selfScore: number;
    reviewScore: number;
    /** selfScore − reviewScore: positive when the self-evaluation claimed more than the review found. */
    delta: number;
    selfGrade: Grade;
    reviewGrade: Grade;
    /** Which rule of the rule set fired; both may. */
    reasons: ('SCORE_DELTA' | 'GRADE_CHANGE')[];
    submissionEventId: string;
    ruleSetVersion: string;
  };
}

export type KeyEvaluationDimension = 'DECISION' | 'PROCESS' | 'OUTPUT' | 'BENEFIT';

/** 重点评价 report of a commissioned third party, scored on the framework decision / process / output / benefit. */
export interface KeyEvaluationReportSubmitted {
  type: 'KeyEvaluationReportSubmitted';
  data: {
    proCode: string;
    fiscalYear: number;
    reportId: string;
    commissionId: string;
    institutionId: string;
    institutionName: string;
    frameworkScores: Record<KeyEvaluationDimension, number>;
    frameworkMaxScores: Record<KeyEvaluationDimension, number>;
    totalScore: number;
    grade: Grade;
    findings: string[];
    recommendations: string[];
    reportRef: string;
    ruleSetVersion: string;
  };
}

/** Finance accepts a report; the final score is the report's unless finance gives a reason to differ. */
export interface KeyEvaluationCompleted {
  type: 'KeyEvaluationCompleted';
  data: {
    proCode: string;
    fiscalYear: number;
    acceptedReportEventId: string;
    reportId: string;
    institutionId: string;
    reportScore: number;
    reportGrade: Grade;
    finalScore: number;
    finalGrade: Grade;
    adjustmentReason?: string;
    opinion: string;
    ruleSetVersion: string;
  };
}

export type EvaluationEvent =
  | SelfEvaluationSubmitted
  | SelfEvaluationReviewedByCompetentDepartment
  | SelfEvaluationFiled
  | ThirdPartyCommissioned
  | SpotCheckReviewed
  | SelfEvaluationDiscrepancyFlagged;

export type KeyEvaluationEvent = ThirdPartyCommissioned | KeyEvaluationReportSubmitted | KeyEvaluationCompleted;

export type EvaluationEventType = EvaluationEvent['type'] | KeyEvaluationEvent['type'];

export const evaluationStream = (proCode: string, fiscalYear: number) => `evaluation-${proCode}-${fiscalYear}`;
export const keyEvaluationStream = (proCode: string, fiscalYear: number) => `keyevaluation-${proCode}-${fiscalYear}`;
