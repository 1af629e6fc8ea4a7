// The 乳山市 (371083) FY2024 fixtures of domain.md §9 that the spec files share: the cast as Actors, the project
// codes, the declarations of P1–P5, the P1 and P3 (v2) target sets, and the data of the story's events that several
// projection specs replay. Built from the demo scenario (apps/cli/src/demo), which holds the canonical data, so that
// specs and demo cannot drift apart. Everything here is frozen; a spec that needs a detail to differ says so where it
// uses the fixture: `{ ...finance, userId: 'fin-wang' }`, `declarationOf(P2, { isMajor: true })`.
//
// performance-targets carries class-transformer decorators, which need the Reflect metadata API.
import 'reflect-metadata';
import { EX_POST_STEPS } from '../../../apps/cli/src/demo/rushan-2024.ex-post.js';
import { IN_PROCESS_STEPS, P4_CASE } from '../../../apps/cli/src/demo/rushan-2024.in-process.js';
import { DEMO_ORGANISATIONS, DEMO_PEOPLE, type DemoPerson } from '../../../apps/cli/src/demo/rushan-2024.organisations.js';
import { EX_ANTE_STEPS, P1, P1_INDICATORS as DEMO_P1_INDICATORS, P2, P3, P4, P5, P3_V2_INDICATORS as DEMO_P3_V2_INDICATORS, kpi } from '../../../apps/cli/src/demo/rushan-2024.scenario.js';
import { yuan } from '../../../apps/cli/src/demo/scenario-steps.js';
import type { AccountabilityReferred } from '../../accountability/src/accountability.events.js';
import { CommandError } from '../../event-sourcing/src/command-errors.js';
import type { KeyEvaluationCompleted, KeyEvaluationReportSubmitted, SelfEvaluationDiscrepancyFlagged } from '../../evaluation/src/evaluation.events.js';
import type { Actor } from '../../event-store/src/event-store.port.js';
import type { FundDisbursementResumed, FundDisbursementSuspended, FundsRecovered, FundsRecoveryProposed, NextYearBudgetReductionProposed } from '../../funding/src/funding.events.js';
import { actorFromClaims } from '../../identity/src/token.js';
import type { KeyMonitoringConducted, MonitoringSnapshotRecorded } from '../../monitoring/src/monitoring.events.js';
import { directionOf } from '../../projects/src/performance-targets.js';
import type { BudgetProjectDeclared, Comparator, PerformanceIndicator, PerformanceTargetRevised, PerformanceTargetRevisionRequested, Tier1, Tier2 } from '../../projects/src/project.events.js';
import type { RectificationAccepted, RectificationNoticeIssued, RectificationOverdue, RectificationReported } from '../../rectification/src/rectification.events.js';
import type { ResultsDisclosed } from '../../results/src/results.events.js';

export { P1, P2, P3, P4, P5, yuan };

export const FY = 2024;

// The cast ------------------------------------------------------------------------------------------------------

const actor = (who: DemoPerson): Actor => deepFreeze(actorFromClaims(DEMO_PEOPLE[who]));

/** 王敏, 乳山市财政局. */
export const finance = actor('finance');
/** 李强, 乳山市财政局: the second pair of eyes on a stop or a recovery. */
export const financeSecond = actor('financeSecond');
/** 赵磊, 乳山市发展和改革局: commissions P3's ex-ante assessment. */
export const drc = actor('drc');
/** 何刚, 乳山市审计局. */
export const audit = actor('audit');
/** 国库集中支付系统, the treasury's integration that reports payments. */
export const treasury = actor('treasury');
/** 陈静, D101 乳山市教育和体育局. */
export const education = actor('education');
/** 马骏, D102 乳山市卫生健康局. */
export const health = actor('health');
/** 刘洋, unit D102-01 乳山市疾病预防控制中心 under D102. */
export const cdc = actor('cdc');
/** 孙浩, D103 乳山市农业农村局. */
export const agriculture = actor('agriculture');
/** 周洁, D104 乳山市住房和城乡建设局. */
export const housing = actor('housing');
/** 吴芳, D105 乳山市文化和旅游局. */
export const culture = actor('culture');
/** 郑欣, TP-001 威海正信会计师事务所（虚构）. */
export const accountingFirm = actor('accountingFirm');
/** 海悦, TP-002 山东海岳工程咨询有限公司（虚构）. */
export const engineeringFirm = actor('engineeringFirm');
/** 钱伟, unit D102-02 乳山市人民医院 under D102: a unit of the same department that is not P2's. The demo has no part for it. */
export const hospital: Actor = deepFreeze({ userId: 'd10202-qianwei', name: '钱伟', role: 'BUDGET_UNIT', orgCode: 'D102-02', orgName: '乳山市人民医院', deptCode: 'D102', unitCode: 'D102-02' });

