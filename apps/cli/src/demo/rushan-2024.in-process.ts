import { P1, P2, P3, P3_V2_INDICATORS, P4 } from './rushan-2024.scenario.js';
import { type CommandStep, type ScenarioStep, cite, document, seed, step, watchDeadlines, yuan } from './scenario-steps.js';

// 事中, FY2024 (domain.md §9): disbursements from the treasury, the July dual monitoring with its lights,
// key monitoring and rectification, the P4 funding gate, the P3 flood revision.

const FY = 2024;
const funding = (proCode: string) => `/projects/${proCode}/funding/${FY}`;
const monitoringStream = (proCode: string) => `monitoring-${proCode}-${FY}`;

const pay = (label: string, proCode: string, amountYuan: number, paidOn: string, refusedWith?: string): CommandStep =>
  step(`${label} disbursement ${(amountYuan / 10_000).toLocaleString('en')}万 on ${paidOn}`, 'treasury', `${funding(proCode)}/disbursements`, `${label}/pay-${paidOn}`, {
    amountFen: yuan(amountYuan),
    paymentRef: `GK-${proCode.slice(-8)}-${paidOn.replaceAll('-', '')}`,
    paidOn,
    fundSource: '市级财政资金',
    occurredAt: paidOn,
  }, refusedWith);

const ACHIEVED = (kpiId: string) => ({ kpiId, actualToDate: '达成', estimatedAnnual: '达成', completionLikelihood: 'CERTAIN', attainment: 'ACHIEVED' });
const PARTLY = (kpiId: string, deviationReason: string, correctiveMeasures: string) => ({
  kpiId,
  actualToDate: '部分达成',
  estimatedAnnual: '达成',
  completionLikelihood: 'LIKELY',
  attainment: 'PARTLY_ACHIEVED',
  deviationReason,
  correctiveMeasures,
});
const measured = (kpiId: string, actualToDate: string, estimatedAnnual: string, completionLikelihood = 'CERTAIN', deviation?: [string, string]) => ({
  kpiId,
  actualToDate,
  estimatedAnnual,
  completionLikelihood,
  ...(deviation ? { deviationReason: deviation[0], correctiveMeasures: deviation[1] } : {}),
});

const snapshot = (label: string, as: CommandStep['as'], proCode: string, executedYuan: number, estimatedYuan: number, indicators: object[]) =>
  step(`${label} July snapshot`, as, `/projects/${proCode}/monitoring/${FY}/snapshots`, `${label}/snapshot-2024-07`, {
    taskId: 'MT-2024-07',
    asOfDate: '2024-07-31',
    budget: { executedToDateFen: yuan(executedYuan), estimatedAnnualExecutedFen: yuan(estimatedYuan) },
    indicators,
    occurredAt: '2024-08-05',
    evidence: [document(`${label}绩效监控表（2024年7月）.xlsx`)],
    legalBasis: seed('三(三)1'),
  });

export const MONITORING_TASK = step('July self-monitoring task issued', 'finance', '/monitoring-tasks', 'monitoring-task-2024-07', {
  taskId: 'MT-2024-07',
  fiscalYear: FY,
  mode: 'SELF',
  title: '2024年度项目绩效运行监控（截至7月31日）',
  asOfDate: '2024-07-31',
  dueDate: '2024-08-10',
  scope: { proCodes: [P1, P2, P3, P4] },
  occurredAt: '2024-07-05',
});

export const P1_SNAPSHOT = snapshot('P1', 'education', P1, 3_900_000, 6_600_000, [
  measured('P1-OUT-01', '7200', '12000'),
  measured('P1-OUT-02', '100', '100'),
  ACHIEVED('P1-OUT-03'),
  measured('P1-OUT-04', '548', '555'),
  measured('P1-BEN-01', '5100', '8600'),
  measured('P1-BEN-02', '100', '100'),
  ACHIEVED('P1-BEN-03'),
  measured('P1-SAT-01', '93', '93'),
]);

export const P3_SNAPSHOT = snapshot('P3', 'agriculture', P3, 4_560_000, 11_800_000, [
  measured('P3-OUT-01', '3100', '8000', 'LIKELY', ['春季降雨偏多，部分地块土方工程延后', '增加施工机械，分片区并行推进']),
  measured('P3-OUT-02', '100', '100'),
  PARTLY('P3-OUT-03', '土方工程延后约三周', '倒排工期，力争11月底前完工'),
  measured('P3-OUT-04', '1480', '1500'),
  measured('P3-BEN-01', '480', '800'),
  measured('P3-BEN-02', '1800', '3000'),
  measured('P3-BEN-03', '0.66', '0.66'),
  measured('P3-SAT-01', '88', '90', 'LIKELY'),
]);

