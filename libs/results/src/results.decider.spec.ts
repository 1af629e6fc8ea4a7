import 'reflect-metadata';
import { type DomainEvent, type StateModel, fold } from '../../event-sourcing/src/decider.js';
import type { DepartmentEvent } from '../../departments/src/department.events.js';
import { type DepartmentState, departmentModel } from '../../departments/src/department.state.js';
import type { BudgetProjectDeclared, ProjectEvent } from '../../projects/src/project.events.js';
import { type ProjectState, projectModel } from '../../projects/src/project.state.js';
import { DEFAULT_RULE_SET, type RuleSet } from '../../rule-sets/src/rule-set.js';
import { deciderSpec } from '../../testing/src/decider-spec.js';
import { FY, P1, P2, P3, P4, P5, declarationOf, finance, refusal, yuan, education as d101, agriculture as d103 } from '../../testing/src/rushan-fixtures.js';
import { type AdjustNextYearBudget, decideAdjustNextYearBudget } from './adjust-next-year-budget.command.js';
import { type AdjustPerformancePayment, decideAdjustPerformancePayment } from './adjust-performance-payment.command.js';
import { type CitedEvent, resolveBasisEvents } from '../../event-sourcing/src/basis-events.js';
import type { ReadStream } from '../../event-sourcing/src/stream-command-handler.js';
import { type DiscloseResults, decideDiscloseResults } from './disclose-results.command.js';
import { type FeedBackEvaluationResult, decideFeedBackEvaluationResult } from './feed-back-evaluation-result.command.js';
import { type ReportToPeoplesCongress, decideReportToPeoplesCongress } from './report-to-peoples-congress.command.js';
import type { BudgetAdjustedForNextYear, ResultsDisclosed, ResultsEvent, ResultsReportedToPeoplesCongress } from './results.events.js';
import { congressModel, disclosureModel, resultsModel } from './results.state.js';

// ---------------------------------------------------------------------------------------------------------
// Fixtures: 乳山市 FY2024 (domain.md §9). P4 城镇老旧小区改造配套基础设施 (PPP, 25,000,000 yuan): July snapshot RED,
// reduction proposal, FY2025 −5,000,000 yuan for slow spending; key evaluation 72 中 → FY2026 −10 %, PPP factor 0.9.
// ---------------------------------------------------------------------------------------------------------

const results = deciderSpec(resultsModel);
const disclosures = deciderSpec(disclosureModel);
const congress = deciderSpec(congressModel);

const declaration = (proCode: string, deptCode: string, fundingArrangements: BudgetProjectDeclared['data']['fundingArrangements'], unit?: [string, string]): BudgetProjectDeclared => ({
  type: 'BudgetProjectDeclared',
  data: declarationOf(proCode, { deptCode, fundingArrangements, ...(unit ? { unitCode: unit[0], unitName: unit[1] } : {}) }),
});
const inDraft = (proCode: string): ProjectEvent => ({
  type: 'ProjectIncludedInBudgetDraft',
  data: { proCode, fiscalYear: FY, budgetBook: 'GENERAL_PUBLIC', requestedFen: yuan(25_000_000), proposedFen: yuan(25_000_000), targetVersion: 1 },
});
const approvedIn = (proCode: string): ProjectEvent => ({
  type: 'BudgetAndTargetsApproved',
  data: { proCode, fiscalYear: FY, approvedFen: yuan(25_000_000), targetVersion: 1, approvalDocNo: '乳财预〔2024〕1号' },
});
const projectState = (events: ProjectEvent[]): ProjectState => fold(projectModel, events.map((event) => ({ event })));

const p4 = () => projectState([declaration(P4, 'D104', ['PPP', 'GOVERNMENT_DEBT']), inDraft(P4), approvedIn(P4)]);
const p1 = () => projectState([declaration(P1, 'D101', ['GOVERNMENT_PROCUREMENT']), inDraft(P1), approvedIn(P1)]);
const p2 = () => projectState([declaration(P2, 'D102', ['PURCHASED_SERVICES'], ['D102-01', '乳山市疾病预防控制中心']), inDraft(P2), approvedIn(P2)]);
const p3Drafted = () => projectState([declaration(P3, 'D103', []), inDraft(P3)]);
const p5Declared = () => projectState([declaration(P5, 'D105', ['PURCHASED_SERVICES'])]);

// The events results rest on, as the store would hand them to withFacts.
const SNAPSHOT = { stream: `monitoring-${P4}-2024`, eventId: '1f3e0a52-6c1d-5b7e-9a2f-0d4c8e6b1a01' };
const PROPOSAL = { stream: `funding-${P4}-2024`, eventId: '2a4f1b63-7d2e-5c8f-8b3a-1e5d9f7c2b02' };
const KEY_EVALUATION = { stream: 'evaluation-KE-2024-P4', eventId: '3b5a2c74-8e3f-5d9a-9c4b-2f6eaa8d3c03' };
const found = {
  snapshot: (): CitedEvent => ({ ...SNAPSHOT, found: true, type: 'MonitoringSnapshotRecorded', data: { proCode: P4, fiscalYear: 2024, asOfDate: '2024-07-31', taskId: 'MT-2024-07' } }),
  proposal: (): CitedEvent => ({ ...PROPOSAL, found: true, type: 'NextYearBudgetReductionProposed', data: { proCode: P4, fiscalYear: 2024, targetFiscalYear: 2025, basis: 'SLOW_SPENDING', proposedReductionFen: yuan(5_000_000) } }),
  keyEvaluation: (): CitedEvent => ({ ...KEY_EVALUATION, found: true, type: 'KeyEvaluationCompleted', data: { proCode: P4, fiscalYear: 2024, finalScore: 72, finalGrade: 'FAIR' } }),
};
const refs = (...cited: CitedEvent[]) => cited.map(({ stream, eventId }) => ({ stream, eventId }));

