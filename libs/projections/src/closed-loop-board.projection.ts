// The closed-loop board (domain.md §8 item 2): per project and fiscal year, every step of the loop of §4 —
// done, in progress, missing, overdue, refused or not applicable — with the date it got there, a short detail
// and the events it rests on. Key `{proCode}:{fiscalYear}`; the declaration creates one document for each year
// of its funding plan, and no other event creates one.
//
// The document keeps the facts it has seen (`facts`) and derives the steps from them after every event, so a
// step's rule reads in one place (deriveSteps) and a later event can revise an earlier step's reading.
//
// STATUS RULES
// The board has no clock: a projection is a pure function of the log, and a replay years later must give the
// same board. So OVERDUE comes only from recorded facts (the deadline watcher's RectificationOverdue, a
// circulated notice for a self-evaluation not submitted), and a step not yet recorded is MISSING whether it is
// late or simply not due yet; overallStatus tells the two apart only where the log does (see below).
//   DECLARATION          DONE on the declaration.
//   EX_ANTE_ASSESSMENT   the latest assessment decides: review FAILED, or reviewed as POOR → REFUSED (invariant 1
//                        blocks the project until a new assessment passes); PASSED → DONE; recorded but not reviewed,
//                        or only commissioned → IN_PROGRESS. None recorded: MISSING when the default rule set v1
//                        requires one (isNew && isMajor), else NOT_APPLICABLE — also NOT_APPLICABLE when the project
//                        was admitted to the library without one (the write side judged it not required).
//   TARGETS              the latest target version set before approval: PASSED → DONE ('v2 passed; v1 returned'),
//                        SUBMITTED or RETURNED (awaiting a new version) → IN_PROGRESS, none → MISSING.
//   LIBRARY              admitted → DONE; rejected → REFUSED (P5); else MISSING. Admission and rejection are
//                        project-wide: they reach every plan year from the year they name or happened in.
//   BUDGET_APPROVAL      approved → DONE (amount and target version); in the budget draft → IN_PROGRESS; else MISSING.
//   Once the library refused the project (and no budget was approved), every later step that has no record of its
//   own is NOT_APPLICABLE ('not reached'): the loop ended there.
//   DISBURSEMENT         execution closed, or the adjusted budget fully paid → DONE; some paid → IN_PROGRESS; none → MISSING.
//   MONITORING           every task that names the project answered and at least one snapshot or key monitoring
//                        → DONE (with the project light); a named task unanswered → IN_PROGRESS, MISSING once the
//                        year is closed (snapshots only while executing); nothing → MISSING.
//   RECTIFICATION        NOT_APPLICABLE until a case exists; OVERDUE while a case that went overdue is not closed;
//                        DONE when all cases are closed; else IN_PROGRESS.
//   FUNDING_CONTROL      NOT_APPLICABLE unless disbursement was suspended or stopped, funds recovered or proposed
//                        for recovery or stop, or next year's budget proposed or decided for a cut on slow spending
//                        or idle balances (§4 steps 10 and 12); IN_PROGRESS while the gate is closed before the year
//                        closes, or a stop or recovery proposal awaits its second officer; else DONE with the
//                        intervals ('SUSPENDED 2024-09-05 → 2024-10-20').
//   TARGET_REVISION      NOT_APPLICABLE unless requested; a request pending → IN_PROGRESS; decided → DONE. A rejected
//                        revision leaves the approved targets in force, so it is DONE with the rejection in its detail:
//                        REFUSED is kept for refusals that stop the loop.
//   EXECUTION_CLOSED     closed → DONE with the executed share of the adjusted budget; else MISSING.
//   SELF_EVALUATION      submitted → DONE with score and grade (the competent department's score beside it); a
//                        circulated notice NOT_SUBMITTED naming the project and no submission → OVERDUE; else MISSING.
//   FILING               filed → DONE; submitted but not filed → IN_PROGRESS; else MISSING.
//   SPOT_CHECK           a sample: reviewed → DONE (with the discrepancy flag); commissioned → IN_PROGRESS; else
//                        NOT_APPLICABLE (not sampled).
//   KEY_EVALUATION       selected projects only: completed → DONE; commissioned or reported → IN_PROGRESS; else NOT_APPLICABLE.
//   RESULTS_APPLICATION  feedback, a next-year budget decision on the evaluation (EVALUATION_GRADE or
//                        COMPETITIVE_ALLOCATION) or a performance payment adjustment → DONE; else MISSING.
//   DISCLOSURE           evaluation results published → DONE; only targets published → IN_PROGRESS; else MISSING.
//   PEOPLES_CONGRESS_REPORT  evaluation results reported to the 人大 → DONE; only targets → IN_PROGRESS; else MISSING.
//   ACCOUNTABILITY       referred → DONE; an audit finding of falsification, severe divergence or non-rectification
//                        without a referral → MISSING (grounds recorded, no referral); else NOT_APPLICABLE.
//   A project terminated in an earlier year: the MISSING steps of this year are NOT_APPLICABLE.
//
// currentStage: EX_ANTE until the budget is approved, IN_PROCESS until execution is closed, then EX_POST.
// overallStatus, worst first: OVERDUE (any step overdue) > REFUSED > MISSING > IN_PROGRESS > DONE, where a MISSING
// step counts only when the log proves it was skipped: its stage is behind currentStage, a later step of the
// core sequence (declaration, targets, library, approval, closing, self-evaluation, filing) is recorded, or its
// grounds are recorded (accountability). DONE: every applicable step done. IN_PROGRESS: nothing wrong, not done.
import type { ProjectedEvent, Projection, ReadDocument } from '../../read-store/src/projection.js';
import type {
  AccountabilityGrounds,
  AccountabilityReferred,
  AuditFindingCategory,
  AuditFindingRecorded,
  CirculationNoticeIssued,
  CirculationReason,
  ReferredTo,
} from '../../accountability/src/accountability.events.js';
import type {
  KeyEvaluationCompleted,
  KeyEvaluationReportSubmitted,
  SelfEvaluationDiscrepancyFlagged,
  SelfEvaluationFiled,
  SelfEvaluationReviewedByCompetentDepartment,
  SelfEvaluationSubmitted,
  SpotCheckReviewed,
  ThirdPartyCommissioned,
} from '../../evaluation/src/evaluation.events.js';
import type {
  BudgetAdjusted,
  BudgetExecutionClosed,
  FundDisbursementResumed,
  FundDisbursementStopped,
  FundDisbursementSuspended,
  FundingControlBasis,
  FundingStopProposed,
  FundsDisbursed,
  FundsRecovered,
  FundsRecoveryProposed,
  NextYearBudgetReductionProposed,
} from '../../funding/src/funding.events.js';
import type { DeviationFlagged, KeyMonitoringConducted, MonitoringSnapshotRecorded, MonitoringTaskIssued } from '../../monitoring/src/monitoring.events.js';
import type {
  BudgetAndTargetsApproved,
  BudgetProjectDeclared,
  ExAnteAssessmentCommissioned,
  ExAnteAssessmentRecorded,
  ExAnteAssessmentReviewed,
  LibraryRejectionReason,
  PerformanceTargetReviewed,
  PerformanceTargetRevised,
  PerformanceTargetRevisionRejected,
  PerformanceTargetRevisionRequested,
  PerformanceTargetSet,
  ProjectAdmittedToLibrary,
  ProjectIncludedInBudgetDraft,
  ProjectRejectedFromLibrary,
  ProjectTerminated,
  TargetRevisionReason,
} from '../../projects/src/project.events.js';
import { businessDate } from '../../event-sourcing/src/business-date.js';
import type { RectificationNoticeIssued, RectificationOrigin, RectificationRejected } from '../../rectification/src/rectification.events.js';
import type { BudgetAdjustedForNextYear, EvaluationResultFedBack, PerformancePaymentAdjusted, ResultsDisclosed, ResultsKind, ResultsReportedToPeoplesCongress } from '../../results/src/results.events.js';
import { DEFAULT_RULE_SET, type ExAnteConclusion, type Grade, type WarningLight, requiresExAnte, round2 } from '../../rule-sets/src/rule-set.js';

export type BoardStage = 'EX_ANTE' | 'IN_PROCESS' | 'EX_POST';
export type StepStatus = 'DONE' | 'IN_PROGRESS' | 'MISSING' | 'OVERDUE' | 'REFUSED' | 'NOT_APPLICABLE';
export type BoardStepName =
  | 'DECLARATION'
  | 'EX_ANTE_ASSESSMENT'
  | 'TARGETS'
  | 'LIBRARY'
  | 'BUDGET_APPROVAL'
  | 'DISBURSEMENT'
  | 'MONITORING'
  | 'RECTIFICATION'
  | 'FUNDING_CONTROL'
  | 'TARGET_REVISION'
  | 'EXECUTION_CLOSED'
  | 'SELF_EVALUATION'
  | 'FILING'
  | 'SPOT_CHECK'
  | 'KEY_EVALUATION'
  | 'RESULTS_APPLICATION'
  | 'DISCLOSURE'
  | 'PEOPLES_CONGRESS_REPORT'
  | 'ACCOUNTABILITY';

