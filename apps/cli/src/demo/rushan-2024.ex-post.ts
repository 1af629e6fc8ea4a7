import { P1, P2, P3, P4 } from './rushan-2024.scenario.js';
import { type CommandStep, type ScenarioStep, cite, document, seed, step, yuan } from './scenario-steps.js';

// 事后 for FY2024 (domain.md §9), in 2025: closing, self-evaluation of every executed project, spot-checks and
// the P2 discrepancy with its notice, rectification and referrals, the P4 key evaluation and what followed from
// it, disclosure and the report to the 人大; the overall performance of 教育和体育局.

const FY = 2024;
const evaluation = (proCode: string) => `/projects/${proCode}/evaluations/${FY}`;
const evaluationStream = (proCode: string) => `evaluation-${proCode}-${FY}`;

const close = (label: string, proCode: string): CommandStep =>
  step(`${label} execution closed (决算)`, 'finance', `/projects/${proCode}/funding/${FY}/closing`, `${label}/closing`, { carryOverFen: 0, occurredAt: '2025-01-15' });

const quantitative = (kpiId: string, actualValue: string) => ({ kpiId, actualValue });
const qualitative = (kpiId: string, attainment: string, score: number) => ({ kpiId, attainment, score });

const selfEvaluation = (label: string, as: CommandStep['as'], proCode: string, indicators: object[], extra: Record<string, unknown> = {}) =>
  step(`${label} self-evaluation submitted`, as, `${evaluation(proCode)}/self-evaluation`, `${label}/self-evaluation`, {
    annualObjectiveNarrative: '年度目标基本完成，偏差原因见各指标分析',
    indicators,
    occurredAt: '2025-02-20',
    evidence: [document(`${label}绩效自评报告（2024年度）.pdf`)],
    legalBasis: seed('三(四)1'),
    ...extra,
  });

const filing = (label: string, proCode: string) =>
  step(`${label} self-evaluation filed by finance (审核备案)`, 'finance', `${evaluation(proCode)}/self-evaluation/filing`, `${label}/self-evaluation-filing`, {
    opinion: '自评材料完整，予以备案。',
    occurredAt: '2025-03-05',
  });

const P1_SELF_EVALUATION = selfEvaluation(
  'P1',
  'education',
  P1,
  [
    quantitative('P1-OUT-01', '11400'),
    quantitative('P1-OUT-02', '100'),
    qualitative('P1-OUT-03', 'PARTLY_ACHIEVED', 7),
    quantitative('P1-OUT-04', '575'),
    quantitative('P1-BEN-01', '8620'),
    quantitative('P1-BEN-02', '100'),
    qualitative('P1-BEN-03', 'ACHIEVED', 9),
    quantitative('P1-SAT-01', '93'),
  ],
  { claimedTotal: 94.35 },
);

const P2_SELF_EVALUATION = selfEvaluation('P2', 'cdc', P2, [
  quantitative('P2-OUT-01', '92'),
  quantitative('P2-OUT-02', '12360'),
  quantitative('P2-OUT-03', '96'),
  quantitative('P2-OUT-04', '89'),
  quantitative('P2-BEN-01', '30'),
  quantitative('P2-BEN-02', '52'),
  quantitative('P2-SAT-01', '81'),
]);

const P3_SELF_EVALUATION = selfEvaluation('P3', 'agriculture', P3, [
  quantitative('P3-OUT-01', '7200'),
  quantitative('P3-OUT-02', '100'),
  qualitative('P3-OUT-03', 'PARTLY_ACHIEVED', 7),
  quantitative('P3-OUT-04', '1575'),
  quantitative('P3-BEN-01', '640'),
  quantitative('P3-BEN-02', '3000'),
  quantitative('P3-BEN-03', '0.52'),
  quantitative('P3-SAT-01', '72'),
]);

const P4_SELF_EVALUATION = selfEvaluation('P4', 'housing', P4, [
  quantitative('P4-OUT-01', '12'),
  quantitative('P4-OUT-02', '3200'),
  quantitative('P4-OUT-03', '100'),
  qualitative('P4-OUT-04', 'PARTLY_ACHIEVED', 3.5),
  quantitative('P4-OUT-05', '7200'),
  quantitative('P4-BEN-01', '92'),
  qualitative('P4-BEN-02', 'PARTLY_ACHIEVED', 10),
  quantitative('P4-SAT-01', '82'),
]);