// ---------------------------------------------------------------------------------------------------------
describe('AdjustNextYearBudget — a finance decision citing its basis (三(五), invariant 11)', () => {
  const slowSpending = (change: Partial<AdjustNextYearBudget> = {}): AdjustNextYearBudget => ({
    proCode: P4,
    fiscalYear: FY,
    targetFiscalYear: 2025,
    baseFen: yuan(25_000_000),
    adjustmentFen: -yuan(5_000_000),
    direction: 'DECREASE',
    basis: 'SLOW_SPENDING',
    reason: '7月末预算执行率15%，存量资金2125万元，调减2025年预算',
    basisEvents: refs(found.snapshot(), found.proposal()),
    project: p4(),
    cited: [found.snapshot(), found.proposal()],
    ...change,
  });
  const onGrade = (change: Partial<AdjustNextYearBudget> = {}): AdjustNextYearBudget =>
    slowSpending({
      targetFiscalYear: 2026,
      adjustmentFen: -yuan(2_500_000),
      basis: 'EVALUATION_GRADE',
      grade: 'FAIR',
      reason: '重点评价72分（中），按挂钩规则调减10%',
      basisEvents: refs(found.keyEvaluation()),
      cited: [found.keyEvaluation()],
      ...change,
    });
  const adjusted = (adjustmentId: string, targetFiscalYear: number, basis: BudgetAdjustedForNextYear['data']['basis']): BudgetAdjustedForNextYear => ({
    type: 'BudgetAdjustedForNextYear',
    data: { proCode: P4, fiscalYear: FY, adjustmentId, targetFiscalYear, baseFen: yuan(25_000_000), adjustmentFen: -yuan(5_000_000), adjustedFen: yuan(20_000_000), direction: 'DECREASE', basis, reason: '调减', basisEvents: [SNAPSHOT] },
  });

  it('P4: FY2025 −5,000,000 yuan for slow spending, citing the July snapshot and the reduction proposal', () => {
    results([])
      .when(decideAdjustNextYearBudget, slowSpending(), { actor: finance })
      .then([
        {
          type: 'BudgetAdjustedForNextYear',
          data: {
            proCode: P4,
            fiscalYear: FY,
            adjustmentId: 'ADJ-1',
            targetFiscalYear: 2025,
            baseFen: 2_500_000_000,
            adjustmentFen: -500_000_000,
            adjustedFen: 2_000_000_000,
            direction: 'DECREASE',
            basis: 'SLOW_SPENDING',
            reason: '7月末预算执行率15%，存量资金2125万元，调减2025年预算',
            basisEvents: [SNAPSHOT, PROPOSAL],
          },
        },
      ]);
  });

  it('P4: FY2026 −10 % for the 中 key evaluation, recording the grade, the linkage and the rule-set version', () => {
    const spec = results([adjusted('ADJ-1', 2025, 'SLOW_SPENDING')]).when(decideAdjustNextYearBudget, onGrade(), { actor: finance });
    const [event] = spec.events();
    expect(event).toMatchObject({
      data: { adjustmentId: 'ADJ-2', targetFiscalYear: 2026, adjustmentFen: -250_000_000, adjustedFen: 2_250_000_000, basis: 'EVALUATION_GRADE', grade: 'FAIR', linkagePercent: -10, basisEvents: [KEY_EVALUATION] },
      ruleSetVersion: 'v1',
      legalBasis: [{ docNo: '乳发〔2020〕3号', clause: '三(五)' }],
    });
    expect(event.data).not.toHaveProperty('deviationReason');
  });

  it('follows the linkage of the rule set in force: −20 % for 中 under a stricter one', () => {
    const strict: RuleSet = { ...DEFAULT_RULE_SET, version: 'v3', budgetLinkage: { ...DEFAULT_RULE_SET.budgetLinkage, FAIR: { adjustmentPercent: -20, note: 'reduce by 20%' } } };
    results([]).when(decideAdjustNextYearBudget, onGrade(), { actor: finance, ruleSet: strict }).thenRejects('LINKAGE_MISMATCH', 422);
    const [event] = results([]).when(decideAdjustNextYearBudget, onGrade({ adjustmentFen: -yuan(5_000_000) }), { actor: finance, ruleSet: strict }).events();
    expect(event).toMatchObject({ data: { linkagePercent: -20 }, ruleSetVersion: 'v3' });
  });

  it('refuses a grade-based cut other than the linkage without a reason: LINKAGE_MISMATCH (422) with the expected amount', () => {
    const error = refusal(() => results([]).when(decideAdjustNextYearBudget, onGrade({ adjustmentFen: -yuan(3_750_000) }), { actor: finance }).events());
    expect(error).toMatchObject({ code: 'LINKAGE_MISMATCH', status: 422, details: { grade: 'FAIR', linkagePercent: -10, expectedFen: -250_000_000, ruleSetVersion: 'v1' } });
  });

  it('records a deviation from the linkage when finance states why', () => {
    const [event] = results([]).when(decideAdjustNextYearBudget, onGrade({ adjustmentFen: -yuan(3_750_000), deviationReason: '整改不到位，加大调减力度至15%' }), { actor: finance }).events();
    expect(event.data).toMatchObject({ adjustmentFen: -375_000_000, linkagePercent: -10, deviationReason: '整改不到位，加大调减力度至15%' });
  });

  it('cancels on a 差 grade only as a stated deviation from −30 %: CANCEL with the whole base', () => {
    const poor = { ...found.keyEvaluation(), data: { proCode: P4, finalScore: 55, finalGrade: 'POOR' } } as CitedEvent;
    const cancel = onGrade({ grade: 'POOR', adjustmentFen: -yuan(25_000_000), direction: 'CANCEL', cited: [poor] });
    results([]).when(decideAdjustNextYearBudget, cancel, { actor: finance }).thenRejects('LINKAGE_MISMATCH', 422);
    const [event] = results([]).when(decideAdjustNextYearBudget, { ...cancel, deviationReason: '评价结果为差，取消下年度预算' }, { actor: finance }).events();
    expect(event.data).toMatchObject({ direction: 'CANCEL', adjustedFen: 0, linkagePercent: -30 });
  });

  it('needs the grade named: GRADE_REQUIRED (422)', () => {
    results([]).when(decideAdjustNextYearBudget, onGrade({ grade: undefined }), { actor: finance }).thenRejects('GRADE_REQUIRED', 422);
  });

  it('needs a cited event that states the grade: GRADE_NOT_IN_BASIS (422) for 良 against a 中 evaluation', () => {
    const error = refusal(() => results([]).when(decideAdjustNextYearBudget, onGrade({ grade: 'GOOD', adjustmentFen: yuan(1_000_000), direction: 'INCREASE', deviationReason: '优先保障' }), { actor: finance }).events());
    expect(error).toMatchObject({ code: 'GRADE_NOT_IN_BASIS', details: { stated: ['FAIR'] } });
  });

  it('reads the grade that counts: a key evaluation’s final grade, not the report’s; a spot-check’s, not the claimed one', () => {
    const adjusted = { ...found.keyEvaluation(), data: { proCode: P4, reportGrade: 'GOOD', finalScore: 72, finalGrade: 'FAIR' } } as CitedEvent;
    results([]).when(decideAdjustNextYearBudget, onGrade({ grade: 'GOOD', adjustmentFen: yuan(1), direction: 'INCREASE', deviationReason: '支持', cited: [adjusted] }), { actor: finance }).thenRejects('GRADE_NOT_IN_BASIS', 422);
    const flag: CitedEvent = { stream: `evaluation-${P4}-2024`, eventId: '6e8d5fa7-1b6c-5acd-8f7e-5c91dd1a6f06', found: true, type: 'SelfEvaluationDiscrepancyFlagged', data: { proCode: P4, selfGrade: 'EXCELLENT', reviewGrade: 'FAIR' } };
    results([]).when(decideAdjustNextYearBudget, onGrade({ grade: 'EXCELLENT', adjustmentFen: yuan(1), direction: 'INCREASE', deviationReason: '支持', cited: [flag] }), { actor: finance }).thenRejects('GRADE_NOT_IN_BASIS', 422);
    const [event] = results([]).when(decideAdjustNextYearBudget, onGrade({ cited: [flag] }), { actor: finance }).events();
    expect(event.data).toMatchObject({ grade: 'FAIR', linkagePercent: -10 });
  });

  it('refuses a grade-based cut that cites only the monitoring: GRADE_NOT_IN_BASIS (422)', () => {
    results([]).when(decideAdjustNextYearBudget, onGrade({ cited: [found.snapshot()] }), { actor: finance }).thenRejects('GRADE_NOT_IN_BASIS', 422);
  });

  it('refuses a grade on another basis: GRADE_WITHOUT_EVALUATION_BASIS (422)', () => {
    results([]).when(decideAdjustNextYearBudget, slowSpending({ grade: 'FAIR' }), { actor: finance }).thenRejects('GRADE_WITHOUT_EVALUATION_BASIS', 422);
  });

  it('refuses slow spending that cites no spending fact: BASIS_DOES_NOT_SHOW_SPENDING (422)', () => {
    results([]).when(decideAdjustNextYearBudget, slowSpending({ cited: [found.keyEvaluation()] }), { actor: finance }).thenRejects('BASIS_DOES_NOT_SHOW_SPENDING', 422);
  });

  it('accepts an idle balance shown by the reduction proposal alone', () => {
    const [event] = results([]).when(decideAdjustNextYearBudget, slowSpending({ basis: 'IDLE_BALANCE', cited: [found.proposal()] }), { actor: finance }).events();
    expect(event.data).toMatchObject({ basis: 'IDLE_BALANCE', basisEvents: [PROPOSAL] });
  });

  it('accepts a competitive-allocation increase on any cited basis', () => {
    const [event] = results([]).when(decideAdjustNextYearBudget, slowSpending({ basis: 'COMPETITIVE_ALLOCATION', adjustmentFen: yuan(2_000_000), direction: 'INCREASE', cited: [found.keyEvaluation()] }), { actor: finance }).events();
    expect(event.data).toMatchObject({ direction: 'INCREASE', adjustedFen: yuan(27_000_000) });
  });

  it('cites at least one basis event: BASIS_REQUIRED (422)', () => {
    results([]).when(decideAdjustNextYearBudget, slowSpending({ basisEvents: [], cited: [] }), { actor: finance }).thenRejects('BASIS_REQUIRED', 422);
  });

  it('refuses a basis event that is not stored: BASIS_EVENT_NOT_FOUND (422), naming stream and id', () => {
    const error = refusal(() => results([]).when(decideAdjustNextYearBudget, slowSpending({ cited: [found.snapshot(), { ...PROPOSAL, found: false }] }), { actor: finance }).events());
    expect(error).toMatchObject({ code: 'BASIS_EVENT_NOT_FOUND', details: { missing: [PROPOSAL] } });
  });

  it('refuses a basis event of another project: BASIS_OF_ANOTHER_PROJECT (422)', () => {
    const p1Snapshot = { ...found.snapshot(), data: { proCode: P1, asOfDate: '2024-07-31' } } as CitedEvent;
    results([]).when(decideAdjustNextYearBudget, slowSpending({ cited: [p1Snapshot] }), { actor: finance }).thenRejects('BASIS_OF_ANOTHER_PROJECT', 422);
  });

  it('refuses a direction that contradicts the sign: DIRECTION_MISMATCH (422)', () => {
    const error = refusal(() => results([]).when(decideAdjustNextYearBudget, slowSpending({ direction: 'INCREASE' }), { actor: finance }).events());
    expect(error).toMatchObject({ code: 'DIRECTION_MISMATCH', details: { expected: 'DECREASE' } });
  });

  it('calls cutting the whole base CANCEL, not DECREASE: DIRECTION_MISMATCH (422)', () => {
    results([]).when(decideAdjustNextYearBudget, slowSpending({ adjustmentFen: -yuan(25_000_000) }), { actor: finance }).thenRejects('DIRECTION_MISMATCH', 422);
  });

  it('refuses a cut beyond the base: ADJUSTMENT_EXCEEDS_BASE (422)', () => {
    results([]).when(decideAdjustNextYearBudget, slowSpending({ adjustmentFen: -yuan(26_000_000), direction: 'CANCEL' }), { actor: finance }).thenRejects('ADJUSTMENT_EXCEEDS_BASE', 422);
  });

  it('refuses a zero adjustment: ADJUSTMENT_ZERO (422)', () => {
    results([]).when(decideAdjustNextYearBudget, slowSpending({ adjustmentFen: 0 }), { actor: finance }).thenRejects('ADJUSTMENT_ZERO', 422);
  });

  it('adjusts a later year only: TARGET_YEAR_NOT_LATER (422)', () => {
    results([]).when(decideAdjustNextYearBudget, slowSpending({ targetFiscalYear: 2024 }), { actor: finance }).thenRejects('TARGET_YEAR_NOT_LATER', 422);
  });

  it('needs a reason: REASON_REQUIRED (422)', () => {
    results([]).when(decideAdjustNextYearBudget, slowSpending({ reason: ' ' }), { actor: finance }).thenRejects('REASON_REQUIRED', 422);
  });

  it('needs a year the project was approved in: NOT_APPROVED_FOR_YEAR (422)', () => {
    results([]).when(decideAdjustNextYearBudget, slowSpending({ project: p3Drafted(), proCode: P3, cited: [] }), { actor: finance }).thenRejects('NOT_APPROVED_FOR_YEAR', 422);
  });

  it('needs a declared project: PROJECT_NOT_FOUND (404)', () => {
    results([]).when(decideAdjustNextYearBudget, slowSpending({ project: projectModel.initialState() }), { actor: finance }).thenRejects('PROJECT_NOT_FOUND', 404);
  });

  it('decides a year on one basis once: ALREADY_ADJUSTED (422), unless the command corrects the earlier decision', () => {
    const history = [adjusted('ADJ-1', 2025, 'SLOW_SPENDING')];
    const error = refusal(() => results(history).when(decideAdjustNextYearBudget, slowSpending(), { actor: finance }).events());
    expect(error).toMatchObject({ code: 'ALREADY_ADJUSTED', details: { adjustmentId: 'ADJ-1', eventId: 'given-0' } });
    const supersedes = { eventId: 'given-0', type: 'BudgetAdjustedForNextYear', data: history[0].data };
    const [event] = results(history).when(decideAdjustNextYearBudget, slowSpending({ adjustmentFen: -yuan(4_000_000) }), { actor: finance, supersedes }).events();
    expect(event.data).toMatchObject({ adjustmentId: 'ADJ-2', adjustmentFen: -400_000_000 });
  });

  it('a corrected adjustment no longer counts, yet keeps its place in the numbering', () => {
    const state = fold(resultsModel, [
      { event: adjusted('ADJ-1', 2025, 'SLOW_SPENDING') as ResultsEvent, context: { eventId: 'e-1', revision: 0, occurredAt: '2024-09-20', actor: finance } },
      { event: adjusted('ADJ-2', 2025, 'SLOW_SPENDING') as ResultsEvent, context: { eventId: 'e-2', revision: 1, occurredAt: '2024-09-25', actor: finance, supersedes: 'e-1' } },
    ]);
    expect(state.adjustments.map((a) => [a.adjustmentId, a.superseded])).toEqual([
      ['ADJ-1', true],
      ['ADJ-2', false],
    ]);
  });
});