/** The steps in the order of domain.md §4, each with its stage. */
export const BOARD_STEPS: readonly { step: BoardStepName; stage: BoardStage }[] = [
  { step: 'DECLARATION', stage: 'EX_ANTE' },
  { step: 'EX_ANTE_ASSESSMENT', stage: 'EX_ANTE' },
  { step: 'TARGETS', stage: 'EX_ANTE' },
  { step: 'LIBRARY', stage: 'EX_ANTE' },
  { step: 'BUDGET_APPROVAL', stage: 'EX_ANTE' },
  { step: 'DISBURSEMENT', stage: 'IN_PROCESS' },
  { step: 'MONITORING', stage: 'IN_PROCESS' },
  { step: 'RECTIFICATION', stage: 'IN_PROCESS' },
  { step: 'FUNDING_CONTROL', stage: 'IN_PROCESS' },
  { step: 'TARGET_REVISION', stage: 'IN_PROCESS' },
  { step: 'EXECUTION_CLOSED', stage: 'EX_POST' },
  { step: 'SELF_EVALUATION', stage: 'EX_POST' },
  { step: 'FILING', stage: 'EX_POST' },
  { step: 'SPOT_CHECK', stage: 'EX_POST' },
  { step: 'KEY_EVALUATION', stage: 'EX_POST' },
  { step: 'RESULTS_APPLICATION', stage: 'EX_POST' },
  { step: 'DISCLOSURE', stage: 'EX_POST' },
  { step: 'PEOPLES_CONGRESS_REPORT', stage: 'EX_POST' },
  { step: 'ACCOUNTABILITY', stage: 'EX_POST' },
];

export interface BoardStep {
  step: BoardStepName;
  stage: BoardStage;
  status: StepStatus;
  /** The business date the step reached its status; null while MISSING, or NOT_APPLICABLE by the project's flags. */
  on: string | null;
  detail: string;
  /** The events the status rests on. */
  eventIds: string[];
}

/** Where a fact came from: its event and the business date it happened on. */
export interface FactRef {
  eventId: string;
  on: string;
}

export interface BoardFacts {
  declaration: FactRef & { exAnteRequired: boolean };
  exAnte: {
    commissions: (FactRef & { commissionId: string; institutionId: string; institutionName: string })[];
    assessments: (FactRef & {
      assessmentId: string;
      assessorType: 'DEPARTMENT' | 'THIRD_PARTY';
      institutionId: string | null;
      totalScore: number;
      grade: Grade;
      conclusion: ExAnteConclusion;
      review: (FactRef & { outcome: 'PASSED' | 'FAILED'; grade: Grade }) | null;
    })[];
  };
  targets: (FactRef & { version: number; status: 'SUBMITTED' | 'PASSED' | 'RETURNED'; review: (FactRef & { opinion: string }) | null })[];
  library:
    | (FactRef & { status: 'ADMITTED'; fiscalYear: number; targetVersion: number; libraryBatch: string | null })
    | (FactRef & { status: 'REJECTED'; reason: LibraryRejectionReason; detail: string })
    | null;
  draft: (FactRef & { proposedFen: number; targetVersion: number }) | null;
  approval: (FactRef & { approvedFen: number; targetVersion: number; approvalDocNo: string }) | null;
  funding: {
    adjustmentsFen: number;
    disbursements: { eventId: string; amountFen: number; paidOn: string }[];
    recoveries: (FactRef & { proposalId: string; amountFen: number; effectiveOn: string })[];
    gateIntervals: { status: 'SUSPENDED' | 'STOPPED'; from: string; to: string | null; basis: string; eventId: string; endedBy: string | null }[];
    pendingProposals: (FactRef & { kind: 'STOP' | 'RECOVERY'; proposalId: string; amountFen: number | null })[];
    reductions: (FactRef & { proposalId: string; targetFiscalYear: number; proposedReductionFen: number; basis: 'SLOW_SPENDING' | 'IDLE_BALANCE' })[];
    closing: (FactRef & { adjustedBudgetFen: number; executedFen: number; recoveredFen: number; balanceFen: number }) | null;
  };
  monitoring: {
    tasks: (FactRef & { taskId: string; asOfDate: string; dueDate: string; mode: 'SELF' | 'KEY' })[];
    /** One per task and cut-off: a corrected snapshot replaces the one it corrects, with its own project light. */
    snapshots: (FactRef & { taskId: string; asOfDate: string; projectLight: WarningLight | null; lightEventId: string | null })[];
    keyMonitorings: (FactRef & { conductedOn: string; serious: number; minor: number })[];
  };
  rectifications: {
    caseId: string;
    origin: RectificationOrigin;
    deadline: string;
    status: 'OPEN' | 'REPORTED' | 'REJECTED' | 'OVERDUE' | 'CLOSED';
    overdue: boolean;
    overdueOn: string | null;
    closedOn: string | null;
    issued: FactRef;
    last: FactRef;
  }[];
  revisions: {
    requestId: string;
    reason: TargetRevisionReason;
    fromVersion: number;
    toVersion: number | null;
    status: 'REQUESTED' | 'REVISED' | 'REJECTED';
    requested: FactRef;
    decided: FactRef | null;
  }[];
  selfEvaluation:
    | (FactRef & { totalScore: number; grade: Grade; targetVersion: number; corrections: number; review: (FactRef & { deptScore: number; deptGrade: Grade }) | null })
    | null;
  filing: (FactRef & { totalScore: number; grade: Grade }) | null;
  spotCheck: {
    commission: (FactRef & { institutionId: string }) | null;
    review: (FactRef & { reviewer: 'FINANCE' | 'THIRD_PARTY'; institutionId: string | null; selfScore: number; reviewScore: number; reviewGrade: Grade }) | null;
    discrepancy: (FactRef & { delta: number; reasons: ('SCORE_DELTA' | 'GRADE_CHANGE')[] }) | null;
  };
  keyEvaluation: {
    commission: (FactRef & { institutionId: string }) | null;
    report: (FactRef & { reportId: string; institutionId: string; totalScore: number; grade: Grade }) | null;
    completion: (FactRef & { institutionId: string; finalScore: number; finalGrade: Grade }) | null;
  };
  results: {
    feedbacks: (FactRef & { feedbackId: string })[];
    nextYearAdjustments: (FactRef & {
      adjustmentId: string;
      targetFiscalYear: number;
      adjustmentFen: number;
      basis: BudgetAdjustedForNextYear['data']['basis'];
      grade: Grade | null;
      linkagePercent: number | null;
      basisEventIds: string[];
    })[];
    payments: (FactRef & { paymentId: string; paymentFactor: number; payableFen: number })[];
  };
  disclosures: (FactRef & { disclosureId: string; kind: ResultsKind; publishedOn: string; channel: string })[];
  congressReports: (FactRef & { reportId: string; kind: ResultsKind; accompanies: 'DRAFT_BUDGET' | 'DRAFT_FINAL_ACCOUNTS'; submittedOn: string })[];
  notices: (FactRef & { noticeId: string; docNo: string; reasons: CirculationReason[] })[];
  auditFindings: (FactRef & { findingId: string; category: AuditFindingCategory })[];
  referrals: (FactRef & { referralId: string; grounds: AccountabilityGrounds; referredTo: ReferredTo; byRole: string })[];
  termination: (FactRef & { reason: ProjectTerminated['data']['reason']; effectiveOn: string }) | null;
}

export interface ClosedLoopBoardDocument extends ReadDocument {
  proCode: string;
  proName: string;
  deptCode: string;
  deptName: string;
  /** null for a department's own project: an index field, so never absent. */
  unitCode: string | null;
  fiscalYear: number;
  isNew: boolean;
  isMajor: boolean;
  /** This year's amount in the declared funding plan. */
  amountFen: number;
  /** The approved budget of the year; null until approved. */
  approvedFen: number | null;
  steps: BoardStep[];
  currentStage: BoardStage;
  overallStatus: Exclude<StepStatus, 'NOT_APPLICABLE'>;
  /** Any step OVERDUE. */
  overdue: boolean;
  counters: {
    steps: Record<StepStatus, number>;
    rectificationCases: number;
    openRectificationCases: number;
    circulatedNotices: number;
    accountabilityReferrals: number;
  };
  facts: BoardFacts;
}

/**
 * keys() sees only the event, and the declaration is the only event that lists a project's plan years. A
 * project-wide event that names no year (ex-ante, library rejection, termination, a referral) reaches every year
 * of this horizon from (or, for referrals and audit findings, up to) the year it implies; the years that have no
 * document stay without one, since only a declaration creates documents.
 */
