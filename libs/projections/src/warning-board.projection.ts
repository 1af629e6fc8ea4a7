// The warning board (domain.md §8 item 5): per project and monitoring task (key `{proCode}:{taskId}`), the
// lights the rule engine derived from the department's snapshot (§6.3) — budget execution, each indicator, and
// the project light, the worst of them — with the rule and rule-set version behind each.
//
// Rules:
// - A task that names its projects (scope.proCodes) opens their rows at once, unanswered, so the board shows who
//   has not reported. A task scoped by department names no project: its rows open with the first snapshot, and
//   keep no title, mode or due date, which only the task's own event carries.
// - A snapshot (new, or a correction naming the one it corrects) clears the lights: the rule engine writes the
//   lights of a snapshot right after it in the same append, so the lights that follow are the snapshot's own,
//   and a corrected snapshot's lights replace the old ones instead of mixing with them.
// - DeviationFlagged of metric BUDGET_EXECUTION sets the budget light, INDICATOR the light of its kpiId (one per
//   indicator), PROJECT the project light and the board's ruleSetVersion.
// - KeyMonitoringConducted that names the task is listed with the task's row, its SERIOUS findings counted.
import type { ProjectedEvent, Projection, ReadDocument } from '../../read-store/src/projection.js';
import type {
  DeviationFlagged,
  KeyMonitoringConducted,
  MonitoringSnapshotRecorded,
  MonitoringTaskIssued,
  SnapshotIndicator,
} from '../../monitoring/src/monitoring.events.js';
import { businessDate } from '../../event-sourcing/src/business-date.js';
import type { WarningLight } from '../../rule-sets/src/rule-set.js';

export interface BoardLight {
  light: WarningLight;
  computedValue: number | null;
  ruleId: string;
  ruleSetVersion: string;
  eventId: string;
}

export interface WarningBoardDocument extends ReadDocument {
  proCode: string;
  taskId: string;
  fiscalYear: number;
  /** From the runner's subject (the project's declaration); null until an event of the project names it. */
  deptCode: string | null;
  unitCode: string | null;
  task: { title: string; mode: 'SELF' | 'KEY'; dueDate: string; issuedOn: string; eventId: string } | null;
  /** The data cut-off: the task's, or the snapshot's when the task's event never reached this row. */
  asOfDate: string;
  answered: boolean;
  snapshot: {
    eventId: string;
    recordedOn: string;
    targetVersion: number;
    budget: MonitoringSnapshotRecorded['data']['budget'];
    indicators: SnapshotIndicator[];
    /** The snapshot event this one corrects, when it is a correction. */
    corrects: string | null;
    /** How many corrections replaced the first snapshot. */
    corrections: number;
  } | null;
  budgetLight: BoardLight | null;
  indicatorLights: (BoardLight & { kpiId: string })[];
  projectLight: WarningLight | null;
  projectLightEventId: string | null;
  /** The lights of budget execution and indicators, counted by colour. */
  lightCounts: Record<WarningLight, number>;
  ruleSetVersion: string | null;
  keyMonitorings: { conductedOn: string; methods: KeyMonitoringConducted['data']['methods']; findings: KeyMonitoringConducted['data']['findings']; seriousFindings: number; eventId: string }[];
}

const rowKey = (proCode: string, taskId: string) => `${proCode}:${taskId}`;

function keysOf(event: ProjectedEvent): string[] {
  const data = event.data;
  switch (event.type) {
    case 'MonitoringTaskIssued': {
      const d = data as MonitoringTaskIssued['data'];
      return (d.scope.proCodes ?? []).map((p) => rowKey(p, d.taskId));
    }
    case 'MonitoringSnapshotRecorded':
    case 'DeviationFlagged':
      return [rowKey(String(data.proCode), String(data.taskId))];
    case 'KeyMonitoringConducted':
      return typeof data.taskId === 'string' ? [rowKey(String(data.proCode), data.taskId)] : [];
    default:
      return [];
  }
}

const NO_LIGHTS: Record<WarningLight, number> = { RED: 0, YELLOW: 0, GREEN: 0, BLUE: 0 };

function countLights(budget: BoardLight | null, indicators: BoardLight[]): Record<WarningLight, number> {
  const counts = { ...NO_LIGHTS };
  for (const { light } of [...(budget ? [budget] : []), ...indicators]) counts[light] += 1;
  return counts;
}

