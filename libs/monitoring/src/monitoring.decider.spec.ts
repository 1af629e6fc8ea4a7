// The use-case modules carry class-validator/class-transformer decorators, which need the Reflect metadata API.
import 'reflect-metadata';
import { type DecisionContext, fold } from '../../event-sourcing/src/decider.js';
import type { Actor } from '../../event-store/src/event-store.port.js';
import type { FundingEvent } from '../../funding/src/funding.events.js';
import { type FundingState, fundingModel } from '../../funding/src/funding.state.js';
import type { PerformanceIndicator, ProjectEvent } from '../../projects/src/project.events.js';
import { type ProjectState, projectModel } from '../../projects/src/project.state.js';
import { deciderSpec } from '../../testing/src/decider-spec.js';
import { FY, P1, P1_INDICATORS, P3, P3_V2_INDICATORS as RUSHAN_P3_V2_INDICATORS, P4, declarationOf, finance, indicator, refusal, yuan, education as d101, agriculture as d103, housing as d104 } from '../../testing/src/rushan-fixtures.js';
import { type ConductKeyMonitoring, decideConductKeyMonitoring } from './conduct-key-monitoring.command.js';
import { type IssueMonitoringTaskDto, decideIssueMonitoringTask } from './issue-monitoring-task.command.js';
import type { DeviationFlagged, MonitoringEvent, MonitoringTaskIssued, SnapshotIndicator } from './monitoring.events.js';
import { currentSnapshots, monitoringModel, taskModel } from './monitoring.state.js';
import { type RecordMonitoringSnapshot, decideRecordMonitoringSnapshot } from './record-monitoring-snapshot.command.js';

// ---------------------------------------------------------------------------------------------------------
// Fixtures: 乳山市 (371083), fiscal year 2024, the July monitoring round of domain.md §9.
// ---------------------------------------------------------------------------------------------------------

const JULY = '2024-07-31';
const TASK = 'MT-2024-07';

const P3_V1_INDICATORS = [
  indicator('P3-OUT-01', 'OUTPUT', 'QUANTITY', '新建高标准农田面积', 'GTE', '8000', '亩', 20),
  indicator('P3-BEN-02', 'BENEFIT', 'SOCIAL', '受益农户数', 'GTE', '3000', '户', 30),
];
/** v2 without its ecological indicator P3-BEN-03, which the July answers below do not report. */
const P3_V2_INDICATORS = RUSHAN_P3_V2_INDICATORS.filter((i) => i.kpiId !== 'P3-BEN-03');
const P4_INDICATORS = [
  indicator('P4-OUT-01', 'OUTPUT', 'QUANTITY', '改造老旧小区数量', 'GTE', '12', '个', 15),
  indicator('P4-OUT-04', 'OUTPUT', 'TIMELINESS', '年度改造任务完成时间', 'QUALITATIVE', '2024年12月31日前完成年度改造任务', undefined, 5),
  indicator('P4-OUT-05', 'OUTPUT', 'OUTPUT_COST', '户均改造成本', 'LTE', '6945', '元/户', 10),
  indicator('P4-SAT-01', 'SATISFACTION', 'RECIPIENT_SATISFACTION', '居民满意度', 'GTE', '85', '%', 10),
];

const targetsSet = (proCode: string, version: number, indicators: PerformanceIndicator[]): ProjectEvent => ({
  type: 'PerformanceTargetSet',
  data: { proCode, fiscalYear: FY, version, overallObjective: '总体目标', annualObjective: '年度目标', indicators },
});
const targetsReviewed = (proCode: string, version: number, outcome: 'PASSED' | 'RETURNED'): ProjectEvent => ({
  type: 'PerformanceTargetReviewed',
  data: { proCode, fiscalYear: FY, version, outcome, checks: { formatCompliant: true, complete: outcome === 'PASSED', matchesFunding: true }, opinion: '' },
});
const approved = (proCode: string, amountYuan: number, targetVersion: number): ProjectEvent => ({
  type: 'BudgetAndTargetsApproved',
  data: { proCode, fiscalYear: FY, approvedFen: yuan(amountYuan), targetVersion, approvalDocNo: '乳财预〔2024〕1号' },
});

const stateOf = (events: ProjectEvent[]): ProjectState => fold(projectModel, events.map((event) => ({ event })));
const fundingOf = (events: FundingEvent[] = []): FundingState => fold(fundingModel, events.map((event) => ({ event })));

const p1History = (): ProjectEvent[] => [
  { type: 'BudgetProjectDeclared', data: declarationOf(P1) },
  targetsSet(P1, 1, P1_INDICATORS),
  targetsReviewed(P1, 1, 'PASSED'),
  approved(P1, 6_800_000, 1),
];
/** P3: v1 returned for want of an ecological indicator, v2 passed and approved with the budget. */
const p3History = (): ProjectEvent[] => [
  { type: 'BudgetProjectDeclared', data: declarationOf(P3) },
  targetsSet(P3, 1, P3_V1_INDICATORS),
  targetsReviewed(P3, 1, 'RETURNED'),
  targetsSet(P3, 2, P3_V2_INDICATORS),
  targetsReviewed(P3, 2, 'PASSED'),
  approved(P3, 12_000_000, 2),
];
const p4Declared = (): ProjectEvent => ({ type: 'BudgetProjectDeclared', data: declarationOf(P4) });
const p4History = (): ProjectEvent[] => [p4Declared(), targetsSet(P4, 1, P4_INDICATORS), targetsReviewed(P4, 1, 'PASSED'), approved(P4, 25_000_000, 1)];

