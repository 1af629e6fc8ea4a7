// The 人大 package and the disclosure register of a fiscal year (domain.md §8 item 8; seed 五(四)): what went to the
// people's congress with the draft budget or final accounts, what was published where, the departments' overall
// performance reports to the 人大, and for each key project whether its results were reported and disclosed.
import type { DepartmentOverallPerformanceReported } from '../../departments/src/department.events.js';
import type { KeyEvaluationCompleted } from '../../evaluation/src/evaluation.events.js';
import type { BudgetProjectDeclared } from '../../projects/src/project.events.js';
import type { ProjectedEvent, Projection, ReadDocument } from '../../read-store/src/projection.js';
import type { ResultsDisclosed, ResultsReportedToPeoplesCongress } from '../../results/src/results.events.js';
import type { Grade } from '../../rule-sets/src/rule-set.js';

/** TARGETS and EVALUATION_RESULTS list project codes, DEPT_OVERALL department codes. */
export type RegisterKind = 'TARGETS' | 'EVALUATION_RESULTS' | 'DEPT_OVERALL';

export interface CongressReportEntry {
  reportId: string;
  kind: RegisterKind;
  items: string[];
  accompanies: 'DRAFT_BUDGET' | 'DRAFT_FINAL_ACCOUNTS';
  submittedOn: string;
  sessionRef?: string;
  eventId: string;
}

export interface DisclosureEntry {
  disclosureId: string;
  kind: RegisterKind;
  items: string[];
  channel: string;
  url: string;
  publishedOn: string;
  eventId: string;
}

export interface DepartmentReportEntry {
  deptCode: string;
  reportRef: string;
  reportedOn: string;
  targetVersion: number;
  totalScore: number;
  grade: Grade;
  eventId: string;
}

export interface KeyProjectEntry {
  proCode: string;
  /** From the declaration of a major project; a project that is key only by its key evaluation has none here. */
  proName?: string;
  deptCode?: string;
  isMajor: boolean;
  /** The year's budget was approved: without it a major project has no results to report (P5, refused entry). */
  budgetApproved: boolean;
  keyEvaluation?: { score: number; grade: Grade };
  /** Its evaluation results went to the 人大 (EVALUATION_RESULTS), and in which reports. */
  reportedToPeoplesCongress: boolean;
  reportIds: string[];
  /** Its evaluation results were published (EVALUATION_RESULTS), and in which disclosures. */
  disclosed: boolean;
  disclosureIds: string[];
}

export interface FiscalYearRegisterDocument extends ReadDocument {
  fiscalYear: number;
  peoplesCongress: CongressReportEntry[];
  disclosures: DisclosureEntry[];
  departmentReports: DepartmentReportEntry[];
  keyProjects: KeyProjectEntry[];
}

function emptyDocument(key: string): FiscalYearRegisterDocument {
  return { _id: key, _position: '', fiscalYear: Number(key), peoplesCongress: [], disclosures: [], departmentReports: [], keyProjects: [] };
}

/** Whether a key project's results went out follows from the lists, whichever came first: recomputed on every change. */
function settle(doc: FiscalYearRegisterDocument, keyProjects: KeyProjectEntry[] = doc.keyProjects): FiscalYearRegisterDocument {
  const results = <E extends { kind: RegisterKind; items: string[] }>(entries: E[], proCode: string) => entries.filter((e) => e.kind === 'EVALUATION_RESULTS' && e.items.includes(proCode));
  return {
    ...doc,
    keyProjects: keyProjects
      .map((p) => {
        const reportIds = results(doc.peoplesCongress, p.proCode).map((r) => r.reportId);
        const disclosureIds = results(doc.disclosures, p.proCode).map((d) => d.disclosureId);
        return { ...p, reportedToPeoplesCongress: reportIds.length > 0, reportIds, disclosed: disclosureIds.length > 0, disclosureIds };
      })
      .sort((a, b) => a.proCode.localeCompare(b.proCode)),
  };
}

/** A correction names the entry it replaces by event id; the rest of the register stays. */
function replacing<E extends { eventId: string }>(entries: E[], event: ProjectedEvent, entry: E): E[] {
  const corrected = event.metadata.supersedes;
  return [...(corrected ? entries.filter((e) => e.eventId !== corrected) : entries), entry];
}