export const P4_SNAPSHOT = snapshot('P4', 'housing', P4, 3_750_000, 20_000_000, [
  measured('P4-OUT-01', '3', '10', 'UNLIKELY', ['施工单位组织不力，开工小区数量不足', '约谈施工单位，调整施工计划']),
  measured('P4-OUT-02', '900', '3000', 'UNLIKELY', ['开工滞后', '加快入户施工']),
  measured('P4-OUT-03', '100', '100'),
  PARTLY('P4-OUT-04', '年度改造进度滞后', '倒排工期'),
  measured('P4-OUT-05', '6900', '6945'),
  measured('P4-BEN-01', '90', '95', 'LIKELY'),
  PARTLY('P4-BEN-02', '物业管理机制尚在协商', '引入专业物业'),
  measured('P4-SAT-01', '80', '85', 'LIKELY'),
]);

export const P4_KEY_MONITORING = step('P4 key monitoring: a SERIOUS finding', 'finance', `/projects/${P4}/monitoring/${FY}/key-monitoring`, 'P4/key-monitoring-2024-08', {
  taskId: 'MT-2024-07',
  methods: ['ON_SITE', 'EVIDENCE_COLLECTION'],
  findings: [
    { severity: 'SERIOUS', text: '截至7月底资金支出仅15%，12个小区中仅3个开工，施工进度严重滞后' },
    { severity: 'MINOR', text: '部分施工日志记录不完整' },
  ],
  conductedOn: '2024-08-12',
  occurredAt: '2024-08-12',
  legalBasis: seed('三(三)2'),
});

export const P3_CASE = 'RC-2024-P3-01';
export const P4_CASE = 'RC-2024-P4-01';

const P3_NOTICE = step('P3 rectification notice (YELLOW light)', 'finance', '/rectification-cases', 'P3/rectification-notice', {
  caseId: P3_CASE,
  proCode: P3,
  fiscalYear: FY,
  origin: 'MONITORING',
  findings: ['7月监控显示预算执行和建设进度均为黄灯'],
  requirements: ['制定赶工计划，9月10日前报送整改情况'],
  deadline: '2024-09-10',
  docNo: '乳财绩〔2024〕21号',
  basisEvents: [cite(P3_SNAPSHOT, monitoringStream(P3), 2 + 8)],
  occurredAt: '2024-08-10',
});

export const P4_NOTICE = step('P4 rectification notice (SERIOUS finding)', 'finance', '/rectification-cases', 'P4/rectification-notice', {
  caseId: P4_CASE,
  proCode: P4,
  fiscalYear: FY,
  origin: 'KEY_MONITORING',
  findings: ['资金支出进度严重滞后', '施工组织不力'],
  requirements: ['8月31日前报送整改方案并加快施工'],
  deadline: '2024-08-31',
  docNo: '乳财绩〔2024〕23号',
  basisEvents: [cite(P4_KEY_MONITORING, monitoringStream(P4)), cite(P4_SNAPSHOT, monitoringStream(P4), 2 + 8)],
  occurredAt: '2024-08-15',
});

const P4_RECOVERY_PROPOSAL = step('P4 recovery of 300万 proposed (王敏)', 'finance', `${funding(P4)}/recovery-proposals`, 'P4/recovery-proposal', {
  amountFen: yuan(3_000_000),
  reallocationRef: '乳山市2024年统筹资金池（乳财预〔2024〕35号）',
  reason: '项目进度严重滞后，已拨付资金闲置',
  docNo: '乳财预〔2024〕35号',
  occurredAt: '2024-09-12',
  legalBasis: seed('三(三)2'),
});

export const P4_REDUCTION_PROPOSAL = step('P4 FY2025 budget cut of 500万 proposed (slow spending)', 'finance', `${funding(P4)}/next-year-reduction-proposals`, 'P4/reduction-proposal-2025', {
  targetFiscalYear: 2025,
  basis: 'SLOW_SPENDING',
  proposedReductionFen: yuan(5_000_000),
  asOfDate: '2024-07-31',
  basisEvents: [cite(P4_SNAPSHOT, monitoringStream(P4))],
  reason: '截至7月底支出进度15%，明显低于序时进度',
  occurredAt: '2024-09-20',
});

const P3_REVISION_INDICATORS_NOTE = '9月上旬强降雨导致部分地块被淹，完工时间顺延至12月20日';

