// The funding ledger (domain.md §8 item 3): per project and fiscal year, the money as the treasury and finance
// recorded it — planned, approved, adjusted in year, disbursed (corrections applied), recovered, net — the
// disbursement gate with its suspended and stopped intervals, the stop and recovery proposals awaiting their
// second officer (four-eyes), the proposals and decisions to cut next year's budget, and the 决算 closing.
// Key `{proCode}:{fiscalYear}`. The declaration opens a ledger for each year of its funding plan; any other
// money event opens one too if none exists, so a ledger never loses a payment to event order.
//
// Rules:
// - A FundsDisbursed whose metadata.supersedes names an earlier payment replaces it in place (the list keeps the
//   corrected payment's position, and says what it corrects); the sums count the correction only.
// - adjustedBudgetFen = approvedFen + Σ in-year deltas; null until the budget is approved.
// - netDisbursedFen = disbursed − recovered; availableFen = adjusted budget − net.
// - executionRate, per cent with 2 decimals: executed ÷ adjusted budget of the closing once the year is closed
//   (决算, what self-evaluation scores), before that net disbursed ÷ adjusted budget; null without a budget.
// - The gate: SUSPENDED and STOPPED open an interval from their effective date; a stop closes a suspension
//   still open on the stop's date; a resumption closes the open interval on its effective date ([from, to)).
// - A reduction proposal is `decided` by the next-year budget adjustment that cites it among its basis events.
import type { ProjectedEvent, Projection, ReadDocument } from '../../read-store/src/projection.js';
import type {
  BudgetAdjusted,
  BudgetExecutionClosed,
  FundDisbursementResumed,
  FundDisbursementStopped,
  FundDisbursementSuspended,
  FundingControlBasis,
  FundingStopProposed,
  FundsDisbursed,
  FundsRecovered,
  FundsRecoveryProposed,
  NextYearBudgetReductionProposed,
} from '../../funding/src/funding.events.js';
import type { BudgetAndTargetsApproved, BudgetProjectDeclared } from '../../projects/src/project.events.js';
import { businessDate } from '../../event-sourcing/src/business-date.js';
import type { BudgetAdjustedForNextYear } from '../../results/src/results.events.js';
import { round2 } from '../../rule-sets/src/rule-set.js';

export type LedgerGate = 'OPEN' | 'SUSPENDED' | 'STOPPED';

export interface LedgerDisbursement {
  eventId: string;
  amountFen: number;
  paymentRef: string;
  paidOn: string;
  fundSource: string | null;
  /** The payment event this one corrects, when it is a correction. */
  corrects: string | null;
}

export interface LedgerAdjustment {
  eventId: string;
  deltaFen: number;
  adjustedBudgetFen: number;
  reason: string;
  docNo: string;
  effectiveOn: string;
}

export interface LedgerRecovery {
  eventId: string;
  proposalId: string;
  amountFen: number;
  reallocationRef: string;
  docNo: string;
  effectiveOn: string;
  proposedBy: string;
  approvedBy: string;
}

export interface LedgerGateInterval {
  status: 'SUSPENDED' | 'STOPPED';
  from: string;
  /** The resumption (or stop) date that ended it; null while in force. */
  to: string | null;
  basis: FundingControlBasis;
  docNo: string;
  eventId: string;
  endedByEventId: string | null;
}

export interface LedgerPendingProposal {
  kind: 'STOP' | 'RECOVERY';
  proposalId: string;
  /** Recovery proposals name an amount; stop proposals do not. */
  amountFen: number | null;
  reason: string;
  docNo: string;
  proposedBy: string;
  proposedOn: string;
  eventId: string;
}

export interface LedgerReductionProposal {
  proposalId: string;
  targetFiscalYear: number;
  basis: 'SLOW_SPENDING' | 'IDLE_BALANCE';
  proposedReductionFen: number;
  asOfDate: string;
  executionRate: number;
  proposedOn: string;
  eventId: string;
  /** The next-year budget adjustment that cites this proposal, once finance decided. */
  decidedByEventId: string | null;
}

export interface LedgerNextYearAdjustment {
  adjustmentId: string;
  targetFiscalYear: number;
  baseFen: number;
  adjustmentFen: number;
  adjustedFen: number;
  basis: BudgetAdjustedForNextYear['data']['basis'];
  decidedOn: string;
  eventId: string;
}