function keyProject(doc: FiscalYearRegisterDocument, proCode: string, change: (entry: KeyProjectEntry) => KeyProjectEntry): KeyProjectEntry[] {
  const earlier = doc.keyProjects.find((p) => p.proCode === proCode) ?? {
    proCode,
    isMajor: false,
    budgetApproved: false,
    reportedToPeoplesCongress: false,
    reportIds: [],
    disclosed: false,
    disclosureIds: [],
  };
  return [...doc.keyProjects.filter((p) => p.proCode !== proCode), change(earlier)];
}

const isKeyOf = (event: ProjectedEvent): boolean => {
  switch (event.type) {
    case 'ResultsReportedToPeoplesCongress':
    case 'ResultsDisclosed':
    case 'KeyEvaluationCompleted':
    case 'BudgetAndTargetsApproved':
      return true;
    case 'DepartmentOverallPerformanceReported':
      return (event.data as DepartmentOverallPerformanceReported['data']).recipients.includes('PEOPLES_CONGRESS');
    default:
      return false;
  }
};

export const fiscalYearRegisterProjection: Projection<FiscalYearRegisterDocument> = {
  name: 'fiscal-year-register',
  version: 1,
  indexes: ['fiscalYear'],

  keys(event) {
    if (event.type === 'BudgetProjectDeclared') {
      const d = event.data as BudgetProjectDeclared['data'];
      return d.isMajor ? d.fundingPlan.map((line) => String(line.fiscalYear)) : [];
    }
    if (!isKeyOf(event)) return [];
    const fiscalYear = typeof event.data.fiscalYear === 'number' ? event.data.fiscalYear : event.subject.fiscalYear;
    return fiscalYear === undefined ? [] : [String(fiscalYear)];
  },

  apply(doc, event, key) {
    switch (event.type) {
      case 'ResultsReportedToPeoplesCongress': {
        const base = doc ?? emptyDocument(key);
        const d = event.data as ResultsReportedToPeoplesCongress['data'];
        const entry: CongressReportEntry = {
          reportId: d.reportId,
          kind: d.kind,
          items: [...d.items],
          accompanies: d.accompanies,
          submittedOn: d.submittedOn,
          ...(d.sessionRef ? { sessionRef: d.sessionRef } : {}),
          eventId: event.metadata.eventId,
        };
        return settle({ ...base, peoplesCongress: replacing(base.peoplesCongress, event, entry) });
      }
      case 'ResultsDisclosed': {
        const base = doc ?? emptyDocument(key);
        const d = event.data as ResultsDisclosed['data'];
        const entry: DisclosureEntry = {
          disclosureId: d.disclosureId,
          kind: d.kind,
          items: [...d.items],
          channel: d.channel,
          url: d.url,
          publishedOn: d.publishedOn,
          eventId: event.metadata.eventId,
        };
        return settle({ ...base, disclosures: replacing(base.disclosures, event, entry) });
      }
      case 'DepartmentOverallPerformanceReported': {
        const base = doc ?? emptyDocument(key);
        const { deptCode, reportRef, reportedOn, targetVersion, totalScore, grade } = event.data as DepartmentOverallPerformanceReported['data'];
        const entry: DepartmentReportEntry = { deptCode, reportRef, reportedOn, targetVersion, totalScore, grade, eventId: event.metadata.eventId };
        return { ...base, departmentReports: replacing(base.departmentReports, event, entry) };
      }
      case 'BudgetProjectDeclared': {
        const base = doc ?? emptyDocument(key);
        const { proCode, proName, deptCode } = event.data as BudgetProjectDeclared['data'];
        return settle(base, keyProject(base, proCode, (p) => ({ ...p, proName, deptCode, isMajor: true })));
      }
      case 'KeyEvaluationCompleted': {
        const base = doc ?? emptyDocument(key);
        const { proCode, finalScore, finalGrade } = event.data as KeyEvaluationCompleted['data'];
        const deptCode = event.subject.deptCode;
        // A key evaluation looks back on a year that was budgeted and executed, so the budget was approved.
        return settle(
          base,
          keyProject(base, proCode, (p) => ({ ...p, ...(deptCode && !p.deptCode ? { deptCode } : {}), budgetApproved: true, keyEvaluation: { score: finalScore, grade: finalGrade } })),
        );
      }
      case 'BudgetAndTargetsApproved': {
        // Only the approvals of projects already on the list matter; the others are not key projects (yet).
        const proCode = event.data.proCode;
        if (!doc) return null;
        return settle(doc, doc.keyProjects.map((p) => (p.proCode === proCode ? { ...p, budgetApproved: true } : p)));
      }
      default:
        return doc;
    }
  },
};
