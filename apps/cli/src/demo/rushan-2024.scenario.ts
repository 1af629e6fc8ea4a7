import { type CommandStep, type ScenarioStep, document, seed, step, yuan } from './scenario-steps.js';

export type { CommandStep, ScenarioStep } from './scenario-steps.js';

// The 乳山市 FY2024 scenario of domain.md §9, as the HTTP requests officials would send. `budgetloop demo`
// and the end-to-end specs drive the same steps through the API. Every step carries a fixed Idempotency-Key,
// so running the scenario again writes nothing.

export const P1 = '371083-2024-D101-001';
export const P2 = '371083-2024-D102-003';
export const P3 = '371083-2024-D103-002';
export const P4 = '371083-2024-D104-005';
export const P5 = '371083-2024-D105-004';

type Tier = 'OUTPUT' | 'COST' | 'BENEFIT' | 'SATISFACTION';
export const kpi = (kpiId: string, tier1: Tier, tier2: string, name: string, comparator: string, targetValue: string, unit: string | undefined, weight: number) => ({
  kpiId,
  tier1,
  tier2,
  name,
  comparator,
  targetValue,
  ...(unit ? { unit } : {}),
  weight,
  scoringRule:
    comparator === 'QUALITATIVE'
      ? '达成得满分，部分达成按比例得分，未达成不得分'
      : comparator === 'LTE' || comparator === 'LT'
        ? '不高于目标值得满分，超出部分按比例扣分'
        : '达到目标值得满分，未达到按完成比例得分',
});

const exAnte = (scores: [number, number, number, number, number], report: string) => ({
  dimensions: [
    { dimension: 'NECESSITY', score: scores[0] },
    { dimension: 'INPUT_ECONOMY', score: scores[1] },
    { dimension: 'TARGET_REASONABLENESS', score: scores[2] },
    { dimension: 'PLAN_FEASIBILITY', score: scores[3] },
    { dimension: 'FINANCING_COMPLIANCE', score: scores[4] },
  ],
  reportRef: report,
  evidence: [document(report)],
});

const passChecks = { formatCompliant: true, complete: true, matchesFunding: true };

function declaration(p: {
  proCode: string;
  proName: string;
  deptCode: string;
  deptName: string;
  unit?: [string, string];
  amountYuan: number;
  isNew: boolean;
  isMajor: boolean;
  budgetBook?: string;
  fundingArrangements?: string[];
  responsible: string;
  policyBasis: string[];
}) {
  return {
    proCode: p.proCode,
    proName: p.proName,
    mofDivCode: '371083',
    deptCode: p.deptCode,
    deptName: p.deptName,
    ...(p.unit ? { unitCode: p.unit[0], unitName: p.unit[1] } : {}),
    projectKind: 'SPECIFIC_PURPOSE',
    budgetBook: p.budgetBook ?? 'GENERAL_PUBLIC',
    fundingArrangements: p.fundingArrangements ?? [],
    isNew: p.isNew,
    isMajor: p.isMajor,
    isCrossYear: false,
    startYear: 2024,
    endYear: 2024,
    fundingPlan: [{ fiscalYear: 2024, amountFen: yuan(p.amountYuan), fundSource: '市级财政资金' }],
    totalAmountFen: yuan(p.amountYuan),
    policyBasis: p.policyBasis,
    implementationPlanRef: `${p.proName}实施方案`,
    responsiblePerson: { name: p.responsible, title: '分管副局长' },
    occurredAt: '2023-09-15',
    legalBasis: seed('三(一)'),
  };
}

const targets = (overall: string, annual: string, indicators: ReturnType<typeof kpi>[], occurredAt: string) => ({
  fiscalYear: 2024,
  overallObjective: overall,
  annualObjective: annual,
  indicators,
  occurredAt,
});

