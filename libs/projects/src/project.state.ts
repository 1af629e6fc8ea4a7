import type { EventContext, StateModel } from '../../event-sourcing/src/decider.js';
import type {
  PerformanceTargetRevisionRequested,
  ProjectTerminated,
  BudgetAndTargetsApproved,
  BudgetProjectDeclared,
  ExAnteAssessmentRecorded,
  LibraryRejectionReason,
  PerformanceIndicator,
  ProjectEvent,
  ProjectIncludedInBudgetDraft,
} from './project.events.js';
import type { Grade } from '../../rule-sets/src/rule-set.js';

export interface ExAnteAssessment {
  assessmentId: string;
  assessorType: ExAnteAssessmentRecorded['data']['assessorType'];
  institutionId?: string;
  totalScore: number;
  grade: Grade;
  conclusion: ExAnteAssessmentRecorded['data']['conclusion'];
  reportRef: string;
  recordedEventId?: string;
  review?: { outcome: 'PASSED' | 'FAILED'; grade: Grade; opinion: string; eventId?: string };
}

export interface TargetVersion {
  version: number;
  /** REVISED: a version that came in force by an approved revision during execution. */
  status: 'SUBMITTED' | 'PASSED' | 'RETURNED' | 'REVISED';
  overallObjective: string;
  annualObjective: string;
  indicators: PerformanceIndicator[];
  satisfactionExemptionReason?: string;
  opinion?: string;
  setEventId?: string;
}

export interface FiscalCycle {
  fiscalYear: number;
  targets: TargetVersion[];
  draft?: Omit<ProjectIncludedInBudgetDraft['data'], 'proCode' | 'fiscalYear'>;
  approval?: Omit<BudgetAndTargetsApproved['data'], 'proCode' | 'fiscalYear'> & { eventId?: string };
  /** A revision request awaiting finance's decision. */
  pendingRevision?: Omit<PerformanceTargetRevisionRequested['data'], 'proCode' | 'fiscalYear'> & { eventId?: string };
  revisions: { requestId: string; fromVersion: number; toVersion: number; reason: string; eventId?: string }[];
}

export interface ProjectState {
  declaration?: BudgetProjectDeclared['data'];
  commissions: { commissionId: string; institutionId: string; institutionName: string; status: 'ACTIVE' | 'COMPLETED' }[];
  assessments: ExAnteAssessment[];
  library:
    | { status: 'NOT_ADMITTED' }
    | { status: 'ADMITTED'; fiscalYear: number; targetVersion: number; libraryBatch?: string; eventId?: string }
    | { status: 'REJECTED'; reason: LibraryRejectionReason; detail: string; eventId?: string };
  cycles: Record<number, FiscalCycle>;
  termination?: ProjectTerminated['data'] & { eventId?: string };
  revision: number;
}

export function cycleOf(state: ProjectState, fiscalYear: number): FiscalCycle {
  return state.cycles[fiscalYear] ?? { fiscalYear, targets: [], revisions: [] };
}

export function currentTargets(state: ProjectState, fiscalYear: number): TargetVersion | undefined {
  const { targets } = cycleOf(state, fiscalYear);
  return targets[targets.length - 1];
}

/**
 * The version in force for execution and evaluation: the approved one, or the latest approved revision of it
 * (domain.md §5 invariant 9: self-evaluation scores against the version in force at year end).
 */
export function targetsInForce(state: ProjectState, fiscalYear: number): TargetVersion | undefined {
  const cycle = cycleOf(state, fiscalYear);
  if (!cycle.approval) return undefined;
  const version = cycle.revisions.length ? cycle.revisions[cycle.revisions.length - 1].toVersion : cycle.approval.targetVersion;
  return cycle.targets.find((t) => t.version === version);
}

export function latestAssessment(state: ProjectState): ExAnteAssessment | undefined {
  return state.assessments[state.assessments.length - 1];
}

