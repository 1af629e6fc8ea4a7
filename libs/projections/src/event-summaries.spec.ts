import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_RULE_SET } from '../../rule-sets/src/rule-set.js';
import { eventLog } from '../../testing/src/projection-spec.js';
import { P1, P2, P2_DISCREPANCY_FLAGGED, P2_REFERRALS, P3, P3_REVISION, P4, P4_STORY, RESULTS_DISCLOSED, declarationOf } from '../../testing/src/rushan-fixtures.js';
import { type KnownEvent, genericSummary, hasOwnSummary, summarize } from './event-summaries.js';

const LIBS = fileURLToPath(new URL('../../', import.meta.url));

/** Every `type: '…'` literal of every *.events.ts: what the write side can append, read from its contracts. */
function declaredEventTypes(): string[] {
  const types = new Set<string>();
  for (const lib of readdirSync(LIBS)) {
    let files: string[];
    try {
      files = readdirSync(join(LIBS, lib, 'src')).filter((f) => f.endsWith('.events.ts'));
    } catch {
      continue;
    }
    for (const file of files) {
      for (const match of readFileSync(join(LIBS, lib, 'src', file), 'utf8').matchAll(/^\s+type: '([A-Za-z]+)';$/gm)) types.add(match[1]);
    }
  }
  return [...types].sort();
}

const TP001 = { institutionId: 'TP-001', institutionName: '威海正信会计师事务所（虚构）' };