// Declarations --------------------------------------------------------------------------------------------------

type Declaration = BudgetProjectDeclared['data'];

/** What the demo declares for a project, without the request's own fields (business date, legal basis). */
function declaredInDemo(proCode: string): Declaration {
  const declare = EX_ANTE_STEPS.find((step) => step.path === '/projects' && step.body.proCode === proCode);
  if (!declare) throw new Error(`the demo declares no project ${proCode}`);
  const { occurredAt: _occurredAt, legalBasis: _legalBasis, ...data } = declare.body;
  return structuredClone(data) as unknown as Declaration;
}

/** The declarations of P1–P5 as the demo makes them, by project code: to look up a name, a department, an amount. */
export const DECLARATIONS: Readonly<Record<string, Declaration>> = deepFreeze(Object.fromEntries([P1, P2, P3, P4, P5].map((proCode) => [proCode, declaredInDemo(proCode)])));

/** The declaration of one of P1–P5, a fresh copy each time, with `change` laid over it. */
export const declarationOf = (proCode: string, change: Partial<Declaration> = {}): Declaration => structuredClone({ ...declaredInDemo(proCode), ...change });

/** The years and amounts of a declaration for a funding plan in yuan: `declarationOf(P4, fundingPlanOf([{ fiscalYear: 2024, amount: 15_000_000 }, …]))`. */
export const fundingPlanOf = (plan: { fiscalYear: number; amount: number }[]): Pick<Declaration, 'isCrossYear' | 'startYear' | 'endYear' | 'fundingPlan' | 'totalAmountFen'> => ({
  isCrossYear: plan.length > 1,
  startYear: plan[0].fiscalYear,
  endYear: plan[plan.length - 1].fiscalYear,
  fundingPlan: plan.map(({ fiscalYear, amount }) => ({ fiscalYear, amountFen: yuan(amount), fundSource: '市级财政资金' })),
  totalAmountFen: plan.reduce((sum, { amount }) => sum + yuan(amount), 0),
});

// Performance targets -------------------------------------------------------------------------------------------

/** An indicator as the demo writes one, with the direction the decider derives from its comparator. */
export const indicator = (kpiId: string, tier1: Tier1, tier2: Tier2, name: string, comparator: Comparator, targetValue: string, unit: string | undefined, weight: number): PerformanceIndicator =>
  withDirection(kpi(kpiId, tier1, tier2, name, comparator, targetValue, unit, weight));

function withDirection(demo: ReturnType<typeof kpi>): PerformanceIndicator {
  const comparator = demo.comparator as Comparator;
  return { ...demo, tier2: demo.tier2 as Tier2, comparator, direction: directionOf(comparator) };
}

/** P1 城乡中小学校舍安全改造: OUTPUT 15+10+10+15 = 50, BENEFIT 10+10+10 = 30, SATISFACTION 10. */
export const P1_INDICATORS: PerformanceIndicator[] = deepFreeze(DEMO_P1_INDICATORS.map(withDirection));
/** P3 高标准农田建设市级配套, v2 as passed and approved: with the ecological indicator P3-BEN-03 that v1 lacked. */
export const P3_V2_INDICATORS: PerformanceIndicator[] = deepFreeze(DEMO_P3_V2_INDICATORS.map(withDirection));

// Events of the story ---------------------------------------------------------------------------------------------

/** A demo request's body, without the request's own fields (business date, legal basis, evidence). */
function demoBody(key: string): Record<string, unknown> {
  const found = [...EX_ANTE_STEPS, ...IN_PROCESS_STEPS, ...EX_POST_STEPS].find((step) => 'key' in step && step.key === `demo-fy2024/${key}`);
  if (!found || !('body' in found)) throw new Error(`the demo sends no request ${key}`);
  const { occurredAt: _occurredAt, legalBasis: _legalBasis, evidence: _evidence, ...body } = found.body;
  return structuredClone(body);
}

