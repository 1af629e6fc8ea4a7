// The contracts of monitoring (domain.md §4 steps 6–8): tasks `task-{taskId}`, and per project and year
// `monitoring-{proCode}-{fiscalYear}` with snapshots, the warnings derived in the same append, key monitoring.
import type { WarningLight } from '../../rule-sets/src/rule-set.js';

export interface MonitoringTaskIssued {
  type: 'MonitoringTaskIssued';
  data: {
    taskId: string;
    fiscalYear: number;
    mode: 'SELF' | 'KEY';
    title: string;
    asOfDate: string;
    dueDate: string;
    scope: { proCodes?: string[]; deptCodes?: string[] };
  };
}

export type MonitoringTaskEvent = MonitoringTaskIssued;

export interface SnapshotIndicator {
  kpiId: string;
  /** Decimal string, or for qualitative indicators the attainment. */
  actualToDate: string;
  estimatedAnnual: string;
  completionLikelihood: 'CERTAIN' | 'LIKELY' | 'UNLIKELY';
  attainment?: 'ACHIEVED' | 'PARTLY_ACHIEVED' | 'NOT_ACHIEVED';
  deviationReason?: string;
  correctiveMeasures?: string;
}

/** 双监控: budget execution and indicators at a data cut-off. */
export interface MonitoringSnapshotRecorded {
  type: 'MonitoringSnapshotRecorded';
  data: {
    taskId: string;
    proCode: string;
    fiscalYear: number;
    asOfDate: string;
    targetVersion: number;
    /**
     * budgetFen is the adjusted budget (approved + in-year adjustments in effect at asOfDate) the light is
     * computed on; the executed figures are the department's report as given; netDisbursedFen is the treasury's
     * figure at asOfDate (funding stream: disbursed less recovered), kept beside it so a reader can compare.
     */
    budget: { budgetFen: number; executedToDateFen: number; estimatedAnnualExecutedFen: number; netDisbursedFen?: number };
    indicators: SnapshotIndicator[];
  };
}

/** A warning light derived by the rule engine from a snapshot, in the same append (domain.md §6.3). */
export interface DeviationFlagged {
  type: 'DeviationFlagged';
  data: {
    proCode: string;
    fiscalYear: number;
    taskId: string;
    asOfDate: string;
    metric: 'BUDGET_EXECUTION' | 'INDICATOR' | 'PROJECT';
    kpiId?: string;
    computedValue?: number;
    light: WarningLight;
    ruleId: string;
    ruleSetVersion: string;
  };
}

export interface KeyMonitoringConducted {
  type: 'KeyMonitoringConducted';
  data: {
    proCode: string;
    fiscalYear: number;
    taskId?: string;
    methods: ('ON_SITE' | 'EVIDENCE_COLLECTION' | 'EXPERT_PANEL' | 'INTERMEDIARY')[];
    findings: { severity: 'MINOR' | 'SERIOUS'; text: string }[];
    conductedOn: string;
  };
}

export type MonitoringEvent = MonitoringSnapshotRecorded | DeviationFlagged | KeyMonitoringConducted;

export const taskStream = (taskId: string) => `task-${taskId}`;
export const monitoringStream = (proCode: string, fiscalYear: number) => `monitoring-${proCode}-${fiscalYear}`;
