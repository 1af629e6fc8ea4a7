// The contract of the project stream `project-{proCode}` (domain.md §4 steps 1–4). Types are never renamed;
// a changed shape gets a new schemaVersion and an upcaster, the stored bytes never change.
import type { ExAnteConclusion, ExAnteDimension, Grade } from '../../rule-sets/src/rule-set.js';

export type ProjectKind = 'PERSONNEL' | 'OPERATING' | 'SPECIFIC_PURPOSE';
export type BudgetBook = 'GENERAL_PUBLIC' | 'GOVERNMENT_FUND' | 'STATE_CAPITAL_OPERATION' | 'SOCIAL_INSURANCE_FUND';
export type FundingArrangement = 'GOVERNMENT_INVESTMENT_FUND' | 'PPP' | 'GOVERNMENT_PROCUREMENT' | 'PURCHASED_SERVICES' | 'GOVERNMENT_DEBT';
export type Tier1 = 'OUTPUT' | 'COST' | 'BENEFIT' | 'SATISFACTION';
export type Tier2 =
  | 'QUANTITY'
  | 'QUALITY'
  | 'TIMELINESS'
  | 'OUTPUT_COST'
  | 'ECONOMIC_COST'
  | 'SOCIAL_COST'
  | 'ECO_ENV_COST'
  | 'ECONOMIC'
  | 'SOCIAL'
  | 'ECOLOGICAL'
  | 'SUSTAINABILITY'
  | 'RECIPIENT_SATISFACTION';
export type Comparator = 'GTE' | 'GT' | 'LTE' | 'LT' | 'EQ' | 'QUALITATIVE';
export type Direction = 'POSITIVE' | 'REVERSE' | 'EQUAL';

export interface PerformanceIndicator {
  kpiId: string;
  tier1: Tier1;
  tier2: Tier2;
  /** Tier 3: the concrete indicator, e.g. 新建高标准农田面积. */
  name: string;
  definition?: string;
  comparator: Comparator;
  /** Decimal string, or text when qualitative. */
  targetValue: string;
  unit?: string;
  direction: Direction;
  weight: number;
  scoringRule: string;
  valueBasis?: { kind: 'PLAN' | 'INDUSTRY' | 'HISTORICAL' | 'PRIOR_YEAR' | 'OTHER'; text: string };
}

export interface BudgetProjectDeclared {
  type: 'BudgetProjectDeclared';
  data: {
    proCode: string;
    proName: string;
    mofDivCode: string;
    deptCode: string;
    deptName: string;
    unitCode?: string;
    unitName?: string;
    projectKind: ProjectKind;
    budgetBook: BudgetBook;
    fundingArrangements: FundingArrangement[];
    isNew: boolean;
    isMajor: boolean;
    isCrossYear: boolean;
    startYear: number;
    endYear: number;
    fundingPlan: { fiscalYear: number; amountFen: number; fundSource?: string }[];
    totalAmountFen: number;
    policyBasis: string[];
    implementationPlanRef?: string;
    responsiblePerson: { name: string; title?: string };
  };
}

export interface ExAnteAssessmentCommissioned {
  type: 'ExAnteAssessmentCommissioned';
  data: { proCode: string; commissionId: string; institutionId: string; institutionName: string; contractRef?: string; dueDate?: string };
}

export interface ExAnteAssessmentRecorded {
  type: 'ExAnteAssessmentRecorded';
  data: {
    proCode: string;
    assessmentId: string;
    assessorType: 'DEPARTMENT' | 'THIRD_PARTY';
    institutionId?: string;
    commissionId?: string;
    dimensions: { dimension: ExAnteDimension; score: number; maxScore: number; comment?: string }[];
    totalScore: number;
    grade: Grade;
    conclusion: ExAnteConclusion;
    reportRef: string;
  };
}

export interface ExAnteAssessmentReviewed {
  type: 'ExAnteAssessmentReviewed';
  data: { proCode: string; assessmentId: string; outcome: 'PASSED' | 'FAILED'; grade: Grade; opinion: string };
}

