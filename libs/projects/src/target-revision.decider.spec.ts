// The use-case modules carry class-validator decorators, which need the Reflect metadata API.
import 'reflect-metadata';
import { type DomainEvent, type StateModel, fold } from '../../event-sourcing/src/decider.js';
import { DEFAULT_RULE_SET, type RuleSet } from '../../rule-sets/src/rule-set.js';
import { deciderSpec } from '../../testing/src/decider-spec.js';
import { FY, P2, P3, P3_V2_INDICATORS, cdc, declarationOf, finance, hospital, indicator as kpi, refusal, agriculture as d103, housing as d104 } from '../../testing/src/rushan-fixtures.js';
import type { CitedEvent } from '../../event-sourcing/src/basis-events.js';
import type { ReadStream } from '../../event-sourcing/src/stream-command-handler.js';
import { type ApproveTargetRevision, decideApproveTargetRevision, revisionFacts } from './approve-target-revision.command.js';
import type {
  BudgetAndTargetsApproved,
  BudgetProjectDeclared,
  PerformanceIndicator,
  PerformanceTargetReviewed,
  PerformanceTargetRevised,
  PerformanceTargetRevisionRejected,
  PerformanceTargetRevisionRequested,
  PerformanceTargetSet,
  ProjectAdmittedToLibrary,
  ProjectEvent,
  ProjectIncludedInBudgetDraft,
  ProjectTerminated,
} from './project.events.js';
import { projectModel, targetsInForce } from './project.state.js';
import { type RejectTargetRevision, decideRejectTargetRevision } from './reject-target-revision.command.js';
import { type RequestTargetRevision, type RequestTargetRevisionDto, decideRequestTargetRevision } from './request-target-revision.command.js';
import { type RevisionRequestLedger, revisionRequestLedger } from './target-revision-requests.js';
import { type TerminateProject, decideTerminateProject } from './terminate-project.command.js';

// ---------------------------------------------------------------------------------------------------------
// Fixtures: P3 高标准农田建设市级配套 (371083-2024-D103-002) and P2 of 乳山市, domain.md §9.
// ---------------------------------------------------------------------------------------------------------

const given = deciderSpec(projectModel);

/** P3 as the demo declares it; P2 below borrows its amounts. */
const declaration = (proCode = P3, owner: Partial<BudgetProjectDeclared['data']> = {}): BudgetProjectDeclared => ({
  type: 'BudgetProjectDeclared',
  data: declarationOf(P3, { proCode, ...owner }),
});


const COMPLETION_V2 = '2024年11月30日前完成建设任务';
const COMPLETION_V3 = '2024年12月20日前完成建设任务';

/** v2 as passed and approved: OUTPUT 50, BENEFIT 30 (with the ecological indicator v1 lacked), SATISFACTION 10. */
const p3V2 = (completion = COMPLETION_V2): PerformanceIndicator[] => P3_V2_INDICATORS.map((i) => ({ ...i, ...(i.kpiId === 'P3-OUT-03' ? { targetValue: completion } : {}) }));
/** v1, returned for want of an ecological indicator: its P3-BEN-04 was dropped in v2. */
const p3V1 = (): PerformanceIndicator[] => [
  ...p3V2().filter((i) => i.tier1 !== 'BENEFIT'),
  kpi('P3-BEN-01', 'BENEFIT', 'ECONOMIC', '新增粮食产能', 'GTE', '800', '吨', 15),
  kpi('P3-BEN-04', 'BENEFIT', 'SOCIAL', '带动农民增收', 'GTE', '200', '万元', 15),
];
/** What a department sends: no direction, which the decider derives from the comparator. */
const asDtos = (indicators: PerformanceIndicator[]) => indicators.map(({ direction: _d, ...dto }) => ({ ...dto }));

const OVERALL = '建成旱涝保收、高产稳产的高标准农田';
const ANNUAL = '2024年新建高标准农田8000亩';
const FLOOD = '2024年9月上旬特大暴雨致项目区农田过水、施工便道冲毁，停工18天，完工时间顺延至12月20日';

