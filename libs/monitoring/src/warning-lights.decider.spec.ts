// The use-case modules carry class-validator/class-transformer decorators, which need the Reflect metadata API.
import 'reflect-metadata';
import { fold } from '../../event-sourcing/src/decider.js';
import { fundingModel } from '../../funding/src/funding.state.js';
import type { PerformanceIndicator, ProjectEvent } from '../../projects/src/project.events.js';
import { projectModel } from '../../projects/src/project.state.js';
import { DEFAULT_RULE_SET, type RuleSet } from '../../rule-sets/src/rule-set.js';
import { deciderSpec } from '../../testing/src/decider-spec.js';
import { FY, P1, declarationOf, education as d101 } from '../../testing/src/rushan-fixtures.js';
import type { DeviationFlagged, MonitoringTaskIssued } from './monitoring.events.js';
import { monitoringModel, taskModel } from './monitoring.state.js';
import { type RecordMonitoringSnapshot, decideRecordMonitoringSnapshot } from './record-monitoring-snapshot.command.js';

// domain.md §6.3 applied by the snapshot decision: every light derived in the append names its rule and the version of
// the rule set that produced it, and follows that rule set's thresholds; §5 invariant 7 for a cut-off before the year.

const given = deciderSpec(monitoringModel);

const indicators: PerformanceIndicator[] = [
  { kpiId: 'K1', tier1: 'OUTPUT', tier2: 'QUANTITY', name: '改造校舍面积', comparator: 'GTE', targetValue: '12000', unit: '㎡', direction: 'POSITIVE', weight: 50, scoringRule: '按比例' },
  { kpiId: 'K2', tier1: 'BENEFIT', tier2: 'SOCIAL', name: '单位面积改造成本', comparator: 'LTE', targetValue: '560', unit: '元/㎡', direction: 'REVERSE', weight: 40, scoringRule: '超出扣分' },
];
const project = fold(
  projectModel,
  ([
    { type: 'BudgetProjectDeclared', data: declarationOf(P1, { fundingPlan: [{ fiscalYear: 2024, amountFen: 1_200_000 }], totalAmountFen: 1_200_000 }) },
    { type: 'PerformanceTargetSet', data: { proCode: P1, fiscalYear: FY, version: 1, overallObjective: '总体目标', annualObjective: '年度目标', indicators } },
    { type: 'PerformanceTargetReviewed', data: { proCode: P1, fiscalYear: FY, version: 1, outcome: 'PASSED', checks: { formatCompliant: true, complete: true, matchesFunding: true }, opinion: '' } },
    { type: 'BudgetAndTargetsApproved', data: { proCode: P1, fiscalYear: FY, approvedFen: 1_200_000, targetVersion: 1, approvalDocNo: '乳财预〔2024〕1号' } },
  ] as ProjectEvent[]).map((event) => ({ event })),
);
const task: MonitoringTaskIssued = {
  type: 'MonitoringTaskIssued',
  data: { taskId: 'MT-2024-06', fiscalYear: FY, mode: 'SELF', title: '1—6月监控', asOfDate: '2024-06-30', dueDate: '2024-07-15', scope: {} },
};

/** As of 30 June (m = 6): 390,000 of 1,200,000 fen is v = 65; 3,900 of 12,000 ㎡ is v = 65; 540 元/㎡ is within 560. */
const snapshot = (change: Partial<RecordMonitoringSnapshot> = {}): RecordMonitoringSnapshot => ({
  proCode: P1,
  fiscalYear: FY,
  taskId: 'MT-2024-06',
  asOfDate: '2024-06-30',
  budget: { executedToDateFen: 390_000, estimatedAnnualExecutedFen: 1_100_000 },
  indicators: [
    { kpiId: 'K1', actualToDate: '3900', estimatedAnnual: '12000', completionLikelihood: 'LIKELY' },
    { kpiId: 'K2', actualToDate: '540', estimatedAnnual: '545', completionLikelihood: 'CERTAIN' },
  ],
  facts: { task: fold(taskModel, [{ event: task }]), project, funding: fundingModel.initialState() },
  ...change,
});
const lightsOf = (ruleSet: RuleSet) => {
  const events = given([]).when(decideRecordMonitoringSnapshot, snapshot(), { actor: d101, ruleSet }).events();
  return events.slice(1).map((e) => ({ data: e.data as DeviationFlagged['data'], envelopeVersion: e.ruleSetVersion }));
};

describe('§6.3 through RecordMonitoringSnapshot: lights follow the rule set in force and name it', () => {
  it('under v1, v = 65 is YELLOW for budget and area, the cost within its limit GREEN, the project YELLOW — each light naming rule and v1', () => {
    expect(lightsOf(DEFAULT_RULE_SET).map(({ data, envelopeVersion }) => [data.metric, data.kpiId ?? '-', data.light, data.ruleId, data.computedValue ?? '-', data.ruleSetVersion, envelopeVersion])).toEqual([
      ['BUDGET_EXECUTION', '-', 'YELLOW', 'BUDGET_EXECUTION_PACE', 65, 'v1', 'v1'],
      ['INDICATOR', 'K1', 'YELLOW', 'INDICATOR_PACE', 65, 'v1', 'v1'],
      ['INDICATOR', 'K2', 'GREEN', 'INDICATOR_REVERSE_LIMIT', 540, 'v1', 'v1'],
      ['PROJECT', '-', 'YELLOW', 'PROJECT_WORST_LIGHT', '-', 'v1', 'v1'],
    ]);
  });

  it('under a published sd-3 with RED below 50 and YELLOW below 60, the same figures are GREEN and every light names sd-3', () => {
    const sd3: RuleSet = {
      ...DEFAULT_RULE_SET,
      version: 'sd-3',
      monitoring: { ...DEFAULT_RULE_SET.monitoring, budgetExecution: { red: 50, yellow: 60 }, positiveIndicator: { red: 50, yellow: 60, blue: 120 } },
    };
    expect(lightsOf(sd3).map(({ data, envelopeVersion }) => [data.metric, data.light, data.ruleSetVersion, envelopeVersion])).toEqual([
      ['BUDGET_EXECUTION', 'GREEN', 'sd-3', 'sd-3'],
      ['INDICATOR', 'GREEN', 'sd-3', 'sd-3'],
      ['INDICATOR', 'GREEN', 'sd-3', 'sd-3'],
      ['PROJECT', 'GREEN', 'sd-3', 'sd-3'],
    ]);
  });

  it('a cost above its limit turns the project RED whatever the pace', () => {
    const events = given([])
      .when(
        decideRecordMonitoringSnapshot,
        snapshot({ indicators: [{ kpiId: 'K1', actualToDate: '6000', estimatedAnnual: '12000', completionLikelihood: 'CERTAIN' }, { kpiId: 'K2', actualToDate: '561', estimatedAnnual: '561', completionLikelihood: 'UNLIKELY' }], budget: { executedToDateFen: 600_000, estimatedAnnualExecutedFen: 1_200_000 } }),
        { actor: d101 },
      )
      .events();
    expect(events.slice(1).map((e) => (e.data as DeviationFlagged['data']).light)).toEqual(['GREEN', 'GREEN', 'RED', 'RED']);
  });
});

describe('invariant 7: the cut-off lies inside the fiscal year', () => {
  it('refuses a cut-off in the year before: AS_OF_DATE_OUTSIDE_FISCAL_YEAR (422)', () => {
    given([]).when(decideRecordMonitoringSnapshot, snapshot({ asOfDate: '2023-12-31' }), { actor: d101 }).thenRejects('AS_OF_DATE_OUTSIDE_FISCAL_YEAR', 422);
  });
});
