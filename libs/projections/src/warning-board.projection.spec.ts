import type { EventMetadata } from '../../event-store/src/event-store.port.js';
import type { DeviationFlagged, KeyMonitoringConducted, MonitoringSnapshotRecorded, MonitoringTaskIssued } from '../../monitoring/src/monitoring.events.js';
import type { EventSubject, ProjectedEvent } from '../../read-store/src/projection.js';
import { eventLog, project } from '../../testing/src/projection-spec.js';
import { DECLARATIONS, P1, P2, P3, P4, P4_STORY, yuan as fen } from '../../testing/src/rushan-fixtures.js';
import { type WarningBoardDocument, warningBoardProjection as warnings } from './warning-board.projection.js';

// ---------------------------------------------------------------------------------------------------------
// 乳山市 FY2024 (domain.md §9, §6.3): monitoring task MT-2024-07, data as of 2024-07-31, due 2024-08-10, for
// P1–P4. P1 GREEN (3,900,000 of 6,800,000 executed → 98.32), P3 YELLOW (4,560,000 of 12,000,000 → 65.14; 3,100 of
// 8,000 亩 → 66.43), P4 RED (3,750,000 of 25,000,000 → 25.71) with key monitoring on 2024-08-12 finding a SERIOUS
// delay. P2 never answered.
// ---------------------------------------------------------------------------------------------------------

const TASK = 'MT-2024-07';

type Typed = { type: string; data: object };

/** The subject as the runner fills it: a task names no project, a project's events get its department. */
function history() {
  const log = eventLog();
  return <E extends Typed>(stream: string, type: E['type'], data: E['data'], date: string, metadata: Partial<EventMetadata> = {}): ProjectedEvent => {
    const record = data as Record<string, unknown>;
    const proCode = typeof record.proCode === 'string' ? record.proCode : undefined;
    const subject: EventSubject = { ...(proCode ? { proCode, deptCode: DECLARATIONS[proCode].deptCode } : {}), ...(typeof record.fiscalYear === 'number' ? { fiscalYear: record.fiscalYear } : {}) };
    return log(stream, type, record, { subject, metadata: { occurredAt: `${date}T00:00:00+08:00`, ...metadata } });
  };
}
type Log = ReturnType<typeof history>;
const monitoring = (proCode: string) => `monitoring-${proCode}-2024`;

const issued = (e: Log, scope: MonitoringTaskIssued['data']['scope'] = { proCodes: [P1, P2, P3, P4] }) =>
  e<MonitoringTaskIssued>(
    `task-${TASK}`,
    'MonitoringTaskIssued',
    { taskId: TASK, fiscalYear: 2024, mode: 'SELF', title: '2024年度项目绩效运行监控（截至7月31日）', asOfDate: '2024-07-31', dueDate: '2024-08-10', scope },
    '2024-07-05',
  );

const snapshot = (e: Log, proCode: string, budgetYuan: number, executedYuan: number, indicators: MonitoringSnapshotRecorded['data']['indicators'], metadata: Partial<EventMetadata> = {}) =>
  e<MonitoringSnapshotRecorded>(
    monitoring(proCode),
    'MonitoringSnapshotRecorded',
    {
      taskId: TASK,
      proCode,
      fiscalYear: 2024,
      asOfDate: '2024-07-31',
      targetVersion: proCode === P3 ? 2 : 1,
      budget: { budgetFen: fen(budgetYuan), executedToDateFen: fen(executedYuan), estimatedAnnualExecutedFen: fen(budgetYuan), netDisbursedFen: fen(executedYuan) },
      indicators,
    },
    '2024-08-05',
    metadata,
  );

const flagged = (
  e: Log,
  proCode: string,
  metric: DeviationFlagged['data']['metric'],
  light: DeviationFlagged['data']['light'],
  ruleId: string,
  extra: { kpiId?: string; computedValue?: number } = {},
  metadata: Partial<EventMetadata> = {},
) =>
  e<DeviationFlagged>(
    monitoring(proCode),
    'DeviationFlagged',
    { proCode, fiscalYear: 2024, taskId: TASK, asOfDate: '2024-07-31', metric, ...extra, light, ruleId, ruleSetVersion: 'v1' },
    '2024-08-05',
    metadata,
  );