export const P1_INDICATORS = [
  kpi('P1-OUT-01', 'OUTPUT', 'QUANTITY', '改造校舍面积', 'GTE', '12000', '㎡', 15),
  kpi('P1-OUT-02', 'OUTPUT', 'QUALITY', '竣工验收合格率', 'EQ', '100', '%', 10),
  kpi('P1-OUT-03', 'OUTPUT', 'TIMELINESS', '按期完工', 'QUALITATIVE', '2024年12月31日前完工', undefined, 10),
  kpi('P1-OUT-04', 'OUTPUT', 'OUTPUT_COST', '单位面积改造成本', 'LTE', '560', '元/㎡', 15),
  kpi('P1-BEN-01', 'BENEFIT', 'SOCIAL', '受益学生人数', 'GTE', '8500', '人', 10),
  kpi('P1-BEN-02', 'BENEFIT', 'SOCIAL', '校舍安全隐患消除率', 'EQ', '100', '%', 10),
  kpi('P1-BEN-03', 'BENEFIT', 'SUSTAINABILITY', '校舍长效维护机制', 'QUALITATIVE', '建立校舍长效维护机制', undefined, 10),
  kpi('P1-SAT-01', 'SATISFACTION', 'RECIPIENT_SATISFACTION', '师生满意度', 'GTE', '90', '%', 10),
];

const P2_INDICATORS = [
  kpi('P2-OUT-01', 'OUTPUT', 'QUALITY', '居民电子健康档案建档率', 'GTE', '85', '%', 15),
  kpi('P2-OUT-02', 'OUTPUT', 'QUANTITY', '65岁及以上老年人健康管理人数', 'GTE', '12000', '人', 15),
  kpi('P2-OUT-03', 'OUTPUT', 'TIMELINESS', '补助资金按时拨付率', 'GTE', '95', '%', 10),
  kpi('P2-OUT-04', 'OUTPUT', 'OUTPUT_COST', '人均基本公共卫生服务补助标准', 'EQ', '89', '元/人', 10),
  kpi('P2-BEN-01', 'BENEFIT', 'SOCIAL', '居民健康素养水平', 'GTE', '28', '%', 15),
  kpi('P2-BEN-02', 'BENEFIT', 'SUSTAINABILITY', '高血压患者规范管理率', 'GTE', '65', '%', 15),
  kpi('P2-SAT-01', 'SATISFACTION', 'RECIPIENT_SATISFACTION', '城乡居民满意度', 'GTE', '90', '%', 10),
];

const P3_COMMON = [
  kpi('P3-OUT-01', 'OUTPUT', 'QUANTITY', '新建高标准农田面积', 'GTE', '8000', '亩', 20),
  kpi('P3-OUT-02', 'OUTPUT', 'QUALITY', '工程质量验收合格率', 'EQ', '100', '%', 10),
  kpi('P3-OUT-03', 'OUTPUT', 'TIMELINESS', '建设任务完成时间', 'QUALITATIVE', '2024年11月30日前完成建设任务', undefined, 10),
  kpi('P3-OUT-04', 'OUTPUT', 'OUTPUT_COST', '亩均建设成本', 'LTE', '1500', '元/亩', 10),
];
const P3_V1_INDICATORS = [
  ...P3_COMMON,
  kpi('P3-BEN-01', 'BENEFIT', 'ECONOMIC', '新增粮食产能', 'GTE', '800', '吨', 15),
  kpi('P3-BEN-02', 'BENEFIT', 'SOCIAL', '受益农户数', 'GTE', '3000', '户', 15),
  kpi('P3-SAT-01', 'SATISFACTION', 'RECIPIENT_SATISFACTION', '受益农户满意度', 'GTE', '90', '%', 10),
];
export const P3_V2_INDICATORS = [
  ...P3_COMMON,
  kpi('P3-BEN-01', 'BENEFIT', 'ECONOMIC', '新增粮食产能', 'GTE', '800', '吨', 10),
  kpi('P3-BEN-02', 'BENEFIT', 'SOCIAL', '受益农户数', 'GTE', '3000', '户', 10),
  kpi('P3-BEN-03', 'BENEFIT', 'ECOLOGICAL', '农田灌溉水有效利用系数', 'GTE', '0.65', '系数', 10),
  kpi('P3-SAT-01', 'SATISFACTION', 'RECIPIENT_SATISFACTION', '受益农户满意度', 'GTE', '90', '%', 10),
];