const HORIZON_YEARS = 10;

const boardKey = (proCode: string, fiscalYear: number) => `${proCode}:${fiscalYear}`;
const yearsFrom = (first: number) => Array.from({ length: HORIZON_YEARS }, (_, i) => first + i);
const yearsUpTo = (last: number) => Array.from({ length: HORIZON_YEARS }, (_, i) => last - HORIZON_YEARS + 1 + i);
const happenedOn = (event: ProjectedEvent) => businessDate(event.metadata.occurredAt);
const happenedInYear = (event: ProjectedEvent) => Number(happenedOn(event).slice(0, 4));

/** Per-project-year streams name their year last: `evaluation-371083-2024-D102-003-2024`. */
const PROJECT_YEAR_STREAM = /^(?:evaluation|keyevaluation|funding|monitoring|results)-(.+)-(\d{4})$/;

/** The years a referral's cited events belong to, when they are the project's per-year streams. */
function citedYears(proCode: string, basisEvents: { stream: string }[]): number[] {
  const years = new Set<number>();
  for (const { stream } of basisEvents) {
    const match = PROJECT_YEAR_STREAM.exec(stream);
    if (match && match[1] === proCode) years.add(Number(match[2]));
  }
  return [...years];
}

/** Events keyed by the project and year in their data, or in their subject (a rectification case's later events). */
const PER_YEAR_TYPES = new Set([
  'PerformanceTargetSet',
  'PerformanceTargetReviewed',
  'ProjectIncludedInBudgetDraft',
  'BudgetAndTargetsApproved',
  'PerformanceTargetRevisionRequested',
  'PerformanceTargetRevised',
  'PerformanceTargetRevisionRejected',
  'FundsDisbursed',
  'BudgetAdjusted',
  'FundDisbursementSuspended',
  'FundingStopProposed',
  'FundDisbursementStopped',
  'FundDisbursementResumed',
  'FundsRecoveryProposed',
  'FundsRecovered',
  'NextYearBudgetReductionProposed',
  'BudgetExecutionClosed',
  'MonitoringSnapshotRecorded',
  'KeyMonitoringConducted',
  'RectificationNoticeIssued',
  'RectificationReported',
  'RectificationAccepted',
  'RectificationRejected',
  'RectificationOverdue',
  'SelfEvaluationSubmitted',
  'SelfEvaluationReviewedByCompetentDepartment',
  'SelfEvaluationFiled',
  'ThirdPartyCommissioned',
  'SpotCheckReviewed',
  'SelfEvaluationDiscrepancyFlagged',
  'KeyEvaluationReportSubmitted',
  'KeyEvaluationCompleted',
  'EvaluationResultFedBack',
  'BudgetAdjustedForNextYear',
  'PerformancePaymentAdjusted',
]);

function keysOf(event: ProjectedEvent): string[] {
  const data = event.data;
  switch (event.type) {
    case 'BudgetProjectDeclared': {
      const d = data as BudgetProjectDeclared['data'];
      return d.fundingPlan.map((p) => boardKey(d.proCode, p.fiscalYear));
    }
    case 'ExAnteAssessmentCommissioned':
    case 'ExAnteAssessmentRecorded':
    case 'ExAnteAssessmentReviewed':
    case 'ProjectRejectedFromLibrary':
      return yearsFrom(happenedInYear(event)).map((y) => boardKey(String(data.proCode), y));
    case 'ProjectAdmittedToLibrary': {
      const d = data as ProjectAdmittedToLibrary['data'];
      return yearsFrom(d.fiscalYear).map((y) => boardKey(d.proCode, y));
    }
    case 'ProjectTerminated': {
      const d = data as ProjectTerminated['data'];
      return yearsFrom(Number(d.effectiveOn.slice(0, 4))).map((y) => boardKey(d.proCode, y));
    }
    case 'MonitoringTaskIssued': {
      // A task scoped by department names no project: its projects learn of it from their snapshots.
      const d = data as MonitoringTaskIssued['data'];
      return (d.scope.proCodes ?? []).map((p) => boardKey(p, d.fiscalYear));
    }
    case 'DeviationFlagged': {
      // The board shows the project light only; the budget and indicator lights are the warning board's.
      const d = data as DeviationFlagged['data'];
      return d.metric === 'PROJECT' ? [boardKey(d.proCode, d.fiscalYear)] : [];
    }
    case 'ResultsDisclosed':
    case 'ResultsReportedToPeoplesCongress': {
      const d = data as ResultsDisclosed['data'] | ResultsReportedToPeoplesCongress['data'];
      return d.kind === 'DEPT_OVERALL' ? [] : d.items.map((p) => boardKey(p, d.fiscalYear));
    }
    case 'CirculationNoticeIssued': {
      const d = data as CirculationNoticeIssued['data'];
      return d.subjects.flatMap((s) => (s.proCode ? [boardKey(s.proCode, d.fiscalYear)] : []));
    }
    case 'AuditFindingRecorded': {
      const d = data as AuditFindingRecorded['data'];
      if (!d.proCode) return [];
      const year = d.fiscalYear ?? event.subject.fiscalYear;
      return year !== undefined ? [boardKey(d.proCode, year)] : yearsUpTo(happenedInYear(event)).map((y) => boardKey(d.proCode as string, y));
    }
    case 'AccountabilityReferred': {
      const d = data as AccountabilityReferred['data'];
      if (!d.proCode) return [];
      const proCode = d.proCode;
      if (event.subject.fiscalYear !== undefined) return [boardKey(proCode, event.subject.fiscalYear)];
      const cited = citedYears(proCode, d.basisEvents);
      return (cited.length ? cited : yearsUpTo(happenedInYear(event))).map((y) => boardKey(proCode, y));
    }
    default: {
      if (!PER_YEAR_TYPES.has(event.type)) return [];
      const proCode = typeof data.proCode === 'string' ? data.proCode : event.subject.proCode;
      const fiscalYear = typeof data.fiscalYear === 'number' ? data.fiscalYear : event.subject.fiscalYear;
      return proCode !== undefined && fiscalYear !== undefined ? [boardKey(proCode, fiscalYear)] : [];
    }
  }
}

/** Replaces the entry a correction names, or the entry with the same business id, in place; else appends. */
function upsert<T extends { eventId: string }>(list: T[], entry: T, same: (existing: T) => boolean, supersedes?: string): T[] {
  const index = list.findIndex((existing) => (supersedes !== undefined && existing.eventId === supersedes) || same(existing));
  return index < 0 ? [...list, entry] : list.map((existing, i) => (i === index ? entry : existing));
}

function basisText(basis: FundingControlBasis): string {
  return basis.kind === 'RECTIFICATION_CASE' ? `${basis.caseId} ${basis.caseStatus}` : `SERIOUS finding of ${basis.stream}`;
}