export const P2_SPOT_CHECK = step('P2 spot-check 78 (中): health records 92 % claimed, 71 % verified', 'finance', `${evaluation(P2)}/spot-checks`, 'P2/spot-check', {
  reviewScore: 78,
  findings: ['居民电子健康档案建档率自评92%，抽查核实仅71%，低于85%的目标', '部分档案信息重复、缺失'],
  indicatorAdjustments: [{ kpiId: 'P2-OUT-01', selfScore: 15, reviewScore: 12.53, verifiedValue: '71', reason: '抽查1200份档案，有效档案率71%' }],
  occurredAt: '2025-04-10',
  evidence: [document('P2抽查复核工作底稿.xlsx')],
});

export const P2_NOTICE_ID = 'TB-2025-01';
const P2_NOTICE = step('P2 circulated notice (通报): large discrepancy', 'finance', '/circulation-notices', 'P2/circulation-notice', {
  noticeId: P2_NOTICE_ID,
  fiscalYear: FY,
  docNo: '乳财绩〔2025〕8号',
  subjects: [{ deptCode: 'D102', proCode: P2 }],
  reasons: ['LARGE_DISCREPANCY'],
  text: '基本公共卫生服务市级配套项目自评96分，抽查复核78分，差异较大，予以通报。',
  basisEvents: [cite(P2_SPOT_CHECK, evaluationStream(P2), 1)],
  occurredAt: '2025-04-18',
});

const P2_CASE = 'RC-2025-P2-01';

const P2_AUDIT_FINDING = step('P2 audit finding: falsified health records (审计局)', 'audit', '/audit-findings', 'P2/audit-finding', {
  findingId: 'SJ-2025-03',
  proCode: P2,
  deptCode: 'D102',
  fiscalYear: FY,
  category: 'FALSIFICATION',
  text: '审计发现疾病预防控制中心为完成建档率指标，批量补录不实健康档案约2500份。',
  evidence: [document('乳审财〔2025〕12号审计报告.pdf')],
  occurredAt: '2025-05-08',
});

const P4_KEY_COMMISSION = step('P4 key evaluation commissioned to TP-001', 'finance', `${evaluation(P4)}/commissions`, 'P4/key-evaluation-commission', {
  scope: 'KEY_EVALUATION',
  institutionId: 'TP-001',
  institutionName: '威海正信会计师事务所（虚构）',
  contractRef: '乳财委〔2025〕3号',
  conflictDeclarationRef: 'TP-001利益冲突声明（2025-03-01）',
  feeFen: yuan(80_000),
  occurredAt: '2025-03-01',
});

export const P4_KEY_REPORT = step('P4 key evaluation report 72 (中) by TP-001', 'accountingFirm', `${evaluation(P4)}/key-evaluation/reports`, 'P4/key-evaluation-report', {
  frameworkScores: { DECISION: 15, PROCESS: 11, OUTPUT: 29, BENEFIT: 17 },
  findings: ['资金支出进度严重滞后，曾被暂缓拨付', '年度改造任务完成但户数未达目标'],
  recommendations: ['完善PPP绩效付费机制', '加强项目前期准备'],
  reportRef: 'P4重点绩效评价报告（TP-001）',
  evidence: [document('P4重点绩效评价报告.pdf')],
  occurredAt: '2025-04-20',
});

export const P4_KEY_COMPLETION = step('P4 key evaluation accepted by finance: 72 中', 'finance', `${evaluation(P4)}/key-evaluation/completion`, 'P4/key-evaluation-completion', {
  reportEventId: cite(P4_KEY_REPORT, `keyevaluation-${P4}-${FY}`).eventId,
  opinion: '评价报告客观，同意评价结论。',
  occurredAt: '2025-04-28',
});

const keyEvaluationCompleted = cite(P4_KEY_COMPLETION, `keyevaluation-${P4}-${FY}`);