describe('AdjustPerformancePayment — 按效付费 for PPP and investment-fund contracts', () => {
  const payment = (change: Partial<AdjustPerformancePayment> = {}): AdjustPerformancePayment => ({
    proCode: P4,
    fiscalYear: FY,
    contractRef: '乳山市老旧小区改造PPP项目合同（乳住建〔2023〕PPP-01）',
    periodScore: 72,
    paymentFactor: 0.9,
    scheduledFen: yuan(8_000_000),
    payableFen: yuan(7_200_000),
    basisEvents: refs(found.keyEvaluation()),
    project: p4(),
    cited: [found.keyEvaluation()],
    ...change,
  });

  it('P4: factor 0.9 on the 8,000,000 yuan availability payment makes 7,200,000 yuan payable', () => {
    results([])
      .when(decideAdjustPerformancePayment, payment(), { actor: finance })
      .then([
        {
          type: 'PerformancePaymentAdjusted',
          data: { proCode: P4, fiscalYear: FY, paymentId: 'PAY-1', contractRef: payment().contractRef, periodScore: 72, paymentFactor: 0.9, scheduledFen: 800_000_000, payableFen: 720_000_000, basisEvents: [KEY_EVALUATION] },
        },
      ]);
  });

  it('rounds the payable amount to the fen: 333 fen × 0.9 = 300 fen', () => {
    const [event] = results([]).when(decideAdjustPerformancePayment, payment({ scheduledFen: 333, payableFen: 300 }), { actor: finance }).events();
    expect(event.data).toMatchObject({ payableFen: 300 });
  });

  it('accepts a government investment fund project and no basis events', () => {
    const fund = projectState([declaration(P3, 'D103', ['GOVERNMENT_INVESTMENT_FUND']), approvedIn(P3)]);
    const [event] = results([]).when(decideAdjustPerformancePayment, payment({ proCode: P3, project: fund, basisEvents: undefined, cited: [], paymentFactor: 1.2, payableFen: yuan(9_600_000) }), { actor: finance }).events();
    expect(event.data).toMatchObject({ paymentFactor: 1.2, basisEvents: [] });
  });

  it('refuses a project that is neither PPP nor investment fund: NOT_PAY_FOR_PERFORMANCE (422)', () => {
    const error = refusal(() => results([]).when(decideAdjustPerformancePayment, payment({ proCode: P1, project: p1(), cited: [] }), { actor: finance }).events());
    expect(error).toMatchObject({ code: 'NOT_PAY_FOR_PERFORMANCE', details: { fundingArrangements: ['GOVERNMENT_PROCUREMENT'] } });
  });

  it('refuses a payable amount that is not scheduled × factor: PAYABLE_MISMATCH (422)', () => {
    const error = refusal(() => results([]).when(decideAdjustPerformancePayment, payment({ payableFen: yuan(8_000_000) }), { actor: finance }).events());
    expect(error).toMatchObject({ code: 'PAYABLE_MISMATCH', details: { expectedFen: 720_000_000 } });
  });

  it('refuses a factor above 1.2 or finer than 0.01: FACTOR_OUT_OF_RANGE (422)', () => {
    results([]).when(decideAdjustPerformancePayment, payment({ paymentFactor: 1.25, payableFen: yuan(10_000_000) }), { actor: finance }).thenRejects('FACTOR_OUT_OF_RANGE', 422);
    results([]).when(decideAdjustPerformancePayment, payment({ paymentFactor: 0.905 }), { actor: finance }).thenRejects('FACTOR_OUT_OF_RANGE', 422);
  });

  it('sets a contract’s payment of the year once: PAYMENT_ALREADY_ADJUSTED (422); another contract may follow', () => {
    const [first] = results([]).when(decideAdjustPerformancePayment, payment(), { actor: finance }).events();
    const history = [first as ResultsEvent];
    results(history).when(decideAdjustPerformancePayment, payment(), { actor: finance }).thenRejects('PAYMENT_ALREADY_ADJUSTED', 422);
    const [second] = results(history).when(decideAdjustPerformancePayment, payment({ contractRef: '乳住建〔2023〕PPP-02' }), { actor: finance }).events();
    expect(second.data).toMatchObject({ paymentId: 'PAY-2' });
  });

  it('refuses a cited event that is not stored: BASIS_EVENT_NOT_FOUND (422)', () => {
    results([]).when(decideAdjustPerformancePayment, payment({ cited: [{ ...KEY_EVALUATION, found: false }] }), { actor: finance }).thenRejects('BASIS_EVENT_NOT_FOUND', 422);
  });
});

