import type { EventContext, StateModel } from '../../event-sourcing/src/decider.js';
import type { BudgetExecutionClosed, FundingControlBasis, FundingEvent, FundingStopProposed, FundsRecoveryProposed } from './funding.events.js';

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
  /** Each disbursement by event id, so that a correction (supersedes) replaces the one it names. */
  disbursements: { eventId?: string; amountFen: number; paymentRef: string; paidOn: string }[];
  recoveredFen: number;
  gate: GateStatus;
  intervals: GateInterval[];
  pendingStop?: FundingStopProposed['data'] & { eventId?: string };
  pendingRecovery?: FundsRecoveryProposed['data'] & { eventId?: string };
  reductionProposals: number;
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

const closeOpenInterval = (intervals: GateInterval[], on: string): GateInterval[] =>
  intervals.map((interval, i) => (i === intervals.length - 1 && interval.to === undefined ? { ...interval, to: on } : interval));

/** The disbursement gate: OPEN ⇄ SUSPENDED, → STOPPED (four-eyes), back to OPEN only by a resumption decision. */
export const fundingModel: StateModel<FundingState, FundingEvent> = {
  initialState: () => ({ adjustmentsFen: 0, disbursements: [], recoveredFen: 0, gate: 'OPEN', intervals: [], reductionProposals: 0 }),
  evolve(state, event, context?: EventContext) {
    const eventId = context?.eventId;
    switch (event.type) {
      case 'FundsDisbursed': {
        const { amountFen, paymentRef, paidOn } = event.data;
        const kept = context?.supersedes ? state.disbursements.filter((d) => d.eventId !== context.supersedes) : state.disbursements;
        return { ...state, disbursements: [...kept, { eventId, amountFen, paymentRef, paidOn }] };
      }
      case 'BudgetAdjusted':
        return { ...state, adjustmentsFen: state.adjustmentsFen + event.data.deltaFen };
      case 'FundDisbursementSuspended':
        return {
          ...state,
          gate: 'SUSPENDED',
          intervals: [...state.intervals, { status: 'SUSPENDED', from: event.data.effectiveOn, basis: event.data.basis, eventId }],
        };
      case 'FundingStopProposed':
        return { ...state, pendingStop: { ...event.data, eventId } };
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
        return { ...state, pendingRecovery: { ...event.data, eventId } };
      case 'FundsRecovered':
        return { ...state, pendingRecovery: undefined, recoveredFen: state.recoveredFen + event.data.amountFen };
      case 'NextYearBudgetReductionProposed':
        return { ...state, reductionProposals: state.reductionProposals + 1 };
      case 'BudgetExecutionClosed':
        return { ...state, closed: { ...event.data, eventId } };
      default:
        return state;
    }
  },
};