export interface PerformanceTargetSet {
  type: 'PerformanceTargetSet';
  data: {
    proCode: string;
    fiscalYear: number;
    version: number;
    overallObjective: string;
    annualObjective: string;
    indicators: PerformanceIndicator[];
    satisfactionExemptionReason?: string;
  };
}

export interface PerformanceTargetReviewed {
  type: 'PerformanceTargetReviewed';
  data: {
    proCode: string;
    fiscalYear: number;
    version: number;
    outcome: 'PASSED' | 'RETURNED';
    checks: { formatCompliant: boolean; complete: boolean; matchesFunding: boolean };
    opinion: string;
  };
}

export interface ProjectAdmittedToLibrary {
  type: 'ProjectAdmittedToLibrary';
  data: { proCode: string; fiscalYear: number; targetVersion: number; libraryBatch?: string; exAnteAssessmentId?: string };
}

export type LibraryRejectionReason = 'NO_EX_ANTE' | 'EX_ANTE_FAILED' | 'TARGETS_NONCOMPLIANT' | 'OTHER';

export interface ProjectRejectedFromLibrary {
  type: 'ProjectRejectedFromLibrary';
  data: { proCode: string; reason: LibraryRejectionReason; detail: string };
}

export interface ProjectIncludedInBudgetDraft {
  type: 'ProjectIncludedInBudgetDraft';
  data: { proCode: string; fiscalYear: number; budgetBook: BudgetBook; requestedFen: number; proposedFen: number; targetVersion: number };
}

export interface BudgetAndTargetsApproved {
  type: 'BudgetAndTargetsApproved';
  data: { proCode: string; fiscalYear: number; approvedFen: number; targetVersion: number; approvalDocNo: string; peoplesCongressSessionRef?: string };
}

export type TargetRevisionReason = 'POLICY_CHANGE' | 'EMERGENCY' | 'BUDGET_ADJUSTMENT' | 'OTHER';

/** During execution the department asks to revise the approved targets (domain.md §4 step 11). */
export interface PerformanceTargetRevisionRequested {
  type: 'PerformanceTargetRevisionRequested';
  data: {
    proCode: string;
    fiscalYear: number;
    requestId: string;
    fromVersion: number;
    reason: TargetRevisionReason;
    reasonDetail: string;
    overallObjective: string;
    annualObjective: string;
    indicators: PerformanceIndicator[];
    satisfactionExemptionReason?: string;
  };
}

/** Finance approves: a new version in force; the older versions stay in the stream. */
export interface PerformanceTargetRevised {
  type: 'PerformanceTargetRevised';
  data: {
    proCode: string;
    fiscalYear: number;
    requestId: string;
    fromVersion: number;
    toVersion: number;
    reason: TargetRevisionReason;
    changedKpis: { kpiId: string; before?: { targetValue: string; weight: number }; after?: { targetValue: string; weight: number } }[];
    opinion: string;
  };
}

export interface PerformanceTargetRevisionRejected {
  type: 'PerformanceTargetRevisionRejected';
  data: { proCode: string; fiscalYear: number; requestId: string; opinion: string };
}

/** 清理退出: an expired or low-performing project leaves the library (domain.md §4 step 20). */
export interface ProjectTerminated {
  type: 'ProjectTerminated';
  data: { proCode: string; reason: 'EXPIRED' | 'LOW_PERFORMANCE' | 'COMPLETED' | 'DUPLICATED'; detail: string; effectiveOn: string; basisEvents: { stream: string; eventId: string }[] };
}

export type ProjectEvent =
  | BudgetProjectDeclared
  | ExAnteAssessmentCommissioned
  | ExAnteAssessmentRecorded
  | ExAnteAssessmentReviewed
  | PerformanceTargetSet
  | PerformanceTargetReviewed
  | ProjectAdmittedToLibrary
  | ProjectRejectedFromLibrary
  | ProjectIncludedInBudgetDraft
  | BudgetAndTargetsApproved
  | PerformanceTargetRevisionRequested
  | PerformanceTargetRevised
  | PerformanceTargetRevisionRejected
  | ProjectTerminated;

export type ProjectEventType = ProjectEvent['type'];

export const projectStream = (proCode: string) => `project-${proCode}`;