type Notice = Omit<RectificationNoticeIssued['data'], 'basisEvents'>;

/** A demo rectification notice as the event records it: the department (and unit) from the project's declaration. */
function noticeInDemo(project: 'P2' | 'P3' | 'P4'): Notice {
  const { basisEvents: _cited, ...notice } = demoBody(`${project}/rectification-notice`);
  const { deptCode, unitCode } = DECLARATIONS[notice.proCode as string];
  return { ...notice, deptCode, ...(unitCode ? { unitCode } : {}) } as Notice;
}

/** The demo's rectification notices by case (P3 RC-2024-P3-01, P4 RC-2024-P4-01, P2 RC-2025-P2-01), without the events they cite. */
export const RECTIFICATION_NOTICES: Readonly<Record<string, Notice>> = deepFreeze(Object.fromEntries((['P3', 'P4', 'P2'] as const).map(noticeInDemo).map((notice) => [notice.caseId, notice])));

const p4Year = { proCode: P4, fiscalYear: FY };
const { indicators: _answered, budget: p4July, ...p4Snapshot } = demoBody('P4/snapshot-2024-07');
const p4Notice = RECTIFICATION_NOTICES[P4_CASE];
const p4Suspension = demoBody('P4/suspension');
const p4Recovery = demoBody('P4/recovery-proposal');
const { caseId: _resumedCase, ...p4Resumption } = demoBody('P4/resumption');
const { basisEvents: _snapshot, ...p4Reduction } = demoBody('P4/reduction-proposal-2025');
const p4KeyReport = demoBody('P4/key-evaluation-report');

/**
 * The events of P4 城镇老旧小区改造配套基础设施 (domain.md §9) as the projections read them, from the demo's requests:
 * the July snapshot, the SERIOUS finding of key monitoring, the rectification case RC-2024-P4-01, the suspension, the
 * four-eyes recovery of 3,000,000 yuan, the FY2025 cut proposed for slow spending, the resumption and TP-001's key
 * evaluation (72 中). What an event answers or cites is the spec's own: it adds the snapshot's indicators, a notice's
 * or a proposal's basis events, a completion's report event.
 */
export const P4_STORY = deepFreeze({
  julySnapshot: {
    ...p4Snapshot,
    ...p4Year,
    targetVersion: 1,
    budget: { ...(p4July as object), budgetFen: DECLARATIONS[P4].totalAmountFen, netDisbursedFen: (p4July as { executedToDateFen: number }).executedToDateFen },
  } as Omit<MonitoringSnapshotRecorded['data'], 'indicators'>,
  keyMonitoring: { ...p4Year, ...demoBody('P4/key-monitoring-2024-08') } as KeyMonitoringConducted['data'],
  rectificationNotice: p4Notice,
  rectificationOverdue: { caseId: P4_CASE, deadline: p4Notice.deadline, detectedAt: '2024-09-01T01:00:02.000Z' } as RectificationOverdue['data'],
  suspended: { ...p4Year, ...p4Suspension, basis: { ...(p4Suspension.basis as object), caseStatus: 'OVERDUE' } } as FundDisbursementSuspended['data'],
  recoveryProposed: { ...p4Year, proposalId: 'RECOVERY-1', ...p4Recovery, proposedBy: finance.userId } as FundsRecoveryProposed['data'],
  recovered: {
    ...p4Year,
    proposalId: 'RECOVERY-1',
    amountFen: p4Recovery.amountFen,
    reallocationRef: p4Recovery.reallocationRef,
    docNo: p4Recovery.docNo,
    proposedBy: finance.userId,
    approvedBy: financeSecond.userId,
    ...demoBody('P4/recovery-approval'),
  } as FundsRecovered['data'],
  rectificationReported: { caseId: P4_CASE, ...demoBody('P4/rectification-report'), late: true } as RectificationReported['data'],
  rectificationAccepted: { caseId: P4_CASE, ...demoBody('P4/rectification-acceptance') } as RectificationAccepted['data'],
  reductionProposed: { ...p4Year, proposalId: 'REDUCTION-1', ...p4Reduction, executionRate: 15 } as Omit<NextYearBudgetReductionProposed['data'], 'basisEvents'>,
  resumed: { ...p4Year, ...p4Resumption, basis: { caseId: P4_CASE } } as FundDisbursementResumed['data'],
  keyEvaluationReport: {
    ...p4Year,
    reportId: 'KER-1',
    commissionId: 'KEC-1',
    institutionId: 'TP-001',
    institutionName: DEMO_ORGANISATIONS['TP-001'],
    ...p4KeyReport,
    frameworkMaxScores: { DECISION: 20, PROCESS: 20, OUTPUT: 40, BENEFIT: 20 },
    totalScore: 72,
    grade: 'FAIR',
    ruleSetVersion: 'v1',
  } as KeyEvaluationReportSubmitted['data'],
  keyEvaluationCompleted: {
    ...p4Year,
    reportId: 'KER-1',
    institutionId: 'TP-001',
    reportScore: 72,
    reportGrade: 'FAIR',
    finalScore: 72,
    finalGrade: 'FAIR',
    opinion: demoBody('P4/key-evaluation-completion').opinion,
    ruleSetVersion: 'v1',
  } as Omit<KeyEvaluationCompleted['data'], 'acceptedReportEventId'>,
});

