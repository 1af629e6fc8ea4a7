import type { EventContext, StateModel } from '../../event-sourcing/src/decider.js';
import type { CongressEvent, DisclosureEvent, NextYearAdjustmentBasis, ResultsEvent, ResultsKind, ResultsReportedToPeoplesCongress } from './results.events.js';

interface Entry {
  eventId?: string;
  /** Set when a later event of the stream corrected this one; it then no longer counts, but stays in history. */
  superseded: boolean;
}

export interface ResultsState {
  feedbacks: (Entry & { feedbackId: string })[];
  adjustments: (Entry & { adjustmentId: string; targetFiscalYear: number; basis: NextYearAdjustmentBasis })[];
  payments: (Entry & { paymentId: string; contractRef: string })[];
}

const markSuperseded = <T extends Entry>(entries: T[], eventId: string | undefined): T[] =>
  eventId ? entries.map((e) => (e.eventId === eventId ? { ...e, superseded: true } : e)) : entries;

/** Results application of one project and evaluated year. Ids are numbered in the stream, corrected entries included. */
export const resultsModel: StateModel<ResultsState, ResultsEvent> = {
  initialState: () => ({ feedbacks: [], adjustments: [], payments: [] }),
  evolve(state, event, context?: EventContext) {
    const eventId = context?.eventId;
    const replaced = context?.supersedes;
    switch (event.type) {
      case 'EvaluationResultFedBack':
        return { ...state, feedbacks: [...markSuperseded(state.feedbacks, replaced), { feedbackId: event.data.feedbackId, eventId, superseded: false }] };
      case 'BudgetAdjustedForNextYear': {
        const { adjustmentId, targetFiscalYear, basis } = event.data;
        return { ...state, adjustments: [...markSuperseded(state.adjustments, replaced), { adjustmentId, targetFiscalYear, basis, eventId, superseded: false }] };
      }
      case 'PerformancePaymentAdjusted': {
        const { paymentId, contractRef } = event.data;
        return { ...state, payments: [...markSuperseded(state.payments, replaced), { paymentId, contractRef, eventId, superseded: false }] };
      }
      default:
        return state;
    }
  },
};

export interface DisclosureState {
  disclosures: { disclosureId: string; kind: ResultsKind; items: string[]; eventId?: string }[];
}

/** The disclosure register of one fiscal year. */
export const disclosureModel: StateModel<DisclosureState, DisclosureEvent> = {
  initialState: () => ({ disclosures: [] }),
  evolve(state, event, context?: EventContext) {
    if (event.type !== 'ResultsDisclosed') return state;
    const { disclosureId, kind, items } = event.data;
    return { disclosures: [...state.disclosures, { disclosureId, kind, items, eventId: context?.eventId }] };
  },
};

export interface CongressState {
  reports: (Pick<ResultsReportedToPeoplesCongress['data'], 'reportId' | 'kind' | 'items' | 'accompanies'> & { eventId?: string })[];
}

/** The 人大 package of one fiscal year. */
export const congressModel: StateModel<CongressState, CongressEvent> = {
  initialState: () => ({ reports: [] }),
  evolve(state, event, context?: EventContext) {
    if (event.type !== 'ResultsReportedToPeoplesCongress') return state;
    const { reportId, kind, items, accompanies } = event.data;
    return { reports: [...state.reports, { reportId, kind, items, accompanies, eventId: context?.eventId }] };
  },
};
