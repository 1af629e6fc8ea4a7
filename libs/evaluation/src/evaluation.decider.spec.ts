// The use-case modules carry class-validator/class-transformer decorators, which need the Reflect metadata API
// that the app's entry point loads.
import 'reflect-metadata';
import { type DecisionContext, type DomainEvent, type StateModel, fold } from '../../event-sourcing/src/decider.js';
import type { Actor } from '../../event-store/src/event-store.port.js';
import { type BudgetExecutionClosed, fundingStream } from '../../funding/src/funding.events.js';
import { fundingModel } from '../../funding/src/funding.state.js';
import {
  type BudgetProjectDeclared,
  type PerformanceIndicator,
  type PerformanceTargetRevised,
  type PerformanceTargetRevisionRequested,
  type ProjectEvent,
  projectStream,
} from '../../projects/src/project.events.js';
import { projectModel } from '../../projects/src/project.state.js';
import { DEFAULT_RULE_SET, type RuleSet } from '../../rule-sets/src/rule-set.js';
import { deciderSpec } from '../../testing/src/decider-spec.js';
import { FY, P1, P2, P3, P4, accountingFirm, agriculture, audit, cdc, declarationOf, education, engineeringFirm, finance, health, hospital, indicator, refusal, treasury } from '../../testing/src/rushan-fixtures.js';
import { decideCommissionThirdParty } from './commission-third-party.command.js';
import { decideCompleteKeyEvaluation } from './complete-key-evaluation.command.js';
import { type ExecutionFacts, type ProjectFacts, executionFactsOf, projectFactsOf } from './evaluation-facts.js';
import type {
  EvaluatedIndicator,
  EvaluationEvent,
  KeyEvaluationCompleted,
  KeyEvaluationEvent,
  KeyEvaluationReportSubmitted,
  SelfEvaluationDiscrepancyFlagged,
  SelfEvaluationFiled,
  SelfEvaluationReviewedByCompetentDepartment,
  SelfEvaluationSubmitted,
  SpotCheckReviewed,
  ThirdPartyCommissioned,
} from './evaluation.events.js';
import { commissionModel, evaluationModel, keyEvaluationModel } from './evaluation.state.js';
import { decideFileSelfEvaluation } from './file-self-evaluation.command.js';
import { assertMayReadEvaluation, evaluationView } from './get-evaluation.query.js';
import { decideRecordSpotCheck } from './record-spot-check.command.js';
import { decideReviewSelfEvaluation } from './review-self-evaluation.command.js';
import { decideSubmitKeyEvaluationReport } from './submit-key-evaluation-report.command.js';
import { type SubmitSelfEvaluationDto, decideSubmitSelfEvaluation } from './submit-self-evaluation.command.js';

// ---------------------------------------------------------------------------------------------------------
// Fixtures: 乳山市 (371083), fiscal year 2024, domain.md §9.
// ---------------------------------------------------------------------------------------------------------

const selfEvaluation = deciderSpec(evaluationModel);
const keyEvaluation = deciderSpec(keyEvaluationModel);
const commissioning = deciderSpec(commissionModel);

const REPORT_SHA = 'a11ce5'.padEnd(64, '0');
const AT = '2024-01-01T00:00:00+08:00';

/** Folds a history with event ids `{prefix}-{revision}`, as the pipeline folds stored events with their contexts. */
function foldHistory<S, E extends DomainEvent>(model: StateModel<S, E>, entries: (E | { event: E; supersedes: string })[], prefix = 'given'): S {
  return fold(
    model,
    entries.map((entry, revision) => {
      const { event, supersedes } = 'event' in entry ? entry : { event: entry, supersedes: undefined };
      return { event, context: { eventId: `${prefix}-${revision}`, revision, occurredAt: AT, actor: finance, ...(supersedes ? { supersedes } : {}) } };
    }),
  );
}

const context = (actor: Actor, extra: Partial<DecisionContext> = {}): DecisionContext => ({ actor, now: new Date('2025-03-20T09:00:00+08:00'), ruleSet: DEFAULT_RULE_SET, commandId: 'cmd-spec', ...extra });

// Projects ----------------------------------------------------------------------------------------------------

interface ProjectFixture {
  proCode: string;
  declaration: BudgetProjectDeclared['data'];
  overallObjective: string;
  annualObjective: string;
  indicators: PerformanceIndicator[];
  approvedFen: number;
}

// P1 城乡中小学校舍安全改造: weights OUTPUT+COST 50, BENEFIT 30, SATISFACTION 10, execution 10 (domain-research §9.2).
const P1_PROJECT: ProjectFixture = {
  proCode: P1,
  declaration: declarationOf(P1),
  overallObjective: '2024—2025年完成全市城乡中小学校舍安全隐患排查整治',
  annualObjective: '2024年完成12000㎡校舍安全改造，消除全部已排查隐患',
  indicators: [
    indicator('P1-K01', 'OUTPUT', 'QUANTITY', '改造校舍面积', 'GTE', '12000', '㎡', 15),
    indicator('P1-K02', 'OUTPUT', 'QUALITY', '竣工验收合格率', 'EQ', '100', '%', 10),
    indicator('P1-K03', 'OUTPUT', 'TIMELINESS', '按期完工', 'QUALITATIVE', '2024年8月25日前完工', undefined, 10),
    indicator('P1-K04', 'COST', 'ECONOMIC_COST', '单位面积改造成本', 'LTE', '560', '元/㎡', 15),
    indicator('P1-K05', 'BENEFIT', 'SOCIAL', '受益学生人数', 'GTE', '8500', '人', 10),
    indicator('P1-K06', 'BENEFIT', 'SOCIAL', '校舍安全隐患消除率', 'EQ', '100', '%', 10),
    indicator('P1-K07', 'BENEFIT', 'SUSTAINABILITY', '校舍长效维护机制', 'QUALITATIVE', '建立并运行', undefined, 10),
    indicator('P1-K08', 'SATISFACTION', 'RECIPIENT_SATISFACTION', '师生满意度', 'GTE', '90', '%', 10),
  ],
  approvedFen: 680_000_000,
};

// P2 基本公共卫生服务市级配套, executed by unit 疾病预防控制中心 D102-01 under its competent department D102.
const P2_PROJECT: ProjectFixture = {
  proCode: P2,
  declaration: declarationOf(P2),
  overallObjective: '持续提升城乡居民基本公共卫生服务均等化水平',
  annualObjective: '2024年完成65岁及以上老年人、慢性病患者健康管理和居民电子健康档案规范化管理',
  indicators: [
    indicator('P2-K01', 'OUTPUT', 'QUANTITY', '65岁及以上老年人健康管理人数', 'GTE', '9000', '人', 15),
    indicator('P2-K02', 'OUTPUT', 'QUALITY', '居民电子健康档案规范化建档率', 'GTE', '85', '%', 15),
    indicator('P2-K03', 'OUTPUT', 'TIMELINESS', '市级配套资金拨付及时性', 'QUALITATIVE', '按季度及时拨付', undefined, 10),
    indicator('P2-K04', 'COST', 'ECONOMIC_COST', '每份健康档案年均维护成本', 'LTE', '12', '元/份', 10),
    indicator('P2-K05', 'BENEFIT', 'SOCIAL', '高血压患者规范管理率', 'GTE', '70', '%', 15),
    indicator('P2-K06', 'BENEFIT', 'SUSTAINABILITY', '家庭医生签约服务长效机制', 'QUALITATIVE', '建立并有效运行', undefined, 15),
    indicator('P2-K07', 'SATISFACTION', 'RECIPIENT_SATISFACTION', '居民对基本公共卫生服务满意度', 'GTE', '90', '%', 10),
  ],
  approvedFen: 420_000_000,
};

// P3 高标准农田建设市级配套: v1 returned (no ecological indicator), v2 approved, v3 after the September flood.
const P3_V2: PerformanceIndicator[] = [
  indicator('P3-K01', 'COST', 'ECONOMIC_COST', '亩均财政投入', 'LTE', '1500', '元/亩', 10),
  indicator('P3-K02', 'OUTPUT', 'QUANTITY', '新建高标准农田面积', 'GTE', '8000', '亩', 20),
  indicator('P3-K03', 'OUTPUT', 'QUALITY', '工程验收合格率', 'EQ', '100', '%', 10),
  indicator('P3-K04', 'OUTPUT', 'TIMELINESS', '项目完工时间', 'QUALITATIVE', '2024年11月30日前完工', undefined, 10),
  indicator('P3-K05', 'BENEFIT', 'ECONOMIC', '亩均粮食产能提升', 'GTE', '50', '公斤/亩', 10),
  indicator('P3-K06', 'BENEFIT', 'SOCIAL', '受益农户数', 'GTE', '3000', '户', 8),
  indicator('P3-K07', 'BENEFIT', 'ECOLOGICAL', '高效节水灌溉面积占比', 'GTE', '60', '%', 6),
  indicator('P3-K08', 'BENEFIT', 'SUSTAINABILITY', '工程设施管护机制', 'QUALITATIVE', '建立并有效运行', undefined, 6),
  indicator('P3-K09', 'SATISFACTION', 'RECIPIENT_SATISFACTION', '受益农户满意度', 'GTE', '90', '%', 10),
];
const P3_V1 = P3_V2.filter((i) => i.kpiId !== 'P3-K07').map((i) => (i.kpiId === 'P3-K06' ? { ...i, weight: 14 } : i));
const P3_V3 = P3_V2.map((i) => (i.kpiId === 'P3-K04' ? { ...i, targetValue: '2024年12月20日前完工' } : i));
const P3_PROJECT: ProjectFixture = {
  proCode: P3,
  declaration: declarationOf(P3),
  overallObjective: '建成旱涝保收、高产稳产的高标准农田',
  annualObjective: '2024年新建高标准农田8000亩',
  indicators: P3_V2,
  approvedFen: 1_200_000_000,
};

// P4 城镇老旧小区改造配套基础设施, government fund budget with a PPP component.
const P4_PROJECT: ProjectFixture = {
  proCode: P4,
  declaration: declarationOf(P4),
  overallObjective: '改善老旧小区居民居住条件',
  annualObjective: '2024年完成12个老旧小区配套基础设施改造',
  indicators: [
    indicator('P4-K01', 'OUTPUT', 'QUANTITY', '改造老旧小区数量', 'GTE', '12', '个', 25),
    indicator('P4-K02', 'OUTPUT', 'QUANTITY', '配套管网改造长度', 'GTE', '18', '公里', 25),
    indicator('P4-K03', 'BENEFIT', 'SOCIAL', '居民居住条件改善', 'QUALITATIVE', '明显改善', undefined, 30),
    indicator('P4-K04', 'SATISFACTION', 'RECIPIENT_SATISFACTION', '居民满意度', 'GTE', '90', '%', 10),
  ],
  approvedFen: 2_500_000_000,
};