// Given events -------------------------------------------------------------------------------------------
const targetsSet = (version: number, indicators: PerformanceIndicator[], proCode = P3): PerformanceTargetSet => ({
  type: 'PerformanceTargetSet',
  data: { proCode, fiscalYear: FY, version, overallObjective: OVERALL, annualObjective: ANNUAL, indicators },
});
const targetsReviewed = (version: number, outcome: 'PASSED' | 'RETURNED', proCode = P3): PerformanceTargetReviewed => ({
  type: 'PerformanceTargetReviewed',
  data: { proCode, fiscalYear: FY, version, outcome, checks: { formatCompliant: true, complete: outcome === 'PASSED', matchesFunding: true }, opinion: outcome === 'PASSED' ? '审核通过' : '缺少生态效益指标' },
});
const admitted = (version: number, proCode = P3): ProjectAdmittedToLibrary => ({ type: 'ProjectAdmittedToLibrary', data: { proCode, fiscalYear: FY, targetVersion: version } });
const included = (version: number, proCode = P3): ProjectIncludedInBudgetDraft => ({
  type: 'ProjectIncludedInBudgetDraft',
  data: { proCode, fiscalYear: FY, budgetBook: 'GENERAL_PUBLIC', requestedFen: 1_200_000_000, proposedFen: 1_200_000_000, targetVersion: version },
});
const approved = (version: number, proCode = P3): BudgetAndTargetsApproved => ({
  type: 'BudgetAndTargetsApproved',
  data: { proCode, fiscalYear: FY, approvedFen: 1_200_000_000, targetVersion: version, approvalDocNo: '乳财预〔2024〕1号' },
});
const requested = (requestId: string, fromVersion: number, indicators = p3V2(COMPLETION_V3)): PerformanceTargetRevisionRequested => ({
  type: 'PerformanceTargetRevisionRequested',
  data: { proCode: P3, fiscalYear: FY, requestId, fromVersion, reason: 'EMERGENCY', reasonDetail: FLOOD, overallObjective: OVERALL, annualObjective: ANNUAL, indicators },
});
const revised = (requestId: string, fromVersion: number, toVersion: number): PerformanceTargetRevised => ({
  type: 'PerformanceTargetRevised',
  data: { proCode: P3, fiscalYear: FY, requestId, fromVersion, toVersion, reason: 'EMERGENCY', changedKpis: [], opinion: '同意' },
});
const revisionRejected = (requestId: string): PerformanceTargetRevisionRejected => ({
  type: 'PerformanceTargetRevisionRejected',
  data: { proCode: P3, fiscalYear: FY, requestId, opinion: '理由不充分' },
});
const terminated = (): ProjectTerminated => ({
  type: 'ProjectTerminated',
  data: { proCode: P3, reason: 'DUPLICATED', detail: '与省级高标准农田项目重复', effectiveOn: '2024-10-01', basisEvents: [] },
});

/** P3 along its ex-ante run: v1 returned, v2 passed, admitted, drafted, approved with v2 (2024-01-20). */
const p3Approved = (): ProjectEvent[] => [declaration(), targetsSet(1, p3V1()), targetsReviewed(1, 'RETURNED'), targetsSet(2, p3V2()), targetsReviewed(2, 'PASSED'), admitted(2), included(2), approved(2)];
const p3InLibrary = (): ProjectEvent[] => p3Approved().slice(0, 6);

const p2Approved = (): ProjectEvent[] => [
  declaration(P2, { proName: '基本公共卫生服务市级配套', deptCode: 'D102', deptName: '乳山市卫生健康局', unitCode: 'D102-01', unitName: '乳山市疾病预防控制中心', isNew: false, isMajor: false }),
  targetsSet(1, p3V2(), P2),
  targetsReviewed(1, 'PASSED', P2),
  admitted(1, P2),
  included(1, P2),
  approved(1, P2),
];

const ledgerOf = (events: ProjectEvent[]): RevisionRequestLedger => fold(revisionRequestLedger, events.map((event) => ({ event })));
const stateOf = (events: ProjectEvent[]) => fold(projectModel, events.map((event) => ({ event })));

// Commands --------------------------------------------------------------------------------------------------
const requestCmd = (history: ProjectEvent[], change: Partial<RequestTargetRevisionDto> = {}, facts: Partial<RequestTargetRevision> = {}, proCode = P3): RequestTargetRevision => ({
  proCode,
  fiscalYear: FY,
  reason: 'EMERGENCY',
  reasonDetail: FLOOD,
  overallObjective: OVERALL,
  annualObjective: ANNUAL,
  indicators: asDtos(p3V2(COMPLETION_V3)),
  ...change,
  revisionRequests: ledgerOf(history),
  executionClosed: false,
  ...facts,
});
const approveCmd = (history: ProjectEvent[], requestId = 'TR-2024-1', facts: Partial<ApproveTargetRevision> = {}): ApproveTargetRevision => ({
  proCode: P3,
  requestId,
  opinion: '因灾顺延完工时间，同意调整',
  revisionRequests: ledgerOf(history),
  executionClosed: false,
  ...facts,
});
const rejectCmd = (history: ProjectEvent[], opinion = '调整理由与灾情核查结果不符，不予同意', requestId = 'TR-2024-1'): RejectTargetRevision => ({
  proCode: P3,
  requestId,
  opinion,
  revisionRequests: ledgerOf(history),
  executionClosed: false,
});