/** The facts after one event; the same object when the event changes nothing the board shows. */
function evolveFacts(facts: BoardFacts, event: ProjectedEvent): BoardFacts {
  const ref: FactRef = { eventId: event.metadata.eventId, on: happenedOn(event) };
  const supersedes = event.metadata.supersedes;
  const data = event.data;
  switch (event.type) {
    case 'ExAnteAssessmentCommissioned': {
      const d = data as ExAnteAssessmentCommissioned['data'];
      const commission = { ...ref, commissionId: d.commissionId, institutionId: d.institutionId, institutionName: d.institutionName };
      return { ...facts, exAnte: { ...facts.exAnte, commissions: upsert(facts.exAnte.commissions, commission, (c) => c.commissionId === d.commissionId) } };
    }
    case 'ExAnteAssessmentRecorded': {
      const d = data as ExAnteAssessmentRecorded['data'];
      const assessment = {
        ...ref,
        assessmentId: d.assessmentId,
        assessorType: d.assessorType,
        institutionId: d.institutionId ?? null,
        totalScore: d.totalScore,
        grade: d.grade,
        conclusion: d.conclusion,
        review: null,
      };
      return { ...facts, exAnte: { ...facts.exAnte, assessments: upsert(facts.exAnte.assessments, assessment, (a) => a.assessmentId === d.assessmentId) } };
    }
    case 'ExAnteAssessmentReviewed': {
      const d = data as ExAnteAssessmentReviewed['data'];
      const assessments = facts.exAnte.assessments.map((a) => (a.assessmentId === d.assessmentId ? { ...a, review: { ...ref, outcome: d.outcome, grade: d.grade } } : a));
      return { ...facts, exAnte: { ...facts.exAnte, assessments } };
    }
    case 'PerformanceTargetSet': {
      const d = data as PerformanceTargetSet['data'];
      return { ...facts, targets: upsert(facts.targets, { ...ref, version: d.version, status: 'SUBMITTED' as const, review: null }, (t) => t.version === d.version) };
    }
    case 'PerformanceTargetReviewed': {
      const d = data as PerformanceTargetReviewed['data'];
      const targets = facts.targets.map((t) =>
        t.version === d.version ? { ...t, status: d.outcome === 'PASSED' ? ('PASSED' as const) : ('RETURNED' as const), review: { ...ref, opinion: d.opinion } } : t,
      );
      return { ...facts, targets };
    }
    case 'ProjectAdmittedToLibrary': {
      const d = data as ProjectAdmittedToLibrary['data'];
      return { ...facts, library: { ...ref, status: 'ADMITTED', fiscalYear: d.fiscalYear, targetVersion: d.targetVersion, libraryBatch: d.libraryBatch ?? null } };
    }
    case 'ProjectRejectedFromLibrary': {
      const d = data as ProjectRejectedFromLibrary['data'];
      return { ...facts, library: { ...ref, status: 'REJECTED', reason: d.reason, detail: d.detail } };
    }
    case 'ProjectIncludedInBudgetDraft': {
      const d = data as ProjectIncludedInBudgetDraft['data'];
      return { ...facts, draft: { ...ref, proposedFen: d.proposedFen, targetVersion: d.targetVersion } };
    }
    case 'BudgetAndTargetsApproved': {
      const d = data as BudgetAndTargetsApproved['data'];
      return { ...facts, approval: { ...ref, approvedFen: d.approvedFen, targetVersion: d.targetVersion, approvalDocNo: d.approvalDocNo } };
    }
    case 'PerformanceTargetRevisionRequested': {
      const d = data as PerformanceTargetRevisionRequested['data'];
      const revision = { requestId: d.requestId, reason: d.reason, fromVersion: d.fromVersion, toVersion: null, status: 'REQUESTED' as const, requested: ref, decided: null };
      const kept = facts.revisions.filter((r) => r.requestId !== d.requestId);
      return { ...facts, revisions: [...kept, revision] };
    }
    case 'PerformanceTargetRevised': {
      const d = data as PerformanceTargetRevised['data'];
      const known = facts.revisions.some((r) => r.requestId === d.requestId);
      const decided = { requestId: d.requestId, reason: d.reason, fromVersion: d.fromVersion, toVersion: d.toVersion, status: 'REVISED' as const, decided: ref };
      const revisions = known
        ? facts.revisions.map((r) => (r.requestId === d.requestId ? { ...r, ...decided } : r))
        : [...facts.revisions, { ...decided, requested: ref }];
      return { ...facts, revisions };
    }
    case 'PerformanceTargetRevisionRejected': {
      const d = data as PerformanceTargetRevisionRejected['data'];
      return { ...facts, revisions: facts.revisions.map((r) => (r.requestId === d.requestId ? { ...r, status: 'REJECTED' as const, decided: ref } : r)) };
    }
    case 'ProjectTerminated': {
      const d = data as ProjectTerminated['data'];
      return { ...facts, termination: { ...ref, reason: d.reason, effectiveOn: d.effectiveOn } };
    }
    case 'FundsDisbursed': {
      const d = data as FundsDisbursed['data'];
      // A correction (metadata.supersedes) replaces the payment it names.
      const payment = { eventId: ref.eventId, amountFen: d.amountFen, paidOn: d.paidOn };
      return { ...facts, funding: { ...facts.funding, disbursements: upsert(facts.funding.disbursements, payment, () => false, supersedes) } };
    }
    case 'BudgetAdjusted': {
      const d = data as BudgetAdjusted['data'];
      return { ...facts, funding: { ...facts.funding, adjustmentsFen: facts.funding.adjustmentsFen + d.deltaFen } };
    }
    case 'FundDisbursementSuspended': {
      const d = data as FundDisbursementSuspended['data'];
      const interval = { status: 'SUSPENDED' as const, from: d.effectiveOn, to: null, basis: basisText(d.basis), eventId: ref.eventId, endedBy: null };
      return { ...facts, funding: { ...facts.funding, gateIntervals: [...facts.funding.gateIntervals, interval] } };
    }
    case 'FundingStopProposed': {
      const d = data as FundingStopProposed['data'];
      const proposal = { ...ref, kind: 'STOP' as const, proposalId: d.proposalId, amountFen: null };
      return { ...facts, funding: { ...facts.funding, pendingProposals: upsert(facts.funding.pendingProposals, proposal, (p) => p.kind === 'STOP' && p.proposalId === d.proposalId) } };
    }
    case 'FundDisbursementStopped': {
      const d = data as FundDisbursementStopped['data'];
      const closed = closeOpenInterval(facts.funding.gateIntervals, d.effectiveOn, ref.eventId);
      const interval = { status: 'STOPPED' as const, from: d.effectiveOn, to: null, basis: basisText(d.basis), eventId: ref.eventId, endedBy: null };
      const pendingProposals = facts.funding.pendingProposals.filter((p) => !(p.kind === 'STOP' && p.proposalId === d.proposalId));
      return { ...facts, funding: { ...facts.funding, gateIntervals: [...closed, interval], pendingProposals } };
    }
    case 'FundDisbursementResumed': {
      const d = data as FundDisbursementResumed['data'];
      return { ...facts, funding: { ...facts.funding, gateIntervals: closeOpenInterval(facts.funding.gateIntervals, d.effectiveOn, ref.eventId) } };
    }
    case 'FundsRecoveryProposed': {
      const d = data as FundsRecoveryProposed['data'];
      const proposal = { ...ref, kind: 'RECOVERY' as const, proposalId: d.proposalId, amountFen: d.amountFen };
      return {
        ...facts,
        funding: { ...facts.funding, pendingProposals: upsert(facts.funding.pendingProposals, proposal, (p) => p.kind === 'RECOVERY' && p.proposalId === d.proposalId) },
      };
    }
    case 'FundsRecovered': {
      const d = data as FundsRecovered['data'];
      const recovery = { ...ref, proposalId: d.proposalId, amountFen: d.amountFen, effectiveOn: d.effectiveOn };
      const pendingProposals = facts.funding.pendingProposals.filter((p) => !(p.kind === 'RECOVERY' && p.proposalId === d.proposalId));
      return { ...facts, funding: { ...facts.funding, recoveries: upsert(facts.funding.recoveries, recovery, (r) => r.proposalId === d.proposalId), pendingProposals } };
    }
    case 'NextYearBudgetReductionProposed': {
      const d = data as NextYearBudgetReductionProposed['data'];
      const reduction = { ...ref, proposalId: d.proposalId, targetFiscalYear: d.targetFiscalYear, proposedReductionFen: d.proposedReductionFen, basis: d.basis };
      return { ...facts, funding: { ...facts.funding, reductions: upsert(facts.funding.reductions, reduction, (r) => r.proposalId === d.proposalId) } };
    }
    case 'BudgetExecutionClosed': {
      const d = data as BudgetExecutionClosed['data'];
      const closing = { ...ref, adjustedBudgetFen: d.adjustedBudgetFen, executedFen: d.executedFen, recoveredFen: d.recoveredFen, balanceFen: d.balanceFen };
      return { ...facts, funding: { ...facts.funding, closing } };
    }
    case 'MonitoringTaskIssued': {
      const d = data as MonitoringTaskIssued['data'];
      const task = { ...ref, taskId: d.taskId, asOfDate: d.asOfDate, dueDate: d.dueDate, mode: d.mode };
      return { ...facts, monitoring: { ...facts.monitoring, tasks: upsert(facts.monitoring.tasks, task, (t) => t.taskId === d.taskId) } };
    }
    case 'MonitoringSnapshotRecorded': {
      // The lights of this snapshot follow it in the same append; a correction starts from no light.
      const d = data as MonitoringSnapshotRecorded['data'];
      const snapshot = { ...ref, taskId: d.taskId, asOfDate: d.asOfDate, projectLight: null, lightEventId: null };
      const snapshots = upsert(facts.monitoring.snapshots, snapshot, (s) => s.taskId === d.taskId && s.asOfDate === d.asOfDate, supersedes);
      return { ...facts, monitoring: { ...facts.monitoring, snapshots } };
    }
    case 'DeviationFlagged': {
      const d = data as DeviationFlagged['data'];
      const snapshots = facts.monitoring.snapshots.map((s) =>
        s.taskId === d.taskId && s.asOfDate === d.asOfDate ? { ...s, projectLight: d.light, lightEventId: ref.eventId } : s,
      );
      return { ...facts, monitoring: { ...facts.monitoring, snapshots } };
    }
    case 'KeyMonitoringConducted': {
      const d = data as KeyMonitoringConducted['data'];
      const entry = {
        ...ref,
        conductedOn: d.conductedOn,
        serious: d.findings.filter((f) => f.severity === 'SERIOUS').length,
        minor: d.findings.filter((f) => f.severity === 'MINOR').length,
      };
      return { ...facts, monitoring: { ...facts.monitoring, keyMonitorings: [...facts.monitoring.keyMonitorings, entry] } };
    }
    case 'RectificationNoticeIssued': {
      const d = data as RectificationNoticeIssued['data'];
      const rectification = { caseId: d.caseId, origin: d.origin, deadline: d.deadline, status: 'OPEN' as const, overdue: false, overdueOn: null, closedOn: null, issued: ref, last: ref };
      return { ...facts, rectifications: [...facts.rectifications.filter((c) => c.caseId !== d.caseId), rectification] };
    }
    case 'RectificationReported':
    case 'RectificationAccepted':
    case 'RectificationRejected':
    case 'RectificationOverdue': {
      const caseId = String(data.caseId);
      if (!facts.rectifications.some((c) => c.caseId === caseId)) return facts;
      const rectifications = facts.rectifications.map((c) => {
        if (c.caseId !== caseId) return c;
        if (event.type === 'RectificationReported') return { ...c, status: 'REPORTED' as const, last: ref };
        if (event.type === 'RectificationAccepted') return { ...c, status: 'CLOSED' as const, closedOn: ref.on, last: ref };
        if (event.type === 'RectificationRejected') return { ...c, status: 'REJECTED' as const, deadline: (data as RectificationRejected['data']).newDeadline ?? c.deadline, last: ref };
        return { ...c, status: 'OVERDUE' as const, overdue: true, overdueOn: ref.on, last: ref };
      });
      return { ...facts, rectifications };
    }
    case 'SelfEvaluationSubmitted': {
      const d = data as SelfEvaluationSubmitted['data'];
      const corrections = facts.selfEvaluation ? facts.selfEvaluation.corrections + 1 : 0;
      return { ...facts, selfEvaluation: { ...ref, totalScore: d.totalScore, grade: d.grade, targetVersion: d.targetVersion, corrections, review: null } };
    }
    case 'SelfEvaluationReviewedByCompetentDepartment': {
      const d = data as SelfEvaluationReviewedByCompetentDepartment['data'];
      if (!facts.selfEvaluation) return facts;
      return { ...facts, selfEvaluation: { ...facts.selfEvaluation, review: { ...ref, deptScore: d.deptScore, deptGrade: d.deptGrade } } };
    }
    case 'SelfEvaluationFiled': {
      const d = data as SelfEvaluationFiled['data'];
      return { ...facts, filing: { ...ref, totalScore: d.totalScore, grade: d.grade } };
    }
    case 'ThirdPartyCommissioned': {
      const d = data as ThirdPartyCommissioned['data'];
      const commission = { ...ref, institutionId: d.institutionId };
      return d.scope === 'SPOT_CHECK' ? { ...facts, spotCheck: { ...facts.spotCheck, commission } } : { ...facts, keyEvaluation: { ...facts.keyEvaluation, commission } };
    }
    case 'SpotCheckReviewed': {
      const d = data as SpotCheckReviewed['data'];
      const review = { ...ref, reviewer: d.reviewer, institutionId: d.institutionId ?? null, selfScore: d.selfScore, reviewScore: d.reviewScore, reviewGrade: d.reviewGrade };
      return { ...facts, spotCheck: { ...facts.spotCheck, review } };
    }
    case 'SelfEvaluationDiscrepancyFlagged': {
      const d = data as SelfEvaluationDiscrepancyFlagged['data'];
      return { ...facts, spotCheck: { ...facts.spotCheck, discrepancy: { ...ref, delta: d.delta, reasons: d.reasons } } };
    }
    case 'KeyEvaluationReportSubmitted': {
      const d = data as KeyEvaluationReportSubmitted['data'];
      return { ...facts, keyEvaluation: { ...facts.keyEvaluation, report: { ...ref, reportId: d.reportId, institutionId: d.institutionId, totalScore: d.totalScore, grade: d.grade } } };
    }
    case 'KeyEvaluationCompleted': {
      const d = data as KeyEvaluationCompleted['data'];
      return { ...facts, keyEvaluation: { ...facts.keyEvaluation, completion: { ...ref, institutionId: d.institutionId, finalScore: d.finalScore, finalGrade: d.finalGrade } } };
    }
    case 'EvaluationResultFedBack': {
      const d = data as EvaluationResultFedBack['data'];
      return { ...facts, results: { ...facts.results, feedbacks: upsert(facts.results.feedbacks, { ...ref, feedbackId: d.feedbackId }, (f) => f.feedbackId === d.feedbackId) } };
    }
    case 'BudgetAdjustedForNextYear': {
      const d = data as BudgetAdjustedForNextYear['data'];
      const adjustment = {
        ...ref,
        adjustmentId: d.adjustmentId,
        targetFiscalYear: d.targetFiscalYear,
        adjustmentFen: d.adjustmentFen,
        basis: d.basis,
        grade: d.grade ?? null,
        linkagePercent: d.linkagePercent ?? null,
        basisEventIds: d.basisEvents.map((b) => b.eventId),
      };
      const nextYearAdjustments = upsert(facts.results.nextYearAdjustments, adjustment, (a) => a.adjustmentId === d.adjustmentId, supersedes);
      return { ...facts, results: { ...facts.results, nextYearAdjustments } };
    }
    case 'PerformancePaymentAdjusted': {
      const d = data as PerformancePaymentAdjusted['data'];
      const payment = { ...ref, paymentId: d.paymentId, paymentFactor: d.paymentFactor, payableFen: d.payableFen };
      return { ...facts, results: { ...facts.results, payments: upsert(facts.results.payments, payment, (p) => p.paymentId === d.paymentId, supersedes) } };
    }
    case 'ResultsDisclosed': {
      const d = data as ResultsDisclosed['data'];
      const disclosure = { ...ref, disclosureId: d.disclosureId, kind: d.kind, publishedOn: d.publishedOn, channel: d.channel };
      return { ...facts, disclosures: upsert(facts.disclosures, disclosure, (x) => x.disclosureId === d.disclosureId) };
    }
    case 'ResultsReportedToPeoplesCongress': {
      const d = data as ResultsReportedToPeoplesCongress['data'];
      const report = { ...ref, reportId: d.reportId, kind: d.kind, accompanies: d.accompanies, submittedOn: d.submittedOn };
      return { ...facts, congressReports: upsert(facts.congressReports, report, (x) => x.reportId === d.reportId) };
    }
    case 'CirculationNoticeIssued': {
      const d = data as CirculationNoticeIssued['data'];
      return { ...facts, notices: upsert(facts.notices, { ...ref, noticeId: d.noticeId, docNo: d.docNo, reasons: d.reasons }, (n) => n.noticeId === d.noticeId, supersedes) };
    }
    case 'AuditFindingRecorded': {
      const d = data as AuditFindingRecorded['data'];
      return { ...facts, auditFindings: upsert(facts.auditFindings, { ...ref, findingId: d.findingId, category: d.category }, (f) => f.findingId === d.findingId, supersedes) };
    }
    case 'AccountabilityReferred': {
      const d = data as AccountabilityReferred['data'];
      const referral = { ...ref, referralId: d.referralId, grounds: d.grounds, referredTo: d.referredTo, byRole: event.metadata.actor.role };
      return { ...facts, referrals: upsert(facts.referrals, referral, (r) => r.referralId === d.referralId, supersedes) };
    }
    default:
      return facts;
  }
}

