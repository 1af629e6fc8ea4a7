// One readable line per event, in Chinese and English, for the accountability timeline (domain.md §8 item 1).
// Identifiers (names, document numbers, codes) appear in both languages as recorded; free text written by an
// officer (opinions, findings, details) appears in the Chinese line only, because it was written in Chinese.
import type { AccountabilityEvent, CirculationReason } from '../../accountability/src/accountability.events.js';
import type { DepartmentEvent } from '../../departments/src/department.events.js';
import type { EvaluationEvent, KeyEvaluationDimension, KeyEvaluationEvent } from '../../evaluation/src/evaluation.events.js';
import { SEAL_EVENT, type SealData } from '../../event-store/src/chain-verification.js';
import type { FundingControlBasis, FundingEvent } from '../../funding/src/funding.events.js';
import type { MonitoringEvent, MonitoringTaskEvent } from '../../monitoring/src/monitoring.events.js';
import type { ProjectEvent, Tier1 } from '../../projects/src/project.events.js';
import type { ProjectedEvent } from '../../read-store/src/projection.js';
import type { RectificationEvent } from '../../rectification/src/rectification.events.js';
import type { CongressEvent, DisclosureEvent, ResultsEvent } from '../../results/src/results.events.js';
import type { RuleSetEvent } from '../../rule-sets/src/rule-set.events.js';
import type { Grade } from '../../rule-sets/src/rule-set.js';

export interface Bilingual {
  zh: string;
  en: string;
}

/** Every event type the write side declares in its *.events.ts files. */
export type KnownEvent =
  | ProjectEvent
  | FundingEvent
  | MonitoringTaskEvent
  | MonitoringEvent
  | RectificationEvent
  | EvaluationEvent
  | KeyEvaluationEvent
  | ResultsEvent
  | DisclosureEvent
  | CongressEvent
  | AccountabilityEvent
  | DepartmentEvent
  | RuleSetEvent;

type Labels = Record<string, readonly [zh: string, en: string]>;

/** A value the labels do not know (a newer enum member) is shown as recorded rather than dropped. */
function label(labels: Labels, value: string): Bilingual {
  const known = Object.hasOwn(labels, value) ? labels[value] : undefined;
  return known ? { zh: known[0], en: known[1] } : { zh: value, en: value };
}

function labelAll(labels: Labels, values: readonly string[]): { zh: string[]; en: string[] } {
  const all = values.map((v) => label(labels, v));
  return { zh: all.map((l) => l.zh), en: all.map((l) => l.en) };
}

