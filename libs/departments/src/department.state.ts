import type { EventContext, StateModel } from '../../event-sourcing/src/decider.js';
import type { DepartmentEvent, DepartmentIndicator, DepartmentOverallSelfEvaluationSubmitted, DepartmentReportRecipient } from './department.events.js';

export interface DepartmentState {
  targets: { version: number; objective: string; indicators: DepartmentIndicator[]; eventId?: string }[];
  selfEvaluation?: DepartmentOverallSelfEvaluationSubmitted['data'] & { eventId?: string };
  reports: { recipients: DepartmentReportRecipient[]; reportRef: string; reportedOn: string; eventId?: string }[];
}

/** The targets in force: the latest version (department targets are the department's own, not reviewed by finance). */
export const departmentTargetsInForce = (state: DepartmentState) => state.targets[state.targets.length - 1];

/** A department's overall performance for one year, folded. A corrected self-evaluation replaces the one it supersedes. */
export const departmentModel: StateModel<DepartmentState, DepartmentEvent> = {
  initialState: () => ({ targets: [], reports: [] }),
  evolve(state, event, context?: EventContext) {
    const eventId = context?.eventId;
    switch (event.type) {
      case 'DepartmentOverallTargetSet': {
        const { version, objective, indicators } = event.data;
        return { ...state, targets: [...state.targets, { version, objective, indicators, eventId }] };
      }
      case 'DepartmentOverallSelfEvaluationSubmitted':
        return { ...state, selfEvaluation: { ...event.data, eventId } };
      case 'DepartmentOverallPerformanceReported': {
        const { recipients, reportRef, reportedOn } = event.data;
        return { ...state, reports: [...state.reports, { recipients, reportRef, reportedOn, eventId }] };
      }
      default:
        return state;
    }
  },
};