// ---------------------------------------------------------------------------------------------------------
describe('RequestTargetRevision — the department asks for a new target version during execution (invariant 8)', () => {
  it('P3, September flood: asks v2 → completion 2024-12-20 for EMERGENCY, numbered TR-2024-1 from the version in force', () => {
    const history = p3Approved();
    given(history)
      .when(decideRequestTargetRevision, requestCmd(history), { actor: d103 })
      .then([
        {
          type: 'PerformanceTargetRevisionRequested',
          data: { proCode: P3, fiscalYear: FY, requestId: 'TR-2024-1', fromVersion: 2, reason: 'EMERGENCY', reasonDetail: FLOOD, overallObjective: OVERALL, annualObjective: ANNUAL, indicators: p3V2(COMPLETION_V3) },
        },
      ]);
  });

  it('cites 三(三)2 and the rule-set version the set was checked against', () => {
    const history = p3Approved();
    const [event] = given(history).when(decideRequestTargetRevision, requestCmd(history), { actor: d103 }).events();
    expect(event).toMatchObject({ ruleSetVersion: 'v1', legalBasis: [{ docNo: '乳发〔2020〕3号', clause: '三(三)2' }] });
  });

  it('numbers requests per year counting rejected ones: after TR-2024-1 was rejected the next is TR-2024-2', () => {
    const history = [...p3Approved(), requested('TR-2024-1', 2), revisionRejected('TR-2024-1')];
    const [event] = given(history).when(decideRequestTargetRevision, requestCmd(history), { actor: d103 }).events();
    expect(event.data).toMatchObject({ requestId: 'TR-2024-2', fromVersion: 2 });
  });

  it('revises from the revised version once one came in force: v3 in force → fromVersion 3', () => {
    const history = [...p3Approved(), requested('TR-2024-1', 2), revised('TR-2024-1', 2, 3)];
    const further = p3V2(COMPLETION_V3).map((i) => (i.kpiId === 'P3-OUT-01' ? { ...i, targetValue: '7600' } : i));
    const [event] = given(history).when(decideRequestTargetRevision, requestCmd(history, { reason: 'BUDGET_ADJUSTMENT', indicators: asDtos(further) }), { actor: d103 }).events();
    expect(event.data).toMatchObject({ requestId: 'TR-2024-2', fromVersion: 3, reason: 'BUDGET_ADJUSTMENT' });
  });

  it('lets unit D102-01 ask for its own project P2', () => {
    const history = p2Approved();
    const [event] = given(history).when(decideRequestTargetRevision, requestCmd(history, { reason: 'POLICY_CHANGE', reasonDetail: '国家基本公共卫生服务补助标准提高' }, {}, P2), { actor: cdc }).events();
    expect(event.data).toMatchObject({ proCode: P2, requestId: 'TR-2024-1', reason: 'POLICY_CHANGE' });
  });

  it('refuses another department: NOT_YOUR_PROJECT (403)', () => {
    const history = p3Approved();
    given(history).when(decideRequestTargetRevision, requestCmd(history), { actor: d104 }).thenRejects('NOT_YOUR_PROJECT', 403);
  });

  it('refuses another unit of the same department: NOT_YOUR_PROJECT (403)', () => {
    const history = p2Approved();
    given(history).when(decideRequestTargetRevision, requestCmd(history, {}, {}, P2), { actor: hospital }).thenRejects('NOT_YOUR_PROJECT', 403);
  });

  it('refuses an undeclared project: PROJECT_NOT_FOUND (404)', () => {
    given([]).when(decideRequestTargetRevision, requestCmd([]), { actor: d103 }).thenRejects('PROJECT_NOT_FOUND', 404);
  });

  it('refuses before the budget is approved — targets then change by a new version: NOT_EXECUTING (422)', () => {
    const history = p3InLibrary();
    given(history).when(decideRequestTargetRevision, requestCmd(history), { actor: d103 }).thenRejects('NOT_EXECUTING', 422);
  });

  it('refuses a year other than the approved one: NOT_EXECUTING (422)', () => {
    const history = p3Approved();
    given(history).when(decideRequestTargetRevision, requestCmd(history, { fiscalYear: 2025 }), { actor: d103 }).thenRejects('NOT_EXECUTING', 422);
  });

  it('refuses once execution was closed (决算): EXECUTION_CLOSED (422)', () => {
    const history = p3Approved();
    given(history).when(decideRequestTargetRevision, requestCmd(history, {}, { executionClosed: true }), { actor: d103 }).thenRejects('EXECUTION_CLOSED', 422);
  });

  it('refuses a terminated project: PROJECT_TERMINATED (422)', () => {
    const history = [...p3Approved(), terminated()];
    given(history).when(decideRequestTargetRevision, requestCmd(history), { actor: d103 }).thenRejects('PROJECT_TERMINATED', 422);
  });

  it('allows one pending request at a time: REVISION_PENDING (422) naming it', () => {
    const history = [...p3Approved(), requested('TR-2024-1', 2)];
    const error = refusal(() => given(history).when(decideRequestTargetRevision, requestCmd(history), { actor: d103 }).events());
    expect(error).toMatchObject({ code: 'REVISION_PENDING', status: 422, details: { requestId: 'TR-2024-1' } });
  });

  it('refuses a blank explanation: REASON_DETAIL_REQUIRED (422)', () => {
    const history = p3Approved();
    given(history).when(decideRequestTargetRevision, requestCmd(history, { reasonDetail: '   ' }), { actor: d103 }).thenRejects('REASON_DETAIL_REQUIRED', 422);
  });

  it('refuses to reuse a kpiId of the version in force for another indicator: KPI_IDENTITY_CHANGED (422)', () => {
    const history = p3Approved();
    const reused = p3V2().map((i) => (i.kpiId === 'P3-OUT-03' ? { ...i, tier2: 'QUANTITY' as const, name: '新建机耕路长度', comparator: 'GTE' as const, targetValue: '12', unit: '公里', direction: 'POSITIVE' as const } : i));
    const error = refusal(() => given(history).when(decideRequestTargetRevision, requestCmd(history, { indicators: asDtos(reused) }), { actor: d103 }).events());
    expect(error.code).toBe('KPI_IDENTITY_CHANGED');
    expect(error.message).toContain('P3-OUT-03');
  });

  it('keeps the identity of a kpiId of an older version too: v1’s P3-BEN-04 带动农民增收 cannot come back as another indicator', () => {
    const history = p3Approved();
    const indicators = [...p3V2().filter((i) => i.kpiId !== 'P3-BEN-02'), kpi('P3-BEN-04', 'BENEFIT', 'SOCIAL', '受益农户数', 'GTE', '3000', '户', 10)];
    given(history).when(decideRequestTargetRevision, requestCmd(history, { indicators: asDtos(indicators) }), { actor: d103 }).thenRejects('KPI_IDENTITY_CHANGED', 422);
  });

  it('lets an indicator of an older version return under its own kpiId and name', () => {
    const history = p3Approved();
    const indicators = [...p3V2().filter((i) => i.kpiId !== 'P3-BEN-02'), kpi('P3-BEN-04', 'BENEFIT', 'SOCIAL', '带动农民增收', 'GTE', '200', '万元', 10)];
    const [event] = given(history).when(decideRequestTargetRevision, requestCmd(history, { indicators: asDtos(indicators) }), { actor: d103 }).events();
    expect(event.data).toMatchObject({ requestId: 'TR-2024-1' });
  });

  it('checks the revised set like any target set: weights that no longer make 50/30/10 are TARGETS_INCOMPLETE (422)', () => {
    const history = p3Approved();
    const heavier = p3V2(COMPLETION_V3).map((i) => (i.kpiId === 'P3-OUT-01' ? { ...i, weight: 25 } : i));
    const error = refusal(() => given(history).when(decideRequestTargetRevision, requestCmd(history, { indicators: asDtos(heavier) }), { actor: d103 }).events());
    expect(error.code).toBe('TARGETS_INCOMPLETE');
    expect(error.details).toEqual({ problems: ['OUTPUT+COST weights add up to 55, the rule set asks 50'] });
  });

  it('refuses dropping the ecological benefit indicator for nothing in return: TARGETS_INCOMPLETE (422)', () => {
    const history = p3Approved();
    const withoutBenefit = p3V2().filter((i) => i.tier1 !== 'BENEFIT');
    given(history).when(decideRequestTargetRevision, requestCmd(history, { indicators: asDtos(withoutBenefit) }), { actor: d103 }).thenRejects('TARGETS_INCOMPLETE', 422);
  });

  it('refuses a request equal to the version in force: REVISION_CHANGES_NOTHING (422)', () => {
    const history = p3Approved();
    given(history).when(decideRequestTargetRevision, requestCmd(history, { indicators: asDtos(p3V2()) }), { actor: d103 }).thenRejects('REVISION_CHANGES_NOTHING', 422);
  });

  it('accepts a change of the annual objective alone', () => {
    const history = p3Approved();
    const [event] = given(history)
      .when(decideRequestTargetRevision, requestCmd(history, { indicators: asDtos(p3V2()), annualObjective: '2024年新建高标准农田8000亩，12月20日前完工' }), { actor: d103 })
      .events();
    expect(event.data).toMatchObject({ annualObjective: '2024年新建高标准农田8000亩，12月20日前完工' });
  });
});