const GRADES: Labels = { EXCELLENT: ['优', 'EXCELLENT'], GOOD: ['良', 'GOOD'], FAIR: ['中', 'FAIR'], POOR: ['差', 'POOR'] };
const LIGHTS: Labels = { RED: ['红灯', 'RED'], YELLOW: ['黄灯', 'YELLOW'], GREEN: ['绿灯', 'GREEN'], BLUE: ['蓝灯', 'BLUE'] };
const BUDGET_BOOKS: Labels = {
  GENERAL_PUBLIC: ['一般公共预算', 'general public budget'],
  GOVERNMENT_FUND: ['政府性基金预算', 'government fund budget'],
  STATE_CAPITAL_OPERATION: ['国有资本经营预算', 'state capital operation budget'],
  SOCIAL_INSURANCE_FUND: ['社会保险基金预算', 'social insurance fund budget'],
};
const FUNDING_ARRANGEMENTS: Labels = {
  GOVERNMENT_INVESTMENT_FUND: ['政府投资基金', 'government investment fund'],
  PPP: ['PPP', 'PPP'],
  GOVERNMENT_PROCUREMENT: ['政府采购', 'government procurement'],
  PURCHASED_SERVICES: ['政府购买服务', 'purchased services'],
  GOVERNMENT_DEBT: ['政府债务', 'government debt'],
};
const CONCLUSIONS: Labels = {
  SUPPORT: ['予以支持', 'support'],
  SUPPORT_AFTER_REVISION: ['完善后予以支持', 'support after revision'],
  NOT_SUPPORTED: ['不予支持', 'not supported'],
};
const TIERS: Labels = { OUTPUT: ['产出', 'output'], COST: ['成本', 'cost'], BENEFIT: ['效益', 'benefit'], SATISFACTION: ['满意度', 'satisfaction'] };
const LIBRARY_REJECTIONS: Labels = {
  NO_EX_ANTE: ['未开展事前绩效评估', 'no ex-ante assessment'],
  EX_ANTE_FAILED: ['事前绩效评估未通过', 'ex-ante assessment failed'],
  TARGETS_NONCOMPLIANT: ['绩效目标不合规', 'targets not compliant'],
  OTHER: ['其他原因', 'other reason'],
};
const REVISION_REASONS: Labels = {
  POLICY_CHANGE: ['政策调整', 'policy change'],
  EMERGENCY: ['突发事件', 'emergency'],
  BUDGET_ADJUSTMENT: ['预算调整', 'budget adjustment'],
  OTHER: ['其他', 'other'],
};
const TERMINATIONS: Labels = {
  EXPIRED: ['到期', 'expired'],
  LOW_PERFORMANCE: ['绩效低下', 'low performance'],
  COMPLETED: ['已完成', 'completed'],
  DUPLICATED: ['重复设置', 'duplicated'],
};
const MONITORING_MODES: Labels = { SELF: ['自行监控', 'self-monitoring'], KEY: ['重点监控', 'key monitoring'] };
const MONITORING_METHODS: Labels = {
  ON_SITE: ['实地核查', 'on-site check'],
  EVIDENCE_COLLECTION: ['调查取证', 'evidence collection'],
  EXPERT_PANEL: ['专家评议', 'expert panel'],
  INTERMEDIARY: ['中介机构', 'intermediary'],
};
const RECTIFICATION_ORIGINS: Labels = {
  MONITORING: ['运行监控', 'monitoring'],
  KEY_MONITORING: ['重点监控', 'key monitoring'],
  SPOT_CHECK: ['抽查复核', 'spot-check'],
  KEY_EVALUATION: ['重点评价', 'key evaluation'],
  AUDIT: ['审计', 'audit'],
  CIRCULATION: ['通报', 'circulated notice'],
};
const COMMISSION_SCOPES: Labels = { SPOT_CHECK: ['抽查复核', 'spot-check'], KEY_EVALUATION: ['重点评价', 'key evaluation'] };
const DISCREPANCY_REASONS: Labels = { SCORE_DELTA: ['分差超限', 'score delta'], GRADE_CHANGE: ['等级变化', 'grade change'] };
const KEY_EVALUATION_DIMENSIONS: Record<KeyEvaluationDimension, readonly [string, string]> = {
  DECISION: ['决策', 'decision'],
  PROCESS: ['过程', 'process'],
  OUTPUT: ['产出', 'output'],
  BENEFIT: ['效益', 'benefit'],
};
const NEXT_YEAR_BASES: Labels = {
  EVALUATION_GRADE: ['评价等级', 'evaluation grade'],
  SLOW_SPENDING: ['支出进度慢', 'slow spending'],
  IDLE_BALANCE: ['资金闲置', 'idle balance'],
  COMPETITIVE_ALLOCATION: ['竞争性分配', 'competitive allocation'],
};
const RESULTS_KINDS: Labels = {
  TARGETS: ['绩效目标', 'performance targets'],
  EVALUATION_RESULTS: ['绩效评价结果', 'evaluation results'],
  DEPT_OVERALL: ['部门整体绩效', 'department overall performance'],
};
const CONGRESS_DOCUMENTS: Labels = { DRAFT_BUDGET: ['预算草案', 'draft budget'], DRAFT_FINAL_ACCOUNTS: ['决算草案', 'draft final accounts'] };
const CIRCULATION_REASONS: Record<CirculationReason, readonly [string, string]> = {
  NOT_SUBMITTED: ['未按要求开展自评', 'self-evaluation not submitted'],
  LARGE_DISCREPANCY: ['自评与抽查复核结果差异较大', 'large gap between self-evaluation and spot-check'],
  POOR_RESULT: ['评价结果为差', 'poor result'],
  INEFFECTIVE_WORK: ['绩效管理工作不力', 'ineffective performance work'],
};
const MISCONDUCT: Labels = {
  FALSIFICATION: ['弄虚作假', 'falsification'],
  SEVERE_DIVERGENCE: ['执行与目标严重偏离', 'severe divergence from targets'],
  MISUSE_OF_FUNDS: ['挪用资金', 'misuse of funds'],
  IDLE_FUNDS: ['资金闲置', 'idle funds'],
  NON_RECTIFICATION: ['整改不力', 'failure to rectify'],
  OTHER: ['其他', 'other'],
};
const REFERRED_TO: Labels = {
  DISCIPLINE_INSPECTION: ['纪检监察机关', 'the discipline inspection authority'],
  ORGANIZATION_DEPT: ['组织部门', 'the organisation department'],
  SUPERIOR_GOV: ['上级政府', 'the superior government'],
  OTHER: ['其他机关', 'another authority'],
};
const REPORT_RECIPIENTS: Labels = { GOVERNMENT: ['市政府', 'the government'], PEOPLES_CONGRESS: ['人大', "the People's Congress"] };

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Fen (integers) as yuan with thousands separators; cents only when there are any. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const cents = abs % 100;
  return `${sign}${groupThousands(String(Math.floor(abs / 100)))}${cents ? `.${String(cents).padStart(2, '0')}` : ''}`;
}

function signedYuan(fen: number): string {
  return fen > 0 ? `+${yuan(fen)}` : yuan(fen);
}

function num(n: number): string {
  return String(Math.round(n * 100) / 100);
}