function closeOpenInterval(intervals: BoardFacts['funding']['gateIntervals'], on: string, by: string): BoardFacts['funding']['gateIntervals'] {
  return intervals.map((interval) => (interval.to === null ? { ...interval, to: on, endedBy: by } : interval));
}

// ------------------------------------------------------------------------------------------------------------
// Deriving the steps
// ------------------------------------------------------------------------------------------------------------

/** ¥6,800,000 — money is integer fen, shown in yuan with the fen only when there are any. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '−' : '';
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = abs % 100;
  return `${sign}¥${whole}${cents ? `.${String(cents).padStart(2, '0')}` : ''}`;
}

const signed = (fen: number) => (fen > 0 ? `+${yuan(fen)}` : yuan(fen));
const signedPercent = (value: number) => `${value > 0 ? '+' : value < 0 ? '−' : ''}${Math.abs(value)}%`;
const percent = (part: number, whole: number) => `${round2((part / whole) * 100).toFixed(2)}%`;
const latestOn = (dates: (string | null | undefined)[]): string | null =>
  dates.reduce<string | null>((max, d) => (d !== null && d !== undefined && (max === null || d > max) ? d : max), null);
const unique = (ids: (string | null | undefined)[]): string[] => [...new Set(ids.filter((id): id is string => typeof id === 'string'))];

interface Derived {
  status: StepStatus;
  on: string | null;
  detail: string;
  eventIds: string[];
  /** A MISSING step whose grounds are recorded: overallStatus counts it although no later step is. */
  due?: boolean;
}