const targetsSet = (p: ProjectFixture, version: number, indicators: PerformanceIndicator[]): ProjectEvent => ({
  type: 'PerformanceTargetSet',
  data: { proCode: p.proCode, fiscalYear: FY, version, overallObjective: p.overallObjective, annualObjective: p.annualObjective, indicators },
});
const targetsReviewed = (p: ProjectFixture, version: number, outcome: 'PASSED' | 'RETURNED'): ProjectEvent => ({
  type: 'PerformanceTargetReviewed',
  data: {
    proCode: p.proCode,
    fiscalYear: FY,
    version,
    outcome,
    checks: { formatCompliant: true, complete: outcome === 'PASSED', matchesFunding: true },
    opinion: outcome === 'PASSED' ? '同意' : '缺少生态效益指标',
  },
});

/** Declared, targets passed, admitted, drafted: everything up to the approval. */
const drafted = (p: ProjectFixture): ProjectEvent[] => [
  { type: 'BudgetProjectDeclared', data: p.declaration },
  targetsSet(p, 1, p.indicators),
  targetsReviewed(p, 1, 'PASSED'),
  { type: 'ProjectAdmittedToLibrary', data: { proCode: p.proCode, fiscalYear: FY, targetVersion: 1 } },
  { type: 'ProjectIncludedInBudgetDraft', data: { proCode: p.proCode, fiscalYear: FY, budgetBook: p.declaration.budgetBook, requestedFen: p.approvedFen, proposedFen: p.approvedFen, targetVersion: 1 } },
];
const approved = (p: ProjectFixture, targetVersion = 1): ProjectEvent => ({
  type: 'BudgetAndTargetsApproved',
  data: { proCode: p.proCode, fiscalYear: FY, approvedFen: p.approvedFen, targetVersion, approvalDocNo: '乳财预〔2024〕1号' },
});
/** The approval is the sixth event (revision 5) of these histories. */
const executing = (p: ProjectFixture): ProjectEvent[] => [...drafted(p), approved(p)];

const p3History = (): ProjectEvent[] => [
  { type: 'BudgetProjectDeclared', data: P3_PROJECT.declaration },
  targetsSet(P3_PROJECT, 1, P3_V1),
  targetsReviewed(P3_PROJECT, 1, 'RETURNED'),
  targetsSet(P3_PROJECT, 2, P3_V2),
  targetsReviewed(P3_PROJECT, 2, 'PASSED'),
  { type: 'ProjectAdmittedToLibrary', data: { proCode: P3, fiscalYear: FY, targetVersion: 2, exAnteAssessmentId: 'EA-1' } },
  { type: 'ProjectIncludedInBudgetDraft', data: { proCode: P3, fiscalYear: FY, budgetBook: 'GENERAL_PUBLIC', requestedFen: 1_200_000_000, proposedFen: 1_200_000_000, targetVersion: 2 } },
  approved(P3_PROJECT, 2),
];
const revisionRequested = (p: ProjectFixture, fromVersion: number, indicators: PerformanceIndicator[], reason: PerformanceTargetRevisionRequested['data']['reason'], reasonDetail: string): ProjectEvent => ({
  type: 'PerformanceTargetRevisionRequested',
  data: { proCode: p.proCode, fiscalYear: FY, requestId: 'TR-1', fromVersion, reason, reasonDetail, overallObjective: p.overallObjective, annualObjective: p.annualObjective, indicators },
});
const revised = (p: ProjectFixture, fromVersion: number, reason: PerformanceTargetRevised['data']['reason'], changedKpis: PerformanceTargetRevised['data']['changedKpis']): ProjectEvent => ({
  type: 'PerformanceTargetRevised',
  data: { proCode: p.proCode, fiscalYear: FY, requestId: 'TR-1', fromVersion, toVersion: fromVersion + 1, reason, changedKpis, opinion: '同意调整' },
});
/** P3 after the September flood: v2 → v3 approved (revision 9 of the project stream). */
const p3Revised = (): ProjectEvent[] => [
  ...p3History(),
  revisionRequested(P3_PROJECT, 2, P3_V3, 'EMERGENCY', '9月洪涝灾害导致施工中断，完工时间顺延'),
  revised(P3_PROJECT, 2, 'EMERGENCY', [{ kpiId: 'P3-K04', before: { targetValue: '2024年11月30日前完工', weight: 10 }, after: { targetValue: '2024年12月20日前完工', weight: 10 } }]),
];

const projectFacts = (proCode: string, events: ProjectEvent[]): ProjectFacts => projectFactsOf(foldHistory(projectModel, events, `project-${proCode}`), proCode, FY);
const projectRef = (proCode: string, revision: number) => ({ stream: projectStream(proCode), eventId: `project-${proCode}-${revision}` });

// Funding (决算) ------------------------------------------------------------------------------------------------

const closed = (proCode: string, adjustedBudgetFen: number, executedFen: number): BudgetExecutionClosed => ({
  type: 'BudgetExecutionClosed',
  data: {
    proCode,
    fiscalYear: FY,
    initialApprovedFen: adjustedBudgetFen,
    inYearAdjustmentFen: 0,
    adjustedBudgetFen,
    executedFen,
    recoveredFen: 0,
    carryOverFen: 0,
    balanceFen: adjustedBudgetFen - executedFen,
  },
});
const executionFacts = (proCode: string, adjustedBudgetFen: number, executedFen: number): ExecutionFacts =>
  executionFactsOf(foldHistory(fundingModel, [closed(proCode, adjustedBudgetFen, executedFen)], `funding-${proCode}-${FY}`), proCode, FY);
const closedRef = (proCode: string) => ({ stream: fundingStream(proCode, FY), eventId: `funding-${proCode}-${FY}-0` });

const P1_FACTS = () => ({ ...projectFacts(P1, executing(P1_PROJECT)), ...executionFacts(P1, 680_000_000, 646_000_000) });
const P2_FACTS = () => ({ ...projectFacts(P2, executing(P2_PROJECT)), ...executionFacts(P2, 420_000_000, 420_000_000) });
const P3_FACTS = () => ({ ...projectFacts(P3, p3Revised()), ...executionFacts(P3, 1_200_000_000, 1_140_000_000) });

// Self-evaluations -----------------------------------------------------------------------------------------------

type IndicatorResult = SubmitSelfEvaluationDto['indicators'][number];

const P1_NARRATIVE = '完成城乡中小学校舍安全改造11400㎡，消除全部已排查隐患，建立校舍长效维护机制';
const P2_NARRATIVE = '全年完成老年人健康管理9200人，慢性病规范管理和电子健康档案管理全面推进';
const P3_NARRATIVE = '受9月洪涝影响，新建高标准农田7200亩，主体工程于12月20日前完工';

const p1Results = (): IndicatorResult[] => [
  { kpiId: 'P1-K01', actualValue: '11400', deviationAnalysis: '两所学校因规划调整缓建，少改造600㎡' },
  { kpiId: 'P1-K02', actualValue: '100' },
  { kpiId: 'P1-K03', attainment: 'PARTLY_ACHIEVED', score: 7, deviationAnalysis: '9月10日完工，较计划推迟16天，未影响正常教学' },
  { kpiId: 'P1-K04', actualValue: '575', deviationAnalysis: '钢材价格上涨' },
  { kpiId: 'P1-K05', actualValue: '8620' },
  { kpiId: 'P1-K06', actualValue: '100' },
  { kpiId: 'P1-K07', attainment: 'ACHIEVED', score: 9 },
  { kpiId: 'P1-K08', actualValue: '93' },
];
const p2Results = (): IndicatorResult[] => [
  { kpiId: 'P2-K01', actualValue: '9200' },
  { kpiId: 'P2-K02', actualValue: '92' },
  { kpiId: 'P2-K03', attainment: 'ACHIEVED', score: 9 },
  { kpiId: 'P2-K04', actualValue: '11.5' },
  { kpiId: 'P2-K05', actualValue: '72' },
  { kpiId: 'P2-K06', attainment: 'ACHIEVED', score: 13 },
  { kpiId: 'P2-K07', actualValue: '81', deviationAnalysis: '部分偏远村居服务频次不足' },
];
const p3Results = (): IndicatorResult[] => [
  { kpiId: 'P3-K01', actualValue: '1590', deviationAnalysis: '汛后抢工增加投入' },
  { kpiId: 'P3-K02', actualValue: '7200', deviationAnalysis: '洪涝导致800亩未能按期建设' },
  { kpiId: 'P3-K03', actualValue: '100' },
  { kpiId: 'P3-K04', attainment: 'PARTLY_ACHIEVED', score: 7, deviationAnalysis: '主体工程按调整后期限完工，部分附属设施扫尾' },
  { kpiId: 'P3-K05', actualValue: '40' },
  { kpiId: 'P3-K06', actualValue: '2925' },
  { kpiId: 'P3-K07', actualValue: '45' },
  { kpiId: 'P3-K08', attainment: 'ACHIEVED', score: 4.8 },
  { kpiId: 'P3-K09', actualValue: '81' },
];

/** The indicators as a submission records them: the target beside the result, with the hand-computed scores. */
const evaluated = (indicators: PerformanceIndicator[], results: IndicatorResult[], scores: number[]): EvaluatedIndicator[] =>
  indicators.map((i, n) => {
    const result = results.find((r) => r.kpiId === i.kpiId) as IndicatorResult;
    return {
      kpiId: i.kpiId,
      tier1: i.tier1,
      tier2: i.tier2,
      name: i.name,
      comparator: i.comparator,
      targetValue: i.targetValue,
      ...(i.unit ? { unit: i.unit } : {}),
      direction: i.direction,
      weight: i.weight,
      ...(i.comparator === 'QUALITATIVE' ? { attainment: result.attainment } : { actualValue: result.actualValue }),
      score: scores[n],
      ...(result.deviationAnalysis ? { deviationAnalysis: result.deviationAnalysis } : {}),
    };
  });