function scored(score: number, grade: Grade): Bilingual {
  const g = label(GRADES, grade);
  return { zh: `${num(score)} 分（${g.zh}）`, en: `${num(score)} points (${g.en})` };
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Free text after a colon in the Chinese line, nothing when empty. */
function text(value: string | undefined): string {
  return value ? `：${value}` : '';
}

function controlBasis(basis: FundingControlBasis): Bilingual {
  if (basis.kind === 'RECTIFICATION_CASE') {
    const overdue = basis.caseStatus === 'OVERDUE';
    return {
      zh: `整改案件 ${basis.caseId} ${overdue ? '逾期未整改' : '整改未通过验收'}`,
      en: `rectification case ${basis.caseId} ${overdue ? 'overdue' : 'rejected'}`,
    };
  }
  return { zh: `重点监控严重问题（第 ${basis.findingIndex + 1} 项）`, en: `serious key-monitoring finding #${basis.findingIndex + 1}` };
}

function tierCounts(tiers: Tier1[]): { zh: string; en: string } {
  const order: Tier1[] = ['OUTPUT', 'COST', 'BENEFIT', 'SATISFACTION'];
  const present = order.map((t) => [t, tiers.filter((x) => x === t).length] as const).filter(([, n]) => n > 0);
  return {
    zh: present.map(([t, n]) => `${label(TIERS, t).zh} ${n}`).join('、'),
    en: present.map(([t, n]) => `${label(TIERS, t).en} ${n}`).join(', '),
  };
}

type Summarizers = { [E in KnownEvent as E['type']]: (data: E['data'], event: ProjectedEvent) => Bilingual };

const SUMMARIES: Summarizers = {
  BudgetProjectDeclared: (d) => {
    const org = d.unitName ? `${d.deptName}/${d.unitName}` : d.deptName;
    const book = label(BUDGET_BOOKS, d.budgetBook);
    const arrangements = labelAll(FUNDING_ARRANGEMENTS, d.fundingArrangements);
    const flags = [d.isNew ? ['新增', 'new'] : ['延续', 'continuing'], ...(d.isMajor ? [['重大项目', 'major']] : []), ...(d.isCrossYear ? [['跨年度', 'cross-year']] : [])];
    return {
      zh: `申报项目「${d.proName}」（${d.proCode}）：${org}，${book.zh}${arrangements.zh.length ? `（${arrangements.zh.join('、')}）` : ''}，总额 ${yuan(d.totalAmountFen)} 元，${flags.map((f) => f[0]).join('、')}，负责人 ${d.responsiblePerson.name}`,
      en: `Declared project 「${d.proName}」 (${d.proCode}): ${org}, ${book.en}${arrangements.en.length ? ` (${arrangements.en.join(', ')})` : ''}, total ${yuan(d.totalAmountFen)} yuan, ${flags.map((f) => f[1]).join(', ')}, responsible person ${d.responsiblePerson.name}`,
    };
  },
  ExAnteAssessmentCommissioned: (d) => ({
    zh: `委托 ${d.institutionName}（${d.institutionId}）开展事前绩效评估（委托 ${d.commissionId}${d.contractRef ? `，合同 ${d.contractRef}` : ''}${d.dueDate ? `，${d.dueDate} 前完成` : ''}）`,
    en: `Commissioned ${d.institutionName} (${d.institutionId}) for the ex-ante assessment (commission ${d.commissionId}${d.contractRef ? `, contract ${d.contractRef}` : ''}${d.dueDate ? `, due ${d.dueDate}` : ''})`,
  }),
  ExAnteAssessmentRecorded: (d) => {
    const s = scored(d.totalScore, d.grade);
    const c = label(CONCLUSIONS, d.conclusion);
    const thirdParty = d.assessorType === 'THIRD_PARTY';
    return {
      zh: `事前绩效评估 ${d.assessmentId}（${thirdParty ? `第三方 ${d.institutionId ?? ''}` : '部门'}）：${s.zh}，结论：${c.zh}`,
      en: `Ex-ante assessment ${d.assessmentId} (by ${thirdParty ? `third party ${d.institutionId ?? ''}` : 'the department'}): ${s.en}, conclusion: ${c.en}`,
    };
  },
  ExAnteAssessmentReviewed: (d) => {
    const g = label(GRADES, d.grade);
    const passed = d.outcome === 'PASSED';
    return {
      zh: `事前绩效评估 ${d.assessmentId} 审核${passed ? '通过' : '未通过'}（${g.zh}）${text(d.opinion)}`,
      en: `Ex-ante assessment ${d.assessmentId} review ${passed ? 'passed' : 'failed'} (${g.en})`,
    };
  },
  PerformanceTargetSet: (d) => {
    const tiers = tierCounts(d.indicators.map((i) => i.tier1));
    return {
      zh: `设定 ${d.fiscalYear} 年度绩效目标 v${d.version}：指标 ${d.indicators.length} 项（${tiers.zh}）${d.satisfactionExemptionReason ? `，满意度指标豁免：${d.satisfactionExemptionReason}` : ''}`,
      en: `Set the ${d.fiscalYear} performance targets v${d.version}: ${count(d.indicators.length, 'indicator')} (${tiers.en})${d.satisfactionExemptionReason ? ', satisfaction indicator exempted' : ''}`,
    };
  },
  PerformanceTargetReviewed: (d) => {
    const failed = [
      ...(d.checks.formatCompliant ? [] : [['格式不合规', 'format not compliant']]),
      ...(d.checks.complete ? [] : [['指标不完整', 'incomplete']]),
      ...(d.checks.matchesFunding ? [] : [['与资金不匹配', 'does not match the funds']]),
    ];
    const passed = d.outcome === 'PASSED';
    return {
      zh: `绩效目标 v${d.version} 审核${passed ? '通过' : '退回'}${failed.length ? `（${failed.map((f) => f[0]).join('、')}）` : ''}${text(d.opinion)}`,
      en: `Performance targets v${d.version} ${passed ? 'passed review' : 'returned'}${failed.length ? ` (${failed.map((f) => f[1]).join(', ')})` : ''}`,
    };
  },
  ProjectAdmittedToLibrary: (d) => ({
    zh: `纳入 ${d.fiscalYear} 年度项目库（${d.libraryBatch ? `批次 ${d.libraryBatch}，` : ''}绩效目标 v${d.targetVersion}${d.exAnteAssessmentId ? `，事前评估 ${d.exAnteAssessmentId}` : ''}）`,
    en: `Admitted to the ${d.fiscalYear} project library (${d.libraryBatch ? `batch ${d.libraryBatch}, ` : ''}targets v${d.targetVersion}${d.exAnteAssessmentId ? `, ex-ante assessment ${d.exAnteAssessmentId}` : ''})`,
  }),
  ProjectRejectedFromLibrary: (d) => {
    const r = label(LIBRARY_REJECTIONS, d.reason);
    return { zh: `不予入库（${r.zh}）${text(d.detail)}`, en: `Rejected from the project library (${r.en})` };
  },
  ProjectIncludedInBudgetDraft: (d) => {
    const book = label(BUDGET_BOOKS, d.budgetBook);
    return {
      zh: `纳入 ${d.fiscalYear} 年度预算草案（${book.zh}）：申请 ${yuan(d.requestedFen)} 元，建议安排 ${yuan(d.proposedFen)} 元，绩效目标 v${d.targetVersion}`,
      en: `Included in the ${d.fiscalYear} draft budget (${book.en}): requested ${yuan(d.requestedFen)} yuan, proposed ${yuan(d.proposedFen)} yuan, targets v${d.targetVersion}`,
    };
  },
  BudgetAndTargetsApproved: (d) => ({
    zh: `批复 ${d.fiscalYear} 年度预算 ${yuan(d.approvedFen)} 元及绩效目标 v${d.targetVersion}（${d.approvalDocNo}）`,
    en: `Approved the ${d.fiscalYear} budget of ${yuan(d.approvedFen)} yuan with performance targets v${d.targetVersion} (${d.approvalDocNo})`,
  }),
  PerformanceTargetRevisionRequested: (d) => {
    const r = label(REVISION_REASONS, d.reason);
    return {
      zh: `申请调整绩效目标 v${d.fromVersion}（申请 ${d.requestId}，原因：${r.zh}）${text(d.reasonDetail)}`,
      en: `Requested a revision of performance targets v${d.fromVersion} (request ${d.requestId}, reason: ${r.en})`,
    };
  },
  PerformanceTargetRevised: (d) => {
    const r = label(REVISION_REASONS, d.reason);
    const kpis = d.changedKpis.map((k) => k.kpiId);
    return {
      zh: `批准调整绩效目标 v${d.fromVersion} → v${d.toVersion}（申请 ${d.requestId}，${r.zh}）${kpis.length ? `，调整指标 ${kpis.join('、')}` : ''}`,
      en: `Approved revising performance targets v${d.fromVersion} → v${d.toVersion} (request ${d.requestId}, ${r.en})${kpis.length ? `, changed indicators ${kpis.join(', ')}` : ''}`,
    };
  },
  PerformanceTargetRevisionRejected: (d) => ({
    zh: `不同意调整绩效目标（申请 ${d.requestId}）${text(d.opinion)}`,
    en: `Rejected target revision request ${d.requestId}`,
  }),
  ProjectTerminated: (d) => {
    const r = label(TERMINATIONS, d.reason);
    return { zh: `项目清理退出（${r.zh}），${d.effectiveOn} 起${text(d.detail)}`, en: `Project terminated (${r.en}) from ${d.effectiveOn}` };
  },

  FundsDisbursed: (d) => ({
    zh: `拨付资金 ${yuan(d.amountFen)} 元（支付 ${d.paymentRef}，${d.paidOn}）`,
    en: `Disbursed ${yuan(d.amountFen)} yuan (payment ${d.paymentRef}, ${d.paidOn})`,
  }),
  BudgetAdjusted: (d) => ({
    zh: `调整预算 ${signedYuan(d.deltaFen)} 元，调整后 ${yuan(d.adjustedBudgetFen)} 元（${d.docNo}，${d.effectiveOn} 起）${text(d.reason)}`,
    en: `Adjusted the budget by ${signedYuan(d.deltaFen)} yuan to ${yuan(d.adjustedBudgetFen)} yuan (${d.docNo}, effective ${d.effectiveOn})`,
  }),
  FundDisbursementSuspended: (d) => {
    const b = controlBasis(d.basis);
    return {
      zh: `暂缓拨付，${d.effectiveOn} 起（${d.docNo}），依据：${b.zh}`,
      en: `Disbursement suspended from ${d.effectiveOn} (${d.docNo}), basis: ${b.en}`,
    };
  },
  FundingStopProposed: (d) => {
    const b = controlBasis(d.basis);
    return {
      zh: `提议停止拨付（提议 ${d.proposalId}，${d.docNo}，提议人 ${d.proposedBy}），依据：${b.zh}`,
      en: `Proposed stopping disbursement (proposal ${d.proposalId}, ${d.docNo}, proposed by ${d.proposedBy}), basis: ${b.en}`,
    };
  },
  FundDisbursementStopped: (d) => {
    const b = controlBasis(d.basis);
    return {
      zh: `停止拨付，${d.effectiveOn} 起（${d.docNo}，提议 ${d.proposalId}），${d.proposedBy} 提议、${d.approvedBy} 批准，依据：${b.zh}`,
      en: `Disbursement stopped from ${d.effectiveOn} (${d.docNo}, proposal ${d.proposalId}), proposed by ${d.proposedBy}, approved by ${d.approvedBy}, basis: ${b.en}`,
    };
  },
  FundDisbursementResumed: (d) => ({
    zh: `恢复拨付，${d.effectiveOn} 起（${d.docNo}${d.basis ? `，整改案件 ${d.basis.caseId}` : ''}）`,
    en: `Disbursement resumed from ${d.effectiveOn} (${d.docNo}${d.basis ? `, rectification case ${d.basis.caseId}` : ''})`,
  }),
  FundsRecoveryProposed: (d) => ({
    zh: `提议收回资金 ${yuan(d.amountFen)} 元统筹使用（提议 ${d.proposalId}，${d.docNo}，提议人 ${d.proposedBy}），统筹至 ${d.reallocationRef}`,
    en: `Proposed recovering ${yuan(d.amountFen)} yuan (proposal ${d.proposalId}, ${d.docNo}, proposed by ${d.proposedBy}), to be re-pooled in ${d.reallocationRef}`,
  }),
  FundsRecovered: (d) => ({
    zh: `收回资金 ${yuan(d.amountFen)} 元统筹使用（${d.docNo}，${d.effectiveOn} 起），统筹至 ${d.reallocationRef}，${d.proposedBy} 提议、${d.approvedBy} 批准`,
    en: `Recovered ${yuan(d.amountFen)} yuan (${d.docNo}, effective ${d.effectiveOn}), re-pooled in ${d.reallocationRef}, proposed by ${d.proposedBy}, approved by ${d.approvedBy}`,
  }),
  NextYearBudgetReductionProposed: (d) => {
    const b = label(NEXT_YEAR_BASES, d.basis);
    return {
      zh: `提议压减 ${d.targetFiscalYear} 年度预算 ${yuan(d.proposedReductionFen)} 元（${b.zh}：截至 ${d.asOfDate} 执行率 ${num(d.executionRate)}%，提议 ${d.proposalId}）`,
      en: `Proposed cutting the ${d.targetFiscalYear} budget by ${yuan(d.proposedReductionFen)} yuan (${b.en}: ${num(d.executionRate)}% executed as of ${d.asOfDate}, proposal ${d.proposalId})`,
    };
  },
  BudgetExecutionClosed: (d) => ({
    zh: `${d.fiscalYear} 年度决算：调整后预算 ${yuan(d.adjustedBudgetFen)} 元，支出 ${yuan(d.executedFen)} 元，收回 ${yuan(d.recoveredFen)} 元，结转 ${yuan(d.carryOverFen)} 元，结余 ${yuan(d.balanceFen)} 元`,
    en: `Closed the ${d.fiscalYear} accounts: adjusted budget ${yuan(d.adjustedBudgetFen)} yuan, executed ${yuan(d.executedFen)}, recovered ${yuan(d.recoveredFen)}, carried over ${yuan(d.carryOverFen)}, balance ${yuan(d.balanceFen)} yuan`,
  }),

  MonitoringTaskIssued: (d) => {
    const mode = label(MONITORING_MODES, d.mode);
    const projects = d.scope.proCodes?.length ?? 0;
    const depts = d.scope.deptCodes?.length ?? 0;
    const scopeZh = [...(projects ? [`${projects} 个项目`] : []), ...(depts ? [`${depts} 个部门`] : [])].join('、') || '全部项目';
    const scopeEn = [...(projects ? [count(projects, 'project')] : []), ...(depts ? [count(depts, 'department')] : [])].join(', ') || 'all projects';
    return {
      zh: `下达${mode.zh}任务 ${d.taskId}「${d.title}」：数据截至 ${d.asOfDate}，${d.dueDate} 前报送，范围 ${scopeZh}`,
      en: `Issued ${mode.en} task ${d.taskId} 「${d.title}」: data as of ${d.asOfDate}, due ${d.dueDate}, scope ${scopeEn}`,
    };
  },
  MonitoringSnapshotRecorded: (d) => {
    const unlikely = d.indicators.filter((i) => i.completionLikelihood === 'UNLIKELY').length;
    const b = d.budget;
    return {
      zh: `报送监控情况（任务 ${d.taskId}，截至 ${d.asOfDate}，绩效目标 v${d.targetVersion}）：已支出 ${yuan(b.executedToDateFen)} 元/预算 ${yuan(b.budgetFen)} 元，预计全年支出 ${yuan(b.estimatedAnnualExecutedFen)} 元；指标 ${d.indicators.length} 项${unlikely ? `，其中 ${unlikely} 项预计难以完成` : ''}`,
      en: `Reported monitoring (task ${d.taskId}, as of ${d.asOfDate}, targets v${d.targetVersion}): executed ${yuan(b.executedToDateFen)} of ${yuan(b.budgetFen)} yuan, ${yuan(b.estimatedAnnualExecutedFen)} yuan estimated for the year; ${count(d.indicators.length, 'indicator')}${unlikely ? `, ${unlikely} unlikely to be met` : ''}`,
    };
  },
  DeviationFlagged: (d) => {
    const light = label(LIGHTS, d.light);
    const metric =
      d.metric === 'BUDGET_EXECUTION'
        ? { zh: '预算执行', en: 'budget execution' }
        : d.metric === 'INDICATOR'
          ? { zh: `指标 ${d.kpiId ?? ''}`, en: `indicator ${d.kpiId ?? ''}` }
          : { zh: '项目整体', en: 'project' };
    const value = d.computedValue === undefined ? { zh: '', en: '' } : { zh: `，计算值 ${num(d.computedValue)}`, en: `, value ${num(d.computedValue)}` };
    return {
      zh: `监控亮灯：${metric.zh} ${light.zh}${value.zh}（截至 ${d.asOfDate}，规则 ${d.ruleId}，规则集 ${d.ruleSetVersion}）`,
      en: `Monitoring light: ${metric.en} ${light.en}${value.en} (as of ${d.asOfDate}, rule ${d.ruleId}, rule set ${d.ruleSetVersion})`,
    };
  },
  KeyMonitoringConducted: (d) => {
    const methods = labelAll(MONITORING_METHODS, d.methods);
    const serious = d.findings.filter((f) => f.severity === 'SERIOUS').length;
    const minor = d.findings.length - serious;
    return {
      zh: `重点监控（${methods.zh.join('、')}，${d.conductedOn}）：严重问题 ${serious} 项、一般问题 ${minor} 项${text(d.findings.map((f) => f.text).join('；'))}`,
      en: `Key monitoring (${methods.en.join(', ')}, ${d.conductedOn}): ${serious} serious, ${minor} minor ${minor + serious === 1 ? 'finding' : 'findings'}`,
    };
  },

  RectificationNoticeIssued: (d) => {
    const origin = label(RECTIFICATION_ORIGINS, d.origin);
    return {
      zh: `下发整改通知 ${d.caseId}（${d.docNo}，来源：${origin.zh}）：问题 ${d.findings.length} 项，整改期限 ${d.deadline}`,
      en: `Issued rectification notice ${d.caseId} (${d.docNo}, origin: ${origin.en}): ${count(d.findings.length, 'finding')}, deadline ${d.deadline}`,
    };
  },
  RectificationReported: (d) => ({
    zh: `报送整改情况 ${d.caseId}：措施 ${d.measures.length} 项，${d.completedOn} 完成${d.late ? '（逾期报送）' : ''}`,
    en: `Reported rectification of ${d.caseId}: ${count(d.measures.length, 'measure')}, completed ${d.completedOn}${d.late ? ' (late)' : ''}`,
  }),
  RectificationAccepted: (d) => ({ zh: `整改验收通过 ${d.caseId}${text(d.opinion)}`, en: `Rectification ${d.caseId} accepted` }),
  RectificationRejected: (d) => ({
    zh: `整改验收未通过 ${d.caseId}，重新整改${d.newDeadline ? `，新期限 ${d.newDeadline}` : ''}${text(d.opinion)}`,
    en: `Rectification ${d.caseId} rejected and reopened${d.newDeadline ? `, new deadline ${d.newDeadline}` : ''}`,
  }),
  RectificationOverdue: (d) => ({
    zh: `整改逾期 ${d.caseId}：期限 ${d.deadline} 前未报送整改情况`,
    en: `Rectification ${d.caseId} overdue: no report by the deadline ${d.deadline}`,
  }),

  SelfEvaluationSubmitted: (d) => {
    const s = scored(d.totalScore, d.grade);
    return {
      zh: `提交 ${d.fiscalYear} 年度单位自评：${s.zh}，预算执行 ${num(d.executionPoints)} 分（执行率 ${num(d.budget.executionRate)}%），指标 ${num(d.indicatorPoints)} 分，绩效目标 v${d.targetVersion}`,
      en: `Submitted the ${d.fiscalYear} self-evaluation: ${s.en}, budget execution ${num(d.executionPoints)} points (${num(d.budget.executionRate)}% executed), indicators ${num(d.indicatorPoints)} points, targets v${d.targetVersion}`,
    };
  },
  SelfEvaluationReviewedByCompetentDepartment: (d) => {
    const s = scored(d.deptScore, d.deptGrade);
    return {
      zh: `主管部门 ${d.deptCode} 审核自评：${s.zh}${text(d.opinion)}`,
      en: `Competent department ${d.deptCode} reviewed the self-evaluation: ${s.en}`,
    };
  },
  SelfEvaluationFiled: (d) => {
    const s = scored(d.totalScore, d.grade);
    return { zh: `自评审核备案：${s.zh}`, en: `Self-evaluation filed: ${s.en}` };
  },
  ThirdPartyCommissioned: (d) => {
    const scope = label(COMMISSION_SCOPES, d.scope);
    return {
      zh: `委托第三方 ${d.institutionName}（${d.institutionId}）开展${scope.zh}（委托 ${d.commissionId}，合同 ${d.contractRef}${d.feeFen !== undefined ? `，费用 ${yuan(d.feeFen)} 元` : ''}${d.dueDate ? `，${d.dueDate} 前完成` : ''}）`,
      en: `Commissioned ${d.institutionName} (${d.institutionId}) for the ${scope.en} (commission ${d.commissionId}, contract ${d.contractRef}${d.feeFen !== undefined ? `, fee ${yuan(d.feeFen)} yuan` : ''}${d.dueDate ? `, due ${d.dueDate}` : ''})`,
    };
  },
  SpotCheckReviewed: (d) => {
    const s = scored(d.reviewScore, d.reviewGrade);
    const byThirdParty = d.reviewer === 'THIRD_PARTY';
    const adjusted = d.indicatorAdjustments.length;
    return {
      zh: `抽查复核（${byThirdParty ? `第三方 ${d.institutionId ?? ''}` : '财政'}）：${s.zh}，自评 ${num(d.selfScore)} 分${adjusted ? `，调整指标 ${adjusted} 项` : ''}`,
      en: `Spot-check review (by ${byThirdParty ? `third party ${d.institutionId ?? ''}` : 'finance'}): ${s.en} against a self-evaluation of ${num(d.selfScore)}${adjusted ? `, ${count(adjusted, 'indicator')} adjusted` : ''}`,
    };
  },
  SelfEvaluationDiscrepancyFlagged: (d) => {
    const self = scored(d.selfScore, d.selfGrade);
    const review = scored(d.reviewScore, d.reviewGrade);
    const reasons = labelAll(DISCREPANCY_REASONS, d.reasons);
    return {
      zh: `自评与抽查复核差异较大：自评 ${self.zh}，复核 ${review.zh}，相差 ${num(d.delta)} 分（${reasons.zh.join('、')}）`,
      en: `Self-evaluation discrepancy: self ${self.en}, review ${review.en}, difference ${num(d.delta)} points (${reasons.en.join(', ')})`,
    };
  },
  KeyEvaluationReportSubmitted: (d) => {
    const s = scored(d.totalScore, d.grade);
    const dims = (Object.keys(KEY_EVALUATION_DIMENSIONS) as KeyEvaluationDimension[]).map((k) => ({
      zh: `${KEY_EVALUATION_DIMENSIONS[k][0]} ${num(d.frameworkScores[k])}/${num(d.frameworkMaxScores[k])}`,
      en: `${KEY_EVALUATION_DIMENSIONS[k][1]} ${num(d.frameworkScores[k])}/${num(d.frameworkMaxScores[k])}`,
    }));
    return {
      zh: `提交重点评价报告 ${d.reportId}（${d.institutionName}）：${s.zh}；${dims.map((x) => x.zh).join('、')}`,
      en: `Submitted key evaluation report ${d.reportId} (${d.institutionName}): ${s.en}; ${dims.map((x) => x.en).join(', ')}`,
    };
  },
  KeyEvaluationCompleted: (d) => {
    const final = scored(d.finalScore, d.finalGrade);
    const report = scored(d.reportScore, d.reportGrade);
    const differs = d.finalScore !== d.reportScore || d.finalGrade !== d.reportGrade;
    return {
      zh: `重点评价完成：最终 ${final.zh}${differs ? `（报告 ${d.reportId} ${report.zh}，调整理由：${d.adjustmentReason ?? ''}）` : `（采纳报告 ${d.reportId}）`}`,
      en: `Key evaluation completed: final ${final.en}${differs ? ` (report ${d.reportId}: ${report.en}, adjusted)` : ` (report ${d.reportId} accepted)`}`,
    };
  },

  EvaluationResultFedBack: (d) => ({
    zh: `反馈评价结果 ${d.feedbackId}：整改要求 ${d.requiredActions.length} 项${d.dueDate ? `，${d.dueDate} 前落实` : ''}`,
    en: `Fed back the evaluation result ${d.feedbackId}: ${count(d.requiredActions.length, 'required action')}${d.dueDate ? `, due ${d.dueDate}` : ''}`,
  }),
  BudgetAdjustedForNextYear: (d) => {
    const basis = label(NEXT_YEAR_BASES, d.basis);
    const grade = d.grade ? label(GRADES, d.grade) : undefined;
    const why = { zh: `${d.adjustmentId}，依据：${basis.zh}${grade ? ` ${grade.zh}` : ''}`, en: `${d.adjustmentId}, basis: ${basis.en}${grade ? ` ${grade.en}` : ''}` };
    if (d.direction === 'CANCEL') {
      return {
        zh: `取消 ${d.targetFiscalYear} 年度预算（原 ${yuan(d.baseFen)} 元；${why.zh}）`,
        en: `Cancelled the ${d.targetFiscalYear} budget (was ${yuan(d.baseFen)} yuan; ${why.en})`,
      };
    }
    const cut = d.direction === 'DECREASE';
    const pct = d.linkagePercent === undefined ? '' : `（${num(d.linkagePercent)}%）`;
    return {
      zh: `${cut ? '调减' : '调增'} ${d.targetFiscalYear} 年度预算 ${yuan(Math.abs(d.adjustmentFen))} 元${pct}，调整后 ${yuan(d.adjustedFen)} 元（${why.zh}）`,
      en: `${cut ? 'Decreased' : 'Increased'} the ${d.targetFiscalYear} budget by ${yuan(Math.abs(d.adjustmentFen))} yuan${d.linkagePercent === undefined ? '' : ` (${num(d.linkagePercent)}%)`} to ${yuan(d.adjustedFen)} yuan (${why.en})`,
    };
  },
  PerformancePaymentAdjusted: (d) => ({
    zh: `按效付费 ${d.paymentId}（合同 ${d.contractRef}）：绩效 ${num(d.periodScore)} 分，付费系数 ${num(d.paymentFactor)}，应付 ${yuan(d.payableFen)} 元（计划 ${yuan(d.scheduledFen)} 元）`,
    en: `Performance payment ${d.paymentId} (contract ${d.contractRef}): score ${num(d.periodScore)}, factor ${num(d.paymentFactor)}, payable ${yuan(d.payableFen)} of ${yuan(d.scheduledFen)} yuan`,
  }),
  ResultsDisclosed: (d) => {
    const kind = label(RESULTS_KINDS, d.kind);
    const depts = d.kind === 'DEPT_OVERALL';
    return {
      zh: `公开 ${d.fiscalYear} 年度${kind.zh} ${d.disclosureId}（${d.channel}，${d.publishedOn}）：${d.items.length} 个${depts ? '部门' : '项目'}，${d.url}`,
      en: `Disclosed the ${d.fiscalYear} ${kind.en} ${d.disclosureId} (${d.channel}, ${d.publishedOn}): ${count(d.items.length, depts ? 'department' : 'project')}, ${d.url}`,
    };
  },
  ResultsReportedToPeoplesCongress: (d) => {
    const kind = label(RESULTS_KINDS, d.kind);
    const doc = label(CONGRESS_DOCUMENTS, d.accompanies);
    const depts = d.kind === 'DEPT_OVERALL';
    return {
      zh: `随${doc.zh}向人大报送 ${d.fiscalYear} 年度${kind.zh} ${d.reportId}（${d.submittedOn}${d.sessionRef ? `，${d.sessionRef}` : ''}）：${d.items.length} 个${depts ? '部门' : '项目'}`,
      en: `Reported the ${d.fiscalYear} ${kind.en} ${d.reportId} to the People's Congress with the ${doc.en} (${d.submittedOn}${d.sessionRef ? `, ${d.sessionRef}` : ''}): ${count(d.items.length, depts ? 'department' : 'project')}`,
    };
  },

  CirculationNoticeIssued: (d) => {
    const reasons = labelAll(CIRCULATION_REASONS, d.reasons);
    const depts = new Set(d.subjects.map((s) => s.deptCode)).size;
    const projects = new Set(d.subjects.flatMap((s) => (s.proCode ? [s.proCode] : []))).size;
    return {
      zh: `印发通报 ${d.noticeId}（${d.docNo}）：${reasons.zh.join('、')}，涉及 ${depts} 个部门${projects ? `、${projects} 个项目` : ''}`,
      en: `Circulated notice ${d.noticeId} (${d.docNo}): ${reasons.en.join(', ')}; ${count(depts, 'department')}${projects ? `, ${count(projects, 'project')}` : ''}`,
    };
  },
  AuditFindingRecorded: (d) => {
    const category = label(MISCONDUCT, d.category);
    return { zh: `审计发现 ${d.findingId}（${category.zh}，${d.deptCode}）${text(d.text)}`, en: `Audit finding ${d.findingId} (${category.en}, ${d.deptCode})` };
  },
  AccountabilityReferred: (d) => {
    const grounds = label(MISCONDUCT, d.grounds);
    const to = label(REFERRED_TO, d.referredTo);
    const who = (s: (typeof d.subjects)[number]) => [s.deptCode, s.personName].filter(Boolean).join(' ');
    return {
      zh: `移送追责问责 ${d.referralId}（${grounds.zh}）至${to.zh}，对象：${d.subjects.map((s) => `${who(s)}${s.role ? `（${s.role}）` : ''}`).join('、')}`,
      en: `Referred ${d.referralId} for accountability (${grounds.en}) to ${to.en}; subjects: ${d.subjects.map((s) => `${who(s)}${s.role ? ` (${s.role})` : ''}`).join('; ')}`,
    };
  },

  DepartmentOverallTargetSet: (d) => ({
    zh: `设定部门 ${d.deptCode} ${d.fiscalYear} 年度整体绩效目标 v${d.version}：指标 ${d.indicators.length} 项`,
    en: `Set department ${d.deptCode}'s ${d.fiscalYear} overall performance targets v${d.version}: ${count(d.indicators.length, 'indicator')}`,
  }),
  DepartmentOverallSelfEvaluationSubmitted: (d) => {
    const s = scored(d.totalScore, d.grade);
    return {
      zh: `提交部门 ${d.deptCode} ${d.fiscalYear} 年度整体绩效自评：${s.zh}（目标 v${d.targetVersion}）`,
      en: `Submitted department ${d.deptCode}'s ${d.fiscalYear} overall self-evaluation: ${s.en} (targets v${d.targetVersion})`,
    };
  },
  DepartmentOverallPerformanceReported: (d) => {
    const s = scored(d.totalScore, d.grade);
    const to = labelAll(REPORT_RECIPIENTS, d.recipients);
    return {
      zh: `向${to.zh.join('、')}报告部门 ${d.deptCode} ${d.fiscalYear} 年度整体绩效：${s.zh}（${d.reportRef}，${d.reportedOn}）`,
      en: `Reported department ${d.deptCode}'s ${d.fiscalYear} overall performance to ${to.en.join(' and ')}: ${s.en} (${d.reportRef}, ${d.reportedOn})`,
    };
  },
  RuleSetPublished: (d) => ({
    zh: `发布规则集 ${d.ruleSet.id} ${d.ruleSet.version}，${d.effectiveFrom} 起施行${text(d.note)}`,
    en: `Published rule set ${d.ruleSet.id} ${d.ruleSet.version}, effective ${d.effectiveFrom}`,
  }),
};

/** Seals are written by the store itself, not declared in a *.events.ts, but they are in the log an auditor replays. */
const STORE_SUMMARIES: Record<string, (data: SealData) => Bilingual> = {
  [SEAL_EVENT]: (d) => {
    const streams = Object.keys(d.heads).length;
    return {
      zh: `封存 ${streams} 条事件流的链头（截至位置 ${d.upTo}）`,
      en: `Sealed the chain heads of ${count(streams, 'stream')} up to position ${d.upTo}`,
    };
  },
};

type Summarizer = (data: unknown, event: ProjectedEvent) => Bilingual;

function summarizerFor(type: string): Summarizer | undefined {
  if (Object.hasOwn(SUMMARIES, type)) return SUMMARIES[type as keyof Summarizers] as Summarizer;
  if (Object.hasOwn(STORE_SUMMARIES, type)) return STORE_SUMMARIES[type] as unknown as Summarizer;
  return undefined;
}

/** Whether the type has a summary of its own rather than the generic one. */
export function hasOwnSummary(type: string): boolean {
  return summarizerFor(type) !== undefined;
}

export function genericSummary(type: string): Bilingual {
  return { zh: `事件 ${type}`, en: `Event ${type}` };
}

/**
 * Never throws: the projection runner would stop at an event it cannot apply, so a type it does not know, or data
 * of an older shape a summary cannot read, gets the generic line naming the type and the timeline goes on.
 */
export function summarize(event: ProjectedEvent): Bilingual {
  const summarizer = summarizerFor(event.type);
  if (!summarizer) return genericSummary(event.type);
  try {
    return summarizer(event.data, event);
  } catch {
    return genericSummary(event.type);
  }
}
