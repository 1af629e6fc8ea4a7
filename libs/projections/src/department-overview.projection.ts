// 部门 overview (domain.md §8 item 6): per department and fiscal year, its projects with their money, execution
// rate, grades and latest warning light, and the department's overall performance (部门整体绩效).
import type { DepartmentOverallPerformanceReported, DepartmentOverallSelfEvaluationSubmitted, DepartmentOverallTargetSet } from '../../departments/src/department.events.js';
import type { KeyEvaluationCompleted, SelfEvaluationFiled, SelfEvaluationSubmitted, SpotCheckReviewed } from '../../evaluation/src/evaluation.events.js';
import type { BudgetAdjusted, BudgetExecutionClosed, FundsDisbursed, FundsRecovered } from '../../funding/src/funding.events.js';
import type { DeviationFlagged } from '../../monitoring/src/monitoring.events.js';
import type { BudgetAndTargetsApproved, BudgetProjectDeclared } from '../../projects/src/project.events.js';
import type { ProjectedEvent, Projection, ReadDocument } from '../../read-store/src/projection.js';
import type { Grade, WarningLight } from '../../rule-sets/src/rule-set.js';
import { projectWideYears } from './project-years.js';

export type LibraryStatus = 'DECLARED' | 'ADMITTED' | 'REJECTED' | 'TERMINATED';

export interface ScoreAndGrade {
  score: number;
  grade: Grade;
}

export interface DepartmentProjectLine {
  proCode: string;
  proName: string;
  unitCode?: string;
  unitName?: string;
  isMajor: boolean;
  /** This year's line of the declared funding plan. */
  plannedFen: number;
  libraryStatus: LibraryStatus;
  approvedFen: number;
  /** Σ of the year's BudgetAdjusted deltas. */
  inYearAdjustmentFen: number;
  /** approved + in-year adjustments; after 决算 the closed figure. */
  adjustedBudgetFen: number;
  /** Gross disbursements, corrections applied. */
  disbursedFen: number;
  recoveredFen: number;
  /** Disbursed less recovered; after 决算 the closed figure. */
  executedFen: number;
  /** executed ÷ adjusted budget in per cent, 2 decimals; null while there is no budget to divide by. */
  executionRate: number | null;
  /** 决算 figures once the year is closed: they replace the running sums. */
  closing?: { adjustedBudgetFen: number; executedFen: number; carryOverFen: number; balanceFen: number };
  /** The submission in force; after 审核备案 the filed score. */
  selfEvaluation?: ScoreAndGrade & { filed: boolean };
  spotCheck?: ScoreAndGrade;
  keyEvaluation?: ScoreAndGrade;
  /** The project light of the latest monitoring cut-off. */
  light?: { light: WarningLight; asOfDate: string; taskId: string };
  /** Each disbursement by event id, because a correction names the disbursement it replaces. */
  disbursements: { eventId: string; amountFen: number }[];
}

export interface DepartmentTotals {
  projects: number;
  approvedFen: number;
  adjustedBudgetFen: number;
  disbursedFen: number;
  recoveredFen: number;
  executedFen: number;
  executionRate: number | null;
}

export interface DepartmentOverallPerformance {
  /** The department's overall targets in force: the latest version (versions only grow within the stream). */
  targetsVersion?: number;
  objective?: string;
  selfEvaluation?: { totalScore: number; grade: Grade; targetVersion: number; reportRef?: string };
  reports: { recipients: ('GOVERNMENT' | 'PEOPLES_CONGRESS')[]; reportRef: string; reportedOn: string; totalScore: number; grade: Grade; eventId: string }[];
}

export interface DepartmentOverviewDocument extends ReadDocument {
  deptCode: string;
  /** From a project's declaration, or from the department's own officer acting; unknown until either. */
  deptName?: string;
  fiscalYear: number;
  projects: DepartmentProjectLine[];
  totals: DepartmentTotals;
  overall: DepartmentOverallPerformance;
}

const documentKey = (deptCode: string, fiscalYear: number) => `${deptCode}:${fiscalYear}`;

/** Events about one project in one year: they change that project's line and nothing else. */
const PROJECT_YEAR_EVENTS = new Set([
  'ProjectAdmittedToLibrary',
  'ProjectIncludedInBudgetDraft',
  'BudgetAndTargetsApproved',
  'FundsDisbursed',
  'FundsRecovered',
  'BudgetAdjusted',
  'BudgetExecutionClosed',
  'SelfEvaluationSubmitted',
  'SelfEvaluationFiled',
  'SpotCheckReviewed',
  'KeyEvaluationCompleted',
  'DeviationFlagged',
]);

const DEPARTMENT_EVENTS = new Set(['DepartmentOverallTargetSet', 'DepartmentOverallSelfEvaluationSubmitted', 'DepartmentOverallPerformanceReported']);

function rate(executedFen: number, budgetFen: number): number | null {
  return budgetFen > 0 ? Math.round((executedFen / budgetFen) * 10_000) / 100 : null;
}