const derived = (status: StepStatus, on: string | null, detail: string, eventIds: (string | null | undefined)[] = [], due?: boolean): Derived => ({
  status,
  on,
  detail,
  eventIds: unique(eventIds),
  ...(due ? { due } : {}),
});

/** The steps whose record proves that the loop went past the MISSING steps before them. */
const CORE_SEQUENCE = new Set<BoardStepName>(['DECLARATION', 'TARGETS', 'LIBRARY', 'BUDGET_APPROVAL', 'EXECUTION_CLOSED', 'SELF_EVALUATION', 'FILING']);
const STAGE_ORDER: Record<BoardStage, number> = { EX_ANTE: 0, IN_PROCESS: 1, EX_POST: 2 };
const RECORDED: StepStatus[] = ['DONE', 'IN_PROGRESS', 'OVERDUE', 'REFUSED'];

function exAnteStep(facts: BoardFacts, isNew: boolean, isMajor: boolean): Derived {
  const latest = facts.exAnte.assessments[facts.exAnte.assessments.length - 1];
  if (latest) {
    const by = latest.assessorType === 'THIRD_PARTY' && latest.institutionId ? ` by ${latest.institutionId}` : '';
    const score = `${latest.totalScore} ${latest.grade}${by}`;
    const { review } = latest;
    if (!review) return derived('IN_PROGRESS', latest.on, `${score}, awaiting review`, [latest.eventId]);
    if (review.outcome === 'FAILED' || review.grade === 'POOR') return derived('REFUSED', review.on, `${score}, review failed`, [latest.eventId, review.eventId]);
    return derived('DONE', review.on, `${score}, passed`, [latest.eventId, review.eventId]);
  }
  const commission = facts.exAnte.commissions[facts.exAnte.commissions.length - 1];
  if (commission) return derived('IN_PROGRESS', commission.on, `commissioned to ${commission.institutionId} ${commission.institutionName}`, [commission.eventId]);
  if (facts.library?.status === 'ADMITTED') return derived('NOT_APPLICABLE', null, 'admitted to the library without one: not required');
  if (facts.declaration.exAnteRequired) return derived('MISSING', null, 'required for a new major project (rule set default v1); none recorded');
  return derived('NOT_APPLICABLE', null, `not required: ${isNew ? 'new' : 'continuing'}, ${isMajor ? 'major' : 'not major'} (rule set default v1)`);
}

function targetsStep(facts: BoardFacts): Derived {
  if (!facts.targets.length) return derived('MISSING', null, 'no target version set');
  const latest = facts.targets.reduce((a, b) => (b.version > a.version ? b : a));
  const earlier = facts.targets
    .filter((t) => t.version !== latest.version)
    .sort((a, b) => b.version - a.version)
    .map((t) => `v${t.version} ${t.status.toLowerCase()}`);
  const history = earlier.length ? `; ${earlier.join('; ')}` : '';
  const ids = [latest.eventId, latest.review?.eventId];
  if (latest.status === 'PASSED') return derived('DONE', latest.review?.on ?? latest.on, `v${latest.version} passed${history}`, ids);
  if (latest.status === 'RETURNED') return derived('IN_PROGRESS', latest.review?.on ?? latest.on, `v${latest.version} returned: ${latest.review?.opinion ?? ''}`.trim(), ids);
  return derived('IN_PROGRESS', latest.on, `v${latest.version} submitted, awaiting review${history}`, ids);
}

function libraryStep(facts: BoardFacts): Derived {
  const { library } = facts;
  if (!library) return derived('MISSING', null, 'not yet admitted');
  if (library.status === 'REJECTED') return derived('REFUSED', library.on, `${library.reason}: ${library.detail}`, [library.eventId]);
  return derived('DONE', library.on, `admitted${library.libraryBatch ? `, batch ${library.libraryBatch}` : ''}, targets v${library.targetVersion}`, [library.eventId]);
}

function approvalStep(facts: BoardFacts): Derived {
  const { approval, draft } = facts;
  if (approval) return derived('DONE', approval.on, `${yuan(approval.approvedFen)} with targets v${approval.targetVersion} (${approval.approvalDocNo})`, [approval.eventId]);
  if (draft) return derived('IN_PROGRESS', draft.on, `in the budget draft: ${yuan(draft.proposedFen)} proposed, targets v${draft.targetVersion}`, [draft.eventId]);
  return derived('MISSING', null, 'not approved');
}

function fundingFigures(facts: BoardFacts) {
  const budgetFen = (facts.approval?.approvedFen ?? 0) + facts.funding.adjustmentsFen;
  const disbursedFen = facts.funding.disbursements.reduce((sum, d) => sum + d.amountFen, 0);
  const recoveredFen = facts.funding.recoveries.reduce((sum, r) => sum + r.amountFen, 0);
  return { budgetFen, netFen: disbursedFen - recoveredFen };
}

function disbursementStep(facts: BoardFacts): Derived {
  const { disbursements, recoveries, closing } = facts.funding;
  const { budgetFen, netFen } = fundingFigures(facts);
  const ids = [...disbursements.map((d) => d.eventId), ...recoveries.map((r) => r.eventId)];
  const payments = `${disbursements.length} payment${disbursements.length === 1 ? '' : 's'}`;
  const share = budgetFen > 0 ? ` (${percent(netFen, budgetFen)})` : '';
  if (closing) {
    return derived('DONE', closing.on, `net ${yuan(closing.executedFen)} of ${yuan(closing.adjustedBudgetFen)}${closing.adjustedBudgetFen > 0 ? ` (${percent(closing.executedFen, closing.adjustedBudgetFen)})` : ''}, ${payments}`, [
      ...ids,
      closing.eventId,
    ]);
  }
  if (!disbursements.length) return derived('MISSING', null, 'nothing disbursed');
  const lastPaid = latestOn(disbursements.map((d) => d.paidOn));
  const status: StepStatus = budgetFen > 0 && netFen >= budgetFen ? 'DONE' : 'IN_PROGRESS';
  return derived(status, lastPaid, `net ${yuan(netFen)} of ${yuan(budgetFen)}${share}, ${payments}`, ids);
}

function monitoringStep(facts: BoardFacts): Derived {
  const { tasks, snapshots, keyMonitorings } = facts.monitoring;
  const answered = (taskId: string) => snapshots.some((s) => s.taskId === taskId);
  const unanswered = tasks.filter((t) => !answered(t.taskId));
  const parts = [
    ...snapshots.map((s) => `${s.taskId} as of ${s.asOfDate}: ${s.projectLight ?? 'no light'}`),
    ...keyMonitorings.map((k) => `key monitoring ${k.conductedOn}: ${k.serious} SERIOUS, ${k.minor} MINOR`),
    ...unanswered.map((t) => `${t.taskId} due ${t.dueDate}: no snapshot`),
  ];
  const ids = [...snapshots.flatMap((s) => [s.eventId, s.lightEventId]), ...keyMonitorings.map((k) => k.eventId), ...unanswered.map((t) => t.eventId)];
  // Snapshots are taken only while executing (invariant 7): once the year is closed an unanswered task never will be.
  if (unanswered.length && facts.funding.closing) return derived('MISSING', null, `${parts.join('; ')}; execution closed`, ids);
  if (unanswered.length) return derived('IN_PROGRESS', latestOn(unanswered.map((t) => t.on)), parts.join('; '), ids);
  if (!snapshots.length && !keyMonitorings.length) return derived('MISSING', null, 'no monitoring recorded');
  return derived('DONE', latestOn([...snapshots.map((s) => s.on), ...keyMonitorings.map((k) => k.on)]), parts.join('; '), ids);
}

function rectificationStep(facts: BoardFacts): Derived {
  const cases = facts.rectifications;
  if (!cases.length) return derived('NOT_APPLICABLE', null, 'no rectification case');
  const ids = cases.flatMap((c) => [c.issued.eventId, c.last.eventId]);
  const describe = (c: BoardFacts['rectifications'][number]) =>
    c.status === 'CLOSED' ? `${c.caseId} closed ${c.closedOn}${c.overdue ? ' (was overdue)' : ''}` : `${c.caseId} ${c.status}, deadline ${c.deadline}`;
  const overdue = cases.filter((c) => c.overdue && c.status !== 'CLOSED');
  if (overdue.length) {
    const detail = overdue.map((c) => `${c.caseId} overdue since ${c.overdueOn} (deadline ${c.deadline}, ${c.status})`).join('; ');
    return derived('OVERDUE', latestOn(overdue.map((c) => c.overdueOn)), detail, ids);
  }
  const open = cases.filter((c) => c.status !== 'CLOSED');
  if (open.length) return derived('IN_PROGRESS', latestOn(open.map((c) => c.last.on)), cases.map(describe).join('; '), ids);
  return derived('DONE', latestOn(cases.map((c) => c.closedOn)), cases.map(describe).join('; '), ids);
}