const P4_INDICATORS = [
  kpi('P4-OUT-01', 'OUTPUT', 'QUANTITY', '改造老旧小区数量', 'GTE', '12', '个', 15),
  kpi('P4-OUT-02', 'OUTPUT', 'QUANTITY', '改造惠及居民户数', 'GTE', '3600', '户', 10),
  kpi('P4-OUT-03', 'OUTPUT', 'QUALITY', '工程验收合格率', 'EQ', '100', '%', 10),
  kpi('P4-OUT-04', 'OUTPUT', 'TIMELINESS', '年度改造任务完成时间', 'QUALITATIVE', '2024年12月31日前完成年度改造任务', undefined, 5),
  kpi('P4-OUT-05', 'OUTPUT', 'OUTPUT_COST', '户均改造成本', 'LTE', '6945', '元/户', 10),
  kpi('P4-BEN-01', 'BENEFIT', 'SOCIAL', '小区配套设施完好率', 'GTE', '95', '%', 15),
  kpi('P4-BEN-02', 'BENEFIT', 'SUSTAINABILITY', '小区长效管理机制', 'QUALITATIVE', '建立物业长效管理机制', undefined, 15),
  kpi('P4-SAT-01', 'SATISFACTION', 'RECIPIENT_SATISFACTION', '居民满意度', 'GTE', '85', '%', 10),
];

const P5_INDICATORS = [
  kpi('P5-OUT-01', 'OUTPUT', 'QUANTITY', '送戏下乡演出场次', 'GTE', '200', '场', 20),
  kpi('P5-OUT-02', 'OUTPUT', 'QUALITY', '演出质量达标率', 'GTE', '95', '%', 10),
  kpi('P5-OUT-03', 'OUTPUT', 'TIMELINESS', '演出计划完成时间', 'QUALITATIVE', '2024年11月底前完成全部场次', undefined, 10),
  kpi('P5-OUT-04', 'OUTPUT', 'OUTPUT_COST', '场均演出成本', 'LTE', '8000', '元/场', 10),
  kpi('P5-BEN-01', 'BENEFIT', 'SOCIAL', '观看群众人次', 'GTE', '60000', '人次', 20),
  kpi('P5-BEN-02', 'BENEFIT', 'SUSTAINABILITY', '乡村文化活动常态化', 'QUALITATIVE', '形成常态化送戏下乡机制', undefined, 10),
  kpi('P5-SAT-01', 'SATISFACTION', 'RECIPIENT_SATISFACTION', '群众满意度', 'GTE', '90', '%', 10),
];