/** Derived figures follow from the stored facts, so that every change recomputes them the same way. */
function settle(line: DepartmentProjectLine): DepartmentProjectLine {
  const disbursedFen = line.disbursements.reduce((sum, d) => sum + d.amountFen, 0);
  const adjustedBudgetFen = line.closing?.adjustedBudgetFen ?? line.approvedFen + line.inYearAdjustmentFen;
  const executedFen = line.closing?.executedFen ?? disbursedFen - line.recoveredFen;
  return { ...line, disbursedFen, adjustedBudgetFen, executedFen, executionRate: rate(executedFen, adjustedBudgetFen) };
}

function totalsOf(projects: DepartmentProjectLine[]): DepartmentTotals {
  const sum = (field: 'approvedFen' | 'adjustedBudgetFen' | 'disbursedFen' | 'recoveredFen' | 'executedFen') => projects.reduce((total, p) => total + p[field], 0);
  const adjustedBudgetFen = sum('adjustedBudgetFen');
  const executedFen = sum('executedFen');
  return {
    projects: projects.length,
    approvedFen: sum('approvedFen'),
    adjustedBudgetFen,
    disbursedFen: sum('disbursedFen'),
    recoveredFen: sum('recoveredFen'),
    executedFen,
    executionRate: rate(executedFen, adjustedBudgetFen),
  };
}

function emptyDocument(deptCode: string, fiscalYear: number, key: string): DepartmentOverviewDocument {
  return {
    _id: key,
    _position: '',
    deptCode,
    fiscalYear,
    projects: [],
    totals: totalsOf([]),
    overall: { reports: [] },
  };
}

function withProjects(doc: DepartmentOverviewDocument, projects: DepartmentProjectLine[]): DepartmentOverviewDocument {
  const sorted = [...projects].sort((a, b) => a.proCode.localeCompare(b.proCode));
  return { ...doc, projects: sorted, totals: totalsOf(sorted) };
}

/** Changes one project's line; an event about a project that never joined this year's document changes nothing. */
function withLine(doc: DepartmentOverviewDocument, proCode: string, change: (line: DepartmentProjectLine) => DepartmentProjectLine): DepartmentOverviewDocument {
  return withProjects(
    doc,
    doc.projects.map((p) => (p.proCode === proCode ? settle(change(p)) : p)),
  );
}

function joined(doc: DepartmentOverviewDocument, d: BudgetProjectDeclared['data']): DepartmentOverviewDocument {
  const plannedFen = d.fundingPlan.filter((line) => line.fiscalYear === doc.fiscalYear).reduce((sum, line) => sum + line.amountFen, 0);
  const earlier = doc.projects.find((p) => p.proCode === d.proCode);
  const line: DepartmentProjectLine = settle({
    ...(earlier ?? {
      libraryStatus: 'DECLARED',
      approvedFen: 0,
      inYearAdjustmentFen: 0,
      adjustedBudgetFen: 0,
      disbursedFen: 0,
      recoveredFen: 0,
      executedFen: 0,
      executionRate: null,
      disbursements: [],
    }),
    proCode: d.proCode,
    proName: d.proName,
    ...(d.unitCode ? { unitCode: d.unitCode, unitName: d.unitName } : {}),
    isMajor: d.isMajor,
    plannedFen,
  });
  return withProjects({ ...doc, deptName: d.deptName }, [...doc.projects.filter((p) => p.proCode !== d.proCode), line]);
}

/** Admission is a prerequisite of the budget draft and approval (invariants 1–2): either proves it for a year the admission event did not name. */
const admitted = (line: DepartmentProjectLine): DepartmentProjectLine => (line.libraryStatus === 'DECLARED' ? { ...line, libraryStatus: 'ADMITTED' } : line);

function applyToLine(line: DepartmentProjectLine, event: ProjectedEvent): DepartmentProjectLine {
  switch (event.type) {
    case 'ProjectAdmittedToLibrary':
    case 'ProjectIncludedInBudgetDraft':
      return admitted(line);
    case 'BudgetAndTargetsApproved':
      return { ...admitted(line), approvedFen: (event.data as BudgetAndTargetsApproved['data']).approvedFen };
    case 'ProjectRejectedFromLibrary':
      return { ...line, libraryStatus: 'REJECTED' };
    case 'ProjectTerminated':
      return { ...line, libraryStatus: 'TERMINATED' };
    case 'FundsDisbursed': {
      const { amountFen } = event.data as FundsDisbursed['data'];
      const corrected = event.metadata.supersedes;
      const kept = corrected ? line.disbursements.filter((d) => d.eventId !== corrected) : line.disbursements;
      return { ...line, disbursements: [...kept, { eventId: event.metadata.eventId, amountFen }] };
    }
    case 'FundsRecovered':
      return { ...line, recoveredFen: line.recoveredFen + (event.data as FundsRecovered['data']).amountFen };
    case 'BudgetAdjusted':
      return { ...line, inYearAdjustmentFen: line.inYearAdjustmentFen + (event.data as BudgetAdjusted['data']).deltaFen };
    case 'BudgetExecutionClosed': {
      const { adjustedBudgetFen, executedFen, carryOverFen, balanceFen } = event.data as BudgetExecutionClosed['data'];
      return { ...line, closing: { adjustedBudgetFen, executedFen, carryOverFen, balanceFen } };
    }
    case 'SelfEvaluationSubmitted': {
      // A correction comes later in the log than what it supersedes, so the latest submission is the one in force.
      const { totalScore, grade } = event.data as SelfEvaluationSubmitted['data'];
      return { ...line, selfEvaluation: { score: totalScore, grade, filed: false } };
    }
    case 'SelfEvaluationFiled': {
      const { totalScore, grade } = event.data as SelfEvaluationFiled['data'];
      return { ...line, selfEvaluation: { score: totalScore, grade, filed: true } };
    }
    case 'SpotCheckReviewed': {
      const { reviewScore, reviewGrade } = event.data as SpotCheckReviewed['data'];
      return { ...line, spotCheck: { score: reviewScore, grade: reviewGrade } };
    }
    case 'KeyEvaluationCompleted': {
      const { finalScore, finalGrade } = event.data as KeyEvaluationCompleted['data'];
      return { ...line, keyEvaluation: { score: finalScore, grade: finalGrade } };
    }
    case 'DeviationFlagged': {
      // A corrected snapshot re-derives its lights for the same cut-off, later in the log: it wins the tie.
      const { light, asOfDate, taskId } = event.data as DeviationFlagged['data'];
      return line.light && line.light.asOfDate > asOfDate ? line : { ...line, light: { light, asOfDate, taskId } };
    }
    default:
      return line;
  }
}

