import type { EventContext, StateModel } from '../../event-sourcing/src/decider.js';
import type {
  CommissionScope,
  EvaluationEvent,
  KeyEvaluationCompleted,
  KeyEvaluationEvent,
  KeyEvaluationReportSubmitted,
  SelfEvaluationDiscrepancyFlagged,
  SelfEvaluationFiled,
  SelfEvaluationReviewedByCompetentDepartment,
  SelfEvaluationSubmitted,
  SpotCheckReviewed,
  ThirdPartyCommissioned,
} from './evaluation.events.js';

type Recorded<T> = T & { eventId?: string; occurredAt?: string };

export type Commission = Recorded<Omit<ThirdPartyCommissioned['data'], 'proCode' | 'fiscalYear'>> & { status: 'ACTIVE' | 'COMPLETED' };

export interface SelfEvaluationState {
  /** The submission in force: the latest, which superseded every earlier one. */
  submission?: Recorded<SelfEvaluationSubmitted['data']>;
  /** Event ids of submissions a correction replaced; they stay in the history. */
  supersededSubmissions: string[];
  /** The competent review of the submission in force; a correction clears it, the department reviews again. */
  review?: Recorded<SelfEvaluationReviewedByCompetentDepartment['data']>;
  filing?: Recorded<SelfEvaluationFiled['data']>;
  spotCheck?: Recorded<SpotCheckReviewed['data']>;
  discrepancy?: Recorded<SelfEvaluationDiscrepancyFlagged['data']>;
  commissions: Commission[];
  revision: number;
}

export interface KeyEvaluationReport extends Recorded<KeyEvaluationReportSubmitted['data']> {
  /** The report that corrected this one, if any. */
  supersededBy?: string;
}

export interface KeyEvaluationState {
  commissions: Commission[];
  reports: KeyEvaluationReport[];
  completion?: Recorded<KeyEvaluationCompleted['data']>;
  revision: number;
}

/** What commissioning needs of either stream: who is engaged, and whether the commissioned work is already done. */
export interface CommissionState {
  commissions: Commission[];
  /** The spot-check was recorded, or the key evaluation completed: nothing is left to commission. */
  workDone?: { type: string; eventId?: string };
  revision: number;
}

function recorded<T extends object>(data: T, context?: EventContext): Recorded<T> {
  return { ...data, ...(context ? { eventId: context.eventId, occurredAt: context.occurredAt } : {}) };
}

function commissioned(commissions: Commission[], data: ThirdPartyCommissioned['data'], context?: EventContext): Commission[] {
  const { proCode: _p, fiscalYear: _y, ...commission } = data;
  return [...commissions, { ...recorded(commission, context), status: 'ACTIVE' }];
}

/** The commissioned work of a scope is done: its commissions end with it. */
function completed(commissions: Commission[], scope: CommissionScope): Commission[] {
  return commissions.map((c) => (c.scope === scope ? { ...c, status: 'COMPLETED' } : c));
}

export function activeCommission(commissions: Commission[], scope: CommissionScope, institutionId: string | undefined): Commission | undefined {
  return commissions.find((c) => c.scope === scope && c.status === 'ACTIVE' && c.institutionId === institutionId);
}

/** The stream `evaluation-{proCode}-{fiscalYear}` folded. Pure. */
export const evaluationModel: StateModel<SelfEvaluationState, EvaluationEvent> = {
  initialState: () => ({ supersededSubmissions: [], commissions: [], revision: -1 }),
  evolve(state, event, context?: EventContext) {
    const next: SelfEvaluationState = { ...state, revision: context?.revision ?? state.revision + 1 };
    switch (event.type) {
      case 'SelfEvaluationSubmitted': {
        const replaced = context?.supersedes ? [...next.supersededSubmissions, context.supersedes] : next.supersededSubmissions;
        return { ...next, submission: recorded(event.data, context), supersededSubmissions: replaced, review: undefined };
      }
      case 'SelfEvaluationReviewedByCompetentDepartment':
        return { ...next, review: recorded(event.data, context) };
      case 'SelfEvaluationFiled':
        return { ...next, filing: recorded(event.data, context) };
      case 'ThirdPartyCommissioned':
        return { ...next, commissions: commissioned(next.commissions, event.data, context) };
      case 'SpotCheckReviewed':
        return { ...next, spotCheck: recorded(event.data, context), commissions: completed(next.commissions, 'SPOT_CHECK') };
      case 'SelfEvaluationDiscrepancyFlagged':
        return { ...next, discrepancy: recorded(event.data, context) };
      default:
        return next;
    }
  },
};

/** The stream `keyevaluation-{proCode}-{fiscalYear}` folded. Pure. */
export const keyEvaluationModel: StateModel<KeyEvaluationState, KeyEvaluationEvent> = {
  initialState: () => ({ commissions: [], reports: [], revision: -1 }),
  evolve(state, event, context?: EventContext) {
    const next: KeyEvaluationState = { ...state, revision: context?.revision ?? state.revision + 1 };
    switch (event.type) {
      case 'ThirdPartyCommissioned':
        return { ...next, commissions: commissioned(next.commissions, event.data, context) };
      case 'KeyEvaluationReportSubmitted': {
        const corrects = context?.supersedes;
        const reports = corrects ? next.reports.map((r) => (r.eventId === corrects ? { ...r, supersededBy: context?.eventId } : r)) : next.reports;
        return { ...next, reports: [...reports, recorded(event.data, context)] };
      }
      case 'KeyEvaluationCompleted':
        return { ...next, completion: recorded(event.data, context), commissions: completed(next.commissions, 'KEY_EVALUATION') };
      default:
        return next;
    }
  },
};

/** Either evaluation stream folded for a commission decision: the scope's stream holds only its own events. */
export const commissionModel: StateModel<CommissionState, EvaluationEvent | KeyEvaluationEvent> = {
  initialState: () => ({ commissions: [], revision: -1 }),
  evolve(state, event, context?: EventContext) {
    const next: CommissionState = { ...state, revision: context?.revision ?? state.revision + 1 };
    switch (event.type) {
      case 'ThirdPartyCommissioned':
        return { ...next, commissions: commissioned(next.commissions, event.data, context) };
      case 'SpotCheckReviewed':
        return { ...next, commissions: completed(next.commissions, 'SPOT_CHECK'), workDone: { type: event.type, eventId: context?.eventId } };
      case 'KeyEvaluationCompleted':
        return { ...next, commissions: completed(next.commissions, 'KEY_EVALUATION'), workDone: { type: event.type, eventId: context?.eventId } };
      default:
        return next;
    }
  },
};

/** Decisions cite events by id; the pipeline always folds with event contexts, so a missing id is a wiring fault. */
export function eventIdOf(record: { eventId?: string }, what: string): string {
  if (!record.eventId) throw new Error(`the event id of the ${what} is unknown: the stream was folded without event contexts`);
  return record.eventId;
}