/** One realistic event of every declared type (乳山 FY2024, domain.md §9); the mapped type makes a missing one a compile error. */
const SAMPLES: { [E in KnownEvent as E['type']]: E['data'] } = {
  BudgetProjectDeclared: declarationOf(P4),
  ExAnteAssessmentCommissioned: { proCode: P3, commissionId: 'EAC-1', ...TP001, contractRef: '乳发改委托〔2023〕12号', dueDate: '2023-10-15' },
  ExAnteAssessmentRecorded: {
    proCode: P3,
    assessmentId: 'EA-1',
    assessorType: 'THIRD_PARTY',
    institutionId: 'TP-001',
    commissionId: 'EAC-1',
    dimensions: [
      { dimension: 'NECESSITY', score: 18, maxScore: 20 },
      { dimension: 'INPUT_ECONOMY', score: 16, maxScore: 20 },
      { dimension: 'TARGET_REASONABLENESS', score: 17, maxScore: 20 },
      { dimension: 'PLAN_FEASIBILITY', score: 17, maxScore: 20 },
      { dimension: 'FINANCING_COMPLIANCE', score: 16, maxScore: 20 },
    ],
    totalScore: 84,
    grade: 'GOOD',
    conclusion: 'SUPPORT',
    reportRef: 'P3事前绩效评估报告（TP-001）.pdf',
  },
  ExAnteAssessmentReviewed: { proCode: '371083-2024-D105-004', assessmentId: 'EA-1', outcome: 'FAILED', grade: 'POOR', opinion: '场均成本偏高，需求论证不足，评估等级为差，不予支持。' },
  PerformanceTargetSet: {
    proCode: P3,
    fiscalYear: 2024,
    version: 1,
    overallObjective: '建成旱涝保收、高产稳产的高标准农田',
    annualObjective: '2024年新建高标准农田8000亩',
    indicators: [
      { kpiId: 'P3-OUT-01', tier1: 'OUTPUT', tier2: 'QUANTITY', name: '新建高标准农田面积', comparator: 'GTE', targetValue: '8000', unit: '亩', direction: 'POSITIVE', weight: 20, scoringRule: '按完成比例得分' },
      { kpiId: 'P3-SAT-01', tier1: 'SATISFACTION', tier2: 'RECIPIENT_SATISFACTION', name: '受益农户满意度', comparator: 'GTE', targetValue: '90', unit: '%', direction: 'POSITIVE', weight: 10, scoringRule: '按完成比例得分' },
    ],
  },
  PerformanceTargetReviewed: {
    proCode: P3,
    fiscalYear: 2024,
    version: 1,
    outcome: 'RETURNED',
    checks: { formatCompliant: true, complete: false, matchesFunding: true },
    opinion: '效益指标缺少生态效益指标，请补充后重新报送。',
  },
  ProjectAdmittedToLibrary: { proCode: P3, fiscalYear: 2024, targetVersion: 2, libraryBatch: '2024-01', exAnteAssessmentId: 'EA-1' },
  ProjectRejectedFromLibrary: { proCode: '371083-2024-D105-004', reason: 'EX_ANTE_FAILED', detail: '事前绩效评估55分（差），财政审核未通过。' },
  ProjectIncludedInBudgetDraft: { proCode: P4, fiscalYear: 2024, budgetBook: 'GOVERNMENT_FUND', requestedFen: 2_500_000_000, proposedFen: 2_500_000_000, targetVersion: 1 },
  BudgetAndTargetsApproved: { proCode: P4, fiscalYear: 2024, approvedFen: 2_500_000_000, targetVersion: 1, approvalDocNo: '乳财预〔2024〕1号' },
  PerformanceTargetRevisionRequested: { ...P3_REVISION.requested, indicators: [] },
  PerformanceTargetRevised: P3_REVISION.revised,
  PerformanceTargetRevisionRejected: { proCode: P3, fiscalYear: 2024, requestId: 'TR-2024-2', opinion: '理由不充分。' },
  ProjectTerminated: { proCode: P4, reason: 'COMPLETED', detail: '改造任务完成，项目清理退出。', effectiveOn: '2025-12-31', basisEvents: [] },

  FundsDisbursed: { proCode: P1, fiscalYear: 2024, amountFen: 150_000_000, paymentRef: 'GK-D101-001-20240320', paidOn: '2024-03-20', fundSource: '市级财政资金' },
  BudgetAdjusted: { proCode: P3, fiscalYear: 2024, deltaFen: 50_000_000, adjustedBudgetFen: 1_250_000_000, reason: '追加配套资金', docNo: '乳财预〔2024〕38号', effectiveOn: '2024-09-01' },
  FundDisbursementSuspended: P4_STORY.suspended,
  FundingStopProposed: {
    proCode: P4,
    fiscalYear: 2024,
    proposalId: 'STOP-1',
    basis: { kind: 'KEY_MONITORING_FINDING', stream: `monitoring-${P4}-2024`, eventId: '1333ad5b-b56c-5dd1-8b01-bc3394c807d3', findingIndex: 0 },
    reason: '施工进度严重滞后',
    docNo: '乳财预〔2024〕34号',
    proposedBy: 'fin-wangmin',
  },
  FundDisbursementStopped: {
    proCode: P4,
    fiscalYear: 2024,
    proposalId: 'STOP-1',
    basis: { kind: 'KEY_MONITORING_FINDING', stream: `monitoring-${P4}-2024`, eventId: '1333ad5b-b56c-5dd1-8b01-bc3394c807d3', findingIndex: 0 },
    effectiveOn: '2024-09-10',
    docNo: '乳财预〔2024〕34号',
    proposedBy: 'fin-wangmin',
    approvedBy: 'fin-liqiang',
  },
  FundDisbursementResumed: P4_STORY.resumed,
  FundsRecoveryProposed: P4_STORY.recoveryProposed,
  FundsRecovered: P4_STORY.recovered,
  NextYearBudgetReductionProposed: { ...P4_STORY.reductionProposed, basisEvents: [] },
  BudgetExecutionClosed: {
    proCode: P4,
    fiscalYear: 2024,
    initialApprovedFen: 2_500_000_000,
    inYearAdjustmentFen: 0,
    adjustedBudgetFen: 2_500_000_000,
    executedFen: 1_075_000_000,
    recoveredFen: 300_000_000,
    carryOverFen: 0,
    balanceFen: 1_425_000_000,
  },

  MonitoringTaskIssued: {
    taskId: 'MT-2024-07',
    fiscalYear: 2024,
    mode: 'SELF',
    title: '2024年度项目绩效运行监控（截至7月31日）',
    asOfDate: '2024-07-31',
    dueDate: '2024-08-10',
    scope: { proCodes: [P1, P2, P3, P4] },
  },
  MonitoringSnapshotRecorded: {
    ...P4_STORY.julySnapshot,
    indicators: [
      { kpiId: 'P4-OUT-01', actualToDate: '3', estimatedAnnual: '10', completionLikelihood: 'UNLIKELY', deviationReason: '施工单位组织不力', correctiveMeasures: '约谈施工单位' },
      { kpiId: 'P4-OUT-03', actualToDate: '100', estimatedAnnual: '100', completionLikelihood: 'CERTAIN' },
    ],
  },
  DeviationFlagged: { proCode: P4, fiscalYear: 2024, taskId: 'MT-2024-07', asOfDate: '2024-07-31', metric: 'PROJECT', light: 'RED', ruleId: 'PROJECT_WORST_LIGHT', ruleSetVersion: 'v1' },
  KeyMonitoringConducted: P4_STORY.keyMonitoring,

  RectificationNoticeIssued: { ...P4_STORY.rectificationNotice, basisEvents: [] },
  RectificationReported: P4_STORY.rectificationReported,
  RectificationAccepted: P4_STORY.rectificationAccepted,
  RectificationRejected: { caseId: 'RC-2024-P3-01', opinion: '赶工计划不具体。', newDeadline: '2024-09-20' },
  RectificationOverdue: P4_STORY.rectificationOverdue,

  SelfEvaluationSubmitted: {
    proCode: P1,
    fiscalYear: 2024,
    deptCode: 'D101',
    targetVersion: 1,
    annualObjective: '2024年完成12000㎡校舍安全改造',
    annualObjectiveNarrative: '年度目标基本完成',
    budget: { adjustedBudgetFen: 680_000_000, executedFen: 646_000_000, executionRate: 95 },
    indicators: [
      { kpiId: 'P1-OUT-01', tier1: 'OUTPUT', tier2: 'QUANTITY', name: '改造校舍面积', comparator: 'GTE', targetValue: '12000', unit: '㎡', direction: 'POSITIVE', weight: 15, actualValue: '11400', score: 14.25 },
    ],
    executionPoints: 9.5,
    indicatorPoints: 84.85,
    totalScore: 94.35,
    grade: 'EXCELLENT',
    ruleSetVersion: 'v1',
    basisEvents: [],
  },
  SelfEvaluationReviewedByCompetentDepartment: {
    proCode: P2,
    fiscalYear: 2024,
    deptCode: 'D102',
    submissionEventId: '5a171ce4-61c4-5fd6-beed-b59346837121',
    deptScore: 95,
    deptGrade: 'EXCELLENT',
    opinion: '自评基本客观，建档率数据需进一步核实。',
    ruleSetVersion: 'v1',
  },
  SelfEvaluationFiled: { proCode: P1, fiscalYear: 2024, submissionEventId: '5ee5931a-1672-52f0-a537-6943bef80f7d', totalScore: 94.35, grade: 'EXCELLENT', opinion: '自评材料完整，予以备案。' },
  ThirdPartyCommissioned: {
    proCode: P4,
    fiscalYear: 2024,
    commissionId: 'KEC-1',
    scope: 'KEY_EVALUATION',
    ...TP001,
    contractRef: '乳财委〔2025〕3号',
    feeFen: 8_000_000,
    conflictDeclarationRef: 'TP-001利益冲突声明（2025-03-01）',
  },
  SpotCheckReviewed: {
    proCode: P2,
    fiscalYear: 2024,
    reviewer: 'FINANCE',
    submissionEventId: '5a171ce4-61c4-5fd6-beed-b59346837121',
    selfScore: 96,
    reviewScore: 78,
    reviewGrade: 'FAIR',
    indicatorAdjustments: [{ kpiId: 'P2-OUT-01', selfScore: 15, reviewScore: 12.53, verifiedValue: '71', reason: '抽查1200份档案，有效档案率71%' }],
    findings: ['居民电子健康档案建档率自评92%，抽查核实仅71%'],
    ruleSetVersion: 'v1',
  },
  SelfEvaluationDiscrepancyFlagged: { ...P2_DISCREPANCY_FLAGGED, submissionEventId: '5a171ce4-61c4-5fd6-beed-b59346837121' },
  KeyEvaluationReportSubmitted: P4_STORY.keyEvaluationReport,
  KeyEvaluationCompleted: { ...P4_STORY.keyEvaluationCompleted, acceptedReportEventId: '25815971-bf3b-5303-ab1a-4502c124948b' },

  EvaluationResultFedBack: {
    proCode: P4,
    fiscalYear: 2024,
    feedbackId: 'FB-1',
    deptCode: 'D104',
    requiredActions: ['完善PPP绩效付费机制', '加强项目前期准备'],
    dueDate: '2025-06-30',
    basisEvents: [],
  },
  BudgetAdjustedForNextYear: {
    proCode: P4,
    fiscalYear: 2024,
    adjustmentId: 'ADJ-2',
    targetFiscalYear: 2026,
    baseFen: 2_000_000_000,
    adjustmentFen: -200_000_000,
    adjustedFen: 1_800_000_000,
    direction: 'DECREASE',
    basis: 'EVALUATION_GRADE',
    grade: 'FAIR',
    linkagePercent: -10,
    reason: '重点评价等级为中，按规定压减10%',
    basisEvents: [],
  },
  PerformancePaymentAdjusted: {
    proCode: P4,
    fiscalYear: 2024,
    paymentId: 'PAY-1',
    contractRef: 'PPP-RS-2023-07',
    periodScore: 72,
    paymentFactor: 0.9,
    scheduledFen: 800_000_000,
    payableFen: 720_000_000,
    basisEvents: [],
  },
  ResultsDisclosed: RESULTS_DISCLOSED,
  ResultsReportedToPeoplesCongress: {
    fiscalYear: 2024,
    reportId: 'NPC-2024-1',
    kind: 'EVALUATION_RESULTS',
    items: [P1, P2, P3, P4],
    accompanies: 'DRAFT_FINAL_ACCOUNTS',
    submittedOn: '2025-06-20',
    sessionRef: '乳山市第十九届人大常委会第二十次会议',
  },

  CirculationNoticeIssued: {
    noticeId: 'TB-2025-01',
    fiscalYear: 2024,
    docNo: '乳财绩〔2025〕8号',
    subjects: [{ deptCode: 'D102', proCode: P2 }],
    reasons: ['LARGE_DISCREPANCY'],
    text: '基本公共卫生服务市级配套项目自评96分，抽查复核78分，差异较大，予以通报。',
    basisEvents: [],
  },
  AuditFindingRecorded: { findingId: 'SJ-2025-03', proCode: P2, deptCode: 'D102', fiscalYear: 2024, category: 'FALSIFICATION', text: '批量补录不实健康档案约2500份。' },
  AccountabilityReferred: { ...P2_REFERRALS.byFinance, basisEvents: [] },

  DepartmentOverallTargetSet: { deptCode: 'D101', fiscalYear: 2024, version: 1, objective: '改善办学条件，提升教育质量', indicators: [] },
  DepartmentOverallSelfEvaluationSubmitted: { deptCode: 'D101', fiscalYear: 2024, targetVersion: 1, dimensions: [], totalScore: 95, grade: 'EXCELLENT' },
  DepartmentOverallPerformanceReported: {
    deptCode: 'D101',
    fiscalYear: 2024,
    recipients: ['GOVERNMENT', 'PEOPLES_CONGRESS'],
    reportRef: '乳教体〔2025〕9号',
    reportedOn: '2025-03-20',
    targetVersion: 1,
    totalScore: 95,
    grade: 'EXCELLENT',
  },
  RuleSetPublished: { ruleSet: DEFAULT_RULE_SET, effectiveFrom: '2023-09-01', note: '乳山市预算绩效管理默认规则集' },
};