const submitP1 = (change: Partial<SubmitSelfEvaluationDto> = {}) => ({
  proCode: P1,
  fiscalYear: FY,
  annualObjectiveNarrative: P1_NARRATIVE,
  indicators: p1Results(),
  ...change,
  ...P1_FACTS(),
});
const submitP2 = () => ({ proCode: P2, fiscalYear: FY, annualObjectiveNarrative: P2_NARRATIVE, indicators: p2Results(), ...P2_FACTS() });
const submitP3 = (facts: ProjectFacts & ExecutionFacts = P3_FACTS()) => ({ proCode: P3, fiscalYear: FY, annualObjectiveNarrative: P3_NARRATIVE, indicators: p3Results(), ...facts });

// domain.md §6.2 worked example: execution 9.50 + indicators 84.85 = 94.35 优.
const P1_SCORES = [14.25, 10, 7, 14.6, 10, 10, 9, 10];
const p1Submitted = (): SelfEvaluationSubmitted => ({
  type: 'SelfEvaluationSubmitted',
  data: {
    proCode: P1,
    fiscalYear: FY,
    deptCode: 'D101',
    targetVersion: 1,
    annualObjective: P1_PROJECT.annualObjective,
    annualObjectiveNarrative: P1_NARRATIVE,
    budget: { adjustedBudgetFen: 680_000_000, executedFen: 646_000_000, executionRate: 95 },
    indicators: evaluated(P1_PROJECT.indicators, p1Results(), P1_SCORES),
    executionPoints: 9.5,
    indicatorPoints: 84.85,
    totalScore: 94.35,
    grade: 'EXCELLENT',
    ruleSetVersion: 'v1',
    basisEvents: [closedRef(P1), projectRef(P1, 5)],
  },
});

// 10 + (15 + 15 + 9 + 10 + 15 + 13 + 9) = 96 优, as the unit claimed.
const p2Submitted = (): SelfEvaluationSubmitted => ({
  type: 'SelfEvaluationSubmitted',
  data: {
    proCode: P2,
    fiscalYear: FY,
    deptCode: 'D102',
    unitCode: 'D102-01',
    targetVersion: 1,
    annualObjective: P2_PROJECT.annualObjective,
    annualObjectiveNarrative: P2_NARRATIVE,
    budget: { adjustedBudgetFen: 420_000_000, executedFen: 420_000_000, executionRate: 100 },
    indicators: evaluated(P2_PROJECT.indicators, p2Results(), [15, 15, 9, 10, 15, 13, 9]),
    executionPoints: 10,
    indicatorPoints: 86,
    totalScore: 96,
    grade: 'EXCELLENT',
    ruleSetVersion: 'v1',
    basisEvents: [closedRef(P2), projectRef(P2, 5)],
  },
});

// 9.5 + (9.4 + 18 + 10 + 7 + 8 + 7.8 + 4.5 + 4.8 + 9) = 88 良, against v3 in force since the flood.
const P3_SCORES = [9.4, 18, 10, 7, 8, 7.8, 4.5, 4.8, 9];
const p3Submitted = (targetVersion = 3, indicators = P3_V3, inForceBy = projectRef(P3, 9)): SelfEvaluationSubmitted => ({
  type: 'SelfEvaluationSubmitted',
  data: {
    proCode: P3,
    fiscalYear: FY,
    deptCode: 'D103',
    targetVersion,
    annualObjective: P3_PROJECT.annualObjective,
    annualObjectiveNarrative: P3_NARRATIVE,
    budget: { adjustedBudgetFen: 1_200_000_000, executedFen: 1_140_000_000, executionRate: 95 },
    indicators: evaluated(indicators, p3Results(), P3_SCORES),
    executionPoints: 9.5,
    indicatorPoints: 78.5,
    totalScore: 88,
    grade: 'GOOD',
    ruleSetVersion: 'v1',
    basisEvents: [closedRef(P3), inForceBy],
  },
});

const reviewedByDepartment = (proCode: string, deptCode: string, deptScore: number, submissionEventId = 'given-0'): SelfEvaluationReviewedByCompetentDepartment => ({
  type: 'SelfEvaluationReviewedByCompetentDepartment',
  data: { proCode, fiscalYear: FY, deptCode, submissionEventId, deptScore, deptGrade: deptScore >= 90 ? 'EXCELLENT' : 'GOOD', opinion: '同意单位自评结果', ruleSetVersion: 'v1' },
});
const filed = (submitted: SelfEvaluationSubmitted, submissionEventId = 'given-0'): SelfEvaluationFiled => ({
  type: 'SelfEvaluationFiled',
  data: { proCode: submitted.data.proCode, fiscalYear: FY, submissionEventId, totalScore: submitted.data.totalScore, grade: submitted.data.grade, opinion: '予以备案' },
});
const commissioned = (scope: ThirdPartyCommissioned['data']['scope'], commissionId: string, institution: Actor, proCode: string): ThirdPartyCommissioned => ({
  type: 'ThirdPartyCommissioned',
  data: {
    proCode,
    fiscalYear: FY,
    commissionId,
    scope,
    institutionId: institution.institutionId as string,
    institutionName: institution.orgName,
    contractRef: `乳财购〔2025〕${commissionId}`,
    conflictDeclarationRef: `利益冲突声明-${institution.institutionId}-2025`,
  },
});

/** P2 along its path: the unit submits 96, D102 scores 95, finance files it. */
const p2Filed = (): EvaluationEvent[] => [p2Submitted(), reviewedByDepartment(P2, 'D102', 95), filed(p2Submitted())];