export interface LedgerClosing {
  initialApprovedFen: number;
  inYearAdjustmentFen: number;
  adjustedBudgetFen: number;
  executedFen: number;
  recoveredFen: number;
  carryOverFen: number;
  balanceFen: number;
  closedOn: string;
  eventId: string;
}

export interface FundingLedgerDocument extends ReadDocument {
  proCode: string;
  fiscalYear: number;
  /** From the declaration (or the subject the runner gives the funding stream); null when neither named it. */
  deptCode: string | null;
  unitCode: string | null;
  /** This year's amount in the declared funding plan. */
  plannedFen: number | null;
  approval: { approvedFen: number; targetVersion: number; approvalDocNo: string; approvedOn: string; eventId: string } | null;
  approvedFen: number | null;
  adjustments: LedgerAdjustment[];
  adjustmentsFen: number;
  adjustedBudgetFen: number | null;
  disbursements: LedgerDisbursement[];
  disbursedFen: number;
  recoveries: LedgerRecovery[];
  recoveredFen: number;
  netDisbursedFen: number;
  availableFen: number | null;
  gate: LedgerGate;
  intervals: LedgerGateInterval[];
  pendingProposals: LedgerPendingProposal[];
  reductionProposals: LedgerReductionProposal[];
  nextYearAdjustments: LedgerNextYearAdjustment[];
  closing: LedgerClosing | null;
  executionRate: number | null;
}

const ledgerKey = (proCode: string, fiscalYear: number) => `${proCode}:${fiscalYear}`;

const FUNDING_TYPES = new Set([
  'BudgetAndTargetsApproved',
  'FundsDisbursed',
  'BudgetAdjusted',
  'FundDisbursementSuspended',
  'FundingStopProposed',
  'FundDisbursementStopped',
  'FundDisbursementResumed',
  'FundsRecoveryProposed',
  'FundsRecovered',
  'NextYearBudgetReductionProposed',
  'BudgetExecutionClosed',
  'BudgetAdjustedForNextYear',
]);

function keysOf(event: ProjectedEvent): string[] {
  if (event.type === 'BudgetProjectDeclared') {
    const d = event.data as BudgetProjectDeclared['data'];
    return d.fundingPlan.map((p) => ledgerKey(d.proCode, p.fiscalYear));
  }
  if (!FUNDING_TYPES.has(event.type)) return [];
  const { proCode, fiscalYear } = event.data;
  return typeof proCode === 'string' && typeof fiscalYear === 'number' ? [ledgerKey(proCode, fiscalYear)] : [];
}

function emptyLedger(key: string, event: ProjectedEvent, proCode: string, fiscalYear: number): FundingLedgerDocument {
  return {
    _id: key,
    _position: event.position,
    proCode,
    fiscalYear,
    deptCode: event.subject.deptCode ?? null,
    unitCode: event.subject.unitCode ?? null,
    plannedFen: null,
    approval: null,
    approvedFen: null,
    adjustments: [],
    adjustmentsFen: 0,
    adjustedBudgetFen: null,
    disbursements: [],
    disbursedFen: 0,
    recoveries: [],
    recoveredFen: 0,
    netDisbursedFen: 0,
    availableFen: null,
    gate: 'OPEN',
    intervals: [],
    pendingProposals: [],
    reductionProposals: [],
    nextYearAdjustments: [],
    closing: null,
    executionRate: null,
  };
}

const closeOpen = (intervals: LedgerGateInterval[], on: string, by: string): LedgerGateInterval[] =>
  intervals.map((i) => (i.to === null ? { ...i, to: on, endedByEventId: by } : i));