const taskIssued = (change: Partial<MonitoringTaskIssued['data']> = {}): MonitoringTaskIssued => ({
  type: 'MonitoringTaskIssued',
  data: { taskId: TASK, fiscalYear: FY, mode: 'SELF', title: '2024年1—7月绩效运行监控', asOfDate: JULY, dueDate: '2024-08-15', scope: {}, ...change },
});
const taskOf = (issued?: MonitoringTaskIssued) => fold(taskModel, issued ? [{ event: issued }] : []);

type Reported = RecordMonitoringSnapshot['indicators'][number];
const quantity = (kpiId: string, actualToDate: string, estimatedAnnual: string, completionLikelihood: Reported['completionLikelihood'] = 'LIKELY'): Reported => ({
  kpiId,
  actualToDate,
  estimatedAnnual,
  completionLikelihood,
});
const quality = (kpiId: string, attainment: NonNullable<Reported['attainment']>, account: string): Reported => ({
  kpiId,
  actualToDate: account,
  estimatedAnnual: '按期完成',
  completionLikelihood: attainment === 'ACHIEVED' ? 'CERTAIN' : 'LIKELY',
  attainment,
});

const P1_JULY: Reported[] = [
  quantity('P1-OUT-01', '7200', '12000', 'CERTAIN'),
  quantity('P1-OUT-02', '100', '100', 'CERTAIN'),
  quality('P1-OUT-03', 'ACHIEVED', '主体工程按计划推进'),
  quantity('P1-OUT-04', '548', '555', 'CERTAIN'),
  quantity('P1-BEN-01', '5100', '8600'),
  quantity('P1-BEN-02', '100', '100', 'CERTAIN'),
  quality('P1-BEN-03', 'ACHIEVED', '维护制度已印发'),
  quantity('P1-SAT-01', '93', '93'),
];
const P3_JULY: Reported[] = [
  { ...quantity('P3-OUT-01', '3100', '8000'), deviationReason: '春季降雨偏多，土方工程延后', correctiveMeasures: '增加施工班组，9月底前完成土方' },
  quantity('P3-OUT-02', '100', '100', 'CERTAIN'),
  { ...quality('P3-OUT-03', 'PARTLY_ACHIEVED', '进度滞后约一个月'), deviationReason: '招标延后' },
  quantity('P3-OUT-04', '1480', '1490'),
  quantity('P3-BEN-01', '300', '800'),
  quantity('P3-BEN-02', '1500', '3000'),
  quantity('P3-SAT-01', '91', '91'),
];
const P4_JULY: Reported[] = [
  quantity('P4-OUT-01', '2', '9', 'UNLIKELY'),
  { ...quality('P4-OUT-04', 'NOT_ACHIEVED', '施工场地未具备条件'), completionLikelihood: 'UNLIKELY' },
  quantity('P4-OUT-05', '7100', '7000', 'UNLIKELY'),
  quantity('P4-SAT-01', '80', '85'),
];

const snapshotCmd = (
  proCode: string,
  executedYuan: number,
  estimatedYuan: number,
  indicators: Reported[],
  facts: Partial<RecordMonitoringSnapshot['facts']> & { project: ProjectState },
  change: Partial<RecordMonitoringSnapshot> = {},
): RecordMonitoringSnapshot => ({
  proCode,
  fiscalYear: FY,
  taskId: TASK,
  asOfDate: JULY,
  budget: { executedToDateFen: yuan(executedYuan), estimatedAnnualExecutedFen: yuan(estimatedYuan) },
  indicators,
  facts: { task: taskOf(taskIssued()), funding: fundingOf(), ...facts },
  ...change,
});
const p1Cmd = (change: Partial<RecordMonitoringSnapshot> = {}, facts: Partial<RecordMonitoringSnapshot['facts']> = {}) =>
  snapshotCmd(P1, 3_900_000, 6_500_000, P1_JULY, { project: stateOf(p1History()), ...facts }, change);
const p3Cmd = (change: Partial<RecordMonitoringSnapshot> = {}, facts: Partial<RecordMonitoringSnapshot['facts']> = {}) =>
  snapshotCmd(P3, 4_560_000, 11_000_000, P3_JULY, { project: stateOf(p3History()), ...facts }, change);
const p4Cmd = (change: Partial<RecordMonitoringSnapshot> = {}, facts: Partial<RecordMonitoringSnapshot['facts']> = {}) =>
  snapshotCmd(P4, 3_750_000, 12_000_000, P4_JULY, { project: stateOf(p4History()), ...facts }, change);

const given = deciderSpec(monitoringModel);
const givenTask = deciderSpec(taskModel);