/** The ex-ante half (事前) of FY2024: every project from declaration to budget approval, or to its refusal. */
export const EX_ANTE_STEPS: CommandStep[] = [
  // P1 城乡中小学校舍安全改造: the clean run.
  step('P1 declared', 'education', '/projects', 'P1/declare', declaration({ proCode: P1, proName: '城乡中小学校舍安全改造', deptCode: 'D101', deptName: '乳山市教育和体育局', amountYuan: 6_800_000, isNew: true, isMajor: true, responsible: '陈静', policyBasis: ['全国中小学校舍安全工程实施意见'] })),
  step('P1 ex-ante assessment 92 (优)', 'education', `/projects/${P1}/ex-ante/assessments`, 'P1/ex-ante', { ...exAnte([19, 18, 19, 18, 18], 'P1事前绩效评估报告.pdf'), occurredAt: '2023-09-28' }),
  step('P1 ex-ante review passed', 'finance', `/projects/${P1}/ex-ante/assessments/EA-1/reviews`, 'P1/ex-ante-review', { outcome: 'PASSED', opinion: '立项必要，方案可行，同意入库。', occurredAt: '2023-10-12' }),
  step('P1 targets v1', 'education', `/projects/${P1}/targets`, 'P1/targets-v1', targets('三年内消除全市中小学校舍安全隐患', '2024年完成12000㎡校舍安全改造', P1_INDICATORS, '2023-10-20')),
  step('P1 targets v1 passed', 'finance', `/projects/${P1}/targets/1/reviews`, 'P1/targets-v1-review', { fiscalYear: 2024, outcome: 'PASSED', checks: passChecks, opinion: '目标完整，与资金匹配。', occurredAt: '2023-11-02' }),
  step('P1 admitted to the library', 'finance', `/projects/${P1}/library/admissions`, 'P1/library', { fiscalYear: 2024, libraryBatch: '2024-01', occurredAt: '2023-11-10' }),
  step('P1 in the 2024 budget draft', 'finance', `/projects/${P1}/budget-drafts`, 'P1/draft', { fiscalYear: 2024, requestedFen: yuan(6_800_000), proposedFen: yuan(6_800_000), occurredAt: '2023-12-05' }),
  step('P1 budget and targets v1 approved', 'finance', `/projects/${P1}/budget-approvals`, 'P1/approval', { fiscalYear: 2024, approvedFen: yuan(6_800_000), targetVersion: 1, approvalDocNo: '乳财预〔2024〕1号', peoplesCongressSessionRef: '乳山市第十九届人民代表大会第三次会议', occurredAt: '2024-01-20', legalBasis: seed('三(二)') }),

  // P2 基本公共卫生服务市级配套: continuing, declared by the unit D102-01; needs no ex-ante assessment.
  step('P2 declared by the unit', 'cdc', '/projects', 'P2/declare', declaration({ proCode: P2, proName: '基本公共卫生服务市级配套', deptCode: 'D102', deptName: '乳山市卫生健康局', unit: ['D102-01', '乳山市疾病预防控制中心'], amountYuan: 4_200_000, isNew: false, isMajor: false, responsible: '刘洋', policyBasis: ['国家基本公共卫生服务规范（第三版）'] })),
  step('P2 targets v1', 'cdc', `/projects/${P2}/targets`, 'P2/targets-v1', targets('巩固基本公共卫生服务均等化水平', '2024年电子健康档案建档率不低于85%', P2_INDICATORS, '2023-10-18')),
  step('P2 targets v1 passed', 'finance', `/projects/${P2}/targets/1/reviews`, 'P2/targets-v1-review', { fiscalYear: 2024, outcome: 'PASSED', checks: passChecks, occurredAt: '2023-11-02' }),
  step('P2 admitted to the library', 'finance', `/projects/${P2}/library/admissions`, 'P2/library', { fiscalYear: 2024, libraryBatch: '2024-01', occurredAt: '2023-11-10' }),
  step('P2 in the 2024 budget draft', 'finance', `/projects/${P2}/budget-drafts`, 'P2/draft', { fiscalYear: 2024, requestedFen: yuan(4_200_000), proposedFen: yuan(4_200_000), occurredAt: '2023-12-05' }),
  step('P2 budget and targets v1 approved', 'finance', `/projects/${P2}/budget-approvals`, 'P2/approval', { fiscalYear: 2024, approvedFen: yuan(4_200_000), targetVersion: 1, approvalDocNo: '乳财预〔2024〕1号', occurredAt: '2024-01-20' }),

  // P3 高标准农田建设市级配套: ex-ante by TP-001 (84 良); targets v1 returned for want of an ecological indicator, v2 passed.
  step('P3 declared', 'agriculture', '/projects', 'P3/declare', declaration({ proCode: P3, proName: '高标准农田建设市级配套', deptCode: 'D103', deptName: '乳山市农业农村局', amountYuan: 12_000_000, isNew: true, isMajor: true, responsible: '孙浩', policyBasis: ['全国高标准农田建设规划（2021—2030年）'] })),
  step('P3 ex-ante commissioned to TP-001', 'drc', `/projects/${P3}/ex-ante/commissions`, 'P3/commission', { institutionId: 'TP-001', institutionName: '威海正信会计师事务所（虚构）', contractRef: '乳发改委托〔2023〕12号', dueDate: '2023-10-15', occurredAt: '2023-09-20' }),
  step('P3 ex-ante assessment 84 (良) by TP-001', 'accountingFirm', `/projects/${P3}/ex-ante/assessments`, 'P3/ex-ante', { ...exAnte([18, 16, 17, 16, 17], 'P3第三方事前绩效评估报告.pdf'), occurredAt: '2023-10-12' }),
  step('P3 ex-ante review passed', 'drc', `/projects/${P3}/ex-ante/assessments/EA-1/reviews`, 'P3/ex-ante-review', { outcome: 'PASSED', opinion: '评估结论为支持，同意入库。', occurredAt: '2023-10-20' }),
  step('P3 targets v1', 'agriculture', `/projects/${P3}/targets`, 'P3/targets-v1', targets('建成旱涝保收、高产稳产的高标准农田', '2024年新建高标准农田8000亩', P3_V1_INDICATORS, '2023-10-25')),
  step('P3 targets v1 returned: no ecological indicator', 'finance', `/projects/${P3}/targets/1/reviews`, 'P3/targets-v1-review', { fiscalYear: 2024, outcome: 'RETURNED', checks: { formatCompliant: true, complete: false, matchesFunding: true }, opinion: '效益指标缺少生态效益指标，请补充后重新报送。', occurredAt: '2023-11-01' }),
  step('P3 targets v2 with an ecological indicator', 'agriculture', `/projects/${P3}/targets`, 'P3/targets-v2', targets('建成旱涝保收、高产稳产的高标准农田', '2024年新建高标准农田8000亩', P3_V2_INDICATORS, '2023-11-06')),
  step('P3 targets v2 passed', 'finance', `/projects/${P3}/targets/2/reviews`, 'P3/targets-v2-review', { fiscalYear: 2024, outcome: 'PASSED', checks: passChecks, opinion: '已补充生态效益指标，审核通过。', occurredAt: '2023-11-09' }),
  step('P3 admitted to the library', 'finance', `/projects/${P3}/library/admissions`, 'P3/library', { fiscalYear: 2024, libraryBatch: '2024-01', occurredAt: '2023-11-10' }),
  step('P3 in the 2024 budget draft', 'finance', `/projects/${P3}/budget-drafts`, 'P3/draft', { fiscalYear: 2024, requestedFen: yuan(12_000_000), proposedFen: yuan(12_000_000), occurredAt: '2023-12-05' }),
  step('P3 budget and targets v2 approved', 'finance', `/projects/${P3}/budget-approvals`, 'P3/approval', { fiscalYear: 2024, approvedFen: yuan(12_000_000), targetVersion: 2, approvalDocNo: '乳财预〔2024〕1号', occurredAt: '2024-01-20' }),

  // P4 城镇老旧小区改造配套基础设施: government fund budget, PPP; ex-ante 81 (良).
  step('P4 declared', 'housing', '/projects', 'P4/declare', declaration({ proCode: P4, proName: '城镇老旧小区改造配套基础设施', deptCode: 'D104', deptName: '乳山市住房和城乡建设局', amountYuan: 25_000_000, isNew: true, isMajor: true, budgetBook: 'GOVERNMENT_FUND', fundingArrangements: ['PPP'], responsible: '周洁', policyBasis: ['国务院办公厅关于全面推进城镇老旧小区改造工作的指导意见'] })),
  step('P4 ex-ante assessment 81 (良)', 'housing', `/projects/${P4}/ex-ante/assessments`, 'P4/ex-ante', { ...exAnte([17, 16, 16, 16, 16], 'P4事前绩效评估报告.pdf'), occurredAt: '2023-09-30' }),
  step('P4 ex-ante review passed', 'finance', `/projects/${P4}/ex-ante/assessments/EA-1/reviews`, 'P4/ex-ante-review', { outcome: 'PASSED', opinion: '同意入库，注意PPP付费机制与绩效挂钩。', occurredAt: '2023-10-16' }),
  step('P4 targets v1', 'housing', `/projects/${P4}/targets`, 'P4/targets-v1', targets('完成城区老旧小区配套基础设施改造', '2024年完成12个小区改造', P4_INDICATORS, '2023-10-22')),
  step('P4 targets v1 passed', 'finance', `/projects/${P4}/targets/1/reviews`, 'P4/targets-v1-review', { fiscalYear: 2024, outcome: 'PASSED', checks: passChecks, occurredAt: '2023-11-03' }),
  step('P4 admitted to the library', 'finance', `/projects/${P4}/library/admissions`, 'P4/library', { fiscalYear: 2024, libraryBatch: '2024-01', occurredAt: '2023-11-10' }),
  step('P4 in the 2024 budget draft', 'finance', `/projects/${P4}/budget-drafts`, 'P4/draft', { fiscalYear: 2024, requestedFen: yuan(25_000_000), proposedFen: yuan(25_000_000), occurredAt: '2023-12-05' }),
  step('P4 budget and targets v1 approved', 'finance', `/projects/${P4}/budget-approvals`, 'P4/approval', { fiscalYear: 2024, approvedFen: yuan(25_000_000), targetVersion: 1, approvalDocNo: '乳财预〔2024〕1号', occurredAt: '2024-01-20' }),

  // P5 乡村文化惠民演出: ex-ante 55 (差), review failed, library admission refused by invariant 1.
  step('P5 declared', 'culture', '/projects', 'P5/declare', declaration({ proCode: P5, proName: '乡村文化惠民演出', deptCode: 'D105', deptName: '乳山市文化和旅游局', amountYuan: 1_600_000, isNew: true, isMajor: true, responsible: '吴芳', policyBasis: ['关于推进基层综合性文化服务中心建设的指导意见'] })),
  step('P5 ex-ante assessment 55 (差)', 'culture', `/projects/${P5}/ex-ante/assessments`, 'P5/ex-ante', { ...exAnte([12, 10, 11, 10, 12], 'P5事前绩效评估报告.pdf'), occurredAt: '2023-10-08' }),
  step('P5 ex-ante review failed', 'finance', `/projects/${P5}/ex-ante/assessments/EA-1/reviews`, 'P5/ex-ante-review', { outcome: 'FAILED', opinion: '场均成本偏高，需求论证不足，评估等级为差，不予支持。', occurredAt: '2023-10-18' }),
  step('P5 targets v1', 'culture', `/projects/${P5}/targets`, 'P5/targets-v1', targets('丰富乡村群众文化生活', '2024年送戏下乡200场', P5_INDICATORS, '2023-10-24')),
  step('P5 targets v1 passed', 'finance', `/projects/${P5}/targets/1/reviews`, 'P5/targets-v1-review', { fiscalYear: 2024, outcome: 'PASSED', checks: passChecks, occurredAt: '2023-11-03' }),
  step('P5 library admission refused (invariant 1)', 'finance', `/projects/${P5}/library/admissions`, 'P5/library', { fiscalYear: 2024, libraryBatch: '2024-01', occurredAt: '2023-11-10' }, 'EX_ANTE_NOT_PASSED'),
  step('P5 refusal recorded', 'finance', `/projects/${P5}/library/rejections`, 'P5/library-rejection', { reason: 'EX_ANTE_FAILED', detail: '事前绩效评估55分（差），财政审核未通过，依乳发〔2020〕3号三(一)不得入库。', occurredAt: '2023-11-10', legalBasis: seed('三(一)') }),
];

