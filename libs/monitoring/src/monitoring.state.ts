import type { EventContext, StateModel } from '../../event-sourcing/src/decider.js';
import type { DeviationFlagged, KeyMonitoringConducted, MonitoringEvent, MonitoringSnapshotRecorded, MonitoringTaskEvent, MonitoringTaskIssued } from './monitoring.events.js';

export interface TaskState {
  task?: MonitoringTaskIssued['data'] & { eventId?: string };
}

/** A monitoring task `task-{taskId}`: issued once, then read by every snapshot that answers it. */
export const taskModel: StateModel<TaskState, MonitoringTaskEvent> = {
  initialState: () => ({}),
  evolve(state, event, context?: EventContext) {
    switch (event.type) {
      case 'MonitoringTaskIssued':
        return { ...state, task: { ...event.data, eventId: context?.eventId } };
      default:
        return state;
    }
  },
};

export type LightRecord = Pick<DeviationFlagged['data'], 'metric' | 'kpiId' | 'computedValue' | 'light' | 'ruleId' | 'ruleSetVersion'> & { eventId?: string };

export interface SnapshotRecord {
  eventId?: string;
  occurredAt?: string;
  snapshot: MonitoringSnapshotRecorded['data'];
  /** The warnings derived in the same append, in their order: budget execution, each indicator, the project. */
  lights: LightRecord[];
  /** The snapshot this one corrects, and the one that corrected it: both stay in the history. */
  supersedes?: string;
  supersededBy?: string;
}

export type KeyMonitoringRecord = KeyMonitoringConducted['data'] & { eventId?: string; occurredAt?: string };

export interface MonitoringState {
  snapshots: SnapshotRecord[];
  keyMonitorings: KeyMonitoringRecord[];
  revision: number;
}

/** The snapshots in force: each task and cut-off answered once, corrections replacing what they supersede. */
export function currentSnapshots(state: MonitoringState): SnapshotRecord[] {
  return state.snapshots.filter((s) => !s.supersededBy);
}

export function snapshotsOfTask(state: MonitoringState, taskId: string): SnapshotRecord[] {
  return currentSnapshots(state).filter((s) => s.snapshot.taskId === taskId);
}

/** `monitoring-{proCode}-{fiscalYear}`: snapshots with their lights, and finance's key monitoring. Pure. */
export const monitoringModel: StateModel<MonitoringState, MonitoringEvent> = {
  initialState: () => ({ snapshots: [], keyMonitorings: [], revision: -1 }),
  evolve(state, event, context?: EventContext) {
    const next: MonitoringState = { ...state, revision: context?.revision ?? state.revision + 1 };
    switch (event.type) {
      case 'MonitoringSnapshotRecorded': {
        const corrected = context?.supersedes;
        const snapshots = corrected ? next.snapshots.map((s) => (s.eventId === corrected ? { ...s, supersededBy: context?.eventId } : s)) : next.snapshots;
        return {
          ...next,
          snapshots: [...snapshots, { eventId: context?.eventId, occurredAt: context?.occurredAt, snapshot: event.data, lights: [], ...(corrected ? { supersedes: corrected } : {}) }],
        };
      }
      case 'DeviationFlagged': {
        // A light follows its snapshot in the same append: it belongs to the latest snapshot of its task and cut-off.
        const { taskId, asOfDate, metric, kpiId, computedValue, light, ruleId, ruleSetVersion } = event.data;
        let owner = -1;
        for (let i = next.snapshots.length - 1; i >= 0 && owner < 0; i--) {
          if (next.snapshots[i].snapshot.taskId === taskId && next.snapshots[i].snapshot.asOfDate === asOfDate) owner = i;
        }
        if (owner < 0) return next;
        const record: LightRecord = { metric, ...(kpiId ? { kpiId } : {}), ...(computedValue !== undefined ? { computedValue } : {}), light, ruleId, ruleSetVersion, eventId: context?.eventId };
        return { ...next, snapshots: next.snapshots.map((s, i) => (i === owner ? { ...s, lights: [...s.lights, record] } : s)) };
      }
      case 'KeyMonitoringConducted':
        return { ...next, keyMonitorings: [...next.keyMonitorings, { ...event.data, eventId: context?.eventId, occurredAt: context?.occurredAt }] };
      default:
        return next;
    }
  },
};