/** The ledger after one event, before its totals are recomputed. */
function record(ledger: FundingLedgerDocument, event: ProjectedEvent): FundingLedgerDocument {
  const eventId = event.metadata.eventId;
  const on = businessDate(event.metadata.occurredAt);
  switch (event.type) {
    case 'BudgetProjectDeclared': {
      const d = event.data as BudgetProjectDeclared['data'];
      return {
        ...ledger,
        deptCode: d.deptCode,
        unitCode: d.unitCode ?? null,
        plannedFen: d.fundingPlan.find((p) => p.fiscalYear === ledger.fiscalYear)?.amountFen ?? null,
      };
    }
    case 'BudgetAndTargetsApproved': {
      const d = event.data as BudgetAndTargetsApproved['data'];
      return { ...ledger, approval: { approvedFen: d.approvedFen, targetVersion: d.targetVersion, approvalDocNo: d.approvalDocNo, approvedOn: on, eventId } };
    }
    case 'FundsDisbursed': {
      const d = event.data as FundsDisbursed['data'];
      const corrects = event.metadata.supersedes ?? null;
      const payment: LedgerDisbursement = { eventId, amountFen: d.amountFen, paymentRef: d.paymentRef, paidOn: d.paidOn, fundSource: d.fundSource ?? null, corrects };
      const index = corrects === null ? -1 : ledger.disbursements.findIndex((p) => p.eventId === corrects);
      const disbursements = index < 0 ? [...ledger.disbursements, payment] : ledger.disbursements.map((p, i) => (i === index ? payment : p));
      return { ...ledger, disbursements };
    }
    case 'BudgetAdjusted': {
      const d = event.data as BudgetAdjusted['data'];
      const adjustment: LedgerAdjustment = { eventId, deltaFen: d.deltaFen, adjustedBudgetFen: d.adjustedBudgetFen, reason: d.reason, docNo: d.docNo, effectiveOn: d.effectiveOn };
      return { ...ledger, adjustments: [...ledger.adjustments, adjustment] };
    }
    case 'FundDisbursementSuspended': {
      const d = event.data as FundDisbursementSuspended['data'];
      const interval: LedgerGateInterval = { status: 'SUSPENDED', from: d.effectiveOn, to: null, basis: d.basis, docNo: d.docNo, eventId, endedByEventId: null };
      return { ...ledger, gate: 'SUSPENDED', intervals: [...ledger.intervals, interval] };
    }
    case 'FundingStopProposed': {
      const d = event.data as FundingStopProposed['data'];
      const proposal: LedgerPendingProposal = { kind: 'STOP', proposalId: d.proposalId, amountFen: null, reason: d.reason, docNo: d.docNo, proposedBy: d.proposedBy, proposedOn: on, eventId };
      return { ...ledger, pendingProposals: [...ledger.pendingProposals.filter((p) => !(p.kind === 'STOP' && p.proposalId === d.proposalId)), proposal] };
    }
    case 'FundDisbursementStopped': {
      const d = event.data as FundDisbursementStopped['data'];
      const interval: LedgerGateInterval = { status: 'STOPPED', from: d.effectiveOn, to: null, basis: d.basis, docNo: d.docNo, eventId, endedByEventId: null };
      return {
        ...ledger,
        gate: 'STOPPED',
        intervals: [...closeOpen(ledger.intervals, d.effectiveOn, eventId), interval],
        pendingProposals: ledger.pendingProposals.filter((p) => !(p.kind === 'STOP' && p.proposalId === d.proposalId)),
      };
    }
    case 'FundDisbursementResumed': {
      const d = event.data as FundDisbursementResumed['data'];
      return { ...ledger, gate: 'OPEN', intervals: closeOpen(ledger.intervals, d.effectiveOn, eventId) };
    }
    case 'FundsRecoveryProposed': {
      const d = event.data as FundsRecoveryProposed['data'];
      const proposal: LedgerPendingProposal = { kind: 'RECOVERY', proposalId: d.proposalId, amountFen: d.amountFen, reason: d.reason, docNo: d.docNo, proposedBy: d.proposedBy, proposedOn: on, eventId };
      return { ...ledger, pendingProposals: [...ledger.pendingProposals.filter((p) => !(p.kind === 'RECOVERY' && p.proposalId === d.proposalId)), proposal] };
    }
    case 'FundsRecovered': {
      const d = event.data as FundsRecovered['data'];
      const recovery: LedgerRecovery = {
        eventId,
        proposalId: d.proposalId,
        amountFen: d.amountFen,
        reallocationRef: d.reallocationRef,
        docNo: d.docNo,
        effectiveOn: d.effectiveOn,
        proposedBy: d.proposedBy,
        approvedBy: d.approvedBy,
      };
      return {
        ...ledger,
        recoveries: [...ledger.recoveries.filter((r) => r.proposalId !== d.proposalId), recovery],
        pendingProposals: ledger.pendingProposals.filter((p) => !(p.kind === 'RECOVERY' && p.proposalId === d.proposalId)),
      };
    }
    case 'NextYearBudgetReductionProposed': {
      const d = event.data as NextYearBudgetReductionProposed['data'];
      const proposal: LedgerReductionProposal = {
        proposalId: d.proposalId,
        targetFiscalYear: d.targetFiscalYear,
        basis: d.basis,
        proposedReductionFen: d.proposedReductionFen,
        asOfDate: d.asOfDate,
        executionRate: d.executionRate,
        proposedOn: on,
        eventId,
        // The decision that cites a proposal comes after it in the log, and marks it then.
        decidedByEventId: null,
      };
      return { ...ledger, reductionProposals: [...ledger.reductionProposals.filter((r) => r.proposalId !== d.proposalId), proposal] };
    }
    case 'BudgetAdjustedForNextYear': {
      const d = event.data as BudgetAdjustedForNextYear['data'];
      const adjustment: LedgerNextYearAdjustment = {
        adjustmentId: d.adjustmentId,
        targetFiscalYear: d.targetFiscalYear,
        baseFen: d.baseFen,
        adjustmentFen: d.adjustmentFen,
        adjustedFen: d.adjustedFen,
        basis: d.basis,
        decidedOn: on,
        eventId,
      };
      // A correction replaces the decision it names (or the one with its adjustment id).
      const supersedes = event.metadata.supersedes;
      const kept = ledger.nextYearAdjustments.filter((a) => a.eventId !== supersedes && a.adjustmentId !== d.adjustmentId);
      const cited = new Set(d.basisEvents.map((b) => b.eventId));
      const reductionProposals = ledger.reductionProposals.map((r) =>
        cited.has(r.eventId)
          ? { ...r, decidedByEventId: eventId }
          : r.decidedByEventId !== null && (r.decidedByEventId === supersedes || !kept.some((a) => a.eventId === r.decidedByEventId))
            ? { ...r, decidedByEventId: null }
            : r,
      );
      return { ...ledger, nextYearAdjustments: [...kept, adjustment], reductionProposals };
    }
    case 'BudgetExecutionClosed': {
      const { proCode: _p, fiscalYear: _y, ...figures } = event.data as BudgetExecutionClosed['data'];
      return { ...ledger, closing: { ...figures, closedOn: on, eventId } };
    }
    default:
      return ledger;
  }
}