type Flag = DeviationFlagged['data'];
const flag = (proCode: string, metric: Flag['metric'], light: Flag['light'], ruleId: string, computedValue?: number, kpiId?: string): DeviationFlagged => ({
  type: 'DeviationFlagged',
  data: {
    proCode,
    fiscalYear: FY,
    taskId: TASK,
    asOfDate: JULY,
    metric,
    ...(kpiId ? { kpiId } : {}),
    ...(computedValue !== undefined ? { computedValue } : {}),
    light,
    ruleId,
    ruleSetVersion: 'v1',
  },
});
const indicatorFlag = (proCode: string, kpiId: string, light: Flag['light'], ruleId: string, computedValue?: number) => flag(proCode, 'INDICATOR', light, ruleId, computedValue, kpiId);

const recordedIndicators = (reported: Reported[]): SnapshotIndicator[] => reported.map((r) => ({ ...r }));

/** The events of a decision as the stream would hold them, to serve as the given history of the next one. */
const decided = (command: RecordMonitoringSnapshot, actor: Actor): MonitoringEvent[] =>
  given([])
    .when(decideRecordMonitoringSnapshot, command, { actor })
    .events()
    .map(({ type, data }) => ({ type, data }) as MonitoringEvent);

// ---------------------------------------------------------------------------------------------------------
// Step 6: monitoring tasks
// ---------------------------------------------------------------------------------------------------------
describe('IssueMonitoringTask — finance issues a monitoring round (domain.md §4 step 6)', () => {
  const issue = (change: Partial<IssueMonitoringTaskDto> = {}): IssueMonitoringTaskDto => ({
    taskId: TASK,
    fiscalYear: FY,
    mode: 'SELF',
    title: ' 2024年1—7月绩效运行监控 ',
    asOfDate: JULY,
    dueDate: '2024-08-15',
    scope: { deptCodes: ['D101', 'D103', 'D104', 'D103'] },
    ...change,
  });

  it('issues MT-2024-07 with its cut-off, due date and scope (departments listed once) under 三(三)1', () => {
    const events = givenTask([]).when(decideIssueMonitoringTask, issue(), { actor: finance }).events();
    expect(events).toEqual([
      {
        type: 'MonitoringTaskIssued',
        data: { taskId: TASK, fiscalYear: FY, mode: 'SELF', title: '2024年1—7月绩效运行监控', asOfDate: JULY, dueDate: '2024-08-15', scope: { deptCodes: ['D101', 'D103', 'D104'] } },
        legalBasis: [{ docNo: '乳发〔2020〕3号', clause: '三(三)1' }],
      },
    ]);
  });

  it('a KEY task rests on 三(三)2, and without a scope covers every project', () => {
    const events = givenTask([])
      .when(decideIssueMonitoringTask, issue({ taskId: 'MT-2024-K1', mode: 'KEY', scope: undefined }), { actor: finance })
      .events();
    expect(events[0].data.scope).toEqual({});
    expect(events[0].legalBasis).toEqual([{ docNo: '乳发〔2020〕3号', clause: '三(三)2' }]);
  });

  it('is issued once per task id: TASK_EXISTS (422)', () => {
    givenTask([taskIssued()]).when(decideIssueMonitoringTask, issue({ title: '重发' }), { actor: finance }).thenRejects('TASK_EXISTS', 422);
  });

  it('refuses a task id naming another year: TASK_ID_YEAR_MISMATCH (422)', () => {
    givenTask([]).when(decideIssueMonitoringTask, issue({ taskId: 'MT-2023-07' }), { actor: finance }).thenRejects('TASK_ID_YEAR_MISMATCH', 422);
  });

  it('refuses a cut-off outside the fiscal year: AS_OF_DATE_OUTSIDE_FISCAL_YEAR (422)', () => {
    givenTask([]).when(decideIssueMonitoringTask, issue({ asOfDate: '2025-01-31', dueDate: '2025-02-15' }), { actor: finance }).thenRejects('AS_OF_DATE_OUTSIDE_FISCAL_YEAR', 422);
  });

  it('refuses a due date before the cut-off: DUE_DATE_BEFORE_AS_OF_DATE (422), but accepts the cut-off day itself', () => {
    givenTask([]).when(decideIssueMonitoringTask, issue({ dueDate: '2024-07-30' }), { actor: finance }).thenRejects('DUE_DATE_BEFORE_AS_OF_DATE', 422);
    expect(givenTask([]).when(decideIssueMonitoringTask, issue({ dueDate: JULY }), { actor: finance }).events()).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Step 7: snapshots and the warning lights derived in the same append (domain.md §6.3)
// ---------------------------------------------------------------------------------------------------------
describe('RecordMonitoringSnapshot — the July snapshots of the demo and their lights', () => {
  it('P1: 3,900,000 of 6,800,000 executed by 31 July is GREEN, every indicator on pace, the project GREEN', () => {
    given([])
      .when(decideRecordMonitoringSnapshot, p1Cmd(), { actor: d101 })
      .then([
        {
          type: 'MonitoringSnapshotRecorded',
          data: {
            taskId: TASK,
            proCode: P1,
            fiscalYear: FY,
            asOfDate: JULY,
            targetVersion: 1,
            budget: { budgetFen: yuan(6_800_000), executedToDateFen: yuan(3_900_000), estimatedAnnualExecutedFen: yuan(6_500_000), netDisbursedFen: 0 },
            indicators: recordedIndicators(P1_JULY),
          },
        },
        flag(P1, 'BUDGET_EXECUTION', 'GREEN', 'BUDGET_EXECUTION_PACE', 98.32),
        indicatorFlag(P1, 'P1-OUT-01', 'GREEN', 'INDICATOR_PACE', 102.86),
        indicatorFlag(P1, 'P1-OUT-02', 'GREEN', 'INDICATOR_EQUAL_TARGET', 100),
        indicatorFlag(P1, 'P1-OUT-03', 'GREEN', 'INDICATOR_QUALITATIVE'),
        indicatorFlag(P1, 'P1-OUT-04', 'GREEN', 'INDICATOR_REVERSE_LIMIT', 548),
        indicatorFlag(P1, 'P1-BEN-01', 'GREEN', 'INDICATOR_PACE', 102.86),
        indicatorFlag(P1, 'P1-BEN-02', 'GREEN', 'INDICATOR_EQUAL_TARGET', 100),
        indicatorFlag(P1, 'P1-BEN-03', 'GREEN', 'INDICATOR_QUALITATIVE'),
        indicatorFlag(P1, 'P1-SAT-01', 'GREEN', 'INDICATOR_PACE', 103.33),
        flag(P1, 'PROJECT', 'GREEN', 'PROJECT_WORST_LIGHT'),
      ]);
  });

  it('P3: 4,560,000 of 12,000,000 and 3,100 of 8,000 亩 are YELLOW; the project is YELLOW, judged on the approved v2', () => {
    const events = given([]).when(decideRecordMonitoringSnapshot, p3Cmd(), { actor: d103 }).events();
    expect(events[0].data).toMatchObject({ targetVersion: 2, budget: { budgetFen: yuan(12_000_000), executedToDateFen: yuan(4_560_000) } });
    const lights = events.slice(1).map((e) => e.data as Flag);
    expect(lights.map((l) => [l.metric, l.kpiId ?? '-', l.light, l.computedValue ?? '-'])).toEqual([
      ['BUDGET_EXECUTION', '-', 'YELLOW', 65.14],
      ['INDICATOR', 'P3-OUT-01', 'YELLOW', 66.43],
      ['INDICATOR', 'P3-OUT-02', 'GREEN', 100],
      ['INDICATOR', 'P3-OUT-03', 'YELLOW', '-'],
      ['INDICATOR', 'P3-OUT-04', 'GREEN', 1480],
      ['INDICATOR', 'P3-BEN-01', 'YELLOW', 64.29],
      ['INDICATOR', 'P3-BEN-02', 'GREEN', 85.71],
      ['INDICATOR', 'P3-SAT-01', 'GREEN', 101.11],
      ['PROJECT', '-', 'YELLOW', '-'],
    ]);
  });

  it('P4: 3,750,000 of 25,000,000 executed is RED, and so is the project', () => {
    const events = given([]).when(decideRecordMonitoringSnapshot, p4Cmd(), { actor: d104 }).events();
    expect(events[1].data).toEqual(flag(P4, 'BUDGET_EXECUTION', 'RED', 'BUDGET_EXECUTION_PACE', 25.71).data);
    expect(events.map((e) => (e.data as Flag).light ?? '-')).toEqual(['-', 'RED', 'RED', 'RED', 'RED', 'GREEN', 'RED']);
    expect(events[events.length - 1].data).toEqual(flag(P4, 'PROJECT', 'RED', 'PROJECT_WORST_LIGHT').data);
  });

  it('records the snapshot under 三(三)1 and names the rule-set version on every light it derives', () => {
    const events = given([]).when(decideRecordMonitoringSnapshot, p3Cmd(), { actor: d103 }).events();
    expect(events.every((e) => e.legalBasis?.[0]?.clause === '三(三)1')).toBe(true);
    expect(events[0].ruleSetVersion).toBeUndefined();
    expect(events.slice(1).map((e) => e.ruleSetVersion)).toEqual(Array(9).fill('v1'));
  });

  const adjusted = (deltaYuan: number, effectiveOn: string): FundingEvent => ({
    type: 'BudgetAdjusted',
    data: { proCode: P3, fiscalYear: FY, deltaFen: yuan(deltaYuan), adjustedBudgetFen: yuan(12_000_000 + deltaYuan), reason: '年中预算调整', docNo: '乳财预〔2024〕30号', effectiveOn },
  });

  it('computes the budget light on the adjusted budget (approved + in-year adjustments): P3 cut by 2,400,000 in June is GREEN', () => {
    const events = given([]).when(decideRecordMonitoringSnapshot, p3Cmd({}, { funding: fundingOf([adjusted(-2_400_000, '2024-06-28')]) }), { actor: d103 }).events();
    expect(events[0].data).toMatchObject({ budget: { budgetFen: yuan(9_600_000) } });
    expect(events[1].data).toMatchObject({ metric: 'BUDGET_EXECUTION', light: 'GREEN', computedValue: 81.43 });
  });

  it('takes the budget as it stood at the cut-off: an adjustment effective in August leaves the July light YELLOW', () => {
    const events = given([]).when(decideRecordMonitoringSnapshot, p3Cmd({}, { funding: fundingOf([adjusted(-2_400_000, '2024-08-20')]) }), { actor: d103 }).events();
    expect(events[0].data).toMatchObject({ budget: { budgetFen: yuan(12_000_000) } });
    expect(events[1].data).toMatchObject({ light: 'YELLOW', computedValue: 65.14 });
  });

  it("records the department's executed figure as given and the treasury's net disbursement at the cut-off beside it", () => {
    const paid = (amountYuan: number, paidOn: string): FundingEvent => ({
      type: 'FundsDisbursed',
      data: { proCode: P4, fiscalYear: FY, amountFen: yuan(amountYuan), paymentRef: `GK-${paidOn}`, paidOn },
    });
    const funding = fundingOf([paid(3_000_000, '2024-04-12'), paid(1_500_000, '2024-06-18'), paid(800_000, '2024-08-02')]);
    const events = given([]).when(decideRecordMonitoringSnapshot, p4Cmd({}, { funding }), { actor: d104 }).events();
    expect(events[0].data).toMatchObject({ budget: { executedToDateFen: yuan(3_750_000), netDisbursedFen: yuan(4_500_000) } });
    expect(events[1].data).toMatchObject({ light: 'RED', computedValue: 25.71 });
  });

  it('judges the indicators against the version in force after a revision (v3 of P3: 6,000 亩)', () => {
    const v3 = P3_V2_INDICATORS.map((i) => (i.kpiId === 'P3-OUT-01' ? { ...i, targetValue: '6000' } : i));
    const revised = stateOf([
      ...p3History(),
      {
        type: 'PerformanceTargetRevisionRequested',
        data: { proCode: P3, fiscalYear: FY, requestId: 'TR-1', fromVersion: 2, reason: 'BUDGET_ADJUSTMENT', reasonDetail: '预算调减', overallObjective: '总体目标', annualObjective: '年度目标', indicators: v3 },
      },
      {
        type: 'PerformanceTargetRevised',
        data: { proCode: P3, fiscalYear: FY, requestId: 'TR-1', fromVersion: 2, toVersion: 3, reason: 'BUDGET_ADJUSTMENT', changedKpis: [{ kpiId: 'P3-OUT-01' }], opinion: '同意' },
      },
    ]);
    const events = given([]).when(decideRecordMonitoringSnapshot, p3Cmd({}, { project: revised }), { actor: d103 }).events();
    expect(events[0].data).toMatchObject({ targetVersion: 3 });
    expect(events[2].data).toMatchObject({ kpiId: 'P3-OUT-01', light: 'GREEN', computedValue: 88.57 });
  });

  describe('who reports', () => {
    it('only the owning department: D101 cannot report P3 — NOT_YOUR_PROJECT (403)', () => {
      given([]).when(decideRecordMonitoringSnapshot, p3Cmd(), { actor: d101 }).thenRejects('NOT_YOUR_PROJECT', 403);
    });

    it('PROJECT_NOT_FOUND (404) for a project never declared', () => {
      given([]).when(decideRecordMonitoringSnapshot, p3Cmd({}, { project: stateOf([]) }), { actor: d103 }).thenRejects('PROJECT_NOT_FOUND', 404);
    });
  });

  describe('the task it answers', () => {
    it('TASK_NOT_FOUND (404) when the task was never issued', () => {
      given([]).when(decideRecordMonitoringSnapshot, p1Cmd({}, { task: taskOf() }), { actor: d101 }).thenRejects('TASK_NOT_FOUND', 404);
    });

    it('TASK_OTHER_FISCAL_YEAR (422) for a task of another year', () => {
      const task = taskOf(taskIssued({ fiscalYear: 2023, asOfDate: '2023-07-31' }));
      given([]).when(decideRecordMonitoringSnapshot, p1Cmd({}, { task }), { actor: d101 }).thenRejects('TASK_OTHER_FISCAL_YEAR', 422);
    });

    it('PROJECT_NOT_IN_TASK_SCOPE (422) when neither the project nor its department is listed', () => {
      const task = taskOf(taskIssued({ scope: { proCodes: [P1], deptCodes: ['D103'] } }));
      const error = refusal(() => given([]).when(decideRecordMonitoringSnapshot, p4Cmd({}, { task }), { actor: d104 }).events());
      expect(error).toMatchObject({ code: 'PROJECT_NOT_IN_TASK_SCOPE', status: 422, details: { taskId: TASK, proCode: P4 } });
    });

    it('a project is covered by its own code or by its department', () => {
      const task = taskOf(taskIssued({ scope: { proCodes: [P1], deptCodes: ['D103'] } }));
      expect(given([]).when(decideRecordMonitoringSnapshot, p1Cmd({}, { task }), { actor: d101 }).events()).toHaveLength(11);
      expect(given([]).when(decideRecordMonitoringSnapshot, p3Cmd({}, { task }), { actor: d103 }).events()).toHaveLength(10);
    });

    it('AS_OF_DATE_OUTSIDE_FISCAL_YEAR (422) for a cut-off in another year', () => {
      given([]).when(decideRecordMonitoringSnapshot, p1Cmd({ asOfDate: '2025-01-31' }), { actor: d101 }).thenRejects('AS_OF_DATE_OUTSIDE_FISCAL_YEAR', 422);
    });

    it("AS_OF_DATE_NOT_TASK_CUTOFF (422): the data are as of the task's cut-off", () => {
      const error = refusal(() => given([]).when(decideRecordMonitoringSnapshot, p1Cmd({ asOfDate: '2024-06-30' }), { actor: d101 }).events());
      expect(error).toMatchObject({ code: 'AS_OF_DATE_NOT_TASK_CUTOFF', status: 422, details: { taskAsOfDate: JULY } });
    });
  });

  describe('invariant 7: only while executing', () => {
    it('NOT_EXECUTING (422) before the budget is approved', () => {
      const drafted = stateOf(p3History().slice(0, -1));
      const error = refusal(() => given([]).when(decideRecordMonitoringSnapshot, p3Cmd({}, { project: drafted }), { actor: d103 }).events());
      expect(error).toMatchObject({ code: 'NOT_EXECUTING', status: 422, details: { reason: 'BUDGET_NOT_APPROVED' } });
    });

    it('NOT_EXECUTING (422) once the project is terminated', () => {
      const terminated = stateOf([...p4History(), { type: 'ProjectTerminated', data: { proCode: P4, reason: 'LOW_PERFORMANCE', detail: '绩效低下', effectiveOn: '2024-07-15', basisEvents: [] } }]);
      const error = refusal(() => given([]).when(decideRecordMonitoringSnapshot, p4Cmd({}, { project: terminated }), { actor: d104 }).events());
      expect(error).toMatchObject({ code: 'NOT_EXECUTING', details: { reason: 'TERMINATED' } });
    });

    it('NOT_EXECUTING (422) once execution is closed (决算)', () => {
      const funding = fundingOf([
        {
          type: 'BudgetExecutionClosed',
          data: { proCode: P1, fiscalYear: FY, initialApprovedFen: yuan(6_800_000), inYearAdjustmentFen: 0, adjustedBudgetFen: yuan(6_800_000), executedFen: yuan(6_460_000), recoveredFen: 0, carryOverFen: 0, balanceFen: yuan(340_000) },
        },
      ]);
      const error = refusal(() => given([]).when(decideRecordMonitoringSnapshot, p1Cmd({}, { funding }), { actor: d101 }).events());
      expect(error).toMatchObject({ code: 'NOT_EXECUTING', details: { reason: 'EXECUTION_CLOSED' } });
    });

    it('TARGETS_NOT_IN_FORCE (422) when the approved version cannot be found', () => {
      const noTargets = stateOf([p4Declared(), approved(P4, 25_000_000, 1)]);
      given([]).when(decideRecordMonitoringSnapshot, p4Cmd({}, { project: noTargets }), { actor: d104 }).thenRejects('TARGETS_NOT_IN_FORCE', 422);
    });
  });

  describe('one snapshot per task and cut-off; a second one is a correction', () => {
    it('SNAPSHOT_EXISTS (422) for a second snapshot without supersedes, naming the one to correct', () => {
      const error = refusal(() => given(decided(p1Cmd(), d101)).when(decideRecordMonitoringSnapshot, p1Cmd(), { actor: d101 }).events());
      expect(error).toMatchObject({ code: 'SNAPSHOT_EXISTS', status: 422, details: { eventId: 'given-0' } });
    });

    it('AS_OF_DATE_BEFORE_LAST_SNAPSHOT (422) when the task already holds a later cut-off', () => {
      const later = decided(p1Cmd(), d101).map((e) => ({ ...e, data: { ...e.data, asOfDate: '2024-08-31' } }) as MonitoringEvent);
      given(later).when(decideRecordMonitoringSnapshot, p1Cmd(), { actor: d101 }).thenRejects('AS_OF_DATE_BEFORE_LAST_SNAPSHOT', 422);
    });

    it('a correction replaces the snapshot, each light superseding its counterpart', () => {
      const history = decided(p3Cmd(), d103);
      const supersedes: DecisionContext['supersedes'] = { eventId: 'given-0', type: 'MonitoringSnapshotRecorded', data: history[0].data as unknown as Record<string, unknown> };
      const corrected = p3Cmd({ budget: { executedToDateFen: yuan(5_600_000), estimatedAnnualExecutedFen: yuan(11_500_000) } });
      const events = given(history).when(decideRecordMonitoringSnapshot, corrected, { actor: d103, supersedes }).events();
      expect(events[0].data).toMatchObject({ budget: { executedToDateFen: yuan(5_600_000) } });
      expect(events[1]).toMatchObject({ data: { metric: 'BUDGET_EXECUTION', light: 'GREEN', computedValue: 80 }, supersedes: 'given-1' });
      expect(events.slice(1).map((e) => e.supersedes)).toEqual(history.slice(1).map((_, i) => `given-${i + 1}`));
      expect(events[0].supersedes).toBeUndefined();
    });

    it('CORRECTION_MISMATCH (422) when supersedes names the snapshot of another task', () => {
      const otherTask = decided(p1Cmd(), d101).map((e) => ({ ...e, data: { ...e.data, taskId: 'MT-2024-06' } }) as MonitoringEvent);
      const supersedes: DecisionContext['supersedes'] = { eventId: 'given-0', type: 'MonitoringSnapshotRecorded', data: otherTask[0].data as unknown as Record<string, unknown> };
      given(otherTask).when(decideRecordMonitoringSnapshot, p1Cmd(), { actor: d101, supersedes }).thenRejects('CORRECTION_MISMATCH', 422);
    });
  });

  describe('the figures reported', () => {
    it('EXECUTED_EXCEEDS_BUDGET (422) for more executed than the adjusted budget', () => {
      given([])
        .when(decideRecordMonitoringSnapshot, p1Cmd({ budget: { executedToDateFen: yuan(6_800_001), estimatedAnnualExecutedFen: yuan(6_800_001) } }), { actor: d101 })
        .thenRejects('EXECUTED_EXCEEDS_BUDGET', 422);
    });

    it('ESTIMATE_BELOW_EXECUTED (422) for a year estimate below what was already executed', () => {
      given([])
        .when(decideRecordMonitoringSnapshot, p1Cmd({ budget: { executedToDateFen: yuan(3_900_000), estimatedAnnualExecutedFen: yuan(3_800_000) } }), { actor: d101 })
        .thenRejects('ESTIMATE_BELOW_EXECUTED', 422);
    });

    it('SNAPSHOT_INDICATORS_INVALID (422): every indicator of the version in force, once, in its kind', () => {
      const indicators: Reported[] = [
        quantity('P1-OUT-01', '7200', '12000'),
        quantity('P1-OUT-01', '7300', '12000'),
        quantity('P1-OUT-02', '约100', '100'),
        { ...quality('P1-OUT-03', 'ACHIEVED', '按期'), attainment: undefined },
        { ...quantity('P1-OUT-04', '548', '555'), attainment: 'ACHIEVED' },
        quantity('P1-BEN-02', '100', '100'),
        quality('P1-BEN-03', 'ACHIEVED', '已建立'),
        quantity('P1-SAT-01', '93', '九十三'),
        quantity('P1-XXX-99', '1', '1'),
      ];
      const error = refusal(() => given([]).when(decideRecordMonitoringSnapshot, p1Cmd({ indicators }), { actor: d101 }).events());
      expect(error.code).toBe('SNAPSHOT_INDICATORS_INVALID');
      expect(error.status).toBe(422);
      expect(error.details?.problems).toEqual([
        'P1-XXX-99 is not an indicator of target version v1',
        'P1-OUT-01 (改造校舍面积) is reported 2 times',
        'P1-OUT-02 (竣工验收合格率): actualToDate must be a number in %',
        'P1-OUT-03 (按期完工) is qualitative: give its attainment (ACHIEVED, PARTLY_ACHIEVED or NOT_ACHIEVED)',
        'P1-OUT-04 (单位面积改造成本) is quantitative: its light follows from actualToDate, not from an attainment',
        'P1-BEN-01 (受益学生人数) is not reported',
        'P1-SAT-01 (师生满意度): estimatedAnnual must be a number in %',
      ]);
    });
  });
});

describe('the monitoring stream folded', () => {
  it('keeps a corrected snapshot beside its correction, each with its own lights', () => {
    const first = decided(p3Cmd(), d103);
    const second = decided(p3Cmd({ budget: { executedToDateFen: yuan(5_600_000), estimatedAnnualExecutedFen: yuan(11_500_000) } }), d103);
    const state = fold(monitoringModel, [
      ...first.map((event, i) => ({ event, context: { eventId: `e${i}`, revision: i, occurredAt: '2024-08-10T00:00:00+08:00', actor: d103 } })),
      ...second.map((event, i) => ({
        event,
        context: { eventId: `c${i}`, revision: first.length + i, occurredAt: '2024-08-12T00:00:00+08:00', actor: d103, supersedes: i === 0 ? 'e0' : `e${i}` },
      })),
    ]);
    expect(state.snapshots.map((s) => [s.eventId, s.supersededBy ?? null, s.lights.length])).toEqual([
      ['e0', 'c0', 9],
      ['c0', null, 9],
    ]);
    expect(currentSnapshots(state).map((s) => s.lights.find((l) => l.metric === 'PROJECT')?.light)).toEqual(['YELLOW']);
    expect(state.revision).toBe(19);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Step 8: key monitoring by finance
// ---------------------------------------------------------------------------------------------------------
describe('ConductKeyMonitoring — finance checks on site (重点跟踪, 三(三)2)', () => {
  const AUGUST_12 = new Date('2024-08-12T10:00:00+08:00');
  const keyCmd = (change: Partial<ConductKeyMonitoring> = {}, facts: Partial<ConductKeyMonitoring['facts']> = {}): ConductKeyMonitoring => ({
    proCode: P4,
    fiscalYear: FY,
    methods: ['ON_SITE', 'EVIDENCE_COLLECTION'],
    findings: [
      { severity: 'SERIOUS', text: '施工场地未具备开工条件，主要施工合同尚未签订' },
      { severity: 'MINOR', text: '资金支付台账登记不及时' },
    ],
    conductedOn: '2024-08-10',
    facts: { project: stateOf(p4History()), funding: fundingOf(), ...facts },
    ...change,
  });

  it('records P4’s SERIOUS finding: site not ready, contracts unsigned', () => {
    const events = given([]).when(decideConductKeyMonitoring, keyCmd(), { actor: finance, now: AUGUST_12 }).events();
    expect(events).toEqual([
      {
        type: 'KeyMonitoringConducted',
        data: {
          proCode: P4,
          fiscalYear: FY,
          methods: ['ON_SITE', 'EVIDENCE_COLLECTION'],
          findings: [
            { severity: 'SERIOUS', text: '施工场地未具备开工条件，主要施工合同尚未签订' },
            { severity: 'MINOR', text: '资金支付台账登记不及时' },
          ],
          conductedOn: '2024-08-10',
        },
        legalBasis: [{ docNo: '乳发〔2020〕3号', clause: '三(三)2' }],
      },
    ]);
  });

  it('records a check that found nothing when that is stated explicitly', () => {
    given([])
      .when(decideConductKeyMonitoring, keyCmd({ findings: [], noFindings: true }), { actor: finance, now: AUGUST_12 })
      .then([{ type: 'KeyMonitoringConducted', data: { proCode: P4, fiscalYear: FY, methods: ['ON_SITE', 'EVIDENCE_COLLECTION'], findings: [], conductedOn: '2024-08-10' } }]);
  });

  it('FINDINGS_REQUIRED (422) for an empty list without noFindings, blank texts included', () => {
    given([]).when(decideConductKeyMonitoring, keyCmd({ findings: [{ severity: 'MINOR', text: '  ' }] }), { actor: finance, now: AUGUST_12 }).thenRejects('FINDINGS_REQUIRED', 422);
  });

  it('FINDINGS_CONTRADICT_NONE (422) for findings together with noFindings', () => {
    given([]).when(decideConductKeyMonitoring, keyCmd({ noFindings: true }), { actor: finance, now: AUGUST_12 }).thenRejects('FINDINGS_CONTRADICT_NONE', 422);
  });

  it('NOT_EXECUTING (422) before approval or after closing', () => {
    given([]).when(decideConductKeyMonitoring, keyCmd({}, { project: stateOf([p4Declared()]) }), { actor: finance, now: AUGUST_12 }).thenRejects('NOT_EXECUTING', 422);
    const closed = fundingOf([
      { type: 'BudgetExecutionClosed', data: { proCode: P4, fiscalYear: FY, initialApprovedFen: 1, inYearAdjustmentFen: 0, adjustedBudgetFen: 1, executedFen: 1, recoveredFen: 0, carryOverFen: 0, balanceFen: 0 } },
    ]);
    given([]).when(decideConductKeyMonitoring, keyCmd({}, { funding: closed }), { actor: finance, now: AUGUST_12 }).thenRejects('NOT_EXECUTING', 422);
  });

  it('PROJECT_NOT_FOUND (404) for a project never declared', () => {
    given([]).when(decideConductKeyMonitoring, keyCmd({}, { project: stateOf([]) }), { actor: finance, now: AUGUST_12 }).thenRejects('PROJECT_NOT_FOUND', 404);
  });

  it('CONDUCTED_BEFORE_FISCAL_YEAR (422) and CONDUCTED_IN_FUTURE (422): the date lies in the year, and is not after today (Asia/Shanghai)', () => {
    given([]).when(decideConductKeyMonitoring, keyCmd({ conductedOn: '2023-12-28' }), { actor: finance, now: AUGUST_12 }).thenRejects('CONDUCTED_BEFORE_FISCAL_YEAR', 422);
    given([]).when(decideConductKeyMonitoring, keyCmd({ conductedOn: '2024-08-13' }), { actor: finance, now: AUGUST_12 }).thenRejects('CONDUCTED_IN_FUTURE', 422);
    // 2024-08-12 16:30 UTC is already 13 August in 乳山.
    expect(given([]).when(decideConductKeyMonitoring, keyCmd({ conductedOn: '2024-08-13' }), { actor: finance, now: new Date('2024-08-12T16:30:00Z') }).events()).toHaveLength(1);
  });

  it('names its task when given one, which must exist and cover the project', () => {
    const keyTask = taskOf(taskIssued({ taskId: 'MT-2024-K1', mode: 'KEY', scope: { proCodes: [P4] } }));
    const events = given([]).when(decideConductKeyMonitoring, keyCmd({ taskId: 'MT-2024-K1' }, { task: keyTask }), { actor: finance, now: AUGUST_12 }).events();
    expect(events[0].data).toMatchObject({ taskId: 'MT-2024-K1' });
    given([]).when(decideConductKeyMonitoring, keyCmd({ taskId: 'MT-2024-K2' }, { task: taskOf() }), { actor: finance, now: AUGUST_12 }).thenRejects('TASK_NOT_FOUND', 404);
    const otherScope = taskOf(taskIssued({ taskId: 'MT-2024-K1', mode: 'KEY', scope: { deptCodes: ['D103'] } }));
    given([]).when(decideConductKeyMonitoring, keyCmd({ taskId: 'MT-2024-K1' }, { task: otherScope }), { actor: finance, now: AUGUST_12 }).thenRejects('PROJECT_NOT_IN_TASK_SCOPE', 422);
  });

  it('is kept in the stream with its id, for a suspension to cite the SERIOUS finding', () => {
    const [event] = given([]).when(decideConductKeyMonitoring, keyCmd(), { actor: finance, now: AUGUST_12 }).events();
    const state = fold(monitoringModel, [{ event: { type: event.type, data: event.data } as MonitoringEvent, context: { eventId: 'km-1', revision: 0, occurredAt: '2024-08-10T00:00:00+08:00', actor: finance } }]);
    expect(state.keyMonitorings).toEqual([expect.objectContaining({ eventId: 'km-1', findings: expect.arrayContaining([expect.objectContaining({ severity: 'SERIOUS' })]) })]);
  });
});