function summaryOf(type: string, data: Record<string, unknown>) {
  return summarize(eventLog()(`stream-${type}`, type, data));
}

describe('event summaries', () => {
  const declared = declaredEventTypes();

  it('finds the event contracts it must cover', () => {
    expect(declared).toEqual(expect.arrayContaining(['BudgetProjectDeclared', 'FundsDisbursed', 'RectificationOverdue', 'ResultsDisclosed', 'RuleSetPublished']));
    expect(declared.length).toBeGreaterThanOrEqual(53);
  });

  it.each(declared)('%s has a summary of its own', (type) => {
    expect(hasOwnSummary(type)).toBe(true);
    expect(Object.keys(SAMPLES)).toContain(type);
  });

  it.each(Object.entries(SAMPLES))('%s summarises a realistic event in both languages', (type, data) => {
    const summary = summaryOf(type, data as Record<string, unknown>);
    expect(summary).not.toEqual(genericSummary(type));
    expect(summary.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(summary.en).toMatch(/^[A-Z]/);
    expect(`${summary.zh} ${summary.en}`).not.toMatch(/undefined|NaN|\[object/);
  });

  it('a disbursement shows its amount in yuan with thousands separators', () => {
    expect(summaryOf('FundsDisbursed', SAMPLES.FundsDisbursed)).toEqual({
      zh: '拨付资金 1,500,000 元（支付 GK-D101-001-20240320，2024-03-20）',
      en: 'Disbursed 1,500,000 yuan (payment GK-D101-001-20240320, 2024-03-20)',
    });
  });

  it('a snapshot light names the light, the metric, the cut-off and the rule that produced it', () => {
    expect(summaryOf('DeviationFlagged', SAMPLES.DeviationFlagged)).toEqual({
      zh: '监控亮灯：项目整体 红灯（截至 2024-07-31，规则 PROJECT_WORST_LIGHT，规则集 v1）',
      en: 'Monitoring light: project RED (as of 2024-07-31, rule PROJECT_WORST_LIGHT, rule set v1)',
    });
    const pace = { ...SAMPLES.DeviationFlagged, metric: 'BUDGET_EXECUTION', computedValue: 25.71, ruleId: 'BUDGET_EXECUTION_PACE' };
    expect(summaryOf('DeviationFlagged', pace)).toEqual({
      zh: '监控亮灯：预算执行 红灯，计算值 25.71（截至 2024-07-31，规则 BUDGET_EXECUTION_PACE，规则集 v1）',
      en: 'Monitoring light: budget execution RED, value 25.71 (as of 2024-07-31, rule BUDGET_EXECUTION_PACE, rule set v1)',
    });
  });

  it('the P1 self-evaluation shows 94.35 优 EXCELLENT with its execution and indicator points', () => {
    expect(summaryOf('SelfEvaluationSubmitted', SAMPLES.SelfEvaluationSubmitted)).toEqual({
      zh: '提交 2024 年度单位自评：94.35 分（优），预算执行 9.5 分（执行率 95%），指标 84.85 分，绩效目标 v1',
      en: 'Submitted the 2024 self-evaluation: 94.35 points (EXCELLENT), budget execution 9.5 points (95% executed), indicators 84.85 points, targets v1',
    });
  });

  it('a recovery names the amount, where it is re-pooled and both officers (four-eyes)', () => {
    expect(summaryOf('FundsRecovered', SAMPLES.FundsRecovered)).toEqual({
      zh: '收回资金 3,000,000 元统筹使用（乳财预〔2024〕35号，2024-09-14 起），统筹至 乳山市2024年统筹资金池（乳财预〔2024〕35号），fin-wangmin 提议、fin-liqiang 批准',
      en: 'Recovered 3,000,000 yuan (乳财预〔2024〕35号, effective 2024-09-14), re-pooled in 乳山市2024年统筹资金池（乳财预〔2024〕35号）, proposed by fin-wangmin, approved by fin-liqiang',
    });
  });

  it('a suspension names the case it rests on', () => {
    expect(summaryOf('FundDisbursementSuspended', SAMPLES.FundDisbursementSuspended)).toEqual({
      zh: '暂缓拨付，2024-09-05 起（乳财预〔2024〕33号），依据：整改案件 RC-2024-P4-01 逾期未整改',
      en: 'Disbursement suspended from 2024-09-05 (乳财预〔2024〕33号), basis: rectification case RC-2024-P4-01 overdue',
    });
  });

  it('the FY2026 cut for a 中 key evaluation shows the grade and the linkage', () => {
    expect(summaryOf('BudgetAdjustedForNextYear', SAMPLES.BudgetAdjustedForNextYear)).toEqual({
      zh: '调减 2026 年度预算 2,000,000 元（-10%），调整后 18,000,000 元（ADJ-2，依据：评价等级 中）',
      en: 'Decreased the 2026 budget by 2,000,000 yuan (-10%) to 18,000,000 yuan (ADJ-2, basis: evaluation grade FAIR)',
    });
  });

  it('amounts keep their fen and their sign', () => {
    const adjusted = { ...SAMPLES.BudgetAdjusted, deltaFen: -123_456, adjustedBudgetFen: 1_199_876_544 };
    expect(summaryOf('BudgetAdjusted', adjusted)).toEqual({
      zh: '调整预算 -1,234.56 元，调整后 11,998,765.44 元（乳财预〔2024〕38号，2024-09-01 起）：追加配套资金',
      en: 'Adjusted the budget by -1,234.56 yuan to 11,998,765.44 yuan (乳财预〔2024〕38号, effective 2024-09-01)',
    });
    expect(summaryOf('BudgetAdjusted', { ...SAMPLES.BudgetAdjusted, deltaFen: 5 }).en).toContain('by +0.05 yuan');
  });

  it('a key evaluation whose final score differs from the report shows both', () => {
    const adjusted = { ...SAMPLES.KeyEvaluationCompleted, finalScore: 68, finalGrade: 'FAIR', adjustmentReason: '报告未充分反映资金闲置问题' };
    expect(summaryOf('KeyEvaluationCompleted', adjusted)).toEqual({
      zh: '重点评价完成：最终 68 分（中）（报告 KER-1 72 分（中），调整理由：报告未充分反映资金闲置问题）',
      en: 'Key evaluation completed: final 68 points (FAIR) (report KER-1: 72 points (FAIR), adjusted)',
    });
  });

  it('an unknown type gets a generic line naming it', () => {
    expect(hasOwnSummary('BudgetTransferredAcrossYears')).toBe(false);
    expect(summaryOf('BudgetTransferredAcrossYears', { proCode: P4 })).toEqual({ zh: '事件 BudgetTransferredAcrossYears', en: 'Event BudgetTransferredAcrossYears' });
  });

  it('data of a shape a summary cannot read falls back to the generic line instead of throwing', () => {
    expect(summaryOf('KeyMonitoringConducted', { proCode: P4 })).toEqual(genericSummary('KeyMonitoringConducted'));
  });

  it('an inherited property name is not taken for an event type', () => {
    expect(hasOwnSummary('toString')).toBe(false);
    expect(summaryOf('constructor', {})).toEqual(genericSummary('constructor'));
  });
});
