// The accountability timeline (domain.md §8 item 1): per project, every event that concerns it, across all its
// streams, in log order, with who, when, what, why, the evidence and what corrected what.
import type { Evidence, LegalBasis, Role } from '../../event-store/src/event-store.port.js';
import type { ProjectedEvent, Projection, ReadDocument } from '../../read-store/src/projection.js';
import { type Bilingual, type KnownEvent, summarize } from './event-summaries.js';

export type TimelineStage = 'EX_ANTE' | 'IN_PROCESS' | 'EX_POST';

export interface TimelineEntry {
  position: string;
  stream: string;
  revision: number;
  eventId: string;
  type: string;
  /** Absent for a type outside the loop's stages (or unknown to this version), rather than a guess. */
  stage?: TimelineStage;
  fiscalYear?: number;
  occurredAt: string;
  recordedAt: string;
  actor: { userId: string; name?: string; role: Role; orgCode: string; orgName: string };
  summary: Bilingual;
  legalBasis: LegalBasis[];
  evidence: Evidence[];
  /** The event id this one corrects. */
  supersedes?: string;
  /** The event id of the later correction of this one. */
  supersededBy?: string;
  ruleSetVersion?: string;
  hash: string;
}

export interface TimelineDocument extends ReadDocument {
  proCode: string;
  /** From the declaration; absent only while a project is named by an event of another stream but never declared. */
  proName?: string;
  deptCode?: string;
  deptName?: string;
  unitCode?: string;
  unitName?: string;
  entries: TimelineEntry[];
}

/**
 * By type, as the loop of domain.md §4 places each step. Typed over every declared event type, so a new type does
 * not compile until it is placed; a rule set governs every stage and belongs to none.
 */
export const STAGE_BY_TYPE: Record<Exclude<KnownEvent['type'], 'RuleSetPublished'>, TimelineStage> = {
  BudgetProjectDeclared: 'EX_ANTE',
  ExAnteAssessmentCommissioned: 'EX_ANTE',
  ExAnteAssessmentRecorded: 'EX_ANTE',
  ExAnteAssessmentReviewed: 'EX_ANTE',
  PerformanceTargetSet: 'EX_ANTE',
  PerformanceTargetReviewed: 'EX_ANTE',
  ProjectAdmittedToLibrary: 'EX_ANTE',
  ProjectRejectedFromLibrary: 'EX_ANTE',
  ProjectIncludedInBudgetDraft: 'EX_ANTE',
  BudgetAndTargetsApproved: 'EX_ANTE',
  DepartmentOverallTargetSet: 'EX_ANTE',

  FundsDisbursed: 'IN_PROCESS',
  BudgetAdjusted: 'IN_PROCESS',
  MonitoringTaskIssued: 'IN_PROCESS',
  MonitoringSnapshotRecorded: 'IN_PROCESS',
  DeviationFlagged: 'IN_PROCESS',
  KeyMonitoringConducted: 'IN_PROCESS',
  RectificationNoticeIssued: 'IN_PROCESS',
  RectificationReported: 'IN_PROCESS',
  RectificationAccepted: 'IN_PROCESS',
  RectificationRejected: 'IN_PROCESS',
  RectificationOverdue: 'IN_PROCESS',
  FundDisbursementSuspended: 'IN_PROCESS',
  FundingStopProposed: 'IN_PROCESS',
  FundDisbursementStopped: 'IN_PROCESS',
  FundDisbursementResumed: 'IN_PROCESS',
  FundsRecoveryProposed: 'IN_PROCESS',
  FundsRecovered: 'IN_PROCESS',
  PerformanceTargetRevisionRequested: 'IN_PROCESS',
  PerformanceTargetRevised: 'IN_PROCESS',
  PerformanceTargetRevisionRejected: 'IN_PROCESS',
  NextYearBudgetReductionProposed: 'IN_PROCESS',

  BudgetExecutionClosed: 'EX_POST',
  SelfEvaluationSubmitted: 'EX_POST',
  SelfEvaluationReviewedByCompetentDepartment: 'EX_POST',
  SelfEvaluationFiled: 'EX_POST',
  ThirdPartyCommissioned: 'EX_POST',
  SpotCheckReviewed: 'EX_POST',
  SelfEvaluationDiscrepancyFlagged: 'EX_POST',
  KeyEvaluationReportSubmitted: 'EX_POST',
  KeyEvaluationCompleted: 'EX_POST',
  CirculationNoticeIssued: 'EX_POST',
  EvaluationResultFedBack: 'EX_POST',
  BudgetAdjustedForNextYear: 'EX_POST',
  PerformancePaymentAdjusted: 'EX_POST',
  ResultsDisclosed: 'EX_POST',
  ResultsReportedToPeoplesCongress: 'EX_POST',
  AuditFindingRecorded: 'EX_POST',
  AccountabilityReferred: 'EX_POST',
  ProjectTerminated: 'EX_POST',
  DepartmentOverallSelfEvaluationSubmitted: 'EX_POST',
  DepartmentOverallPerformanceReported: 'EX_POST',
};

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * Projects an event names in its data besides its subject: the register-like streams (disclosure, 人大 package,
 * notices, monitoring tasks) list several projects, and each project's timeline must show them.
 */
