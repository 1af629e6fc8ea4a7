import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { AccessDenied, NotFound } from '../../event-sourcing/src/command-errors.js';
import { foldStored } from '../../event-sourcing/src/decider.js';
import { type Actor, EVENT_STORE, type EventStore } from '../../event-store/src/event-store.port.js';
import { READS_EVERYTHING, actsForOwner } from '../../identity/src/authorization.js';
import { projectStream } from '../../projects/src/project.events.js';
import { cycleOf, projectModel } from '../../projects/src/project.state.js';
import { round2 } from '../../rule-sets/src/rule-set.js';
import { fundingStream } from './funding.events.js';
import { type FundingState, adjustedBudgetFen, disbursedFen, fundingModel, netDisbursedFen } from './funding.state.js';

/** domain.md §8.3: approved, adjusted, disbursed, recovered, and the gate's suspended and stopped intervals. */
export interface FundingLedgerView {
  proCode: string;
  fiscalYear: number;
  /** Revision of the funding stream (-1 before its first event): the ETag. */
  revision: number;
  approval: { approvedFen: number; targetVersion: number; approvalDocNo: string; eventId?: string } | null;
  approvedFen: number;
  adjustments: FundingState['adjustments'];
  adjustmentsFen: number;
  adjustedBudgetFen: number;
  disbursements: FundingState['disbursements'];
  disbursedFen: number;
  recoveries: FundingState['recoveries'];
  recoveredFen: number;
  netDisbursedFen: number;
  /** What may still be paid out under the adjusted budget. */
  availableFen: number;
  /** Net disbursed ÷ adjusted budget, in per cent with 2 decimals; null before approval. */
  executionRate: number | null;
  gate: FundingState['gate'];
  intervals: FundingState['intervals'];
  pendingProposals: { stop: FundingState['pendingStop'] | null; recovery: FundingState['pendingRecovery'] | null };
  nextYearReductionProposals: FundingState['reductions'];
  closing: FundingState['closed'] | null;
}

export class GetFundingLedgerQuery extends Query<FundingLedgerView> {
  constructor(
    readonly proCode: string,
    readonly fiscalYear: number,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** The ledger of one project and year, folded from the funding stream and the approval in the project stream. */
@QueryHandler(GetFundingLedgerQuery)
export class GetFundingLedgerHandler implements IQueryHandler<GetFundingLedgerQuery, FundingLedgerView> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ proCode, fiscalYear, actor }: GetFundingLedgerQuery): Promise<FundingLedgerView> {
    const project = foldStored(projectModel, await this.store.readStream(projectStream(proCode)));
    if (!project.declaration) throw new NotFound('PROJECT_NOT_FOUND', `no project ${proCode} has been declared`, { proCode });
    if (!READS_EVERYTHING.includes(actor.role) && !actsForOwner(actor, project.declaration)) {
      throw new AccessDenied('NOT_YOUR_PROJECT', `${actor.orgCode} may not read the funding ledger of ${proCode}`);
    }
    const events = await this.store.readStream(fundingStream(proCode, fiscalYear));
    const state = foldStored(fundingModel, events);
    const approval = cycleOf(project, fiscalYear).approval;
    const approvedFen = approval?.approvedFen ?? 0;
    const adjustedFen = adjustedBudgetFen(approvedFen, state);
    const netFen = netDisbursedFen(state);
    return {
      proCode,
      fiscalYear,
      revision: events.length - 1,
      approval: approval ? { approvedFen: approval.approvedFen, targetVersion: approval.targetVersion, approvalDocNo: approval.approvalDocNo, eventId: approval.eventId } : null,
      approvedFen,
      adjustments: state.adjustments,
      adjustmentsFen: state.adjustmentsFen,
      adjustedBudgetFen: adjustedFen,
      disbursements: state.disbursements,
      disbursedFen: disbursedFen(state),
      recoveries: state.recoveries,
      recoveredFen: state.recoveredFen,
      netDisbursedFen: netFen,
      // What may still be paid: recoveries went to the pool, so they do not give room back (invariant 4).
      availableFen: adjustedFen - disbursedFen(state),
      executionRate: approval && adjustedFen > 0 ? round2((netFen / adjustedFen) * 100) : null,
      gate: state.gate,
      intervals: state.intervals,
      pendingProposals: { stop: state.pendingStop ?? null, recovery: state.pendingRecovery ?? null },
      nextYearReductionProposals: state.reductions,
      closing: state.closed ?? null,
    };
  }
}
