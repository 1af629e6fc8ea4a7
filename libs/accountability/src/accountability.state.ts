import type { EventContext, StateModel } from '../../event-sourcing/src/decider.js';
import type { AccountabilityEvent } from './accountability.events.js';

type DataOf<T extends AccountabilityEvent['type']> = Extract<AccountabilityEvent, { type: T }>['data'];

/** A document stream: issued once, then only corrected by an event that names the one it supersedes. */
export interface DocumentState<D> {
  /** The document as last issued or corrected. */
  issued?: D & { eventId?: string };
}

function documentModel<T extends AccountabilityEvent['type']>(type: T): StateModel<DocumentState<DataOf<T>>, AccountabilityEvent> {
  return {
    initialState: () => ({}),
    evolve(state, event, context?: EventContext): DocumentState<DataOf<T>> {
      if (event.type !== type) return state;
      const issued = { ...(event.data as DataOf<T>), eventId: context?.eventId } as DocumentState<DataOf<T>>['issued'];
      return { issued };
    },
  };
}

export type NoticeState = DocumentState<DataOf<'CirculationNoticeIssued'>>;
export type AuditFindingState = DocumentState<DataOf<'AuditFindingRecorded'>>;
export type ReferralState = DocumentState<DataOf<'AccountabilityReferred'>>;

export const noticeModel = documentModel('CirculationNoticeIssued');
export const auditFindingModel = documentModel('AuditFindingRecorded');
export const referralModel = documentModel('AccountabilityReferred');