// ---------------------------------------------------------------------------------------------------------
// SubmitSelfEvaluation (单位自评) — invariant 9, scoring of domain.md §6.2
// ---------------------------------------------------------------------------------------------------------
describe('SubmitSelfEvaluation — scored by the rule set against the target version in force', () => {
  describe('the worked example of P1 城乡中小学校舍安全改造', () => {
    it('gives execution 9.50 + indicators 84.85 = 94.35 优, recording target, actual, weight and score of every indicator', () => {
      selfEvaluation([]).when(decideSubmitSelfEvaluation, submitP1(), { actor: education }).then([p1Submitted()]);
    });

    it('names rule set v1 and clause 三(四)1 on the event', () => {
      const [event] = selfEvaluation([]).when(decideSubmitSelfEvaluation, submitP1(), { actor: education }).events();
      expect(event.ruleSetVersion).toBe('v1');
      expect(event.legalBasis).toEqual([{ docNo: '乳发〔2020〕3号', clause: '三(四)1' }]);
    });

    it('accepts the unit’s own 自评表 when its claimed scores and total agree with the rule set', () => {
      const claimedScores = P1_PROJECT.indicators.map((i, n) => ({ kpiId: i.kpiId, score: P1_SCORES[n] }));
      selfEvaluation([]).when(decideSubmitSelfEvaluation, submitP1({ claimedScores, claimedTotal: 94.35 }), { actor: education }).then([p1Submitted()]);
    });

    it('grades by the rule set in force: where 优 starts at 95, the same 94.35 is 良, and the event names that version', () => {
      const provincial: RuleSet = {
        ...DEFAULT_RULE_SET,
        version: 'sd-2',
        gradeScale: [
          { grade: 'EXCELLENT', min: 95 },
          { grade: 'GOOD', min: 80 },
          { grade: 'FAIR', min: 60 },
          { grade: 'POOR', min: 0 },
        ],
      };
      const [event] = selfEvaluation([]).when(decideSubmitSelfEvaluation, submitP1(), { actor: education, ruleSet: provincial }).events();
      expect(event.data).toMatchObject({ totalScore: 94.35, grade: 'GOOD', ruleSetVersion: 'sd-2' });
      expect(event.ruleSetVersion).toBe('sd-2');
    });
  });

  describe('P2 and P3', () => {
    it('unit D102-01 submits P2 at 96 优, the event naming the unit and its department', () => {
      selfEvaluation([]).when(decideSubmitSelfEvaluation, submitP2(), { actor: cdc }).then([p2Submitted()]);
    });

    it('the competent department D102 may submit for its unit', () => {
      selfEvaluation([]).when(decideSubmitSelfEvaluation, submitP2(), { actor: health }).then([p2Submitted()]);
    });

    it('D103 submits P3 at 88 良', () => {
      selfEvaluation([]).when(decideSubmitSelfEvaluation, submitP3(), { actor: agriculture }).then([p3Submitted()]);
    });
  });

  describe('invariant 9: the target version in force at year end', () => {
    it('scores P3 against v3, approved after the flood, citing the revision (not v2 of the budget approval)', () => {
      const [event] = selfEvaluation([]).when(decideSubmitSelfEvaluation, submitP3(), { actor: agriculture }).events();
      expect(event.data).toMatchObject({ targetVersion: 3, basisEvents: [closedRef(P3), projectRef(P3, 9)] });
      expect((event.data as SelfEvaluationSubmitted['data']).indicators.find((i) => i.kpiId === 'P3-K04')?.targetValue).toBe('2024年12月20日前完工');
    });

    it('ignores a revision finance has not approved: P3 with v3 only requested is scored against v2', () => {
      const facts = { ...projectFacts(P3, [...p3History(), revisionRequested(P3_PROJECT, 2, P3_V3, 'EMERGENCY', '9月洪涝灾害')]), ...executionFacts(P3, 1_200_000_000, 1_140_000_000) };
      selfEvaluation([]).when(decideSubmitSelfEvaluation, submitP3(facts), { actor: agriculture }).then([p3Submitted(2, P3_V2, projectRef(P3, 7))]);
    });

    it('scores a revised quantitative target by its revised value: 11400 ㎡ against a target cut to 11400 earns the full 15', () => {
      const cut = P1_PROJECT.indicators.map((i) => (i.kpiId === 'P1-K01' ? { ...i, targetValue: '11400' } : i));
      const history = [
        ...executing(P1_PROJECT),
        revisionRequested(P1_PROJECT, 1, cut, 'BUDGET_ADJUSTMENT', '两所学校规划调整缓建'),
        revised(P1_PROJECT, 1, 'BUDGET_ADJUSTMENT', [{ kpiId: 'P1-K01', before: { targetValue: '12000', weight: 15 }, after: { targetValue: '11400', weight: 15 } }]),
      ];
      const command = { ...submitP1(), ...projectFacts(P1, history) };
      const [event] = selfEvaluation([]).when(decideSubmitSelfEvaluation, command, { actor: education }).events();
      expect(event.data).toMatchObject({ targetVersion: 2, indicatorPoints: 85.6, totalScore: 95.1 });
      expect((event.data as SelfEvaluationSubmitted['data']).indicators[0]).toMatchObject({ kpiId: 'P1-K01', targetValue: '11400', actualValue: '11400', score: 15 });
    });

    it('UNKNOWN_KPI (422) for an indicator the version in force does not have', () => {
      const command = submitP3();
      command.indicators = [...command.indicators, { kpiId: 'P3-K10', actualValue: '1' }];
      const error = refusal(() => selfEvaluation([]).when(decideSubmitSelfEvaluation, command, { actor: agriculture }).events());
      expect(error).toMatchObject({ code: 'UNKNOWN_KPI', status: 422, details: { unknown: ['P3-K10'], targetVersion: 3 } });
    });

    it('UNKNOWN_KPI (422) for a claimed score of an indicator the version does not have', () => {
      selfEvaluation([])
        .when(decideSubmitSelfEvaluation, submitP1({ claimedScores: [{ kpiId: 'P1-K09', score: 10 }] }), { actor: education })
        .thenRejects('UNKNOWN_KPI', 422);
    });

    it('INDICATORS_INCOMPLETE (422) when an indicator is left out, naming it', () => {
      const error = refusal(() =>
        selfEvaluation([])
          .when(decideSubmitSelfEvaluation, submitP1({ indicators: p1Results().filter((r) => r.kpiId !== 'P1-K08') }), { actor: education })
          .events(),
      );
      expect(error).toMatchObject({ code: 'INDICATORS_INCOMPLETE', status: 422, details: { missing: ['P1-K08'], repeated: [] } });
      expect(error.message).toContain('师生满意度');
    });

    it('INDICATORS_INCOMPLETE (422) when an indicator is given twice', () => {
      const error = refusal(() =>
        selfEvaluation([])
          .when(decideSubmitSelfEvaluation, submitP1({ indicators: [...p1Results(), { kpiId: 'P1-K01', actualValue: '12000' }] }), { actor: education })
          .events(),
      );
      expect(error).toMatchObject({ code: 'INDICATORS_INCOMPLETE', details: { missing: [], repeated: ['P1-K01'] } });
    });

    it('WEIGHTS_NOT_100 (422) when the version’s weights and the rule set’s execution weight do not make 100', () => {
      const twentyForExecution: RuleSet = { ...DEFAULT_RULE_SET, version: 'v2', targetWeights: { ...DEFAULT_RULE_SET.targetWeights, budgetExecution: 20 } };
      const error = refusal(() => selfEvaluation([]).when(decideSubmitSelfEvaluation, submitP1(), { actor: education, ruleSet: twentyForExecution }).events());
      expect(error).toMatchObject({ code: 'WEIGHTS_NOT_100', status: 422, details: { targetVersion: 1, indicatorWeights: 90, executionWeight: 20 } });
    });

    it('WEIGHTS_NOT_100 (422) for an imported version whose indicators weigh 85', () => {
      const light = { ...P1_PROJECT, indicators: P1_PROJECT.indicators.map((i) => (i.kpiId === 'P1-K08' ? { ...i, weight: 5 } : i)) };
      selfEvaluation([])
        .when(decideSubmitSelfEvaluation, { ...submitP1(), ...projectFacts(P1, executing(light)) }, { actor: education })
        .thenRejects('WEIGHTS_NOT_100', 422);
    });
  });

  describe('quantitative scores equal the rule-set result', () => {
    it('QUANTITATIVE_SCORE_MISMATCH (422) when the unit claims the full 15 for 11400 of 12000 ㎡, naming kpi, computed and claimed', () => {
      const error = refusal(() =>
        selfEvaluation([])
          .when(decideSubmitSelfEvaluation, submitP1({ claimedScores: [{ kpiId: 'P1-K01', score: 15 }] }), { actor: education })
          .events(),
      );
      expect(error).toMatchObject({ code: 'QUANTITATIVE_SCORE_MISMATCH', status: 422, details: { kpiId: 'P1-K01', computed: 14.25, claimed: 15, ruleSetVersion: 'v1' } });
      expect(error.message).toContain('改造校舍面积');
    });

    it('QUANTITATIVE_SCORE_MISMATCH for a reverse indicator: 575 元/㎡ against ≤ 560 scores 14.60, not 15', () => {
      const error = refusal(() =>
        selfEvaluation([])
          .when(decideSubmitSelfEvaluation, submitP1({ claimedScores: [{ kpiId: 'P1-K04', score: 15 }] }), { actor: education })
          .events(),
      );
      expect(error).toMatchObject({ code: 'QUANTITATIVE_SCORE_MISMATCH', details: { kpiId: 'P1-K04', computed: 14.6, claimed: 15 } });
    });

    it('QUALITATIVE_SCORE_MISMATCH (422) when a claimed score contradicts the score given for the indicator', () => {
      selfEvaluation([])
        .when(decideSubmitSelfEvaluation, submitP1({ claimedScores: [{ kpiId: 'P1-K03', score: 7.5 }] }), { actor: education })
        .thenRejects('QUALITATIVE_SCORE_MISMATCH', 422);
    });

    it('TOTAL_MISMATCH (422) when the claimed total is not the rule set’s, naming both', () => {
      const error = refusal(() => selfEvaluation([]).when(decideSubmitSelfEvaluation, submitP1({ claimedTotal: 95 }), { actor: education }).events());
      expect(error).toMatchObject({ code: 'TOTAL_MISMATCH', status: 422, details: { computed: 94.35, claimed: 95, executionPoints: 9.5, indicatorPoints: 84.85 } });
    });

    it('INDICATOR_RESULT_INVALID (422) for a quantitative indicator given an attainment instead of its actual value', () => {
      const indicators = p1Results().map((r) => (r.kpiId === 'P1-K01' ? { kpiId: 'P1-K01', attainment: 'ACHIEVED' as const, score: 15 } : r));
      const error = refusal(() => selfEvaluation([]).when(decideSubmitSelfEvaluation, submitP1({ indicators }), { actor: education }).events());
      expect(error).toMatchObject({ code: 'INDICATOR_RESULT_INVALID', status: 422 });
      expect(error.message).toContain('P1-K01');
    });

    it('INDICATOR_RESULT_INVALID (422) for a quantitative indicator without its actual value', () => {
      const indicators = p1Results().map((r) => (r.kpiId === 'P1-K08' ? { kpiId: 'P1-K08' } : r));
      selfEvaluation([]).when(decideSubmitSelfEvaluation, submitP1({ indicators }), { actor: education }).thenRejects('INDICATOR_RESULT_INVALID', 422);
    });

    it('INDICATOR_RESULT_INVALID (422) for a qualitative indicator given a number instead of an attainment', () => {
      const indicators = p1Results().map((r) => (r.kpiId === 'P1-K07' ? { kpiId: 'P1-K07', actualValue: '1' } : r));
      selfEvaluation([]).when(decideSubmitSelfEvaluation, submitP1({ indicators }), { actor: education }).thenRejects('INDICATOR_RESULT_INVALID', 422);
    });
  });

  describe('qualitative scores lie in their band', () => {
    const withK03 = (attainment: IndicatorResult['attainment'], score: number) => p1Results().map((r) => (r.kpiId === 'P1-K03' ? { ...r, attainment, score } : r));

    it('SCORE_OUTSIDE_BAND (422): 按期完工 partly achieved cannot score 8, the band is [6, 8)', () => {
      const error = refusal(() => selfEvaluation([]).when(decideSubmitSelfEvaluation, submitP1({ indicators: withK03('PARTLY_ACHIEVED', 8) }), { actor: education }).events());
      expect(error).toMatchObject({
        code: 'SCORE_OUTSIDE_BAND',
        status: 422,
        details: { outside: [{ kpiId: 'P1-K03', attainment: 'PARTLY_ACHIEVED', score: 8, band: { min: 6, max: 8, maxInclusive: false } }] },
      });
    });

    it('SCORE_OUTSIDE_BAND: achieved cannot score 7.99', () => {
      selfEvaluation([]).when(decideSubmitSelfEvaluation, submitP1({ indicators: withK03('ACHIEVED', 7.99) }), { actor: education }).thenRejects('SCORE_OUTSIDE_BAND', 422);
    });

    it('SCORE_OUTSIDE_BAND: not achieved cannot score 6', () => {
      selfEvaluation([]).when(decideSubmitSelfEvaluation, submitP1({ indicators: withK03('NOT_ACHIEVED', 6) }), { actor: education }).thenRejects('SCORE_OUTSIDE_BAND', 422);
    });

    it('accepts the band edges: achieved 10 gives 97.35', () => {
      const [event] = selfEvaluation([]).when(decideSubmitSelfEvaluation, submitP1({ indicators: withK03('ACHIEVED', 10) }), { actor: education }).events();
      expect(event.data).toMatchObject({ totalScore: 97.35, grade: 'EXCELLENT' });
    });

    it('accepts not achieved 5.99: 差 timeliness lowers P1 to 93.34', () => {
      const [event] = selfEvaluation([]).when(decideSubmitSelfEvaluation, submitP1({ indicators: withK03('NOT_ACHIEVED', 5.99) }), { actor: education }).events();
      expect(event.data).toMatchObject({ totalScore: 93.34 });
    });
  });

  describe('preconditions from the project and funding streams', () => {
    it('EXECUTION_NOT_CLOSED (422) while the year has no BudgetExecutionClosed', () => {
      const command = { ...submitP1(), closed: undefined };
      const error = refusal(() => selfEvaluation([]).when(decideSubmitSelfEvaluation, command, { actor: education }).events());
      expect(error).toMatchObject({ code: 'EXECUTION_NOT_CLOSED', status: 422, details: { proCode: P1, fiscalYear: FY } });
    });

    it('BUDGET_NOT_APPROVED (422) for a project still in the budget draft', () => {
      selfEvaluation([])
        .when(decideSubmitSelfEvaluation, { ...submitP1(), ...projectFacts(P1, drafted(P1_PROJECT)) }, { actor: education })
        .thenRejects('BUDGET_NOT_APPROVED', 422);
    });

    it('PROJECT_NOT_FOUND (404) for an undeclared project', () => {
      selfEvaluation([]).when(decideSubmitSelfEvaluation, { ...submitP1(), project: undefined }, { actor: education }).thenRejects('PROJECT_NOT_FOUND', 404);
    });
  });

  describe('invariant 12: only the owning department or unit', () => {
    it('D102 cannot submit P1 of D101: NOT_YOUR_PROJECT (403)', () => {
      selfEvaluation([]).when(decideSubmitSelfEvaluation, submitP1(), { actor: health }).thenRejects('NOT_YOUR_PROJECT', 403);
    });

    it('unit D102-02 cannot submit P2 of unit D102-01: 403', () => {
      selfEvaluation([]).when(decideSubmitSelfEvaluation, submitP2(), { actor: hospital }).thenRejects('NOT_YOUR_PROJECT', 403);
    });
  });

  describe('one submission per project and year; corrections until filed', () => {
    it('SELF_EVALUATION_ALREADY_SUBMITTED (422) for a second submission, naming the event to supersede', () => {
      const error = refusal(() => selfEvaluation([p1Submitted()]).when(decideSubmitSelfEvaluation, submitP1(), { actor: education }).events());
      expect(error).toMatchObject({ code: 'SELF_EVALUATION_ALREADY_SUBMITTED', status: 422, details: { submissionEventId: 'given-0' } });
    });

    it('a correction that supersedes the submission is scored afresh: 按期完工 re-rated achieved 8 gives 95.35', () => {
      const indicators = p1Results().map((r) => (r.kpiId === 'P1-K03' ? { ...r, attainment: 'ACHIEVED' as const, score: 8 } : r));
      const supersedes = { eventId: 'given-0', type: 'SelfEvaluationSubmitted', data: p1Submitted().data };
      const corrected = p1Submitted();
      corrected.data = {
        ...corrected.data,
        indicators: evaluated(P1_PROJECT.indicators, indicators, [14.25, 10, 8, 14.6, 10, 10, 9, 10]),
        indicatorPoints: 85.85,
        totalScore: 95.35,
      };
      selfEvaluation([p1Submitted()]).when(decideSubmitSelfEvaluation, submitP1({ indicators }), { actor: education, supersedes }).then([corrected]);
    });

    it('no correction after filing: SELF_EVALUATION_ALREADY_FILED (422)', () => {
      const supersedes = { eventId: 'given-0', type: 'SelfEvaluationSubmitted', data: p1Submitted().data };
      selfEvaluation([p1Submitted(), filed(p1Submitted())])
        .when(decideSubmitSelfEvaluation, submitP1(), { actor: education, supersedes })
        .thenRejects('SELF_EVALUATION_ALREADY_FILED', 422);
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// ReviewSelfEvaluation (主管部门审核)
// ---------------------------------------------------------------------------------------------------------
describe('ReviewSelfEvaluation — the competent department, after submission, before filing, once', () => {
  const review = (proCode: string, deptScore: number, facts: ProjectFacts) => ({ proCode, fiscalYear: FY, deptScore, opinion: '同意单位自评结果', ...facts });
  const p2Review = (deptScore = 95) => review(P2, deptScore, projectFacts(P2, executing(P2_PROJECT)));

  it('D102 scores the self-evaluation of its unit’s P2 at 95 优', () => {
    selfEvaluation([p2Submitted()]).when(decideReviewSelfEvaluation, p2Review(), { actor: health }).then([reviewedByDepartment(P2, 'D102', 95)]);
  });

  it('grades the department score by the rule set: 88.5 is 良', () => {
    const [event] = selfEvaluation([p2Submitted()]).when(decideReviewSelfEvaluation, p2Review(88.5), { actor: health }).events();
    expect(event.data).toMatchObject({ deptScore: 88.5, deptGrade: 'GOOD', ruleSetVersion: 'v1' });
  });

  it('the unit that submitted cannot review its own submission: NOT_COMPETENT_DEPARTMENT (403)', () => {
    selfEvaluation([p2Submitted()]).when(decideReviewSelfEvaluation, p2Review(), { actor: cdc }).thenRejects('NOT_COMPETENT_DEPARTMENT', 403);
  });

  it('D101 cannot review D102’s project: NOT_YOUR_PROJECT (403)', () => {
    selfEvaluation([p2Submitted()]).when(decideReviewSelfEvaluation, p2Review(), { actor: education }).thenRejects('NOT_YOUR_PROJECT', 403);
  });

  it('SELF_EVALUATION_NOT_SUBMITTED (422) before any submission', () => {
    selfEvaluation([]).when(decideReviewSelfEvaluation, p2Review(), { actor: health }).thenRejects('SELF_EVALUATION_NOT_SUBMITTED', 422);
  });

  it('SELF_EVALUATION_ALREADY_REVIEWED (422) for a second review', () => {
    selfEvaluation([p2Submitted(), reviewedByDepartment(P2, 'D102', 95)]).when(decideReviewSelfEvaluation, p2Review(90), { actor: health }).thenRejects('SELF_EVALUATION_ALREADY_REVIEWED', 422);
  });

  it('SELF_EVALUATION_ALREADY_FILED (422) once finance filed it', () => {
    selfEvaluation([p1Submitted(), filed(p1Submitted())])
      .when(decideReviewSelfEvaluation, review(P1, 94, projectFacts(P1, executing(P1_PROJECT))), { actor: education })
      .thenRejects('SELF_EVALUATION_ALREADY_FILED', 422);
  });

  it('PROJECT_NOT_FOUND (404) for an undeclared project', () => {
    selfEvaluation([]).when(decideReviewSelfEvaluation, review(P2, 95, {}), { actor: health }).thenRejects('PROJECT_NOT_FOUND', 404);
  });

  it('a correction after the review asks for a new one: the state drops the review, and D102 reviews the corrected submission', () => {
    const state = foldHistory(evaluationModel, [p2Submitted(), reviewedByDepartment(P2, 'D102', 95), { event: p2Submitted(), supersedes: 'given-0' }]);
    expect(state.review).toBeUndefined();
    expect(state.supersededSubmissions).toEqual(['given-0']);
    const [event] = decideReviewSelfEvaluation(p2Review(94), state, context(health));
    expect(event.data).toMatchObject({ submissionEventId: 'given-2', deptScore: 94 });
  });
});

// ---------------------------------------------------------------------------------------------------------
// FileSelfEvaluation (审核备案)
// ---------------------------------------------------------------------------------------------------------
describe('FileSelfEvaluation — finance files once, after the competent review of a unit’s project', () => {
  const file = (proCode: string) => ({ proCode, fiscalYear: FY, opinion: '予以备案' });

  it('files P1, a department’s own project, without a competent review', () => {
    selfEvaluation([p1Submitted()]).when(decideFileSelfEvaluation, file(P1), { actor: finance }).then([filed(p1Submitted())]);
  });

  it('files P2 after D102 reviewed it', () => {
    selfEvaluation([p2Submitted(), reviewedByDepartment(P2, 'D102', 95)]).when(decideFileSelfEvaluation, file(P2), { actor: finance }).then([filed(p2Submitted())]);
  });

  it('COMPETENT_REVIEW_REQUIRED (422) for P2 of unit D102-01 before D102 reviewed it', () => {
    const error = refusal(() => selfEvaluation([p2Submitted()]).when(decideFileSelfEvaluation, file(P2), { actor: finance }).events());
    expect(error).toMatchObject({ code: 'COMPETENT_REVIEW_REQUIRED', status: 422, details: { deptCode: 'D102', unitCode: 'D102-01' } });
  });

  it('COMPETENT_REVIEW_REQUIRED when the only review was of a submission since corrected', () => {
    const state = foldHistory(evaluationModel, [p2Submitted(), reviewedByDepartment(P2, 'D102', 95), { event: p2Submitted(), supersedes: 'given-0' }]);
    expect(refusal(() => decideFileSelfEvaluation(file(P2), state, context(finance))).code).toBe('COMPETENT_REVIEW_REQUIRED');
  });

  it('files the corrected submission, not the one it superseded', () => {
    const corrected = p1Submitted();
    corrected.data = { ...corrected.data, totalScore: 95.35 };
    const state = foldHistory(evaluationModel, [p1Submitted(), { event: corrected, supersedes: 'given-0' }]);
    const [event] = decideFileSelfEvaluation(file(P1), state, context(finance));
    expect(event.data).toMatchObject({ submissionEventId: 'given-1', totalScore: 95.35 });
  });

  it('SELF_EVALUATION_NOT_SUBMITTED (422) when nothing was submitted', () => {
    selfEvaluation([]).when(decideFileSelfEvaluation, file(P1), { actor: finance }).thenRejects('SELF_EVALUATION_NOT_SUBMITTED', 422);
  });

  it('SELF_EVALUATION_ALREADY_FILED (422) for a second filing', () => {
    selfEvaluation([p1Submitted(), filed(p1Submitted())]).when(decideFileSelfEvaluation, file(P1), { actor: finance }).thenRejects('SELF_EVALUATION_ALREADY_FILED', 422);
  });

  it('the filing cites clause 三(四)1 (评价结果报发改、财政部门审核备案)', () => {
    const [event] = selfEvaluation([p1Submitted()]).when(decideFileSelfEvaluation, file(P1), { actor: finance }).events();
    expect(event.legalBasis).toEqual([{ docNo: '乳发〔2020〕3号', clause: '三(四)1' }]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// RecordSpotCheck (抽查复核) — invariant 10 and the discrepancy flag
// ---------------------------------------------------------------------------------------------------------
describe('RecordSpotCheck — a filed self-evaluation, the discrepancy flag in the same append', () => {
  const HEALTH_RECORDS_REASON = '抽查1200份档案，规范化建档率71%，自评填报92%与系统数据不符';
  const HEALTH_RECORDS_FINDINGS = ['居民电子健康档案规范化建档率自评92%，抽查核实71%，低于目标值85%', '部分档案存在补录、虚填现象'];
  const p2SpotCheck = (reviewScore = 78) => ({
    proCode: P2,
    fiscalYear: FY,
    reviewScore,
    indicatorAdjustments: [{ kpiId: 'P2-K02', selfScore: 15, reviewScore: 12.53, verifiedValue: '71', reason: HEALTH_RECORDS_REASON }],
    findings: HEALTH_RECORDS_FINDINGS,
  });
  const p2Reviewed = (reviewer: Pick<SpotCheckReviewed['data'], 'reviewer' | 'institutionId' | 'commissionId'> = { reviewer: 'FINANCE' }): SpotCheckReviewed => ({
    type: 'SpotCheckReviewed',
    data: {
      proCode: P2,
      fiscalYear: FY,
      ...reviewer,
      submissionEventId: 'given-0',
      selfScore: 96,
      reviewScore: 78,
      reviewGrade: 'FAIR',
      indicatorAdjustments: [{ kpiId: 'P2-K02', selfScore: 15, reviewScore: 12.53, verifiedValue: '71', reason: HEALTH_RECORDS_REASON }],
      findings: HEALTH_RECORDS_FINDINGS,
      ruleSetVersion: 'v1',
    },
  });
  const p2Flagged = (): SelfEvaluationDiscrepancyFlagged => ({
    type: 'SelfEvaluationDiscrepancyFlagged',
    data: {
      proCode: P2,
      fiscalYear: FY,
      selfScore: 96,
      reviewScore: 78,
      delta: 18,
      selfGrade: 'EXCELLENT',
      reviewGrade: 'FAIR',
      reasons: ['SCORE_DELTA', 'GRADE_CHANGE'],
      submissionEventId: 'given-0',
      ruleSetVersion: 'v1',
    },
  });

  it('P2: finance verifies 71 % where 92 % was claimed, reviews 78 中 against the self-evaluation’s 96, and flags the discrepancy (Δ 18, 优 → 中)', () => {
    selfEvaluation(p2Filed()).when(decideRecordSpotCheck, p2SpotCheck(), { actor: finance }).then([p2Reviewed(), p2Flagged()]);
  });

  it('both events name rule set v1 and clause 三(四)1', () => {
    const events = selfEvaluation(p2Filed()).when(decideRecordSpotCheck, p2SpotCheck(), { actor: finance }).events();
    expect(events.map((e) => [e.ruleSetVersion, e.legalBasis])).toEqual([
      ['v1', [{ docNo: '乳发〔2020〕3号', clause: '三(四)1' }]],
      ['v1', [{ docNo: '乳发〔2020〕3号', clause: '三(四)1' }]],
    ]);
  });

  it('TP-002 under its active SPOT_CHECK commission records the same review as a third party', () => {
    selfEvaluation([...p2Filed(), commissioned('SPOT_CHECK', 'SCC-1', engineeringFirm, P2)])
      .when(decideRecordSpotCheck, p2SpotCheck(), { actor: engineeringFirm })
      .then([p2Reviewed({ reviewer: 'THIRD_PARTY', institutionId: 'TP-002', commissionId: 'SCC-1' }), p2Flagged()]);
  });

  it('P3: self 88 良 and spot-check 85 良 differ by 3 in the same grade — no flag', () => {
    const p3Check = { proCode: P3, fiscalYear: FY, reviewScore: 85, findings: ['受益农户满意度调查样本偏少'] };
    selfEvaluation([p3Submitted(), filed(p3Submitted())])
      .when(decideRecordSpotCheck, p3Check, { actor: finance })
      .then([
        {
          type: 'SpotCheckReviewed',
          data: {
            proCode: P3,
            fiscalYear: FY,
            reviewer: 'FINANCE',
            submissionEventId: 'given-0',
            selfScore: 88,
            reviewScore: 85,
            reviewGrade: 'GOOD',
            indicatorAdjustments: [],
            findings: ['受益农户满意度调查样本偏少'],
            ruleSetVersion: 'v1',
          },
        },
      ]);
  });

  it('flags a grade change alone: P1 94.35 优 reviewed at 88 良 (Δ 6.35)', () => {
    const events = selfEvaluation([p1Submitted(), filed(p1Submitted())]).when(decideRecordSpotCheck, { proCode: P1, fiscalYear: FY, reviewScore: 88, findings: ['维护机制运行记录不全'] }, { actor: finance }).events();
    expect(events.map((e) => e.type)).toEqual(['SpotCheckReviewed', 'SelfEvaluationDiscrepancyFlagged']);
    expect(events[1].data).toMatchObject({ delta: 6.35, selfGrade: 'EXCELLENT', reviewGrade: 'GOOD', reasons: ['GRADE_CHANGE'] });
  });

  it('flags a delta alone: a 78 中 self-evaluation reviewed at 62 中 (Δ 16, same grade)', () => {
    const fair = p3Submitted();
    fair.data = { ...fair.data, totalScore: 78, grade: 'FAIR' };
    const events = selfEvaluation([fair, filed(fair)]).when(decideRecordSpotCheck, { proCode: P3, fiscalYear: FY, reviewScore: 62, findings: ['新建面积核实偏少'] }, { actor: finance }).events();
    expect(events[1].data).toMatchObject({ delta: 16, selfGrade: 'FAIR', reviewGrade: 'FAIR', reasons: ['SCORE_DELTA'] });
  });

  it('follows the rule set: with a threshold of 20 and no grade rule, P2’s Δ 18 is not flagged', () => {
    const lenient: RuleSet = { ...DEFAULT_RULE_SET, version: 'v7', spotCheckDiscrepancy: { minScoreDelta: 20, onGradeChange: false } };
    const events = selfEvaluation(p2Filed()).when(decideRecordSpotCheck, p2SpotCheck(), { actor: finance, ruleSet: lenient }).events();
    expect(events.map((e) => e.type)).toEqual(['SpotCheckReviewed']);
    expect(events[0].data).toMatchObject({ ruleSetVersion: 'v7' });
  });

  describe('invariant 10: a filed self-evaluation, and a third party only under an active commission', () => {
    it('SELF_EVALUATION_NOT_FILED (422) for a submitted but unfiled self-evaluation', () => {
      const error = refusal(() => selfEvaluation([p2Submitted(), reviewedByDepartment(P2, 'D102', 95)]).when(decideRecordSpotCheck, p2SpotCheck(), { actor: finance }).events());
      expect(error).toMatchObject({ code: 'SELF_EVALUATION_NOT_FILED', status: 422, details: { submitted: true } });
    });

    it('SELF_EVALUATION_NOT_FILED (422) when nothing was submitted', () => {
      selfEvaluation([]).when(decideRecordSpotCheck, p2SpotCheck(), { actor: finance }).thenRejects('SELF_EVALUATION_NOT_FILED', 422);
    });

    it('a third party without a commission: NO_ACTIVE_COMMISSION (403)', () => {
      selfEvaluation(p2Filed()).when(decideRecordSpotCheck, p2SpotCheck(), { actor: engineeringFirm }).thenRejects('NO_ACTIVE_COMMISSION', 403);
    });

    it('TP-001 while only TP-002 is commissioned: NO_ACTIVE_COMMISSION (403)', () => {
      selfEvaluation([...p2Filed(), commissioned('SPOT_CHECK', 'SCC-1', engineeringFirm, P2)])
        .when(decideRecordSpotCheck, p2SpotCheck(), { actor: accountingFirm })
        .thenRejects('NO_ACTIVE_COMMISSION', 403);
    });

    it('the commission ends with the spot-check: TP-002 cannot record a second one (403), and finance meets SPOT_CHECK_ALREADY_RECORDED (422)', () => {
      const history = [...p2Filed(), commissioned('SPOT_CHECK', 'SCC-1', engineeringFirm, P2), p2Reviewed({ reviewer: 'THIRD_PARTY', institutionId: 'TP-002', commissionId: 'SCC-1' }), p2Flagged()];
      expect(foldHistory(evaluationModel, history).commissions.map((c) => c.status)).toEqual(['COMPLETED']);
      selfEvaluation(history).when(decideRecordSpotCheck, p2SpotCheck(), { actor: engineeringFirm }).thenRejects('NO_ACTIVE_COMMISSION', 403);
      selfEvaluation(history).when(decideRecordSpotCheck, p2SpotCheck(), { actor: finance }).thenRejects('SPOT_CHECK_ALREADY_RECORDED', 422);
    });
  });

  it('INDICATOR_ADJUSTMENTS_INVALID (422): an unknown indicator, a self score that is not the submitted one, a review score above the weight, a repeat', () => {
    const command = {
      ...p2SpotCheck(),
      indicatorAdjustments: [
        { kpiId: 'P2-K09', selfScore: 5, reviewScore: 2, reason: '—' },
        { kpiId: 'P2-K02', selfScore: 14, reviewScore: 12.53, reason: '建档率核实71%' },
        { kpiId: 'P2-K07', selfScore: 9, reviewScore: 11, reason: '满意度复核' },
        { kpiId: 'P2-K07', selfScore: 9, reviewScore: 8, reason: '满意度复核' },
      ],
    };
    const error = refusal(() => selfEvaluation(p2Filed()).when(decideRecordSpotCheck, command, { actor: finance }).events());
    expect(error).toMatchObject({ code: 'INDICATOR_ADJUSTMENTS_INVALID', status: 422 });
    expect(error.details?.problems).toEqual([
      'P2-K09 is not an indicator of the self-evaluation (target version v1)',
      '居民电子健康档案规范化建档率 (P2-K02) scored 15 in the self-evaluation, not 14',
      '居民对基本公共卫生服务满意度 (P2-K07) weighs 10: a review score of 11 exceeds it',
      'P2-K07 is adjusted more than once',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// CommissionThirdParty (委托第三方机构)
// ---------------------------------------------------------------------------------------------------------
describe('CommissionThirdParty — one active commission per institution and scope', () => {
  const commission = (proCode: string, scope: ThirdPartyCommissioned['data']['scope'], institution: Actor, facts: ProjectFacts) => ({
    proCode,
    fiscalYear: FY,
    scope,
    institutionId: institution.institutionId as string,
    institutionName: institution.orgName,
    contractRef: `乳财购〔2025〕${scope === 'SPOT_CHECK' ? 'SCC' : 'KEC'}-1`,
    feeFen: 4_800_000,
    conflictDeclarationRef: `利益冲突声明-${institution.institutionId}-2025`,
    dueDate: '2025-05-31',
    ...facts,
  });
  const p2Spot = (institution = engineeringFirm) => commission(P2, 'SPOT_CHECK', institution, projectFacts(P2, executing(P2_PROJECT)));
  const p4Key = (institution = accountingFirm) => commission(P4, 'KEY_EVALUATION', institution, projectFacts(P4, executing(P4_PROJECT)));

  it('commissions TP-002 for the spot-check of P2 (SCC-1), with fee, conflict declaration and due date', () => {
    commissioning(p2Filed())
      .when(decideCommissionThirdParty, p2Spot(), { actor: finance })
      .then([
        {
          type: 'ThirdPartyCommissioned',
          data: {
            proCode: P2,
            fiscalYear: FY,
            commissionId: 'SCC-1',
            scope: 'SPOT_CHECK',
            institutionId: 'TP-002',
            institutionName: '山东海岳工程咨询有限公司（虚构）',
            contractRef: '乳财购〔2025〕SCC-1',
            feeFen: 4_800_000,
            conflictDeclarationRef: '利益冲突声明-TP-002-2025',
            dueDate: '2025-05-31',
          },
        },
      ]);
  });

  it('commissions TP-001 for the key evaluation of P4 (KEC-1), citing 三(四)2, 四 and 财预〔2021〕6号', () => {
    const [event] = commissioning([]).when(decideCommissionThirdParty, p4Key(), { actor: finance }).events();
    expect(event.data).toMatchObject({ commissionId: 'KEC-1', scope: 'KEY_EVALUATION', institutionId: 'TP-001' });
    expect(event.legalBasis).toEqual([
      { docNo: '乳发〔2020〕3号', clause: '三(四)2' },
      { docNo: '乳发〔2020〕3号', clause: '四' },
      { docNo: '财预〔2021〕6号' },
    ]);
  });

  it('a spot-check commission cites 三(四)1', () => {
    const [event] = commissioning(p2Filed()).when(decideCommissionThirdParty, p2Spot(), { actor: finance }).events();
    expect(event.legalBasis?.[0]).toEqual({ docNo: '乳发〔2020〕3号', clause: '三(四)1' });
  });

  it('COMMISSION_ALREADY_ACTIVE (422) for the same institution and scope, naming the active commission', () => {
    const error = refusal(() => commissioning([commissioned('KEY_EVALUATION', 'KEC-1', accountingFirm, P4)]).when(decideCommissionThirdParty, p4Key(), { actor: finance }).events());
    expect(error).toMatchObject({ code: 'COMMISSION_ALREADY_ACTIVE', status: 422, details: { commissionId: 'KEC-1' } });
  });

  it('another institution may be commissioned beside it (KEC-2)', () => {
    const [event] = commissioning([commissioned('KEY_EVALUATION', 'KEC-1', accountingFirm, P4)]).when(decideCommissionThirdParty, p4Key(engineeringFirm), { actor: finance }).events();
    expect(event.data).toMatchObject({ commissionId: 'KEC-2', institutionId: 'TP-002' });
  });

  it('SPOT_CHECK_ALREADY_RECORDED (422) once the spot-check is done', () => {
    const spotChecked: SpotCheckReviewed = {
      type: 'SpotCheckReviewed',
      data: { proCode: P2, fiscalYear: FY, reviewer: 'FINANCE', submissionEventId: 'given-0', selfScore: 96, reviewScore: 78, reviewGrade: 'FAIR', indicatorAdjustments: [], findings: ['建档率虚报'], ruleSetVersion: 'v1' },
    };
    commissioning([...p2Filed(), spotChecked]).when(decideCommissionThirdParty, p2Spot(), { actor: finance }).thenRejects('SPOT_CHECK_ALREADY_RECORDED', 422);
  });

  it('KEY_EVALUATION_ALREADY_COMPLETED (422) once the key evaluation is completed', () => {
    commissioning([commissioned('KEY_EVALUATION', 'KEC-1', accountingFirm, P4), p4Report(), p4Completed()])
      .when(decideCommissionThirdParty, p4Key(engineeringFirm), { actor: finance })
      .thenRejects('KEY_EVALUATION_ALREADY_COMPLETED', 422);
  });

  it('BUDGET_NOT_APPROVED (422) for a year that was never approved', () => {
    commissioning([])
      .when(decideCommissionThirdParty, { ...p4Key(), ...projectFacts(P4, drafted(P4_PROJECT)) }, { actor: finance })
      .thenRejects('BUDGET_NOT_APPROVED', 422);
  });

  it('PROJECT_NOT_FOUND (404) for an undeclared project', () => {
    commissioning([]).when(decideCommissionThirdParty, { ...p4Key(), project: undefined }, { actor: finance }).thenRejects('PROJECT_NOT_FOUND', 404);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Key evaluation (重点评价) — P4 by TP-001, 72 中
// ---------------------------------------------------------------------------------------------------------
const P4_FINDINGS = ['项目前期准备不足，开工延误', '资金支出进度严重滞后，7月执行率仅15%'];
const P4_RECOMMENDATIONS = ['完善前期论证和项目储备', '按效付费，PPP可用性付费系数下调'];
const P4_EVIDENCE = [{ name: '城镇老旧小区改造重点评价报告.pdf', sha256: REPORT_SHA }];
const P4_SCORES = { DECISION: 15, PROCESS: 11, OUTPUT: 29, BENEFIT: 17 };

function p4Report(change: Partial<KeyEvaluationReportSubmitted['data']> = {}): KeyEvaluationReportSubmitted {
  return {
    type: 'KeyEvaluationReportSubmitted',
    data: {
      proCode: P4,
      fiscalYear: FY,
      reportId: 'KER-1',
      commissionId: 'KEC-1',
      institutionId: 'TP-001',
      institutionName: '威海正信会计师事务所（虚构）',
      frameworkScores: P4_SCORES,
      frameworkMaxScores: { DECISION: 20, PROCESS: 20, OUTPUT: 40, BENEFIT: 20 },
      totalScore: 72,
      grade: 'FAIR',
      findings: P4_FINDINGS,
      recommendations: P4_RECOMMENDATIONS,
      reportRef: '正信评字〔2025〕7号',
      ruleSetVersion: 'v1',
      ...change,
    },
  };
}
function p4Completed(change: Partial<KeyEvaluationCompleted['data']> = {}): KeyEvaluationCompleted {
  return {
    type: 'KeyEvaluationCompleted',
    data: {
      proCode: P4,
      fiscalYear: FY,
      acceptedReportEventId: 'given-1',
      reportId: 'KER-1',
      institutionId: 'TP-001',
      reportScore: 72,
      reportGrade: 'FAIR',
      finalScore: 72,
      finalGrade: 'FAIR',
      opinion: '同意评价结论',
      ruleSetVersion: 'v1',
      ...change,
    },
  };
}

describe('SubmitKeyEvaluationReport — a third party under an active KEY_EVALUATION commission', () => {
  const report = (frameworkScores = P4_SCORES) => ({
    proCode: P4,
    fiscalYear: FY,
    frameworkScores,
    findings: P4_FINDINGS,
    recommendations: P4_RECOMMENDATIONS,
    reportRef: '正信评字〔2025〕7号',
    evidence: P4_EVIDENCE,
  });
  const commissionedP4 = (): KeyEvaluationEvent[] => [commissioned('KEY_EVALUATION', 'KEC-1', accountingFirm, P4)];

  it('TP-001 reports P4: decision 15 + process 11 + output 29 + benefit 17 = 72 中', () => {
    keyEvaluation(commissionedP4()).when(decideSubmitKeyEvaluationReport, report(), { actor: accountingFirm }).then([p4Report()]);
  });

  it('the report names rule set v1 and clause 三(四)2', () => {
    const [event] = keyEvaluation(commissionedP4()).when(decideSubmitKeyEvaluationReport, report(), { actor: accountingFirm }).events();
    expect([event.ruleSetVersion, event.legalBasis]).toEqual(['v1', [{ docNo: '乳发〔2020〕3号', clause: '三(四)2' }]]);
  });

  it('a third party without a commission: NO_ACTIVE_COMMISSION (403)', () => {
    keyEvaluation([]).when(decideSubmitKeyEvaluationReport, report(), { actor: accountingFirm }).thenRejects('NO_ACTIVE_COMMISSION', 403);
  });

  it('TP-002 while only TP-001 is commissioned: NO_ACTIVE_COMMISSION (403)', () => {
    keyEvaluation(commissionedP4()).when(decideSubmitKeyEvaluationReport, report(), { actor: engineeringFirm }).thenRejects('NO_ACTIVE_COMMISSION', 403);
  });

  it('after completion the commission has ended: NO_ACTIVE_COMMISSION (403), saying the evaluation was completed', () => {
    const error = refusal(() => keyEvaluation([...commissionedP4(), p4Report(), p4Completed()]).when(decideSubmitKeyEvaluationReport, report(), { actor: accountingFirm }).events());
    expect(error).toMatchObject({ code: 'NO_ACTIVE_COMMISSION', status: 403 });
    expect(error.message).toContain('completed');
  });

  it('FRAMEWORK_SCORE_ABOVE_MAXIMUM (422): output 41 of 40 and decision 21 of 20', () => {
    const error = refusal(() => keyEvaluation(commissionedP4()).when(decideSubmitKeyEvaluationReport, report({ DECISION: 21, PROCESS: 11, OUTPUT: 41, BENEFIT: 17 }), { actor: accountingFirm }).events());
    expect(error).toMatchObject({
      code: 'FRAMEWORK_SCORE_ABOVE_MAXIMUM',
      status: 422,
      details: {
        above: [
          { dimension: 'DECISION', score: 21, maxScore: 20 },
          { dimension: 'OUTPUT', score: 41, maxScore: 40 },
        ],
      },
    });
  });

  it('follows the framework of the rule set: under 30/20/30/20 a decision of 25 passes and an output of 35 does not', () => {
    const framework: RuleSet = { ...DEFAULT_RULE_SET, version: 'v3', keyEvaluationFramework: { DECISION: 30, PROCESS: 20, OUTPUT: 30, BENEFIT: 20 } };
    const [event] = keyEvaluation(commissionedP4()).when(decideSubmitKeyEvaluationReport, report({ DECISION: 25, PROCESS: 11, OUTPUT: 29, BENEFIT: 17 }), { actor: accountingFirm, ruleSet: framework }).events();
    expect(event.data).toMatchObject({ totalScore: 82, grade: 'GOOD', frameworkMaxScores: { DECISION: 30, PROCESS: 20, OUTPUT: 30, BENEFIT: 20 }, ruleSetVersion: 'v3' });
    keyEvaluation(commissionedP4())
      .when(decideSubmitKeyEvaluationReport, report({ DECISION: 15, PROCESS: 11, OUTPUT: 35, BENEFIT: 17 }), { actor: accountingFirm, ruleSet: framework })
      .thenRejects('FRAMEWORK_SCORE_ABOVE_MAXIMUM', 422);
  });

  it('EVIDENCE_REQUIRED (422) without the report’s hash', () => {
    keyEvaluation(commissionedP4()).when(decideSubmitKeyEvaluationReport, { ...report(), evidence: [] }, { actor: accountingFirm }).thenRejects('EVIDENCE_REQUIRED', 422);
  });

  it('REPORT_ALREADY_SUBMITTED (422) for a second report without supersedes, naming the event to supersede', () => {
    const error = refusal(() => keyEvaluation([...commissionedP4(), p4Report()]).when(decideSubmitKeyEvaluationReport, report(), { actor: accountingFirm }).events());
    expect(error).toMatchObject({ code: 'REPORT_ALREADY_SUBMITTED', status: 422, details: { reportId: 'KER-1', eventId: 'given-1' } });
  });

  it('a revised report supersedes the first one as KER-2', () => {
    const supersedes = { eventId: 'given-1', type: 'KeyEvaluationReportSubmitted', data: p4Report().data };
    const revisedScores = { DECISION: 15, PROCESS: 12, OUTPUT: 29, BENEFIT: 17 };
    keyEvaluation([...commissionedP4(), p4Report()])
      .when(decideSubmitKeyEvaluationReport, report(revisedScores), { actor: accountingFirm, supersedes })
      .then([p4Report({ reportId: 'KER-2', frameworkScores: revisedScores, totalScore: 73 })]);
  });

  it('NOT_YOUR_REPORT (403) when TP-002 tries to supersede TP-001’s report', () => {
    const supersedes = { eventId: 'given-2', type: 'KeyEvaluationReportSubmitted', data: p4Report().data };
    keyEvaluation([...commissionedP4(), commissioned('KEY_EVALUATION', 'KEC-2', engineeringFirm, P4), p4Report()])
      .when(decideSubmitKeyEvaluationReport, report(), { actor: engineeringFirm, supersedes })
      .thenRejects('NOT_YOUR_REPORT', 403);
  });
});

describe('CompleteKeyEvaluation — finance accepts a report', () => {
  const complete = (change: { reportEventId?: string; finalScore?: number; adjustmentReason?: string } = {}) => ({
    proCode: P4,
    fiscalYear: FY,
    reportEventId: 'given-1',
    opinion: '同意评价结论',
    ...change,
  });
  const reported = (): KeyEvaluationEvent[] => [commissioned('KEY_EVALUATION', 'KEC-1', accountingFirm, P4), p4Report()];

  it('accepts TP-001’s report: final 72 中, the report’s score', () => {
    keyEvaluation(reported()).when(decideCompleteKeyEvaluation, complete(), { actor: finance }).then([p4Completed()]);
  });

  it('a final score that differs from the report’s needs a reason; its grade follows from the rule set', () => {
    keyEvaluation(reported())
      .when(decideCompleteKeyEvaluation, complete({ finalScore: 58, adjustmentReason: '复核发现部分产出未经验收即计分' }), { actor: finance })
      .then([p4Completed({ finalScore: 58, finalGrade: 'POOR', adjustmentReason: '复核发现部分产出未经验收即计分' })]);
  });

  it('FINAL_SCORE_REASON_REQUIRED (422) for a different final score without a reason', () => {
    const error = refusal(() => keyEvaluation(reported()).when(decideCompleteKeyEvaluation, complete({ finalScore: 70, adjustmentReason: '  ' }), { actor: finance }).events());
    expect(error).toMatchObject({ code: 'FINAL_SCORE_REASON_REQUIRED', status: 422, details: { reportScore: 72, finalScore: 70 } });
  });

  it('REPORT_NOT_FOUND (404) for an event that is not a report of this key evaluation', () => {
    keyEvaluation(reported()).when(decideCompleteKeyEvaluation, complete({ reportEventId: 'given-0' }), { actor: finance }).thenRejects('REPORT_NOT_FOUND', 404);
  });

  it('REPORT_SUPERSEDED (422) for a report its author has since revised', () => {
    const state = foldHistory(keyEvaluationModel, [...reported(), { event: p4Report({ reportId: 'KER-2', totalScore: 73 }), supersedes: 'given-1' }]);
    expect(state.reports.map((r) => r.supersededBy)).toEqual(['given-2', undefined]);
    const error = refusal(() => decideCompleteKeyEvaluation(complete(), state, context(finance)));
    expect(error).toMatchObject({ code: 'REPORT_SUPERSEDED', status: 422, details: { supersededBy: 'given-2' } });
  });

  it('KEY_EVALUATION_ALREADY_COMPLETED (422) for a second completion', () => {
    keyEvaluation([...reported(), p4Completed()]).when(decideCompleteKeyEvaluation, complete(), { actor: finance }).thenRejects('KEY_EVALUATION_ALREADY_COMPLETED', 422);
  });

  it('completion ends the key-evaluation commissions', () => {
    expect(foldHistory(keyEvaluationModel, [...reported(), p4Completed()]).commissions.map((c) => c.status)).toEqual(['COMPLETED']);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Reading an evaluation (GET /projects/{proCode}/evaluations/{fiscalYear})
// ---------------------------------------------------------------------------------------------------------
describe('GetEvaluation — who reads, and what the view shows', () => {
  const p2Owner = { proCode: P2, deptCode: 'D102', unitCode: 'D102-01' };
  const tp002 = foldHistory(evaluationModel, [...p2Filed(), commissioned('SPOT_CHECK', 'SCC-1', engineeringFirm, P2)]).commissions;

  it.each([
    ['finance', finance],
    ['audit', audit],
    ['the competent department D102', health],
    ['the executing unit D102-01', cdc],
    ['TP-002, commissioned for the spot-check', engineeringFirm],
  ])('%s may read P2’s evaluation', (_who, actor) => {
    expect(() => assertMayReadEvaluation(actor, p2Owner, tp002)).not.toThrow();
  });

  it.each([
    ['D101, another department', education],
    ['unit D102-02, another unit of D102', hospital],
    ['TP-001, not commissioned on P2', accountingFirm],
    ['the treasury integration', treasury],
  ])('%s may not: NOT_YOUR_PROJECT (403)', (_who, actor) => {
    const error = refusal(() => assertMayReadEvaluation(actor, p2Owner, tp002));
    expect(error).toMatchObject({ code: 'NOT_YOUR_PROJECT', status: 403 });
  });

  it('a third party keeps reading after its commission ended with the spot-check', () => {
    const ended = foldHistory(evaluationModel, [
      ...p2Filed(),
      commissioned('SPOT_CHECK', 'SCC-1', engineeringFirm, P2),
      { type: 'SpotCheckReviewed', data: { proCode: P2, fiscalYear: FY, reviewer: 'THIRD_PARTY', institutionId: 'TP-002', commissionId: 'SCC-1', submissionEventId: 'given-0', selfScore: 96, reviewScore: 78, reviewGrade: 'FAIR', indicatorAdjustments: [], findings: ['建档率虚报'], ruleSetVersion: 'v1' } },
    ]).commissions;
    expect(() => assertMayReadEvaluation(engineeringFirm, p2Owner, ended)).not.toThrow();
  });

  it('shows P2 spot-checked with its discrepancy, the department’s score, and no key evaluation', () => {
    const self = foldHistory(evaluationModel, [...p2Filed(), ...selfEvaluation(p2Filed()).when(decideRecordSpotCheck, { proCode: P2, fiscalYear: FY, reviewScore: 78, findings: ['建档率虚报'] }, { actor: finance }).events()]);
    const view = evaluationView(P2, FY, self, keyEvaluationModel.initialState());
    expect(view).toMatchObject({
      stage: 'SPOT_CHECKED',
      revisions: { evaluation: 4, keyEvaluation: -1 },
      selfEvaluation: { totalScore: 96, grade: 'EXCELLENT', eventId: 'given-0' },
      competentReview: { deptScore: 95 },
      filing: { submissionEventId: 'given-0' },
      spotCheck: { reviewScore: 78, reviewGrade: 'FAIR' },
      discrepancy: { delta: 18 },
      keyEvaluation: { stage: 'NOT_COMMISSIONED', reports: [], completion: null },
    });
  });

  it('shows P4’s key evaluation completed at 72 中, with the commission that produced it', () => {
    const key = foldHistory(keyEvaluationModel, [commissioned('KEY_EVALUATION', 'KEC-1', accountingFirm, P4), p4Report(), p4Completed()]);
    const view = evaluationView(P4, FY, evaluationModel.initialState(), key);
    expect(view).toMatchObject({
      stage: 'NOT_SUBMITTED',
      selfEvaluation: null,
      commissions: [{ commissionId: 'KEC-1', institutionId: 'TP-001', status: 'COMPLETED' }],
      keyEvaluation: { stage: 'COMPLETED', completion: { finalScore: 72, finalGrade: 'FAIR', acceptedReportEventId: 'given-1' } },
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// The folds are pure
// ---------------------------------------------------------------------------------------------------------
describe('evaluation state folds never mutate', () => {
  function deepFreeze<T>(value: T): T {
    if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
      Object.freeze(value);
      for (const inner of Object.values(value)) deepFreeze(inner);
    }
    return value;
  }

  it('folds a frozen P2 history and leaves every earlier state as it was', () => {
    const submitted = deepFreeze(foldHistory(evaluationModel, [p2Submitted(), commissioned('SPOT_CHECK', 'SCC-1', engineeringFirm, P2)]));
    const next = evaluationModel.evolve(submitted, deepFreeze(reviewedByDepartment(P2, 'D102', 95)), { eventId: 'given-2', revision: 2, occurredAt: AT, actor: health });
    expect(submitted.review).toBeUndefined();
    expect(next.review?.deptScore).toBe(95);
    const checked = evaluationModel.evolve(next, deepFreeze(filed(p2Submitted())), { eventId: 'given-3', revision: 3, occurredAt: AT, actor: finance });
    expect(next.filing).toBeUndefined();
    expect(checked.filing?.eventId).toBe('given-3');
  });

  it('folds a frozen key evaluation and leaves the commissions of the earlier state active', () => {
    const reported = deepFreeze(foldHistory(keyEvaluationModel, [commissioned('KEY_EVALUATION', 'KEC-1', accountingFirm, P4), p4Report()]));
    const completed = keyEvaluationModel.evolve(reported, deepFreeze(p4Completed()), { eventId: 'given-2', revision: 2, occurredAt: AT, actor: finance });
    expect(reported.commissions[0].status).toBe('ACTIVE');
    expect(completed.commissions[0].status).toBe('COMPLETED');
  });
});