function fundingControlStep(facts: BoardFacts): Derived {
  const { gateIntervals, recoveries, pendingProposals, reductions, closing } = facts.funding;
  const cuts = facts.results.nextYearAdjustments.filter((a) => a.basis === 'SLOW_SPENDING' || a.basis === 'IDLE_BALANCE');
  if (!gateIntervals.length && !recoveries.length && !pendingProposals.length && !reductions.length && !cuts.length) {
    return derived('NOT_APPLICABLE', null, 'no suspension, stop, recovery or next-year cut');
  }
  // A reduction proposal that a decided cut cites is shown once, as the decision.
  const decided = new Set(cuts.flatMap((c) => c.basisEventIds));
  const parts = [
    ...gateIntervals.map((i) => `${i.status} ${i.from} → ${i.to ?? 'in force'} (${i.basis})`),
    ...recoveries.map((r) => `recovered ${yuan(r.amountFen)} on ${r.effectiveOn}`),
    ...pendingProposals.map((p) => `${p.kind} ${p.proposalId}${p.amountFen !== null ? ` ${yuan(p.amountFen)}` : ''} proposed, awaiting approval`),
    ...reductions.filter((r) => !decided.has(r.eventId)).map((r) => `FY${r.targetFiscalYear} −${yuan(r.proposedReductionFen)} proposed (${r.basis})`),
    ...cuts.map((c) => `FY${c.targetFiscalYear} ${signed(c.adjustmentFen)} decided (${c.basis})`),
  ];
  const ids = [
    ...gateIntervals.flatMap((i) => [i.eventId, i.endedBy]),
    ...recoveries.map((r) => r.eventId),
    ...pendingProposals.map((p) => p.eventId),
    ...reductions.map((r) => r.eventId),
    ...cuts.map((c) => c.eventId),
  ];
  const open = gateIntervals.find((i) => i.to === null);
  const on = latestOn([
    ...gateIntervals.flatMap((i) => [i.from, i.to]),
    ...recoveries.map((r) => r.effectiveOn),
    ...pendingProposals.map((p) => p.on),
    ...reductions.map((r) => r.on),
    ...cuts.map((c) => c.on),
  ]);
  if ((open && !closing) || pendingProposals.length) return derived('IN_PROGRESS', on, parts.join('; '), ids);
  return derived('DONE', on, parts.join('; '), ids);
}

function revisionStep(facts: BoardFacts): Derived {
  const { revisions } = facts;
  if (!revisions.length) return derived('NOT_APPLICABLE', null, 'no revision requested');
  const describe = (r: BoardFacts['revisions'][number]) =>
    r.status === 'REVISED'
      ? `v${r.fromVersion} → v${r.toVersion} ${r.reason} (${r.requestId})`
      : r.status === 'REJECTED'
        ? `${r.requestId} ${r.reason} rejected, v${r.fromVersion} stays in force`
        : `${r.requestId} ${r.reason} requested from v${r.fromVersion}, awaiting decision`;
  const ids = revisions.flatMap((r) => [r.requested.eventId, r.decided?.eventId]);
  const on = latestOn(revisions.map((r) => (r.decided ?? r.requested).on));
  return derived(revisions.some((r) => r.status === 'REQUESTED') ? 'IN_PROGRESS' : 'DONE', on, revisions.map(describe).join('; '), ids);
}

function closingStep(facts: BoardFacts): Derived {
  const { closing } = facts.funding;
  if (!closing) return derived('MISSING', null, 'execution not closed');
  const share = closing.adjustedBudgetFen > 0 ? ` (${percent(closing.executedFen, closing.adjustedBudgetFen)})` : '';
  const recovered = closing.recoveredFen ? `, ${yuan(closing.recoveredFen)} recovered` : '';
  return derived('DONE', closing.on, `executed ${yuan(closing.executedFen)} of ${yuan(closing.adjustedBudgetFen)}${share}${recovered}`, [closing.eventId]);
}

function selfEvaluationStep(facts: BoardFacts): Derived {
  const submission = facts.selfEvaluation;
  const notSubmitted = facts.notices.filter((n) => n.reasons.includes('NOT_SUBMITTED'));
  if (submission) {
    const review = submission.review ? `; department ${submission.review.deptScore} ${submission.review.deptGrade}` : '';
    const late = notSubmitted.length ? `; after notice ${notSubmitted.map((n) => n.docNo).join(', ')}` : '';
    return derived('DONE', submission.on, `${submission.totalScore} ${submission.grade} on targets v${submission.targetVersion}${review}${late}`, [
      submission.eventId,
      submission.review?.eventId,
      ...notSubmitted.map((n) => n.eventId),
    ]);
  }
  if (notSubmitted.length) {
    return derived('OVERDUE', latestOn(notSubmitted.map((n) => n.on)), `not submitted: circulated in ${notSubmitted.map((n) => n.docNo).join(', ')}`, notSubmitted.map((n) => n.eventId));
  }
  return derived('MISSING', null, 'not submitted');
}

function filingStep(facts: BoardFacts): Derived {
  if (facts.filing) return derived('DONE', facts.filing.on, `${facts.filing.totalScore} ${facts.filing.grade} filed`, [facts.filing.eventId]);
  if (facts.selfEvaluation) return derived('IN_PROGRESS', facts.selfEvaluation.on, 'submitted, awaiting filing by finance', [facts.selfEvaluation.eventId]);
  return derived('MISSING', null, 'not filed');
}

function spotCheckStep(facts: BoardFacts): Derived {
  const { commission, review, discrepancy } = facts.spotCheck;
  if (review) {
    const by = review.reviewer === 'THIRD_PARTY' && review.institutionId ? ` by ${review.institutionId}` : '';
    const flag = discrepancy ? `; discrepancy Δ${discrepancy.delta} (${discrepancy.reasons.join(', ')})` : '';
    return derived('DONE', review.on, `${review.reviewScore} ${review.reviewGrade}${by} against self ${review.selfScore}${flag}`, [review.eventId, discrepancy?.eventId]);
  }
  if (commission) return derived('IN_PROGRESS', commission.on, `commissioned to ${commission.institutionId}`, [commission.eventId]);
  return derived('NOT_APPLICABLE', null, 'not sampled');
}

function keyEvaluationStep(facts: BoardFacts): Derived {
  const { commission, report, completion } = facts.keyEvaluation;
  if (completion) return derived('DONE', completion.on, `${completion.finalScore} ${completion.finalGrade} by ${completion.institutionId}`, [completion.eventId, report?.eventId]);
  if (report) return derived('IN_PROGRESS', report.on, `report ${report.totalScore} ${report.grade} by ${report.institutionId}, awaiting acceptance`, [report.eventId]);
  if (commission) return derived('IN_PROGRESS', commission.on, `commissioned to ${commission.institutionId}`, [commission.eventId]);
  return derived('NOT_APPLICABLE', null, 'not selected for key evaluation');
}

function resultsStep(facts: BoardFacts): Derived {
  const { feedbacks, payments } = facts.results;
  const linkage = facts.results.nextYearAdjustments.filter((a) => a.basis === 'EVALUATION_GRADE' || a.basis === 'COMPETITIVE_ALLOCATION');
  const parts = [
    ...feedbacks.map((f) => `feedback ${f.feedbackId}`),
    ...linkage.map((a) => `FY${a.targetFiscalYear} ${signed(a.adjustmentFen)}${a.grade ? ` (${a.grade}${a.linkagePercent !== null ? `, ${signedPercent(a.linkagePercent)}` : ''})` : ` (${a.basis})`}`),
    ...payments.map((p) => `payment factor ${p.paymentFactor}`),
  ];
  if (!parts.length) return derived('MISSING', null, 'no feedback, budget linkage or payment adjustment');
  const ids = [...feedbacks, ...linkage, ...payments].map((x) => x.eventId);
  return derived('DONE', latestOn([...feedbacks, ...linkage, ...payments].map((x) => x.on)), parts.join('; '), ids);
}

function publishedStep<T extends FactRef & { kind: ResultsKind }>(entries: T[], describe: (entry: T) => string, none: string): Derived {
  const results = entries.filter((e) => e.kind === 'EVALUATION_RESULTS');
  if (results.length) return derived('DONE', latestOn(results.map((e) => e.on)), entries.map(describe).join('; '), entries.map((e) => e.eventId));
  const targets = entries.filter((e) => e.kind === 'TARGETS');
  if (targets.length) return derived('IN_PROGRESS', latestOn(targets.map((e) => e.on)), `${targets.map(describe).join('; ')}; evaluation results not yet`, targets.map((e) => e.eventId));
  return derived('MISSING', null, none);
}