describe('ApproveTargetRevision — finance puts a new version in force; the older versions stay', () => {
  const pending = () => [...p3Approved(), requested('TR-2024-1', 2)];

  it('P3: v2 → v3 with the completion date the only changed indicator', () => {
    const history = pending();
    given(history)
      .when(decideApproveTargetRevision, approveCmd(history), { actor: finance })
      .then([
        {
          type: 'PerformanceTargetRevised',
          data: {
            proCode: P3,
            fiscalYear: FY,
            requestId: 'TR-2024-1',
            fromVersion: 2,
            toVersion: 3,
            reason: 'EMERGENCY',
            changedKpis: [{ kpiId: 'P3-OUT-03', before: { targetValue: COMPLETION_V2, weight: 10 }, after: { targetValue: COMPLETION_V3, weight: 10 } }],
            opinion: '因灾顺延完工时间，同意调整',
          },
        },
      ]);
  });

  it('after approval v3 is in force and v1, v2 are still in the state, unchanged', () => {
    const history = pending();
    const [event] = given(history).when(decideApproveTargetRevision, approveCmd(history), { actor: finance }).events();
    const state = stateOf([...history, event as ProjectEvent]);
    expect(targetsInForce(state, FY)?.version).toBe(3);
    expect(targetsInForce(state, FY)?.indicators.find((i) => i.kpiId === 'P3-OUT-03')?.targetValue).toBe(COMPLETION_V3);
    expect(state.cycles[FY].targets.map((t) => [t.version, t.status])).toEqual([
      [1, 'RETURNED'],
      [2, 'PASSED'],
      [3, 'REVISED'],
    ]);
    expect(state.cycles[FY].targets[1].indicators).toEqual(p3V2());
  });

  it('lists added, removed and changed indicators with their value and weight before and after', () => {
    const indicators = [
      ...p3V2()
        .filter((i) => i.kpiId !== 'P3-BEN-02')
        .map((i) => (i.kpiId === 'P3-OUT-01' ? { ...i, targetValue: '7000' } : i.kpiId === 'P3-BEN-01' ? { ...i, weight: 5 } : i)),
      kpi('P3-BEN-05', 'BENEFIT', 'SOCIAL', '带动务工人数', 'GTE', '150', '人', 15),
    ];
    const history = [...p3Approved(), requested('TR-2024-1', 2, indicators)];
    const [event] = given(history).when(decideApproveTargetRevision, approveCmd(history), { actor: finance }).events();
    expect((event.data as PerformanceTargetRevised['data']).changedKpis).toEqual([
      { kpiId: 'P3-OUT-01', before: { targetValue: '8000', weight: 20 }, after: { targetValue: '7000', weight: 20 } },
      { kpiId: 'P3-BEN-01', before: { targetValue: '800', weight: 10 }, after: { targetValue: '800', weight: 5 } },
      { kpiId: 'P3-BEN-02', before: { targetValue: '3000', weight: 10 } },
      { kpiId: 'P3-BEN-05', after: { targetValue: '150', weight: 15 } },
    ]);
  });

  it('numbers the new version after the highest one: a second revision makes v4 from v3', () => {
    const history = [...p3Approved(), requested('TR-2024-1', 2), revised('TR-2024-1', 2, 3), requested('TR-2024-2', 3, p3V2('2024年12月31日前完成建设任务'))];
    const state = stateOf(history.slice(0, -1));
    expect(targetsInForce(state, FY)?.version).toBe(3);
    const [event] = given(history).when(decideApproveTargetRevision, approveCmd(history, 'TR-2024-2'), { actor: finance }).events();
    expect(event.data).toMatchObject({ requestId: 'TR-2024-2', fromVersion: 3, toVersion: 4, changedKpis: [{ kpiId: 'P3-OUT-03', before: { targetValue: COMPLETION_V3 }, after: { targetValue: '2024年12月31日前完成建设任务' } }] });
  });

  it('records an approval without opinion as an empty opinion', () => {
    const history = pending();
    const [event] = given(history).when(decideApproveTargetRevision, { ...approveCmd(history), opinion: undefined }, { actor: finance }).events();
    expect(event.data).toMatchObject({ opinion: '' });
  });

  it('refuses an unknown request: REVISION_REQUEST_NOT_FOUND (404)', () => {
    const history = pending();
    given(history).when(decideApproveTargetRevision, approveCmd(history, 'TR-2024-7'), { actor: finance }).thenRejects('REVISION_REQUEST_NOT_FOUND', 404);
  });

  it('refuses a request already approved: REVISION_ALREADY_DECIDED (422)', () => {
    const history = [...pending(), revised('TR-2024-1', 2, 3)];
    given(history).when(decideApproveTargetRevision, approveCmd(history), { actor: finance }).thenRejects('REVISION_ALREADY_DECIDED', 422);
  });

  it('refuses a request already rejected: REVISION_ALREADY_DECIDED (422), saying so', () => {
    const history = [...pending(), revisionRejected('TR-2024-1')];
    const error = refusal(() => given(history).when(decideApproveTargetRevision, approveCmd(history), { actor: finance }).events());
    expect(error).toMatchObject({ code: 'REVISION_ALREADY_DECIDED', details: { outcome: 'REJECTED' } });
  });

  it('refuses once the project was terminated: PROJECT_TERMINATED (422)', () => {
    const history = [...pending(), terminated()];
    given(history).when(decideApproveTargetRevision, approveCmd(history), { actor: finance }).thenRejects('PROJECT_TERMINATED', 422);
  });

  it('refuses once execution was closed (决算): EXECUTION_CLOSED (422)', () => {
    const history = pending();
    given(history).when(decideApproveTargetRevision, approveCmd(history, 'TR-2024-1', { executionClosed: true }), { actor: finance }).thenRejects('EXECUTION_CLOSED', 422);
  });

  it('checks the set against the rule set in force at approval: TARGETS_INCOMPLETE (422) under a 40/40/10 weight scheme', () => {
    const history = pending();
    const v2: RuleSet = { ...DEFAULT_RULE_SET, version: 'v2', targetWeights: { outputAndCost: 40, benefit: 40, satisfaction: 10, budgetExecution: 10 } };
    given(history).when(decideApproveTargetRevision, approveCmd(history), { actor: finance, ruleSet: v2 }).thenRejects('TARGETS_INCOMPLETE', 422);
  });
});