/** P3's July answer: budget YELLOW, the area YELLOW, quality GREEN, the project YELLOW. */
function p3July(e: Log) {
  const recorded = snapshot(e, P3, 12_000_000, 4_560_000, [
    { kpiId: 'P3-OUT-01', actualToDate: '3100', estimatedAnnual: '8000', completionLikelihood: 'LIKELY', deviationReason: '雨季影响施工', correctiveMeasures: '分片区并行施工' },
    { kpiId: 'P3-OUT-02', actualToDate: '100', estimatedAnnual: '100', completionLikelihood: 'CERTAIN' },
  ]);
  const budget = flagged(e, P3, 'BUDGET_EXECUTION', 'YELLOW', 'BUDGET_EXECUTION_PACE', { computedValue: 65.14 });
  const area = flagged(e, P3, 'INDICATOR', 'YELLOW', 'INDICATOR_PACE', { kpiId: 'P3-OUT-01', computedValue: 66.43 });
  const quality = flagged(e, P3, 'INDICATOR', 'GREEN', 'INDICATOR_EQUAL_TARGET', { kpiId: 'P3-OUT-02', computedValue: 100 });
  const projectLight = flagged(e, P3, 'PROJECT', 'YELLOW', 'PROJECT_WORST_LIGHT');
  return { recorded, budget, area, quality, projectLight, all: [recorded, budget, area, quality, projectLight] };
}

const only = (docs: Map<string, WarningBoardDocument>, key: string): WarningBoardDocument => {
  const doc = docs.get(key);
  if (!doc) throw new Error(`no row ${key}; rows: ${[...docs.keys()].join(', ')}`);
  return doc;
};

