import type { EventContext, StateModel } from '../../event-sourcing/src/decider.js';
import { businessDate } from '../../event-sourcing/src/business-date.js';
import type { RectificationEvent, RectificationNoticeIssued } from './rectification.events.js';

export type RectificationStatus = 'OPEN' | 'REPORTED' | 'REJECTED' | 'OVERDUE' | 'CLOSED';

export interface RectificationState {
  notice?: RectificationNoticeIssued['data'] & { eventId?: string };
  /** The business date of the notice (its occurredAt in Asia/Shanghai). */
  issuedOn?: string;
  status?: RectificationStatus;
  /** The deadline in force: the notice's, or the one a rejection set. */
  deadline?: string;
  /** Whether the overdue event was written; the watcher writes it once per case. */
  overdue: boolean;
  reports: number;
  rejections: number;
}

/** A case's lifecycle: OPEN → REPORTED → CLOSED, REPORTED → REJECTED (reopened), OPEN|REJECTED → OVERDUE at the deadline. */
export const rectificationModel: StateModel<RectificationState, RectificationEvent> = {
  initialState: () => ({ overdue: false, reports: 0, rejections: 0 }),
  evolve(state, event, context?: EventContext) {
    switch (event.type) {
      case 'RectificationNoticeIssued':
        return {
          ...state,
          notice: { ...event.data, eventId: context?.eventId },
          ...(context?.occurredAt ? { issuedOn: businessDate(context.occurredAt) } : {}),
          status: 'OPEN',
          deadline: event.data.deadline,
        };
      case 'RectificationReported':
        return { ...state, status: 'REPORTED', reports: state.reports + 1 };
      case 'RectificationAccepted':
        return { ...state, status: 'CLOSED' };
      case 'RectificationRejected':
        return { ...state, status: 'REJECTED', rejections: state.rejections + 1, deadline: event.data.newDeadline ?? state.deadline };
      case 'RectificationOverdue':
        return { ...state, status: 'OVERDUE', overdue: true };
      default:
        return state;
    }
  },
};