describe('RejectTargetRevision — finance refuses with an opinion; the version in force stays', () => {
  const pending = () => [...p3Approved(), requested('TR-2024-1', 2)];

  it('records the rejection with the opinion, and the next request may follow', () => {
    const history = pending();
    const spec = given(history).when(decideRejectTargetRevision, rejectCmd(history), { actor: finance });
    spec.then([{ type: 'PerformanceTargetRevisionRejected', data: { proCode: P3, fiscalYear: FY, requestId: 'TR-2024-1', opinion: '调整理由与灾情核查结果不符，不予同意' } }]);
    const after = [...history, ...(spec.events() as ProjectEvent[])];
    expect(targetsInForce(stateOf(after), FY)?.version).toBe(2);
    const [next] = given(after).when(decideRequestTargetRevision, requestCmd(after), { actor: d103 }).events();
    expect(next.data).toMatchObject({ requestId: 'TR-2024-2', fromVersion: 2 });
  });

  it('refuses a blank opinion: OPINION_REQUIRED (422)', () => {
    const history = pending();
    given(history).when(decideRejectTargetRevision, rejectCmd(history, '  '), { actor: finance }).thenRejects('OPINION_REQUIRED', 422);
  });

  it('refuses a request already decided: REVISION_ALREADY_DECIDED (422)', () => {
    const history = [...pending(), revised('TR-2024-1', 2, 3)];
    given(history).when(decideRejectTargetRevision, rejectCmd(history), { actor: finance }).thenRejects('REVISION_ALREADY_DECIDED', 422);
  });

  it('refuses an unknown request: REVISION_REQUEST_NOT_FOUND (404)', () => {
    const history = p3Approved();
    given(history).when(decideRejectTargetRevision, rejectCmd(history), { actor: finance }).thenRejects('REVISION_REQUEST_NOT_FOUND', 404);
  });
});