describe('warning board projection', () => {
  it('is the warning-board collection, indexed by task, department, project light and year', () => {
    expect(warnings.name).toBe('warning-board');
    expect(warnings.indexes).toEqual(['taskId', 'deptCode', 'projectLight', 'fiscalYear']);
  });

  it('a task naming its projects opens a row for each, unanswered, without a light', () => {
    const e = history();
    const task = issued(e);
    const docs = project(warnings, [task]);
    expect([...docs.keys()]).toEqual([`${P1}:${TASK}`, `${P2}:${TASK}`, `${P3}:${TASK}`, `${P4}:${TASK}`]);
    expect(only(docs, `${P2}:${TASK}`)).toEqual({
      _id: `${P2}:${TASK}`,
      _position: '1',
      proCode: P2,
      taskId: TASK,
      fiscalYear: 2024,
      // The task names no department: the row learns it from the project's own events.
      deptCode: null,
      unitCode: null,
      task: { title: '2024年度项目绩效运行监控（截至7月31日）', mode: 'SELF', dueDate: '2024-08-10', issuedOn: '2024-07-05', eventId: task.metadata.eventId },
      asOfDate: '2024-07-31',
      answered: false,
      snapshot: null,
      budgetLight: null,
      indicatorLights: [],
      projectLight: null,
      projectLightEventId: null,
      lightCounts: { RED: 0, YELLOW: 0, GREEN: 0, BLUE: 0 },
      ruleSetVersion: null,
      keyMonitorings: [],
    });
  });

  it('P3 answers YELLOW: the budget, indicator and project lights with their rules and rule-set version', () => {
    const e = history();
    const task = issued(e);
    const july = p3July(e);
    const row = only(project(warnings, [task, ...july.all]), `${P3}:${TASK}`);

    expect(row).toMatchObject({ deptCode: 'D103', answered: true, projectLight: 'YELLOW', projectLightEventId: july.projectLight.metadata.eventId, ruleSetVersion: 'v1' });
    expect(row.task?.dueDate).toBe('2024-08-10');
    expect(row.snapshot).toMatchObject({
      eventId: july.recorded.metadata.eventId,
      recordedOn: '2024-08-05',
      targetVersion: 2,
      budget: { budgetFen: fen(12_000_000), executedToDateFen: fen(4_560_000), estimatedAnnualExecutedFen: fen(12_000_000), netDisbursedFen: fen(4_560_000) },
      corrects: null,
      corrections: 0,
    });
    expect(row.snapshot?.indicators[0]).toMatchObject({ kpiId: 'P3-OUT-01', actualToDate: '3100', deviationReason: '雨季影响施工' });
    expect(row.budgetLight).toEqual({ light: 'YELLOW', computedValue: 65.14, ruleId: 'BUDGET_EXECUTION_PACE', ruleSetVersion: 'v1', eventId: july.budget.metadata.eventId });
    expect(row.indicatorLights).toEqual([
      { kpiId: 'P3-OUT-01', light: 'YELLOW', computedValue: 66.43, ruleId: 'INDICATOR_PACE', ruleSetVersion: 'v1', eventId: july.area.metadata.eventId },
      { kpiId: 'P3-OUT-02', light: 'GREEN', computedValue: 100, ruleId: 'INDICATOR_EQUAL_TARGET', ruleSetVersion: 'v1', eventId: july.quality.metadata.eventId },
    ]);
    expect(row.lightCounts).toEqual({ RED: 0, YELLOW: 2, GREEN: 1, BLUE: 0 });
    // P2 has not answered: its row stays without a light.
    expect(only(project(warnings, [task, ...july.all]), `${P2}:${TASK}`)).toMatchObject({ answered: false, projectLight: null });
  });

  it('P4 RED, with the key monitoring of the task and its SERIOUS finding', () => {
    const e = history();
    const events = [
      issued(e),
      snapshot(e, P4, 25_000_000, 3_750_000, [{ kpiId: 'P4-OUT-01', actualToDate: '3', estimatedAnnual: '10', completionLikelihood: 'UNLIKELY', deviationReason: '施工单位组织不力，开工小区数量不足' }]),
      flagged(e, P4, 'BUDGET_EXECUTION', 'RED', 'BUDGET_EXECUTION_PACE', { computedValue: 25.71 }),
      flagged(e, P4, 'INDICATOR', 'RED', 'INDICATOR_PACE', { kpiId: 'P4-OUT-01', computedValue: 42.86 }),
      flagged(e, P4, 'PROJECT', 'RED', 'PROJECT_WORST_LIGHT'),
    ];
    const keyMonitoring = e<KeyMonitoringConducted>(monitoring(P4), 'KeyMonitoringConducted', P4_STORY.keyMonitoring, '2024-08-12');
    const row = only(project(warnings, [...events, keyMonitoring]), `${P4}:${TASK}`);
    expect(row).toMatchObject({ deptCode: 'D104', projectLight: 'RED', lightCounts: { RED: 2, YELLOW: 0, GREEN: 0, BLUE: 0 } });
    expect(row.keyMonitorings).toEqual([
      {
        conductedOn: '2024-08-12',
        methods: ['ON_SITE', 'EVIDENCE_COLLECTION'],
        findings: [
          { severity: 'SERIOUS', text: '截至7月底资金支出仅15%，12个小区中仅3个开工，施工进度严重滞后' },
          { severity: 'MINOR', text: '部分施工日志记录不完整' },
        ],
        seriousFindings: 1,
        eventId: keyMonitoring.metadata.eventId,
      },
    ]);
  });

  it("a corrected snapshot's lights replace the old ones instead of mixing with them", () => {
    const e = history();
    const july = p3July(e);
    // P3 corrects its July answer: 4,200 亩 were finished, not 3,100; the area light turns GREEN, and so does the project.
    const corrected = snapshot(
      e,
      P3,
      12_000_000,
      4_560_000,
      [
        { kpiId: 'P3-OUT-01', actualToDate: '4200', estimatedAnnual: '8000', completionLikelihood: 'CERTAIN' },
        { kpiId: 'P3-OUT-02', actualToDate: '100', estimatedAnnual: '100', completionLikelihood: 'CERTAIN' },
      ],
      { supersedes: july.recorded.metadata.eventId },
    );
    const correction = [
      corrected,
      flagged(e, P3, 'BUDGET_EXECUTION', 'YELLOW', 'BUDGET_EXECUTION_PACE', { computedValue: 65.14 }, { supersedes: july.budget.metadata.eventId }),
      flagged(e, P3, 'INDICATOR', 'GREEN', 'INDICATOR_PACE', { kpiId: 'P3-OUT-01', computedValue: 90 }, { supersedes: july.area.metadata.eventId }),
      flagged(e, P3, 'PROJECT', 'YELLOW', 'PROJECT_WORST_LIGHT', {}, { supersedes: july.projectLight.metadata.eventId }),
    ];
    const row = only(project(warnings, [...july.all, ...correction]), `${P3}:${TASK}`);
    expect(row.snapshot).toMatchObject({ eventId: corrected.metadata.eventId, corrects: july.recorded.metadata.eventId, corrections: 1 });
    // The quality indicator was not re-flagged in this correction: its old light is gone with the old snapshot.
    expect(row.indicatorLights.map((l) => [l.kpiId, l.light, l.computedValue])).toEqual([['P3-OUT-01', 'GREEN', 90]]);
    expect(row.lightCounts).toEqual({ RED: 0, YELLOW: 1, GREEN: 1, BLUE: 0 });
    expect(row.projectLightEventId).toBe(correction[3].metadata.eventId);
    // Until the correction's project light arrives, the row shows none rather than the corrected snapshot's.
    expect(only(project(warnings, [...july.all, ...correction.slice(0, 3)]), `${P3}:${TASK}`).projectLight).toBeNull();
  });

  it('a task scoped by department opens rows with the first snapshot; the task itself names no project', () => {
    const e = history();
    const task = issued(e, { deptCodes: ['D101'] });
    expect(warnings.keys(task)).toEqual([]);
    const docs = project(warnings, [task, snapshot(e, P1, 6_800_000, 3_900_000, []), flagged(e, P1, 'PROJECT', 'GREEN', 'PROJECT_WORST_LIGHT')]);
    expect(only(docs, `${P1}:${TASK}`)).toMatchObject({ deptCode: 'D101', task: null, asOfDate: '2024-07-31', fiscalYear: 2024, answered: true, projectLight: 'GREEN' });
  });

  it('keys lights and snapshots by project and task, and ignores key monitoring outside a task', () => {
    const e = history();
    expect(warnings.keys(flagged(e, P1, 'INDICATOR', 'GREEN', 'INDICATOR_PACE', { kpiId: 'P1-OUT-01', computedValue: 102.86 }))).toEqual([`${P1}:${TASK}`]);
    const onSite = e<KeyMonitoringConducted>(monitoring(P4), 'KeyMonitoringConducted', { proCode: P4, fiscalYear: 2024, methods: ['ON_SITE'], findings: [], conductedOn: '2024-10-09' }, '2024-10-09');
    expect(warnings.keys(onSite)).toEqual([]);
    expect(warnings.keys(eventLog()(`funding-${P4}-2024`, 'FundsDisbursed', { proCode: P4, fiscalYear: 2024, amountFen: 1 }))).toEqual([]);
  });

  it('the same event twice changes nothing', () => {
    const e = history();
    const events = [issued(e), ...p3July(e).all];
    const once = project(warnings, events);
    for (let index = 0; index < events.length; index++) {
      expect(project(warnings, [...events.slice(0, index + 1), events[index], ...events.slice(index + 1)])).toEqual(once);
    }
  });
});

describe('a task row knows its department before the project answers', () => {
  it('takes the department and unit the runner supplies for each project the task names', () => {
    const e = history();
    const task = { ...issued(e), owners: { [P2]: { deptCode: 'D102', unitCode: 'D102-01' }, [P4]: { deptCode: 'D104' } } };
    const rows = project(warnings, [task]);
    expect(rows.get(`${P2}:${TASK}`)).toMatchObject({ deptCode: 'D102', unitCode: 'D102-01', answered: false });
    expect(rows.get(`${P4}:${TASK}`)).toMatchObject({ deptCode: 'D104', unitCode: null });
    expect(rows.get(`${P1}:${TASK}`)).toMatchObject({ deptCode: null });
  });
});