describe('FeedBackEvaluationResult — the result goes back to the department with required actions', () => {
  const feedback = (change: Partial<FeedBackEvaluationResult> = {}): FeedBackEvaluationResult => ({
    proCode: P4,
    fiscalYear: FY,
    requiredActions: [' 完善PPP项目绩效考核办法 ', '2025年3月底前完成剩余4个小区改造'],
    dueDate: '2025-03-31',
    basisEvents: refs(found.keyEvaluation()),
    project: p4(),
    cited: [found.keyEvaluation()],
    ...change,
  });

  it('feeds the P4 key evaluation back to D104', () => {
    results([])
      .when(decideFeedBackEvaluationResult, feedback(), { actor: finance })
      .then([
        {
          type: 'EvaluationResultFedBack',
          data: { proCode: P4, fiscalYear: FY, feedbackId: 'FB-1', deptCode: 'D104', requiredActions: ['完善PPP项目绩效考核办法', '2025年3月底前完成剩余4个小区改造'], dueDate: '2025-03-31', basisEvents: [KEY_EVALUATION] },
        },
      ]);
  });

  it('addresses the executing unit of P2 too', () => {
    const spotCheck: CitedEvent = { stream: 'evaluation-SC-2024-P2', eventId: '4c6b3d85-9f4a-5eab-8d5c-3a7fbb9e4d04', found: true, type: 'SpotCheckReviewed', data: { proCode: P2, reviewScore: 78, reviewGrade: 'FAIR' } };
    const [event] = results([]).when(decideFeedBackEvaluationResult, feedback({ proCode: P2, project: p2(), cited: [spotCheck] }), { actor: finance }).events();
    expect(event.data).toMatchObject({ deptCode: 'D102', unitCode: 'D102-01' });
  });

  it('cites the result it feeds back: BASIS_REQUIRED (422)', () => {
    results([]).when(decideFeedBackEvaluationResult, feedback({ basisEvents: [], cited: [] }), { actor: finance }).thenRejects('BASIS_REQUIRED', 422);
  });

  it('names an action: ACTIONS_REQUIRED (422)', () => {
    results([]).when(decideFeedBackEvaluationResult, feedback({ requiredActions: ['  '] }), { actor: finance }).thenRejects('ACTIONS_REQUIRED', 422);
  });

  it('needs an executed year: NOT_APPROVED_FOR_YEAR (422)', () => {
    results([]).when(decideFeedBackEvaluationResult, feedback({ fiscalYear: 2023 }), { actor: finance }).thenRejects('NOT_APPROVED_FOR_YEAR', 422);
  });
});