/** The project stream folded (design §3). Pure: every fact comes from the events. */
export const projectModel: StateModel<ProjectState, ProjectEvent> = {
  initialState: () => ({ commissions: [], assessments: [], library: { status: 'NOT_ADMITTED' }, cycles: {}, revision: -1 }),

  evolve(state, event, context?: EventContext) {
    const next: ProjectState = { ...state, revision: context?.revision ?? state.revision + 1 };
    const eventId = context?.eventId;
    const withCycle = (fiscalYear: number, change: (cycle: FiscalCycle) => FiscalCycle): ProjectState => ({
      ...next,
      cycles: { ...next.cycles, [fiscalYear]: change(cycleOf(next, fiscalYear)) },
    });
    switch (event.type) {
      case 'BudgetProjectDeclared':
        return { ...next, declaration: event.data };
      case 'ExAnteAssessmentCommissioned': {
        const { commissionId, institutionId, institutionName } = event.data;
        return { ...next, commissions: [...next.commissions, { commissionId, institutionId, institutionName, status: 'ACTIVE' }] };
      }
      case 'ExAnteAssessmentRecorded': {
        const d = event.data;
        return {
          ...next,
          commissions: next.commissions.map((c) => (c.commissionId === d.commissionId ? { ...c, status: 'COMPLETED' } : c)),
          assessments: [
            ...next.assessments,
            {
              assessmentId: d.assessmentId,
              assessorType: d.assessorType,
              institutionId: d.institutionId,
              totalScore: d.totalScore,
              grade: d.grade,
              conclusion: d.conclusion,
              reportRef: d.reportRef,
              recordedEventId: eventId,
            },
          ],
        };
      }
      case 'ExAnteAssessmentReviewed': {
        const { assessmentId, outcome, grade, opinion } = event.data;
        return {
          ...next,
          assessments: next.assessments.map((a) => (a.assessmentId === assessmentId ? { ...a, review: { outcome, grade, opinion, eventId } } : a)),
        };
      }
      case 'PerformanceTargetSet': {
        const { fiscalYear, version, overallObjective, annualObjective, indicators, satisfactionExemptionReason } = event.data;
        return withCycle(fiscalYear, (cycle) => ({
          ...cycle,
          targets: [
            ...cycle.targets,
            { version, status: 'SUBMITTED', overallObjective, annualObjective, indicators, satisfactionExemptionReason, setEventId: eventId },
          ],
        }));
      }
      case 'PerformanceTargetReviewed': {
        const { fiscalYear, version, outcome, opinion } = event.data;
        return withCycle(fiscalYear, (cycle) => ({
          ...cycle,
          targets: cycle.targets.map((t) => (t.version === version ? { ...t, status: outcome === 'PASSED' ? 'PASSED' : 'RETURNED', opinion } : t)),
        }));
      }
      case 'ProjectAdmittedToLibrary': {
        const { fiscalYear, targetVersion, libraryBatch } = event.data;
        return { ...next, library: { status: 'ADMITTED', fiscalYear, targetVersion, libraryBatch, eventId } };
      }
      case 'ProjectRejectedFromLibrary':
        return { ...next, library: { status: 'REJECTED', reason: event.data.reason, detail: event.data.detail, eventId } };
      case 'ProjectIncludedInBudgetDraft': {
        const { proCode: _p, fiscalYear, ...draft } = event.data;
        return withCycle(fiscalYear, (cycle) => ({ ...cycle, draft }));
      }
      case 'BudgetAndTargetsApproved': {
        const { proCode: _p, fiscalYear, ...approval } = event.data;
        return withCycle(fiscalYear, (cycle) => ({ ...cycle, approval: { ...approval, eventId } }));
      }
      case 'PerformanceTargetRevisionRequested': {
        const { proCode: _p, fiscalYear, ...request } = event.data;
        return withCycle(fiscalYear, (cycle) => ({ ...cycle, pendingRevision: { ...request, eventId } }));
      }
      case 'PerformanceTargetRevised': {
        const { fiscalYear, requestId, fromVersion, toVersion, reason } = event.data;
        return withCycle(fiscalYear, (cycle) => {
          const request = cycle.pendingRevision;
          const revised: TargetVersion[] = request
            ? [
                {
                  version: toVersion,
                  status: 'REVISED',
                  overallObjective: request.overallObjective,
                  annualObjective: request.annualObjective,
                  indicators: request.indicators,
                  satisfactionExemptionReason: request.satisfactionExemptionReason,
                  setEventId: request.eventId,
                },
              ]
            : [];
          return { ...cycle, pendingRevision: undefined, targets: [...cycle.targets, ...revised], revisions: [...cycle.revisions, { requestId, fromVersion, toVersion, reason, eventId }] };
        });
      }
      case 'PerformanceTargetRevisionRejected': {
        return withCycle(event.data.fiscalYear, (cycle) => ({ ...cycle, pendingRevision: undefined }));
      }
      case 'ProjectTerminated':
        return { ...next, termination: { ...event.data, eventId } };
      default:
        return next;
    }
  },
};