const { indicators: p3V3, ...p3RevisionRequest } = demoBody('P3/revision-request');
const completion = (indicators: unknown) => (indicators as PerformanceIndicator[]).find((i) => i.kpiId === 'P3-OUT-03') as PerformanceIndicator;
const [completionV2, completionV3] = [completion(DEMO_P3_V2_INDICATORS), completion(p3V3)];

/** P3's targets v2 → v3 after the September flood: the completion date moves to 20 December. The spec gives the request its indicators. */
export const P3_REVISION = deepFreeze({
  requested: { proCode: P3, requestId: 'TR-2024-1', fromVersion: 2, ...p3RevisionRequest } as Omit<PerformanceTargetRevisionRequested['data'], 'indicators'>,
  revised: {
    proCode: P3,
    fiscalYear: FY,
    requestId: 'TR-2024-1',
    fromVersion: 2,
    toVersion: 3,
    reason: p3RevisionRequest.reason,
    changedKpis: [
      {
        kpiId: completionV2.kpiId,
        before: { targetValue: completionV2.targetValue, weight: completionV2.weight },
        after: { targetValue: completionV3.targetValue, weight: completionV3.weight },
      },
    ],
    ...demoBody('P3/revision-approval'),
  } as PerformanceTargetRevised['data'],
});

/** P2's spot-check 78 中 against its self-evaluation 96 优: the discrepancy flag, without the submission it names. */
export const P2_DISCREPANCY_FLAGGED: Omit<SelfEvaluationDiscrepancyFlagged['data'], 'submissionEventId'> = deepFreeze({
  proCode: P2,
  fiscalYear: FY,
  selfScore: 96,
  reviewScore: 78,
  delta: 18,
  selfGrade: 'EXCELLENT',
  reviewGrade: 'FAIR',
  reasons: ['SCORE_DELTA', 'GRADE_CHANGE'],
  ruleSetVersion: 'v1',
});

type Referral = Omit<AccountabilityReferred['data'], 'basisEvents'>;
const referralInDemo = (by: 'finance' | 'audit'): Referral => {
  const { basisEvents: _cited, ...referral } = demoBody(`P2/referral-${by}`);
  return referral as Referral;
};

/** P2's referrals for falsification by finance (ZR-2025-01) and by audit (ZR-2025-02), without the events they cite. */
export const P2_REFERRALS = deepFreeze({ byFinance: referralInDemo('finance'), byAudit: referralInDemo('audit') });

/** FY2024's evaluation results (P1, P4) published on the city's website. */
export const RESULTS_DISCLOSED: ResultsDisclosed['data'] = deepFreeze({ disclosureId: 'DSC-2024-1', ...demoBody('fy2024/disclosure') } as ResultsDisclosed['data']);

// Helpers -------------------------------------------------------------------------------------------------------

/** Shared fixtures are frozen: a spec that changes one makes a copy first (`{ ...fixture, weight: 20 }`). */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** The refusal a run throws, to look at its details; fails the test when the command was not refused. */
export function refusal(run: () => unknown): CommandError {
  try {
    run();
  } catch (error) {
    if (error instanceof CommandError) return error;
    throw error;
  }
  throw new Error('expected the command to be refused, yet it decided events');
}