// ---------------------------------------------------------------------------------------------------------
const d103Department = (selfEvaluated: boolean): DepartmentState =>
  fold(
    departmentModel,
    ([
      { type: 'DepartmentOverallTargetSet', data: { deptCode: 'D103', fiscalYear: FY, version: 1, objective: '保障粮食安全', indicators: [] } },
      ...(selfEvaluated ? [{ type: 'DepartmentOverallSelfEvaluationSubmitted', data: { deptCode: 'D103', fiscalYear: FY, targetVersion: 1, dimensions: [], totalScore: 86, grade: 'GOOD' } }] : []),
    ] as DepartmentEvent[]).map((event) => ({ event })),
  );

describe('DiscloseResults — the disclosure register of the year (五(四))', () => {
  const disclose = (change: Partial<DiscloseResults> = {}): DiscloseResults => ({
    fiscalYear: FY,
    kind: 'EVALUATION_RESULTS',
    items: [P1, P4],
    channel: '乳山市人民政府门户网站',
    url: 'http://www.rushan.gov.cn/col/col_czyjs/2025/jxpj.html',
    publishedOn: '2025-06-30',
    projects: { [P1]: p1(), [P4]: p4() },
    departments: {},
    ...change,
  });
  const disclosed: ResultsDisclosed = {
    type: 'ResultsDisclosed',
    data: { fiscalYear: FY, disclosureId: 'DSC-2024-1', kind: 'EVALUATION_RESULTS', items: [P1, P4], channel: '乳山市人民政府门户网站', url: 'http://www.rushan.gov.cn/col/col_czyjs/2025/jxpj.html', publishedOn: '2025-06-30' },
  };

  it('finance discloses the 2024 evaluation results of P1 and P4', () => {
    disclosures([]).when(decideDiscloseResults, disclose(), { actor: finance }).then([disclosed]);
  });

  it('numbers the next disclosure of the year DSC-2024-2 and cites 五(四)', () => {
    const [event] = disclosures([disclosed]).when(decideDiscloseResults, disclose({ items: [P1], projects: { [P1]: p1() } }), { actor: finance }).events();
    expect(event).toMatchObject({ data: { disclosureId: 'DSC-2024-2' }, legalBasis: [{ docNo: '乳发〔2020〕3号', clause: '五(四)' }] });
  });

  it('D101 discloses the targets of its own P1', () => {
    const [event] = disclosures([]).when(decideDiscloseResults, disclose({ kind: 'TARGETS', items: [P1], projects: { [P1]: p1() } }), { actor: d101 }).events();
    expect(event.data).toMatchObject({ kind: 'TARGETS', items: [P1] });
  });

  it('refuses D101 disclosing P4 of D104: NOT_YOUR_PROJECT (403)', () => {
    disclosures([]).when(decideDiscloseResults, disclose(), { actor: d101 }).thenRejects('NOT_YOUR_PROJECT', 403);
  });

  it('D103 discloses its own overall performance; not another department’s: NOT_YOUR_DEPARTMENT (403)', () => {
    const own = disclose({ kind: 'DEPT_OVERALL', items: ['D103'], projects: {}, departments: { D103: d103Department(false) } });
    const [event] = disclosures([]).when(decideDiscloseResults, own, { actor: d103 }).events();
    expect(event.data).toMatchObject({ kind: 'DEPT_OVERALL', items: ['D103'] });
    disclosures([]).when(decideDiscloseResults, { ...own, items: ['D104'], departments: { D104: d103Department(false) } }, { actor: d103 }).thenRejects('NOT_YOUR_DEPARTMENT', 403);
  });

  it('refuses a department without overall targets: DEPT_TARGETS_NOT_SET (422)', () => {
    disclosures([]).when(decideDiscloseResults, disclose({ kind: 'DEPT_OVERALL', items: ['D105'], departments: { D105: departmentModel.initialState() } }), { actor: finance }).thenRejects('DEPT_TARGETS_NOT_SET', 422);
  });

  it('refuses items of the wrong kind: ITEM_KIND_MISMATCH (422)', () => {
    disclosures([]).when(decideDiscloseResults, disclose({ items: ['D104'] }), { actor: finance }).thenRejects('ITEM_KIND_MISMATCH', 422);
    disclosures([]).when(decideDiscloseResults, disclose({ kind: 'DEPT_OVERALL', items: [P4] }), { actor: finance }).thenRejects('ITEM_KIND_MISMATCH', 422);
  });

  it('refuses an item listed twice: ITEM_REPEATED (422)', () => {
    disclosures([]).when(decideDiscloseResults, disclose({ items: [P1, P1] }), { actor: finance }).thenRejects('ITEM_REPEATED', 422);
  });

  it('refuses an undeclared project: PROJECT_NOT_FOUND (404)', () => {
    disclosures([]).when(decideDiscloseResults, disclose({ items: [P3], projects: { [P3]: projectModel.initialState() } }), { actor: finance }).thenRejects('PROJECT_NOT_FOUND', 404);
  });

  it('refuses P5, never approved: NOT_APPROVED_FOR_YEAR (422)', () => {
    disclosures([]).when(decideDiscloseResults, disclose({ items: [P5], projects: { [P5]: p5Declared() } }), { actor: finance }).thenRejects('NOT_APPROVED_FOR_YEAR', 422);
  });
});

