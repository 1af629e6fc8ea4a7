import type { EventContext, StateModel } from '../../event-sourcing/src/decider.js';
import type {
  BudgetAdjusted,
  BudgetExecutionClosed,
  FundingControlBasis,
  FundingEvent,
  FundingStopProposed,
  FundsRecovered,
  FundsRecoveryProposed,
  NextYearBudgetReductionProposed,
} from './funding.events.js';

export type GateStatus = 'OPEN' | 'SUSPENDED' | 'STOPPED';

export interface GateInterval {
  status: 'SUSPENDED' | 'STOPPED';
  from: string;
  to?: string;
  basis: FundingControlBasis;
  eventId?: string;
}

export interface FundingState {
  /** Σ in-year adjustments (BudgetAdjusted.deltaFen); the approved amount lives in the project stream. */
  adjustmentsFen: number;
  adjustments: (Omit<BudgetAdjusted['data'], 'proCode' | 'fiscalYear'> & { eventId?: string })[];
  /** Each disbursement by event id, so that a correction (supersedes) replaces the one it names. */
  disbursements: { eventId?: string; amountFen: number; paymentRef: string; paidOn: string; fundSource?: string; corrects?: string }[];
  recoveredFen: number;
  recoveries: (Omit<FundsRecovered['data'], 'proCode' | 'fiscalYear'> & { eventId?: string })[];
  gate: GateStatus;
  intervals: GateInterval[];
  pendingStop?: FundingStopProposed['data'] & { eventId?: string };
  pendingRecovery?: FundsRecoveryProposed['data'] & { eventId?: string };
  /** Every proposal ever made, pending or decided: the next id counts them, and an approval can tell "decided" from "unknown". */
  stopProposalIds: string[];
  recoveryProposalIds: string[];
  reductionProposals: number;
  reductions: (Omit<NextYearBudgetReductionProposed['data'], 'proCode' | 'fiscalYear'> & { eventId?: string })[];
  closed?: BudgetExecutionClosed['data'] & { eventId?: string };
}

export function disbursedFen(state: FundingState): number {
  return state.disbursements.reduce((sum, d) => sum + d.amountFen, 0);
}

/** Disbursed less recovered: what recovery may take back at most (invariant 6). */
export function netDisbursedFen(state: FundingState): number {
  return disbursedFen(state) - state.recoveredFen;
}

/** The approved amount (from the project stream) with this year's adjustments. */
export function adjustedBudgetFen(approvedFen: number, state: FundingState): number {
  return approvedFen + state.adjustmentsFen;
}

/** Net disbursement and adjusted budget as they stood at the end of a business date (e.g. a monitoring cut-off). */
export function figuresAsOf(approvedFen: number, state: FundingState, date: string): { netDisbursedFen: number; adjustedBudgetFen: number } {
  const disbursed = state.disbursements.filter((d) => d.paidOn <= date).reduce((sum, d) => sum + d.amountFen, 0);
  const recovered = state.recoveries.filter((r) => r.effectiveOn <= date).reduce((sum, r) => sum + r.amountFen, 0);
  const adjustments = state.adjustments.filter((a) => a.effectiveOn <= date).reduce((sum, a) => sum + a.deltaFen, 0);
  return { netDisbursedFen: disbursed - recovered, adjustedBudgetFen: approvedFen + adjustments };
}

/** The suspension or stop in force on a date, if any: [from, to), a resumption day is open again. */
export function intervalOn(state: FundingState, date: string): GateInterval | undefined {
  return state.intervals.find((i) => i.from <= date && (i.to === undefined || date < i.to));
}

/** The date of the last gate decision: a new one cannot take effect before it, or the intervals would overlap. */
export function lastGateChangeOn(state: FundingState): string | undefined {
  const last = state.intervals[state.intervals.length - 1];
  return last ? (last.to ?? last.from) : undefined;
}

const closeOpenInterval = (intervals: GateInterval[], on: string): GateInterval[] =>
  intervals.map((interval, i) => (i === intervals.length - 1 && interval.to === undefined ? { ...interval, to: on } : interval));

/** The disbursement gate: OPEN ⇄ SUSPENDED, → STOPPED (four-eyes), back to OPEN only by a resumption decision. */
export const fundingModel: StateModel<FundingState, FundingEvent> = {
  initialState: () => ({
    adjustmentsFen: 0,
    adjustments: [],
    disbursements: [],
    recoveredFen: 0,
    recoveries: [],
    gate: 'OPEN',
    intervals: [],
    stopProposalIds: [],
    recoveryProposalIds: [],
    reductionProposals: 0,
    reductions: [],
  }),
  evolve(state, event, context?: EventContext) {
    const eventId = context?.eventId;
    switch (event.type) {
      case 'FundsDisbursed': {
        const { amountFen, paymentRef, paidOn, fundSource } = event.data;
        const corrects = context?.supersedes;
        const kept = corrects ? state.disbursements.filter((d) => d.eventId !== corrects) : state.disbursements;
        return { ...state, disbursements: [...kept, { eventId, amountFen, paymentRef, paidOn, ...(fundSource ? { fundSource } : {}), ...(corrects ? { corrects } : {}) }] };
      }
      case 'BudgetAdjusted': {
        const { proCode: _p, fiscalYear: _y, ...adjustment } = event.data;
        return { ...state, adjustmentsFen: state.adjustmentsFen + event.data.deltaFen, adjustments: [...state.adjustments, { ...adjustment, eventId }] };
      }
      case 'FundDisbursementSuspended':
        return {
          ...state,
          gate: 'SUSPENDED',
          intervals: [...state.intervals, { status: 'SUSPENDED', from: event.data.effectiveOn, basis: event.data.basis, eventId }],
        };
      case 'FundingStopProposed':
        return { ...state, pendingStop: { ...event.data, eventId }, stopProposalIds: [...state.stopProposalIds, event.data.proposalId] };
      case 'FundDisbursementStopped':
        return {
          ...state,
          gate: 'STOPPED',
          pendingStop: undefined,
          intervals: [...closeOpenInterval(state.intervals, event.data.effectiveOn), { status: 'STOPPED', from: event.data.effectiveOn, basis: event.data.basis, eventId }],
        };
      case 'FundDisbursementResumed':
        return { ...state, gate: 'OPEN', intervals: closeOpenInterval(state.intervals, event.data.effectiveOn) };
      case 'FundsRecoveryProposed':
        return { ...state, pendingRecovery: { ...event.data, eventId }, recoveryProposalIds: [...state.recoveryProposalIds, event.data.proposalId] };
      case 'FundsRecovered': {
        const { proCode: _p, fiscalYear: _y, ...recovery } = event.data;
        return {
          ...state,
          pendingRecovery: undefined,
          recoveredFen: state.recoveredFen + event.data.amountFen,
          recoveries: [...state.recoveries, { ...recovery, eventId }],
        };
      }
      case 'NextYearBudgetReductionProposed': {
        const { proCode: _p, fiscalYear: _y, ...reduction } = event.data;
        return { ...state, reductionProposals: state.reductionProposals + 1, reductions: [...state.reductions, { ...reduction, eventId }] };
      }
      case 'BudgetExecutionClosed':
        return { ...state, closed: { ...event.data, eventId } };
      default:
        return state;
    }
  },
};