function applyToOverall(doc: DepartmentOverviewDocument, event: ProjectedEvent): DepartmentOverviewDocument {
  // Department events carry no name; the department's own officer files them, and the actor names the organisation.
  const actor = event.metadata.actor;
  const deptName = doc.deptName ?? (actor.orgCode === doc.deptCode ? actor.orgName : undefined);
  const named = deptName ? { ...doc, deptName } : doc;
  switch (event.type) {
    case 'DepartmentOverallTargetSet': {
      const { version, objective } = event.data as DepartmentOverallTargetSet['data'];
      return { ...named, overall: { ...named.overall, targetsVersion: version, objective } };
    }
    case 'DepartmentOverallSelfEvaluationSubmitted': {
      const { totalScore, grade, targetVersion, reportRef } = event.data as DepartmentOverallSelfEvaluationSubmitted['data'];
      return { ...named, overall: { ...named.overall, selfEvaluation: { totalScore, grade, targetVersion, ...(reportRef ? { reportRef } : {}) } } };
    }
    case 'DepartmentOverallPerformanceReported': {
      const { recipients, reportRef, reportedOn, totalScore, grade } = event.data as DepartmentOverallPerformanceReported['data'];
      const corrected = event.metadata.supersedes;
      const kept = corrected ? named.overall.reports.filter((r) => r.eventId !== corrected) : named.overall.reports;
      return { ...named, overall: { ...named.overall, reports: [...kept, { recipients, reportRef, reportedOn, totalScore, grade, eventId: event.metadata.eventId }] } };
    }
    default:
      return named;
  }
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const year = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

export const departmentOverviewProjection: Projection<DepartmentOverviewDocument> = {
  name: 'department-overview',
  version: 1,
  indexes: ['fiscalYear', 'deptCode'],

  keys(event) {
    // Funding, monitoring and evaluation events name no department: the runner's subject brings it from the declaration.
    const deptCode = text(event.data.deptCode) ?? event.subject.deptCode;
    if (!deptCode) return [];
    if (event.type === 'BudgetProjectDeclared') {
      return (event.data as BudgetProjectDeclared['data']).fundingPlan.map((line) => documentKey(deptCode, line.fiscalYear));
    }
    if (event.type === 'ProjectRejectedFromLibrary' || event.type === 'ProjectTerminated') {
      const proCode = text(event.data.proCode);
      return proCode ? projectWideYears(event, proCode).map((y) => documentKey(deptCode, y)) : [];
    }
    if (event.type === 'DeviationFlagged' && event.data.metric !== 'PROJECT') return [];
    if (!PROJECT_YEAR_EVENTS.has(event.type) && !DEPARTMENT_EVENTS.has(event.type)) return [];
    const fiscalYear = year(event.data.fiscalYear) ?? event.subject.fiscalYear;
    return fiscalYear === undefined ? [] : [documentKey(deptCode, fiscalYear)];
  },

  apply(doc, event, key) {
    const [deptCode, fiscalYear] = [key.slice(0, key.lastIndexOf(':')), Number(key.slice(key.lastIndexOf(':') + 1))];
    if (event.type === 'BudgetProjectDeclared') return joined(doc ?? emptyDocument(deptCode, fiscalYear, key), event.data as BudgetProjectDeclared['data']);
    if (DEPARTMENT_EVENTS.has(event.type)) return applyToOverall(doc ?? emptyDocument(deptCode, fiscalYear, key), event);
    const proCode = text(event.data.proCode) ?? event.subject.proCode;
    if (!doc || !proCode) return doc;
    return withLine(doc, proCode, (line) => applyToLine(line, event));
  },
};