describe('ReportToPeoplesCongress — the 人大 package of the year (五(四))', () => {
  const report = (change: Partial<ReportToPeoplesCongress> = {}): ReportToPeoplesCongress => ({
    fiscalYear: FY,
    kind: 'EVALUATION_RESULTS',
    items: [P4],
    accompanies: 'DRAFT_FINAL_ACCOUNTS',
    submittedOn: '2025-06-20',
    sessionRef: '乳山市第十九届人大常委会第二十次会议',
    projects: { [P4]: p4() },
    departments: {},
    ...change,
  });
  const reported: ResultsReportedToPeoplesCongress = {
    type: 'ResultsReportedToPeoplesCongress',
    data: { fiscalYear: FY, reportId: 'NPC-2024-1', kind: 'EVALUATION_RESULTS', items: [P4], accompanies: 'DRAFT_FINAL_ACCOUNTS', submittedOn: '2025-06-20', sessionRef: '乳山市第十九届人大常委会第二十次会议' },
  };

  it('reports the P4 key evaluation with the 2024 draft final accounts', () => {
    congress([]).when(decideReportToPeoplesCongress, report(), { actor: finance }).then([reported]);
  });

  it('reports targets with the draft budget, once the project is in the draft', () => {
    const [event] = congress([]).when(decideReportToPeoplesCongress, report({ kind: 'TARGETS', items: [P3], accompanies: 'DRAFT_BUDGET', projects: { [P3]: p3Drafted() } }), { actor: finance }).events();
    expect(event.data).toMatchObject({ kind: 'TARGETS', accompanies: 'DRAFT_BUDGET' });
  });

  it('refuses targets of a project outside the draft budget: NOT_IN_BUDGET_DRAFT (422)', () => {
    congress([]).when(decideReportToPeoplesCongress, report({ kind: 'TARGETS', items: [P5], accompanies: 'DRAFT_BUDGET', projects: { [P5]: p5Declared() } }), { actor: finance }).thenRejects('NOT_IN_BUDGET_DRAFT', 422);
  });

  it('refuses results of a year the project was not approved in: NOT_APPROVED_FOR_YEAR (422)', () => {
    congress([]).when(decideReportToPeoplesCongress, report({ items: [P3], projects: { [P3]: p3Drafted() } }), { actor: finance }).thenRejects('NOT_APPROVED_FOR_YEAR', 422);
  });

  it('sends targets with the budget and results with the final accounts: ACCOMPANIMENT_MISMATCH (422)', () => {
    const error = refusal(() => congress([]).when(decideReportToPeoplesCongress, report({ accompanies: 'DRAFT_BUDGET' }), { actor: finance }).events());
    expect(error).toMatchObject({ code: 'ACCOMPANIMENT_MISMATCH', details: { expected: ['DRAFT_FINAL_ACCOUNTS'] } });
  });

  it('reports D103’s overall self-evaluation with the final accounts, under 二.3', () => {
    const [event] = congress([])
      .when(decideReportToPeoplesCongress, report({ kind: 'DEPT_OVERALL', items: ['D103'], projects: {}, departments: { D103: d103Department(true) } }), { actor: finance })
      .events();
    expect(event).toMatchObject({ data: { kind: 'DEPT_OVERALL', items: ['D103'] }, legalBasis: [{ docNo: '乳发〔2020〕3号', clause: '二.3' }] });
  });

  it('refuses a department overall report before its self-evaluation: DEPT_SELF_EVALUATION_MISSING (422)', () => {
    congress([]).when(decideReportToPeoplesCongress, report({ kind: 'DEPT_OVERALL', items: ['D103'], departments: { D103: d103Department(false) } }), { actor: finance }).thenRejects('DEPT_SELF_EVALUATION_MISSING', 422);
  });

  it('refuses department targets that were never set: DEPT_TARGETS_NOT_SET (422)', () => {
    congress([]).when(decideReportToPeoplesCongress, report({ kind: 'DEPT_OVERALL', items: ['D105'], accompanies: 'DRAFT_BUDGET', departments: { D105: departmentModel.initialState() } }), { actor: finance }).thenRejects('DEPT_TARGETS_NOT_SET', 422);
  });

  it('sends an item once per package: ALREADY_REPORTED (422)', () => {
    const error = refusal(() => congress([reported]).when(decideReportToPeoplesCongress, report({ items: [P1, P4], projects: { [P1]: p1(), [P4]: p4() } }), { actor: finance }).events());
    expect(error).toMatchObject({ code: 'ALREADY_REPORTED', details: { items: [P4] } });
  });
});