describe('the facts a revision decision reads (withFacts)', () => {
  /** An in-memory read over named histories, as the handler's read over the store. */
  const readerOf = (streams: Record<string, DomainEvent[]>): ReadStream =>
    (async <S, E extends DomainEvent>(stream: string, model: StateModel<S, E>) =>
      fold(model, (streams[stream] ?? []).map((event, revision) => ({ event: event as E, context: { eventId: `${stream}#${revision}`, revision, occurredAt: '2024-09-20T00:00:00+08:00', actor: finance } })))) as ReadStream;

  it('finds the year of the request and whether its execution was closed', async () => {
    const read = readerOf({
      [`project-${P3}`]: [...p3Approved(), requested('TR-2024-1', 2)],
      [`funding-${P3}-2024`]: [{ type: 'BudgetExecutionClosed', data: { proCode: P3, fiscalYear: 2024, initialApprovedFen: 1, inYearAdjustmentFen: 0, adjustedBudgetFen: 1, executedFen: 1, recoveredFen: 0, carryOverFen: 0, balanceFen: 0 } }],
    });
    const facts = await revisionFacts({ proCode: P3, requestId: 'TR-2024-1' }, read);
    expect(facts.executionClosed).toBe(true);
    expect(facts.revisionRequests.requests).toEqual([{ requestId: 'TR-2024-1', fiscalYear: 2024, outcome: 'PENDING' }]);
  });

  it('reports an open year as not closed', async () => {
    const read = readerOf({ [`project-${P3}`]: [...p3Approved(), requested('TR-2024-1', 2)] });
    expect((await revisionFacts({ proCode: P3, requestId: 'TR-2024-1' }, read)).executionClosed).toBe(false);
  });
});