const DEPARTMENT_INDICATORS = [
  { indicatorId: 'D101-RC-01', dimension: 'RUNNING_COST', name: '“三公”经费控制率', comparator: 'LTE', targetValue: '100', unit: '%', weight: 15 },
  { indicatorId: 'D101-ME-01', dimension: 'MANAGEMENT_EFFICIENCY', name: '预算执行率', comparator: 'GTE', targetValue: '95', unit: '%', weight: 20 },
  { indicatorId: 'D101-EF-01', dimension: 'EFFECTIVENESS', name: '校舍安全隐患消除率', comparator: 'EQ', targetValue: '100', unit: '%', weight: 20 },
  { indicatorId: 'D101-SE-01', dimension: 'SOCIAL_EFFECT', name: '义务教育巩固率', comparator: 'GTE', targetValue: '99', unit: '%', weight: 15 },
  { indicatorId: 'D101-SU-01', dimension: 'SUSTAINABILITY', name: '校舍长效维护机制', comparator: 'QUALITATIVE', targetValue: '建立健全', weight: 15 },
  { indicatorId: 'D101-SA-01', dimension: 'SATISFACTION', name: '群众满意度', comparator: 'GTE', targetValue: '90', unit: '%', weight: 15 },
];

const P1_FEEDBACK = step('P1 result fed back to 教育和体育局: 优, keep supporting', 'finance', `/projects/${P1}/results/feedback`, 'P1/feedback', {
  fiscalYear: FY,
  requiredActions: ['评价等级为优，2025年预算优先保障', '总结校舍改造经验，完善长效维护机制'],
  basisEvents: [cite(P1_SELF_EVALUATION, evaluationStream(P1))],
  occurredAt: '2025-05-15',
  legalBasis: seed('三(五)'),
});