function accountabilityStep(facts: BoardFacts): Derived {
  const { referrals, auditFindings } = facts;
  if (referrals.length) {
    const detail = referrals.map((r) => `${r.referralId} ${r.grounds} → ${r.referredTo} (${r.byRole === 'AUDIT_BUREAU' ? 'audit' : r.byRole === 'FINANCE_AUTHORITY' ? 'finance' : r.byRole})`).join('; ');
    return derived('DONE', latestOn(referrals.map((r) => r.on)), detail, referrals.map((r) => r.eventId));
  }
  const grounds = auditFindings.filter((f) => f.category === 'FALSIFICATION' || f.category === 'SEVERE_DIVERGENCE' || f.category === 'NON_RECTIFICATION');
  if (grounds.length) {
    return derived('MISSING', null, `no referral on audit finding ${grounds.map((f) => `${f.findingId} ${f.category}`).join(', ')}`, grounds.map((f) => f.eventId), true);
  }
  return derived('NOT_APPLICABLE', null, 'no grounds recorded');
}

interface Derivation {
  steps: BoardStep[];
  currentStage: BoardStage;
  overallStatus: ClosedLoopBoardDocument['overallStatus'];
  overdue: boolean;
  counters: ClosedLoopBoardDocument['counters'];
}

/** Every step, the stage and the overall status from the facts: the whole rule book at the top of this file. */
export function deriveBoard(facts: BoardFacts, header: { fiscalYear: number; isNew: boolean; isMajor: boolean; amountFen: number }): Derivation {
  const byStep: Record<BoardStepName, Derived> = {
    DECLARATION: derived(
      'DONE',
      facts.declaration.on,
      `${yuan(header.amountFen)} planned for ${header.fiscalYear}; ${header.isNew ? 'new' : 'continuing'}${header.isMajor ? ', major' : ''}`,
      [facts.declaration.eventId],
    ),
    EX_ANTE_ASSESSMENT: exAnteStep(facts, header.isNew, header.isMajor),
    TARGETS: targetsStep(facts),
    LIBRARY: libraryStep(facts),
    BUDGET_APPROVAL: approvalStep(facts),
    DISBURSEMENT: disbursementStep(facts),
    MONITORING: monitoringStep(facts),
    RECTIFICATION: rectificationStep(facts),
    FUNDING_CONTROL: fundingControlStep(facts),
    TARGET_REVISION: revisionStep(facts),
    EXECUTION_CLOSED: closingStep(facts),
    SELF_EVALUATION: selfEvaluationStep(facts),
    FILING: filingStep(facts),
    SPOT_CHECK: spotCheckStep(facts),
    KEY_EVALUATION: keyEvaluationStep(facts),
    RESULTS_APPLICATION: resultsStep(facts),
    DISCLOSURE: publishedStep(facts.disclosures, (d) => `${d.kind} published ${d.publishedOn} (${d.channel})`, 'not disclosed'),
    PEOPLES_CONGRESS_REPORT: publishedStep(
      facts.congressReports,
      (r) => `${r.kind} with the ${r.accompanies === 'DRAFT_FINAL_ACCOUNTS' ? 'draft final accounts' : 'draft budget'} ${r.submittedOn}`,
      'not reported to the 人大',
    ),
    ACCOUNTABILITY: accountabilityStep(facts),
  };

  // The loop ends where the library refused the project: what it never reached does not apply.
  const refusal = facts.library?.status === 'REJECTED' && !facts.approval ? facts.library : null;
  const terminated = facts.termination && Number(facts.termination.effectiveOn.slice(0, 4)) < header.fiscalYear ? facts.termination : null;
  const afterLibrary = BOARD_STEPS.findIndex((s) => s.step === 'LIBRARY');
  BOARD_STEPS.forEach(({ step }, index) => {
    const current = byStep[step];
    if (current.status !== 'MISSING') return;
    if (refusal && index > afterLibrary) byStep[step] = derived('NOT_APPLICABLE', refusal.on, `not reached: library admission refused (${refusal.reason})`, [refusal.eventId]);
    else if (terminated) byStep[step] = derived('NOT_APPLICABLE', terminated.on, `project terminated ${terminated.effectiveOn} (${terminated.reason})`, [terminated.eventId]);
  });

  const currentStage: BoardStage = facts.funding.closing ? 'EX_POST' : facts.approval ? 'IN_PROCESS' : 'EX_ANTE';
  const steps: BoardStep[] = BOARD_STEPS.map(({ step, stage }) => {
    const { status, on, detail, eventIds } = byStep[step];
    return { step, stage, status, on, detail, eventIds };
  });

  const lastCore = steps.reduce((last, s, i) => (CORE_SEQUENCE.has(s.step) && RECORDED.includes(s.status) ? i : last), -1);
  const skipped = steps.some(
    (s, i) => s.status === 'MISSING' && (byStep[s.step].due === true || i < lastCore || STAGE_ORDER[s.stage] < STAGE_ORDER[currentStage]),
  );
  const has = (status: StepStatus) => steps.some((s) => s.status === status);
  const overallStatus: Derivation['overallStatus'] = has('OVERDUE')
    ? 'OVERDUE'
    : has('REFUSED')
      ? 'REFUSED'
      : skipped
        ? 'MISSING'
        : steps.every((s) => s.status === 'DONE' || s.status === 'NOT_APPLICABLE')
          ? 'DONE'
          : 'IN_PROGRESS';

  const count = (status: StepStatus) => steps.filter((s) => s.status === status).length;
  return {
    steps,
    currentStage,
    overallStatus,
    overdue: has('OVERDUE'),
    counters: {
      steps: {
        DONE: count('DONE'),
        IN_PROGRESS: count('IN_PROGRESS'),
        MISSING: count('MISSING'),
        OVERDUE: count('OVERDUE'),
        REFUSED: count('REFUSED'),
        NOT_APPLICABLE: count('NOT_APPLICABLE'),
      },
      rectificationCases: facts.rectifications.length,
      openRectificationCases: facts.rectifications.filter((c) => c.status !== 'CLOSED').length,
      circulatedNotices: facts.notices.length,
      accountabilityReferrals: facts.referrals.length,
    },
  };
}

function emptyFacts(declaration: BoardFacts['declaration']): BoardFacts {
  return {
    declaration,
    exAnte: { commissions: [], assessments: [] },
    targets: [],
    library: null,
    draft: null,
    approval: null,
    funding: { adjustmentsFen: 0, disbursements: [], recoveries: [], gateIntervals: [], pendingProposals: [], reductions: [], closing: null },
    monitoring: { tasks: [], snapshots: [], keyMonitorings: [] },
    rectifications: [],
    revisions: [],
    selfEvaluation: null,
    filing: null,
    spotCheck: { commission: null, review: null, discrepancy: null },
    keyEvaluation: { commission: null, report: null, completion: null },
    results: { feedbacks: [], nextYearAdjustments: [], payments: [] },
    disclosures: [],
    congressReports: [],
    notices: [],
    auditFindings: [],
    referrals: [],
    termination: null,
  };
}

function declare(doc: ClosedLoopBoardDocument | null, event: ProjectedEvent, key: string, fiscalYear: number): ClosedLoopBoardDocument {
  const d = event.data as BudgetProjectDeclared['data'];
  const declaration = {
    eventId: event.metadata.eventId,
    on: happenedOn(event),
    // The default rule set v1 (domain.md §4 step 2): the rule set in force is not visible to a per-project
    // read model; a library admission without an assessment shows the write side judged otherwise.
    exAnteRequired: requiresExAnte(d, DEFAULT_RULE_SET),
  };
  const facts: BoardFacts = doc ? { ...doc.facts, declaration } : emptyFacts(declaration);
  const header = {
    proCode: d.proCode,
    proName: d.proName,
    deptCode: d.deptCode,
    deptName: d.deptName,
    unitCode: d.unitCode ?? null,
    fiscalYear,
    isNew: d.isNew,
    isMajor: d.isMajor,
    amountFen: d.fundingPlan.find((p) => p.fiscalYear === fiscalYear)?.amountFen ?? 0,
  };
  return { _id: key, _position: event.position, ...header, approvedFen: facts.approval?.approvedFen ?? null, ...deriveBoard(facts, header), facts };
}

export const closedLoopBoardProjection: Projection<ClosedLoopBoardDocument> = {
  name: 'closed-loop-board',
  version: 1,
  keys: keysOf,
  apply(doc, event, key) {
    const fiscalYear = Number(key.slice(key.lastIndexOf(':') + 1));
    if (event.type === 'BudgetProjectDeclared') return declare(doc, event, key, fiscalYear);
    // Only a declaration creates a board: a project-wide event also reaches years the project has no plan for.
    if (!doc) return null;
    const facts = evolveFacts(doc.facts, event);
    if (facts === doc.facts) return doc;
    return { ...doc, approvedFen: facts.approval?.approvedFen ?? null, ...deriveBoard(facts, doc), facts };
  },
  indexes: ['fiscalYear', 'deptCode', 'unitCode', 'currentStage', 'overallStatus', 'overdue'],
};