function namedProjects(event: ProjectedEvent): string[] {
  const data = event.data;
  switch (event.type) {
    case 'ResultsDisclosed':
    case 'ResultsReportedToPeoplesCongress':
      // DEPT_OVERALL lists department codes, not projects.
      return data.kind === 'DEPT_OVERALL' ? [] : strings(data.items);
    case 'CirculationNoticeIssued':
      return Array.isArray(data.subjects) ? strings(data.subjects.map((s: { proCode?: unknown }) => s?.proCode)) : [];
    case 'MonitoringTaskIssued':
      return strings((data.scope as { proCodes?: unknown } | undefined)?.proCodes);
    default:
      return typeof data.proCode === 'string' ? [data.proCode] : [];
  }
}

function entryOf(event: ProjectedEvent): TimelineEntry {
  const m = event.metadata;
  const ruleSetVersion = m.ruleSetVersion ?? (typeof event.data.ruleSetVersion === 'string' ? event.data.ruleSetVersion : undefined);
  const stage = Object.hasOwn(STAGE_BY_TYPE, event.type) ? STAGE_BY_TYPE[event.type as keyof typeof STAGE_BY_TYPE] : undefined;
  return {
    position: event.position,
    stream: event.stream,
    revision: event.revision,
    eventId: m.eventId,
    type: event.type,
    ...(stage ? { stage } : {}),
    ...(event.subject.fiscalYear !== undefined ? { fiscalYear: event.subject.fiscalYear } : {}),
    occurredAt: m.occurredAt,
    recordedAt: m.recordedAt,
    actor: {
      userId: m.actor.userId,
      ...(m.actor.name !== undefined ? { name: m.actor.name } : {}),
      role: m.actor.role,
      orgCode: m.actor.orgCode,
      orgName: m.actor.orgName,
    },
    summary: summarize(event),
    legalBasis: (m.legalBasis ?? []).map((b) => ({ ...b })),
    evidence: (m.evidence ?? []).map((e) => ({ ...e })),
    ...(m.supersedes ? { supersedes: m.supersedes } : {}),
    ...(ruleSetVersion ? { ruleSetVersion } : {}),
    hash: m.hash,
  };
}

type Header = Pick<TimelineDocument, 'proName' | 'deptCode' | 'deptName' | 'unitCode' | 'unitName'>;

function headerOf(doc: TimelineDocument | null, event: ProjectedEvent, key: string): Header {
  const d = event.data;
  if (event.type === 'BudgetProjectDeclared' && d.proCode === key) {
    const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const header: Header = { proName: text(d.proName), deptCode: text(d.deptCode), deptName: text(d.deptName), unitCode: text(d.unitCode), unitName: text(d.unitName) };
    return Object.fromEntries(Object.entries(header).filter(([, v]) => v !== undefined));
  }
  const { proName, deptCode, deptName, unitCode, unitName } = doc ?? {};
  const kept: Header = { proName, deptCode, deptName, unitCode, unitName };
  // Before (or without) a declaration, the runner's subject still knows the project's department.
  if (!kept.deptCode && event.subject.proCode === key) {
    kept.deptCode = event.subject.deptCode;
    kept.unitCode = kept.unitCode ?? event.subject.unitCode;
  }
  return Object.fromEntries(Object.entries(kept).filter(([, v]) => v !== undefined));
}

export const timelineProjection: Projection<TimelineDocument> = {
  name: 'timelines',
  version: 1,
  keys(event) {
    const codes = new Set(namedProjects(event));
    if (event.subject.proCode) codes.add(event.subject.proCode);
    return [...codes];
  },
  apply(doc, event, key) {
    const entry = entryOf(event);
    const earlier = (doc?.entries ?? []).map((e) => (entry.supersedes && e.eventId === entry.supersedes ? { ...e, supersededBy: entry.eventId } : e));
    return {
      _id: key,
      _position: event.position,
      proCode: key,
      ...headerOf(doc, event, key),
      entries: [...earlier, entry],
    };
  },
  indexes: ['deptCode', 'unitCode'],
};