function emptyRow(key: string, event: ProjectedEvent, proCode: string, taskId: string, fiscalYear: number, asOfDate: string): WarningBoardDocument {
  return {
    _id: key,
    _position: event.position,
    proCode,
    taskId,
    fiscalYear,
    deptCode: null,
    unitCode: null,
    task: null,
    asOfDate,
    answered: false,
    snapshot: null,
    budgetLight: null,
    indicatorLights: [],
    projectLight: null,
    projectLightEventId: null,
    lightCounts: { ...NO_LIGHTS },
    ruleSetVersion: null,
    keyMonitorings: [],
  };
}

function record(row: WarningBoardDocument, event: ProjectedEvent): WarningBoardDocument {
  const eventId = event.metadata.eventId;
  const on = businessDate(event.metadata.occurredAt);
  switch (event.type) {
    case 'MonitoringTaskIssued': {
      const d = event.data as MonitoringTaskIssued['data'];
      // The task names the project, not its department: the runner supplies it, so a department sees its own
      // unanswered task.
      const owner = event.owners?.[row.proCode];
      return {
        ...row,
        deptCode: row.deptCode ?? owner?.deptCode ?? null,
        unitCode: row.unitCode ?? owner?.unitCode ?? null,
        task: { title: d.title, mode: d.mode, dueDate: d.dueDate, issuedOn: on, eventId },
        asOfDate: d.asOfDate,
        fiscalYear: d.fiscalYear,
      };
    }
    case 'MonitoringSnapshotRecorded': {
      const d = event.data as MonitoringSnapshotRecorded['data'];
      const corrects = event.metadata.supersedes ?? null;
      const snapshot = {
        eventId,
        recordedOn: on,
        targetVersion: d.targetVersion,
        budget: d.budget,
        indicators: d.indicators,
        corrects,
        corrections: row.snapshot ? row.snapshot.corrections + 1 : 0,
      };
      return {
        ...row,
        asOfDate: d.asOfDate,
        answered: true,
        snapshot,
        budgetLight: null,
        indicatorLights: [],
        projectLight: null,
        projectLightEventId: null,
        ruleSetVersion: null,
      };
    }
    case 'DeviationFlagged': {
      const d = event.data as DeviationFlagged['data'];
      // A light of another cut-off than the snapshot in force is not this row's reading.
      if (row.snapshot && d.asOfDate !== row.asOfDate) return row;
      const light: BoardLight = { light: d.light, computedValue: d.computedValue ?? null, ruleId: d.ruleId, ruleSetVersion: d.ruleSetVersion, eventId };
      if (d.metric === 'PROJECT') return { ...row, projectLight: d.light, projectLightEventId: eventId, ruleSetVersion: d.ruleSetVersion };
      if (d.metric === 'BUDGET_EXECUTION') return { ...row, budgetLight: light };
      const kpiId = d.kpiId ?? '';
      const indicatorLights = [...row.indicatorLights.filter((l) => l.kpiId !== kpiId), { ...light, kpiId }];
      return { ...row, indicatorLights };
    }
    case 'KeyMonitoringConducted': {
      const d = event.data as KeyMonitoringConducted['data'];
      const entry = { conductedOn: d.conductedOn, methods: d.methods, findings: d.findings, seriousFindings: d.findings.filter((f) => f.severity === 'SERIOUS').length, eventId };
      return { ...row, keyMonitorings: [...row.keyMonitorings, entry] };
    }
    default:
      return row;
  }
}

export const warningBoardProjection: Projection<WarningBoardDocument> = {
  name: 'warning-board',
  version: 2,
  keys: keysOf,
  apply(doc, event, key) {
    const separator = key.indexOf(':');
    const data = event.data;
    const fiscalYear = typeof data.fiscalYear === 'number' ? data.fiscalYear : (event.subject.fiscalYear ?? 0);
    const asOfDate = typeof data.asOfDate === 'string' ? data.asOfDate : '';
    const current = doc ?? emptyRow(key, event, key.slice(0, separator), key.slice(separator + 1), fiscalYear, asOfDate);
    // A task's own event carries no project, so the department arrives with the first event of the project.
    const named = event.subject.proCode === current.proCode;
    const next = record(
      { ...current, deptCode: current.deptCode ?? (named ? (event.subject.deptCode ?? null) : null), unitCode: current.unitCode ?? (named ? (event.subject.unitCode ?? null) : null) },
      event,
    );
    return { ...next, lightCounts: countLights(next.budgetLight, next.indicatorLights) };
  },
  indexes: ['taskId', 'deptCode', 'projectLight', 'fiscalYear'],
};