describe('TerminateProject — 清理退出 (二.4), once', () => {
  const evaluation = 'evaluation-KE-2024-P3';
  const found = (eventId: string, stream = evaluation): CitedEvent => ({ stream, eventId, found: true, type: 'KeyEvaluationCompleted', data: { finalScore: 52, finalGrade: 'POOR' } });
  const terminate = (change: Partial<TerminateProject> = {}): TerminateProject => ({
    proCode: P3,
    reason: 'LOW_PERFORMANCE',
    detail: '重点评价52分（差），项目效益未达预期，予以清理退出',
    effectiveOn: '2025-03-01',
    basisEvents: [{ stream: evaluation, eventId: '5b0d7c1e-9a51-5a43-8f6c-2f3a4d5e6f70' }],
    cited: [found('5b0d7c1e-9a51-5a43-8f6c-2f3a4d5e6f70')],
    ...change,
  });

  it('terminates P3 for low performance citing the key evaluation', () => {
    given(p3Approved())
      .when(decideTerminateProject, terminate(), { actor: finance })
      .then([
        {
          type: 'ProjectTerminated',
          data: {
            proCode: P3,
            reason: 'LOW_PERFORMANCE',
            detail: '重点评价52分（差），项目效益未达预期，予以清理退出',
            effectiveOn: '2025-03-01',
            basisEvents: [{ stream: evaluation, eventId: '5b0d7c1e-9a51-5a43-8f6c-2f3a4d5e6f70' }],
          },
        },
      ]);
  });

  it('cites 二.4 of the seed', () => {
    const [event] = given(p3Approved()).when(decideTerminateProject, terminate(), { actor: finance }).events();
    expect(event.legalBasis).toEqual([{ docNo: '乳发〔2020〕3号', clause: '二.4' }]);
  });

  it('refuses low performance without a basis: BASIS_REQUIRED (422)', () => {
    given(p3Approved()).when(decideTerminateProject, terminate({ basisEvents: [], cited: [] }), { actor: finance }).thenRejects('BASIS_REQUIRED', 422);
  });

  it('refuses a cited event that is not stored, naming stream and event: BASIS_EVENT_NOT_FOUND (422)', () => {
    const missing: CitedEvent = { stream: evaluation, eventId: '00000000-0000-5000-8000-000000000000', found: false };
    const error = refusal(() => given(p3Approved()).when(decideTerminateProject, terminate({ cited: [found('5b0d7c1e-9a51-5a43-8f6c-2f3a4d5e6f70'), missing] }), { actor: finance }).events());
    expect(error).toMatchObject({ code: 'BASIS_EVENT_NOT_FOUND', status: 422, details: { missing: [{ stream: evaluation, eventId: '00000000-0000-5000-8000-000000000000' }] } });
    expect(error.message).toContain(evaluation);
  });

  it('refuses the same event cited twice: BASIS_EVENT_DUPLICATED (422)', () => {
    const twice = found('5b0d7c1e-9a51-5a43-8f6c-2f3a4d5e6f70');
    given(p3Approved()).when(decideTerminateProject, terminate({ cited: [twice, twice] }), { actor: finance }).thenRejects('BASIS_EVENT_DUPLICATED', 422);
  });

  it('terminates a completed project without basis events', () => {
    const [event] = given(p3Approved()).when(decideTerminateProject, terminate({ reason: 'COMPLETED', detail: '建设任务全部完成并通过验收', basisEvents: undefined, cited: [] }), { actor: finance }).events();
    expect(event.data).toMatchObject({ reason: 'COMPLETED', basisEvents: [] });
  });

  it('terminates an expired project once its last year is over', () => {
    const [event] = given(p3Approved()).when(decideTerminateProject, terminate({ reason: 'EXPIRED', detail: '实施期满', effectiveOn: '2025-01-01', cited: [] }), { actor: finance }).events();
    expect(event.data).toMatchObject({ reason: 'EXPIRED', effectiveOn: '2025-01-01' });
  });

  it('refuses EXPIRED while the project still runs: NOT_EXPIRED (422)', () => {
    given(p3Approved()).when(decideTerminateProject, terminate({ reason: 'EXPIRED', detail: '实施期满', effectiveOn: '2024-12-31', cited: [] }), { actor: finance }).thenRejects('NOT_EXPIRED', 422);
  });

  it('terminates once: ALREADY_TERMINATED (422)', () => {
    given([...p3Approved(), terminated()]).when(decideTerminateProject, terminate(), { actor: finance }).thenRejects('ALREADY_TERMINATED', 422);
  });

  it('refuses a project that never entered the library: NOT_IN_LIBRARY (422)', () => {
    given([declaration(), targetsSet(1, p3V2()), targetsReviewed(1, 'PASSED')]).when(decideTerminateProject, terminate(), { actor: finance }).thenRejects('NOT_IN_LIBRARY', 422);
  });

  it('refuses a blank detail: DETAIL_REQUIRED (422)', () => {
    given(p3Approved()).when(decideTerminateProject, terminate({ detail: ' ' }), { actor: finance }).thenRejects('DETAIL_REQUIRED', 422);
  });

  it('refuses an undeclared project: PROJECT_NOT_FOUND (404)', () => {
    given([]).when(decideTerminateProject, terminate(), { actor: finance }).thenRejects('PROJECT_NOT_FOUND', 404);
  });
});