export const IN_PROCESS_STEPS: ScenarioStep[] = [
  pay('P1', P1, 1_500_000, '2024-03-20'),
  pay('P2', P2, 1_400_000, '2024-03-10'),
  pay('P4', P4, 1_500_000, '2024-03-15'),
  pay('P3', P3, 2_000_000, '2024-04-10'),
  pay('P4', P4, 1_250_000, '2024-05-20'),
  pay('P1', P1, 1_400_000, '2024-05-25'),
  pay('P2', P2, 1_400_000, '2024-06-15'),
  pay('P3', P3, 2_560_000, '2024-06-20'),
  MONITORING_TASK,
  pay('P4', P4, 1_000_000, '2024-07-10'),
  pay('P1', P1, 1_000_000, '2024-07-15'),
  P1_SNAPSHOT,
  P3_SNAPSHOT,
  P4_SNAPSHOT,
  P3_NOTICE,
  P4_KEY_MONITORING,
  P4_NOTICE,
  step('P3 rectification reported', 'agriculture', `/rectification-cases/${P3_CASE}/reports`, 'P3/rectification-report', {
    measures: ['增加挖掘机12台，分三个片区并行施工', '每周调度工程进度'],
    completedOn: '2024-08-30',
    occurredAt: '2024-08-30',
    evidence: [document('P3整改情况报告.pdf')],
  }),
  watchDeadlines('Deadline watcher, 1 September: P4 has not reported', '2024-09-01'),
  step('P3 rectification accepted', 'finance', `/rectification-cases/${P3_CASE}/acceptances`, 'P3/rectification-acceptance', { opinion: '整改措施到位，同意销号。', occurredAt: '2024-09-03' }),
  step('P4 funding suspended (overdue rectification)', 'finance', `${funding(P4)}/suspensions`, 'P4/suspension', {
    basis: { kind: 'RECTIFICATION_CASE', caseId: P4_CASE },
    effectiveOn: '2024-09-05',
    docNo: '乳财预〔2024〕33号',
    reason: '整改逾期未报，依规暂缓拨付',
    occurredAt: '2024-09-05',
    legalBasis: seed('三(三)2'),
  }),
  pay('P4', P4, 800_000, '2024-09-10', 'FUNDING_SUSPENDED'),
  P4_RECOVERY_PROPOSAL,
  step('P4 recovery approved by a second officer (李强)', 'financeSecond', `${funding(P4)}/recovery-proposals/RECOVERY-1/approvals`, 'P4/recovery-approval', {
    effectiveOn: '2024-09-14',
    occurredAt: '2024-09-14',
  }),
  step('P3 target revision requested after the September flood (v2 → v3)', 'agriculture', `/projects/${P3}/targets/revision-requests`, 'P3/revision-request', {
    fiscalYear: FY,
    reason: 'EMERGENCY',
    reasonDetail: P3_REVISION_INDICATORS_NOTE,
    overallObjective: '建成旱涝保收、高产稳产的高标准农田',
    annualObjective: '2024年新建高标准农田8000亩，12月20日前完成建设任务',
    indicators: P3_V2_INDICATORS.map((i) => (i.kpiId === 'P3-OUT-03' ? { ...i, targetValue: '2024年12月20日前完成建设任务' } : i)),
    occurredAt: '2024-09-18',
    evidence: [document('P3汛情影响说明及工期调整申请.pdf')],
  }),
  P4_REDUCTION_PROPOSAL,
  pay('P1', P1, 1_500_000, '2024-09-20'),
  step('P3 target revision approved: v3 in force', 'finance', `/projects/${P3}/targets/revision-requests/TR-2024-1/approvals`, 'P3/revision-approval', {
    opinion: '因汛情顺延工期，同意调整。',
    occurredAt: '2024-09-25',
    legalBasis: seed('三(三)2'),
  }),
  pay('P3', P3, 3_500_000, '2024-09-25'),
  step('P4 rectification reported', 'housing', `/rectification-cases/${P4_CASE}/reports`, 'P4/rectification-report', {
    measures: ['更换项目经理，增加施工队伍4支', '12个小区全部开工，制定周进度计划'],
    completedOn: '2024-10-08',
    occurredAt: '2024-10-08',
    evidence: [document('P4整改情况报告.pdf')],
  }),
  step('P4 rectification accepted', 'finance', `/rectification-cases/${P4_CASE}/acceptances`, 'P4/rectification-acceptance', { opinion: '整改到位，同意销号，恢复拨付。', occurredAt: '2024-10-15' }),
  pay('P2', P2, 1_400_000, '2024-10-15'),
  step('P4 funding resumed', 'finance', `${funding(P4)}/resumptions`, 'P4/resumption', {
    effectiveOn: '2024-10-20',
    reason: '整改已验收销号',
    docNo: '乳财预〔2024〕41号',
    caseId: P4_CASE,
    occurredAt: '2024-10-20',
  }),
  pay('P4', P4, 6_000_000, '2024-11-15'),
  step('P4 FY2025 budget cut by 500万 (slow spending), decided by finance', 'finance', `/projects/${P4}/results/next-year-budget-adjustments`, 'P4/fy2025-cut', {
    fiscalYear: FY,
    targetFiscalYear: 2025,
    baseFen: yuan(25_000_000),
    adjustmentFen: -yuan(5_000_000),
    direction: 'DECREASE',
    basis: 'SLOW_SPENDING',
    reason: '2024年支出进度严重滞后，压减2025年预算500万元',
    basisEvents: [cite(P4_SNAPSHOT, monitoringStream(P4)), cite(P4_REDUCTION_PROPOSAL, `funding-${P4}-${FY}`)],
    occurredAt: '2024-11-20',
    legalBasis: seed('三(五)'),
  }),
  pay('P3', P3, 2_340_000, '2024-11-20'),
  pay('P1', P1, 1_060_000, '2024-11-25'),
  pay('P4', P4, 4_000_000, '2024-12-15'),
  pay('P3', P3, 1_000_000, '2024-12-20'),
];

export { P4_RECOVERY_PROPOSAL };