/** Sums and rates from the lists, so that a correction anywhere is reflected everywhere. */
function withTotals(ledger: FundingLedgerDocument): FundingLedgerDocument {
  const approvedFen = ledger.approval?.approvedFen ?? null;
  const adjustmentsFen = ledger.adjustments.reduce((sum, a) => sum + a.deltaFen, 0);
  const adjustedBudgetFen = approvedFen === null ? null : approvedFen + adjustmentsFen;
  const disbursedFen = ledger.disbursements.reduce((sum, d) => sum + d.amountFen, 0);
  const recoveredFen = ledger.recoveries.reduce((sum, r) => sum + r.amountFen, 0);
  const netDisbursedFen = disbursedFen - recoveredFen;
  const { closing } = ledger;
  const executionRate = closing
    ? closing.adjustedBudgetFen > 0
      ? round2((closing.executedFen / closing.adjustedBudgetFen) * 100)
      : null
    : adjustedBudgetFen !== null && adjustedBudgetFen > 0
      ? round2((netDisbursedFen / adjustedBudgetFen) * 100)
      : null;
  return {
    ...ledger,
    approvedFen,
    adjustmentsFen,
    adjustedBudgetFen,
    disbursedFen,
    recoveredFen,
    netDisbursedFen,
    availableFen: adjustedBudgetFen === null ? null : adjustedBudgetFen - netDisbursedFen,
    executionRate,
  };
}

export const fundingLedgerProjection: Projection<FundingLedgerDocument> = {
  name: 'funding-ledger',
  version: 1,
  keys: keysOf,
  apply(doc, event, key) {
    const separator = key.lastIndexOf(':');
    const current = doc ?? emptyLedger(key, event, key.slice(0, separator), Number(key.slice(separator + 1)));
    // The runner names the department of every funding event from the declaration: keep the ledger findable by it.
    const subject = {
      deptCode: current.deptCode ?? event.subject.deptCode ?? null,
      unitCode: current.unitCode ?? event.subject.unitCode ?? null,
    };
    return withTotals(record({ ...current, ...subject }, event));
  },
  indexes: ['fiscalYear', 'deptCode', 'gate'],
};