describe('no revision after the fiscal year (invariant 9: the year is evaluated against the version in force on 31 December)', () => {
  it('refuses a request dated after 31 December: FISCAL_YEAR_ENDED (422)', () => {
    const history = p3Approved();
    given(history).when(decideRequestTargetRevision, requestCmd(history, { occurredAt: '2025-01-10' }), { actor: d103 }).thenRejects('FISCAL_YEAR_ENDED', 422);
    expect(given(history).when(decideRequestTargetRevision, requestCmd(history, { occurredAt: '2024-12-31' }), { actor: d103 }).events()).toHaveLength(1);
  });

  it('refuses an approval decided after 31 December, even of a request made in December', () => {
    const history = [...p3Approved(), requested('TR-2024-1', 2)];
    const late = { ...approveCmd(history), occurredAt: '2025-01-12' };
    given(history).when(decideApproveTargetRevision, late, { actor: finance }).thenRejects('FISCAL_YEAR_ENDED', 422);
  });

  it('reads the decision date from the clock when the command names none', () => {
    const history = p3Approved();
    given(history)
      .when(decideRequestTargetRevision, requestCmd(history), { actor: d103, now: new Date('2025-01-02T09:00:00+08:00') })
      .thenRejects('FISCAL_YEAR_ENDED', 422);
  });
});