export const EX_POST_STEPS: ScenarioStep[] = [
  step('教育和体育局 overall targets for 2024', 'education', '/departments/D101/overall-targets', 'D101/overall-targets-2024', {
    fiscalYear: FY,
    objective: '改善办学条件，提升教育质量',
    indicators: DEPARTMENT_INDICATORS,
    occurredAt: '2024-01-25',
  }),
  close('P1', P1),
  close('P2', P2),
  close('P3', P3),
  close('P4', P4),
  P1_SELF_EVALUATION,
  P2_SELF_EVALUATION,
  P3_SELF_EVALUATION,
  P4_SELF_EVALUATION,
  step('P2 reviewed by the competent department 卫生健康局: 95', 'health', `${evaluation(P2)}/self-evaluation/reviews`, 'P2/self-evaluation-review', {
    deptScore: 95,
    opinion: '自评基本客观，建档率数据需进一步核实。',
    occurredAt: '2025-02-28',
  }),
  P4_KEY_COMMISSION,
  filing('P1', P1),
  filing('P2', P2),
  filing('P3', P3),
  filing('P4', P4),
  step('教育和体育局 overall self-evaluation', 'education', '/departments/D101/overall-self-evaluations', 'D101/overall-self-evaluation-2024', {
    fiscalYear: FY,
    dimensions: [
      { dimension: 'RUNNING_COST', score: 15 },
      { dimension: 'MANAGEMENT_EFFICIENCY', score: 19 },
      { dimension: 'EFFECTIVENESS', score: 19 },
      { dimension: 'SOCIAL_EFFECT', score: 15 },
      { dimension: 'SUSTAINABILITY', score: 13 },
      { dimension: 'SATISFACTION', score: 14 },
    ],
    reportRef: '乳山市教育和体育局2024年度部门整体绩效自评报告',
    occurredAt: '2025-03-10',
  }),
  step('教育和体育局 overall performance reported to the government and the 人大', 'education', '/departments/D101/overall-performance-reports', 'D101/overall-report-2024', {
    fiscalYear: FY,
    recipients: ['GOVERNMENT', 'PEOPLES_CONGRESS'],
    reportRef: '乳教体〔2025〕9号',
    reportedOn: '2025-03-20',
    occurredAt: '2025-03-20',
  }),
  P2_SPOT_CHECK,
  step('P3 spot-check 85: no discrepancy', 'finance', `${evaluation(P3)}/spot-checks`, 'P3/spot-check', {
    reviewScore: 85,
    findings: ['受汛情影响完工延期，已按程序调整目标'],
    occurredAt: '2025-04-12',
  }),
  P2_NOTICE,
  P4_KEY_REPORT,
  step('P2 rectification notice after the circulated notice', 'finance', '/rectification-cases', 'P2/rectification-notice', {
    caseId: P2_CASE,
    proCode: P2,
    fiscalYear: FY,
    origin: 'CIRCULATION',
    findings: ['电子健康档案建档率自评数据不实'],
    requirements: ['全面清理健康档案，5月31日前报送整改报告'],
    deadline: '2025-05-31',
    docNo: '乳财绩〔2025〕9号',
    basisEvents: [cite(P2_NOTICE, `notice-${P2_NOTICE_ID}`)],
    occurredAt: '2025-04-22',
  }),
  P4_KEY_COMPLETION,
  P2_AUDIT_FINDING,
  step('P4 FY2026 budget −10 % for the 中 key evaluation', 'finance', `/projects/${P4}/results/next-year-budget-adjustments`, 'P4/fy2026-cut', {
    fiscalYear: FY,
    targetFiscalYear: 2026,
    baseFen: yuan(20_000_000),
    adjustmentFen: -yuan(2_000_000),
    direction: 'DECREASE',
    basis: 'EVALUATION_GRADE',
    grade: 'FAIR',
    reason: '重点评价等级为中，按规定压减10%',
    basisEvents: [keyEvaluationCompleted],
    occurredAt: '2025-05-10',
    legalBasis: seed('三(五)'),
  }),
  P1_FEEDBACK,
  step('P4 PPP performance payment factor 0.9', 'finance', `/projects/${P4}/results/performance-payments`, 'P4/ppp-payment', {
    fiscalYear: FY,
    contractRef: 'PPP-RS-2023-07',
    periodScore: 72,
    paymentFactor: 0.9,
    scheduledFen: yuan(8_000_000),
    payableFen: yuan(7_200_000),
    basisEvents: [keyEvaluationCompleted],
    occurredAt: '2025-05-12',
  }),
  step('P2 rectification reported', 'cdc', `/rectification-cases/${P2_CASE}/reports`, 'P2/rectification-report', {
    measures: ['注销不实档案2512份', '建立档案质量抽查制度'],
    completedOn: '2025-05-28',
    occurredAt: '2025-05-28',
    evidence: [document('P2整改报告.pdf')],
  }),
  step('P2 rectification accepted', 'finance', `/rectification-cases/${P2_CASE}/acceptances`, 'P2/rectification-acceptance', { opinion: '已完成整改。', occurredAt: '2025-06-05' }),
  step('P2 referred for accountability (falsification) by finance', 'finance', '/accountability-referrals', 'P2/referral-finance', {
    referralId: 'ZR-2025-01',
    proCode: P2,
    subjects: [{ deptCode: 'D102', personName: '刘洋', role: '项目负责人' }],
    grounds: 'FALSIFICATION',
    referredTo: 'DISCIPLINE_INSPECTION',
    detail: '自评数据与抽查复核严重不符，存在弄虚作假。',
    basisEvents: [cite(P2_SPOT_CHECK, evaluationStream(P2), 1), cite(P2_NOTICE, `notice-${P2_NOTICE_ID}`)],
    occurredAt: '2025-06-10',
    legalBasis: seed('五(四)'),
  }),
  step('P2 referred for accountability (falsification) by audit', 'audit', '/accountability-referrals', 'P2/referral-audit', {
    referralId: 'ZR-2025-02',
    proCode: P2,
    subjects: [{ deptCode: 'D102', personName: '刘洋', role: '项目负责人' }],
    grounds: 'FALSIFICATION',
    referredTo: 'DISCIPLINE_INSPECTION',
    detail: '审计查实批量补录不实健康档案。',
    basisEvents: [cite(P2_AUDIT_FINDING, 'audit-SJ-2025-03')],
    occurredAt: '2025-06-12',
    legalBasis: seed('五(四)'),
  }),
  step('FY2024 evaluation results reported to the 人大 with the final accounts', 'finance', '/peoples-congress-reports', 'fy2024/npc-report', {
    fiscalYear: FY,
    kind: 'EVALUATION_RESULTS',
    items: [P1, P2, P3, P4],
    accompanies: 'DRAFT_FINAL_ACCOUNTS',
    submittedOn: '2025-06-20',
    sessionRef: '乳山市第十九届人大常委会第二十次会议',
    occurredAt: '2025-06-20',
  }),
  step('FY2024 evaluation results disclosed (P1, P4)', 'finance', '/disclosures', 'fy2024/disclosure', {
    fiscalYear: FY,
    kind: 'EVALUATION_RESULTS',
    items: [P1, P4],
    channel: '乳山市人民政府网站',
    url: 'https://www.rushan.gov.cn/zwgk/czxx/2025/jxpj.html',
    publishedOn: '2025-06-28',
    occurredAt: '2025-06-28',
  }),
];