// ---------------------------------------------------------------------------------------------------------
describe('basis events — looking up what a decision cites', () => {
  const stored: Record<string, DomainEvent[]> = {
    [SNAPSHOT.stream]: [
      { type: 'MonitoringSnapshotRecorded', data: { proCode: P4, asOfDate: '2024-07-31' } },
      { type: 'DeviationFlagged', data: { proCode: P4, light: 'RED' } },
    ],
  };
  const ids: Record<string, string[]> = { [SNAPSHOT.stream]: [SNAPSHOT.eventId, '5d7c4e96-0a5b-5fbc-9e6d-4b80cc0f5e05'] };
  const reads: string[] = [];
  const read = (async <S, E extends DomainEvent>(stream: string, model: StateModel<S, E>) => {
    reads.push(stream);
    return fold(model, (stored[stream] ?? []).map((event, revision) => ({ event: event as E, context: { eventId: ids[stream][revision], revision, occurredAt: '2024-08-05T00:00:00+08:00', actor: finance } })));
  }) as ReadStream;

  it('finds a stored event with its type and data, and reports the others as not found, reading each stream once', async () => {
    reads.length = 0;
    const cited = await resolveBasisEvents([SNAPSHOT, { stream: SNAPSHOT.stream, eventId: '5d7c4e96-0a5b-5fbc-9e6d-4b80cc0f5e05' }, { stream: SNAPSHOT.stream, eventId: PROPOSAL.eventId }, PROPOSAL], read);
    expect(cited).toEqual([
      { ...SNAPSHOT, found: true, type: 'MonitoringSnapshotRecorded', data: { proCode: P4, asOfDate: '2024-07-31' } },
      { stream: SNAPSHOT.stream, eventId: '5d7c4e96-0a5b-5fbc-9e6d-4b80cc0f5e05', found: true, type: 'DeviationFlagged', data: { proCode: P4, light: 'RED' } },
      { stream: SNAPSHOT.stream, eventId: PROPOSAL.eventId, found: false },
      { ...PROPOSAL, found: false },
    ]);
    expect(reads).toEqual([SNAPSHOT.stream, PROPOSAL.stream]);
  });

  it('cites nothing when nothing is given', async () => {
    expect(await resolveBasisEvents(undefined, read)).toEqual([]);
  });
});
