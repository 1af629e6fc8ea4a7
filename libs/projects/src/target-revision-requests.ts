import type { StateModel } from '../../event-sourcing/src/decider.js';
import type { PerformanceIndicator, ProjectEvent } from './project.events.js';

export type RevisionOutcome = 'PENDING' | 'APPROVED' | 'REJECTED';

/**
 * Every target revision request of a project with its outcome. The project state keeps only the pending request and
 * the approved revisions; numbering requests and telling "already rejected" from "unknown" needs the rejected ones too.
 */
export interface RevisionRequestLedger {
  requests: { requestId: string; fiscalYear: number; outcome: RevisionOutcome }[];
}

export const revisionRequestLedger: StateModel<RevisionRequestLedger, ProjectEvent> = {
  initialState: () => ({ requests: [] }),
  evolve(state, event) {
    const decided = (requestId: string, outcome: RevisionOutcome): RevisionRequestLedger => ({
      requests: state.requests.map((r) => (r.requestId === requestId ? { ...r, outcome } : r)),
    });
    switch (event.type) {
      case 'PerformanceTargetRevisionRequested':
        return { requests: [...state.requests, { requestId: event.data.requestId, fiscalYear: event.data.fiscalYear, outcome: 'PENDING' }] };
      case 'PerformanceTargetRevised':
        return decided(event.data.requestId, 'APPROVED');
      case 'PerformanceTargetRevisionRejected':
        return decided(event.data.requestId, 'REJECTED');
      default:
        return state;
    }
  },
};

/** Requests are numbered per project and year, rejected ones included: TR-2024-1, TR-2024-2 … */
export const revisionRequestId = (fiscalYear: number, ledger: RevisionRequestLedger): string =>
  `TR-${fiscalYear}-${ledger.requests.filter((r) => r.fiscalYear === fiscalYear).length + 1}`;

export type ChangedKpi = { kpiId: string; before?: { targetValue: string; weight: number }; after?: { targetValue: string; weight: number } };

const comparable = (i: PerformanceIndicator) => JSON.stringify([i.tier1, i.tier2, i.name, i.definition, i.comparator, i.targetValue, i.unit, i.direction, i.weight, i.scoringRule, i.valueBasis]);

/**
 * The indicators a revision adds, removes or changes, in the order of the old set then the added ones. Any change of
 * an indicator counts (a comparator or scoring rule matters as much as the value); before/after show value and weight.
 */
export function changedKpis(before: PerformanceIndicator[], after: PerformanceIndicator[]): ChangedKpi[] {
  const figures = (i: PerformanceIndicator) => ({ targetValue: i.targetValue, weight: i.weight });
  const changes: ChangedKpi[] = [];
  for (const old of before) {
    const revised = after.find((i) => i.kpiId === old.kpiId);
    if (!revised) changes.push({ kpiId: old.kpiId, before: figures(old) });
    else if (comparable(old) !== comparable(revised)) changes.push({ kpiId: old.kpiId, before: figures(old), after: figures(revised) });
  }
  for (const added of after.filter((i) => !before.some((old) => old.kpiId === i.kpiId))) changes.push({ kpiId: added.kpiId, after: figures(added) });
  return changes;
}
