import type { AccountabilityReferred, AuditFindingRecorded, CirculationNoticeIssued } from '../../accountability/src/accountability.events.js';
import type { EventMetadata } from '../../event-store/src/event-store.port.js';
import type {
  EvaluatedIndicator,
  KeyEvaluationCompleted,
  KeyEvaluationReportSubmitted,
  SelfEvaluationDiscrepancyFlagged,
  SelfEvaluationFiled,
  SelfEvaluationReviewedByCompetentDepartment,
  SelfEvaluationSubmitted,
  SpotCheckReviewed,
  ThirdPartyCommissioned,
} from '../../evaluation/src/evaluation.events.js';
import type {
  BudgetExecutionClosed,
  FundDisbursementResumed,
  FundDisbursementSuspended,
  FundsDisbursed,
  FundsRecovered,
  FundsRecoveryProposed,
  NextYearBudgetReductionProposed,
} from '../../funding/src/funding.events.js';
import type { DeviationFlagged, KeyMonitoringConducted, MonitoringSnapshotRecorded, MonitoringTaskIssued } from '../../monitoring/src/monitoring.events.js';
import type {
  BudgetAndTargetsApproved,
  BudgetProjectDeclared,
  ExAnteAssessmentCommissioned,
  ExAnteAssessmentRecorded,
  ExAnteAssessmentReviewed,
  PerformanceIndicator,
  PerformanceTargetReviewed,
  PerformanceTargetRevised,
  PerformanceTargetRevisionRequested,
  PerformanceTargetSet,
  ProjectAdmittedToLibrary,
  ProjectIncludedInBudgetDraft,
  ProjectRejectedFromLibrary,
} from '../../projects/src/project.events.js';
import type { EventSubject, ProjectedEvent } from '../../read-store/src/projection.js';
import { DEADLINE_WATCHER_ACTOR as watcher } from '../../rectification/src/deadline-watcher.js';
import type {
  RectificationAccepted,
  RectificationNoticeIssued,
  RectificationOverdue,
  RectificationReported,
} from '../../rectification/src/rectification.events.js';
import type {
  BudgetAdjustedForNextYear,
  EvaluationResultFedBack,
  PerformancePaymentAdjusted,
  ResultsDisclosed,
  ResultsReportedToPeoplesCongress,
} from '../../results/src/results.events.js';
import type { Grade } from '../../rule-sets/src/rule-set.js';
import { eventLog, project } from '../../testing/src/projection-spec.js';
import { DECLARATIONS, FY, P1, P2, P2_DISCREPANCY_FLAGGED, P2_REFERRALS, P3, P3_REVISION, P4, P4_STORY, P5, RECTIFICATION_NOTICES, audit, declarationOf, fundingPlanOf, yuan as yuanToFen } from '../../testing/src/rushan-fixtures.js';
import { BOARD_STEPS, type BoardStepName, type ClosedLoopBoardDocument, closedLoopBoardProjection as board, yuan } from './closed-loop-board.projection.js';

// ---------------------------------------------------------------------------------------------------------
// 乳山市 (371083), fiscal year 2024 — the five projects of domain.md §9:
//   P1 城乡中小学校舍安全改造 (D101, new, major)   clean run, self-evaluation 94.35 优, disclosed
//   P2 基本公共卫生服务市级配套 (D102 / D102-01)     continuing; spot-check 78 中 → flag → rectification → referrals
//   P3 高标准农田建设市级配套 (D103, new, major)     ex-ante by TP-001 84 良; targets v1 returned, v2 passed; v2 → v3
//   P4 城镇老旧小区改造配套基础设施 (D104, PPP)      RED → SERIOUS finding → overdue case → suspended, recovered → 72 中
//   P5 乡村文化惠民演出 (D105, new, major)          ex-ante 55 差, review failed → library refused
// ---------------------------------------------------------------------------------------------------------

/** The five projects as the demo declares them, with the amount in yuan. */
const PROJECTS = Object.fromEntries([P1, P2, P3, P4, P5].map((proCode) => [proCode, { ...DECLARATIONS[proCode], amount: DECLARATIONS[proCode].totalAmountFen / 100 }]));

type Typed = { type: string; data: object };

/**
 * The log of a spec, with the subject as the runner fills it: the project, department and unit from the
 * declaration, the year from the event's data or, for a rectification case's later events, from its notice.
 */
function history() {
  const log = eventLog();
  const caseSubjects = new Map<string, EventSubject>();
  const subjectOf = (data: Record<string, unknown>): EventSubject => {
    if (typeof data.caseId === 'string' && caseSubjects.has(data.caseId)) return caseSubjects.get(data.caseId) as EventSubject;
    const proCode = typeof data.proCode === 'string' ? data.proCode : undefined;
    const known = proCode ? PROJECTS[proCode] : undefined;
    return {
      ...(proCode ? { proCode } : {}),
      ...(known ? { deptCode: known.deptCode, ...(known.unitCode ? { unitCode: known.unitCode } : {}) } : {}),
      ...(typeof data.fiscalYear === 'number' ? { fiscalYear: data.fiscalYear } : {}),
    };
  };
  return <E extends Typed>(stream: string, type: E['type'], data: E['data'], date: string, metadata: Partial<EventMetadata> = {}): ProjectedEvent => {
    const record = data as Record<string, unknown>;
    const subject = subjectOf(record);
    if (type === 'RectificationNoticeIssued') caseSubjects.set(String(record.caseId), subject);
    return log(stream, type, record, { subject, metadata: { occurredAt: `${date}T00:00:00+08:00`, ...metadata } });
  };
}
type Log = ReturnType<typeof history>;

const projectStream = (proCode: string) => `project-${proCode}`;
const fundingStream = (proCode: string) => `funding-${proCode}-${FY}`;
const monitoringStream = (proCode: string) => `monitoring-${proCode}-${FY}`;
const evaluationStream = (proCode: string) => `evaluation-${proCode}-${FY}`;
const keyEvaluationStream = (proCode: string) => `keyevaluation-${proCode}-${FY}`;
const resultsStream = (proCode: string) => `results-${proCode}-${FY}`;

const indicator = (kpiId: string, name: string, tier1: PerformanceIndicator['tier1'], tier2: PerformanceIndicator['tier2'], targetValue: string, unit: string, weight: number): PerformanceIndicator => ({
  kpiId,
  tier1,
  tier2,
  name,
  comparator: 'GTE',
  targetValue,
  unit,
  direction: 'POSITIVE',
  weight,
  scoringRule: '达到目标值得满分，未达到按完成比例得分',
});

const P1_INDICATORS = [indicator('P1-OUT-01', '改造校舍面积', 'OUTPUT', 'QUANTITY', '12000', '㎡', 15), indicator('P1-SAT-01', '师生满意度', 'SATISFACTION', 'RECIPIENT_SATISFACTION', '90', '%', 10)];

function declare(e: Log, proCode: string, plan: { fiscalYear: number; amount: number }[] = [{ fiscalYear: FY, amount: PROJECTS[proCode].amount }], extra: Partial<BudgetProjectDeclared['data']> = {}) {
  return e<BudgetProjectDeclared>(
    projectStream(proCode),
    'BudgetProjectDeclared',
    declarationOf(proCode, { ...fundingPlanOf(plan), ...extra }),
    '2023-09-15',
  );
}

const assessment = (e: Log, proCode: string, totalScore: number, grade: Grade, date: string, by?: { institutionId: string; commissionId: string }) =>
  e<ExAnteAssessmentRecorded>(
    projectStream(proCode),
    'ExAnteAssessmentRecorded',
    {
      proCode,
      assessmentId: 'EA-1',
      assessorType: by ? 'THIRD_PARTY' : 'DEPARTMENT',
      ...(by ?? {}),
      dimensions: [
        { dimension: 'NECESSITY', score: totalScore / 5, maxScore: 20 },
        { dimension: 'INPUT_ECONOMY', score: totalScore / 5, maxScore: 20 },
        { dimension: 'TARGET_REASONABLENESS', score: totalScore / 5, maxScore: 20 },
        { dimension: 'PLAN_FEASIBILITY', score: totalScore / 5, maxScore: 20 },
        { dimension: 'FINANCING_COMPLIANCE', score: totalScore / 5, maxScore: 20 },
      ],
      totalScore,
      grade,
      conclusion: grade === 'POOR' ? 'NOT_SUPPORTED' : grade === 'FAIR' ? 'SUPPORT_AFTER_REVISION' : 'SUPPORT',
      reportRef: '事前绩效评估报告',
    },
    date,
  );

const review = (e: Log, proCode: string, outcome: 'PASSED' | 'FAILED', grade: Grade, date: string) =>
  e<ExAnteAssessmentReviewed>(projectStream(proCode), 'ExAnteAssessmentReviewed', { proCode, assessmentId: 'EA-1', outcome, grade, opinion: outcome === 'PASSED' ? '同意入库。' : '评估等级为差，不予支持。' }, date);

const targets = (e: Log, proCode: string, version: number, date: string) =>
  e<PerformanceTargetSet>(
    projectStream(proCode),
    'PerformanceTargetSet',
    { proCode, fiscalYear: FY, version, overallObjective: '三年内消除全市中小学校舍安全隐患', annualObjective: '2024年完成12000㎡校舍安全改造', indicators: P1_INDICATORS },
    date,
  );

const targetsReviewed = (e: Log, proCode: string, version: number, outcome: 'PASSED' | 'RETURNED', date: string, opinion = '目标完整，与资金匹配。') =>
  e<PerformanceTargetReviewed>(
    projectStream(proCode),
    'PerformanceTargetReviewed',
    { proCode, fiscalYear: FY, version, outcome, checks: { formatCompliant: true, complete: outcome === 'PASSED', matchesFunding: true }, opinion },
    date,
  );

const admitted = (e: Log, proCode: string, targetVersion: number, fiscalYear = FY) =>
  e<ProjectAdmittedToLibrary>(projectStream(proCode), 'ProjectAdmittedToLibrary', { proCode, fiscalYear, targetVersion, libraryBatch: '2024-01' }, '2023-11-10');

const drafted = (e: Log, proCode: string, targetVersion: number) =>
  e<ProjectIncludedInBudgetDraft>(
    projectStream(proCode),
    'ProjectIncludedInBudgetDraft',
    { proCode, fiscalYear: FY, budgetBook: 'GENERAL_PUBLIC', requestedFen: yuanToFen(PROJECTS[proCode].amount), proposedFen: yuanToFen(PROJECTS[proCode].amount), targetVersion },
    '2023-12-05',
  );

const approved = (e: Log, proCode: string, targetVersion: number) =>
  e<BudgetAndTargetsApproved>(
    projectStream(proCode),
    'BudgetAndTargetsApproved',
    { proCode, fiscalYear: FY, approvedFen: yuanToFen(PROJECTS[proCode].amount), targetVersion, approvalDocNo: '乳财预〔2024〕1号' },
    '2024-01-20',
  );

const paid = (e: Log, proCode: string, amount: number, paidOn: string, metadata: Partial<EventMetadata> = {}) =>
  e<FundsDisbursed>(
    fundingStream(proCode),
    'FundsDisbursed',
    { proCode, fiscalYear: FY, amountFen: yuanToFen(amount), paymentRef: `GK-${proCode.slice(12)}-${paidOn.replaceAll('-', '')}`, paidOn, fundSource: '市级财政资金' },
    paidOn,
    metadata,
  );

const task = (e: Log, proCodes: string[]) =>
  e<MonitoringTaskIssued>(
    'task-MT-2024-07',
    'MonitoringTaskIssued',
    { taskId: 'MT-2024-07', fiscalYear: FY, mode: 'SELF', title: '2024年度项目绩效运行监控（截至7月31日）', asOfDate: '2024-07-31', dueDate: '2024-08-10', scope: { proCodes } },
    '2024-07-05',
  );

const snapshot = (e: Log, proCode: string, executed: number, metadata: Partial<EventMetadata> = {}) =>
  e<MonitoringSnapshotRecorded>(
    monitoringStream(proCode),
    'MonitoringSnapshotRecorded',
    {
      taskId: 'MT-2024-07',
      proCode,
      fiscalYear: FY,
      asOfDate: '2024-07-31',
      targetVersion: 1,
      budget: { budgetFen: yuanToFen(PROJECTS[proCode].amount), executedToDateFen: yuanToFen(executed), estimatedAnnualExecutedFen: yuanToFen(PROJECTS[proCode].amount), netDisbursedFen: yuanToFen(executed) },
      indicators: [],
    },
    '2024-08-05',
    metadata,
  );

const projectLight = (e: Log, proCode: string, light: DeviationFlagged['data']['light']) =>
  e<DeviationFlagged>(
    monitoringStream(proCode),
    'DeviationFlagged',
    { proCode, fiscalYear: FY, taskId: 'MT-2024-07', asOfDate: '2024-07-31', metric: 'PROJECT', light, ruleId: 'PROJECT_WORST_LIGHT', ruleSetVersion: 'v1' },
    '2024-08-05',
  );

const closed = (e: Log, proCode: string, executed: number, recovered = 0) => {
  const approvedFen = yuanToFen(PROJECTS[proCode].amount);
  return e<BudgetExecutionClosed>(
    fundingStream(proCode),
    'BudgetExecutionClosed',
    {
      proCode,
      fiscalYear: FY,
      initialApprovedFen: approvedFen,
      inYearAdjustmentFen: 0,
      adjustedBudgetFen: approvedFen,
      executedFen: yuanToFen(executed),
      recoveredFen: yuanToFen(recovered),
      carryOverFen: 0,
      balanceFen: approvedFen - yuanToFen(executed),
    },
    '2025-01-15',
  );
};

const selfEvaluated = (e: Log, proCode: string, totalScore: number, grade: Grade, targetVersion = 1) =>
  e<SelfEvaluationSubmitted>(
    evaluationStream(proCode),
    'SelfEvaluationSubmitted',
    {
      proCode,
      fiscalYear: FY,
      deptCode: PROJECTS[proCode].deptCode,
      targetVersion,
      annualObjective: '年度目标',
      annualObjectiveNarrative: '年度目标基本完成，偏差原因见各指标分析',
      budget: { adjustedBudgetFen: yuanToFen(PROJECTS[proCode].amount), executedFen: yuanToFen(PROJECTS[proCode].amount), executionRate: 95 },
      indicators: [] as EvaluatedIndicator[],
      executionPoints: 9.5,
      indicatorPoints: totalScore - 9.5,
      totalScore,
      grade,
      ruleSetVersion: 'v1',
      basisEvents: [],
    },
    '2025-02-20',
  );

const filed = (e: Log, proCode: string, totalScore: number, grade: Grade) =>
  e<SelfEvaluationFiled>(evaluationStream(proCode), 'SelfEvaluationFiled', { proCode, fiscalYear: FY, submissionEventId: 'event-submission', totalScore, grade, opinion: '自评材料完整，予以备案。' }, '2025-03-05');

const congress = (e: Log, items: string[]) =>
  e<ResultsReportedToPeoplesCongress>(
    'congress-2024',
    'ResultsReportedToPeoplesCongress',
    { fiscalYear: FY, reportId: 'NPC-2024-1', kind: 'EVALUATION_RESULTS', items, accompanies: 'DRAFT_FINAL_ACCOUNTS', submittedOn: '2025-06-20', sessionRef: '乳山市第十九届人大常委会第二十次会议' },
    '2025-06-20',
  );

const disclosed = (e: Log, items: string[], kind: ResultsDisclosed['data']['kind'] = 'EVALUATION_RESULTS', publishedOn = '2025-06-28') =>
  e<ResultsDisclosed>(
    'disclosure-2024',
    'ResultsDisclosed',
    { fiscalYear: FY, disclosureId: `DSC-2024-${kind}`, kind, items, channel: '乳山市人民政府网站', url: 'https://www.rushan.gov.cn/zwgk/czxx/2025/jxpj.html', publishedOn },
    publishedOn,
  );

/** P1's year up to the disclosure: ex-ante 92 优, targets v1, approved, 3,900,000 paid by July, GREEN, 94.35 优. */
function p1Year(e: Log): ProjectedEvent[] {
  return [
    declare(e, P1),
    assessment(e, P1, 92, 'EXCELLENT', '2023-09-28'),
    review(e, P1, 'PASSED', 'EXCELLENT', '2023-10-12'),
    targets(e, P1, 1, '2023-10-20'),
    targetsReviewed(e, P1, 1, 'PASSED', '2023-11-02'),
    admitted(e, P1, 1),
    drafted(e, P1, 1),
    approved(e, P1, 1),
    paid(e, P1, 1_500_000, '2024-03-20'),
    paid(e, P1, 1_400_000, '2024-05-25'),
    task(e, [P1]),
    paid(e, P1, 1_000_000, '2024-07-15'),
    snapshot(e, P1, 3_900_000),
    projectLight(e, P1, 'GREEN'),
    paid(e, P1, 1_500_000, '2024-09-20'),
    paid(e, P1, 1_060_000, '2024-11-25'),
    closed(e, P1, 6_460_000),
    selfEvaluated(e, P1, 94.35, 'EXCELLENT'),
    filed(e, P1, 94.35, 'EXCELLENT'),
    congress(e, [P1, P2, P3, P4]),
    disclosed(e, [P1, P4]),
  ];
}

const only = (docs: Map<string, ClosedLoopBoardDocument>, key: string): ClosedLoopBoardDocument => {
  const doc = docs.get(key);
  if (!doc) throw new Error(`no board ${key}; boards: ${[...docs.keys()].join(', ')}`);
  return doc;
};
const statuses = (doc: ClosedLoopBoardDocument) => Object.fromEntries(doc.steps.map((s) => [s.step, s.status]));
const step = (doc: ClosedLoopBoardDocument, name: BoardStepName) => {
  const found = doc.steps.find((s) => s.step === name);
  if (!found) throw new Error(`no step ${name}`);
  return found;
};

describe('closed-loop board projection', () => {
  it('is the closed-loop-board collection, indexed for the board queries', () => {
    expect(board.name).toBe('closed-loop-board');
    expect(board.indexes).toEqual(['fiscalYear', 'deptCode', 'unitCode', 'currentStage', 'overallStatus', 'overdue']);
  });

  it('opens one board per year of the funding plan, with the header and every step of §4 in order', () => {
    const e = history();
    const docs = project(board, [declare(e, P4, [{ fiscalYear: 2024, amount: 15_000_000 }, { fiscalYear: 2025, amount: 10_000_000 }])]);

    expect([...docs.keys()]).toEqual([`${P4}:2024`, `${P4}:2025`]);
    const y2025 = only(docs, `${P4}:2025`);
    expect(y2025).toMatchObject({
      _id: `${P4}:2025`,
      proCode: P4,
      proName: '城镇老旧小区改造配套基础设施',
      deptCode: 'D104',
      unitCode: null,
      fiscalYear: 2025,
      isNew: true,
      isMajor: true,
      amountFen: 1_000_000_000,
      approvedFen: null,
      currentStage: 'EX_ANTE',
      overallStatus: 'IN_PROGRESS',
      overdue: false,
    });
    expect(y2025.steps.map((s) => [s.step, s.stage])).toEqual(BOARD_STEPS.map((s) => [s.step, s.stage]));
    expect(step(y2025, 'DECLARATION')).toEqual({
      step: 'DECLARATION',
      stage: 'EX_ANTE',
      status: 'DONE',
      on: '2023-09-15',
      detail: '¥10,000,000 planned for 2025; new, major',
      eventIds: ['event-1'],
    });
    expect(step(y2025, 'EX_ANTE_ASSESSMENT')).toMatchObject({ status: 'MISSING', on: null });
    expect(step(y2025, 'RECTIFICATION').status).toBe('NOT_APPLICABLE');
    expect(y2025.counters.steps).toEqual({ DONE: 1, IN_PROGRESS: 0, MISSING: 12, OVERDUE: 0, REFUSED: 0, NOT_APPLICABLE: 6 });
  });

  it('carries project-wide ex-ante and library decisions to every plan year, year-bound facts to their own year', () => {
    const e = history();
    const docs = project(board, [
      declare(e, P4, [{ fiscalYear: 2024, amount: 15_000_000 }, { fiscalYear: 2025, amount: 10_000_000 }]),
      assessment(e, P4, 81, 'GOOD', '2023-09-30'),
      review(e, P4, 'PASSED', 'GOOD', '2023-10-16'),
      targets(e, P4, 1, '2023-10-22'),
      targetsReviewed(e, P4, 1, 'PASSED', '2023-11-03'),
      admitted(e, P4, 1),
    ]);

    const y2024 = only(docs, `${P4}:2024`);
    const y2025 = only(docs, `${P4}:2025`);
    expect(step(y2025, 'EX_ANTE_ASSESSMENT')).toMatchObject({ status: 'DONE', detail: '81 GOOD, passed', on: '2023-10-16', eventIds: ['event-2', 'event-3'] });
    expect(step(y2025, 'LIBRARY')).toMatchObject({ status: 'DONE', detail: 'admitted, batch 2024-01, targets v1' });
    expect(step(y2024, 'TARGETS')).toMatchObject({ status: 'DONE', detail: 'v1 passed' });
    // The 2024 target set is not 2025's: that year's targets are set with its own budget.
    expect(step(y2025, 'TARGETS')).toMatchObject({ status: 'MISSING', detail: 'no target version set' });
  });

  it('P1 runs the loop clean: each step done with its date, detail and events, then the results application closes it', () => {
    const e = history();
    const year = p1Year(e);
    const before = only(project(board, year), `${P1}:2024`);

    expect(statuses(before)).toEqual({
      DECLARATION: 'DONE',
      EX_ANTE_ASSESSMENT: 'DONE',
      TARGETS: 'DONE',
      LIBRARY: 'DONE',
      BUDGET_APPROVAL: 'DONE',
      DISBURSEMENT: 'DONE',
      MONITORING: 'DONE',
      RECTIFICATION: 'NOT_APPLICABLE',
      FUNDING_CONTROL: 'NOT_APPLICABLE',
      TARGET_REVISION: 'NOT_APPLICABLE',
      EXECUTION_CLOSED: 'DONE',
      SELF_EVALUATION: 'DONE',
      FILING: 'DONE',
      SPOT_CHECK: 'NOT_APPLICABLE',
      KEY_EVALUATION: 'NOT_APPLICABLE',
      RESULTS_APPLICATION: 'MISSING',
      DISCLOSURE: 'DONE',
      PEOPLES_CONGRESS_REPORT: 'DONE',
      ACCOUNTABILITY: 'NOT_APPLICABLE',
    });
    expect(step(before, 'EX_ANTE_ASSESSMENT')).toMatchObject({ on: '2023-10-12', detail: '92 EXCELLENT, passed' });
    expect(step(before, 'BUDGET_APPROVAL')).toMatchObject({ on: '2024-01-20', detail: '¥6,800,000 with targets v1 (乳财预〔2024〕1号)', eventIds: ['event-8'] });
    expect(step(before, 'DISBURSEMENT')).toMatchObject({ on: '2025-01-15', detail: 'net ¥6,460,000 of ¥6,800,000 (95.00%), 5 payments' });
    expect(step(before, 'MONITORING')).toMatchObject({ on: '2024-08-05', detail: 'MT-2024-07 as of 2024-07-31: GREEN', eventIds: ['event-13', 'event-14'] });
    expect(step(before, 'SELF_EVALUATION')).toMatchObject({ on: '2025-02-20', detail: '94.35 EXCELLENT on targets v1' });
    expect(step(before, 'DISCLOSURE')).toMatchObject({ on: '2025-06-28', detail: 'EVALUATION_RESULTS published 2025-06-28 (乳山市人民政府网站)' });
    expect(before).toMatchObject({ currentStage: 'EX_POST', approvedFen: 680_000_000, overdue: false });
    // Nothing proves the results application was skipped: the loop is still open, not broken.
    expect(before.overallStatus).toBe('IN_PROGRESS');

    const feedback = e<EvaluationResultFedBack>(
      resultsStream(P1),
      'EvaluationResultFedBack',
      { proCode: P1, fiscalYear: FY, feedbackId: 'FB-1', deptCode: 'D101', requiredActions: ['保持按期完工管理'], basisEvents: [{ stream: evaluationStream(P1), eventId: 'event-19' }] },
      '2025-07-02',
    );
    const after = only(project(board, [...year, feedback]), `${P1}:2024`);
    expect(step(after, 'RESULTS_APPLICATION')).toMatchObject({ status: 'DONE', on: '2025-07-02', detail: 'feedback FB-1' });
    expect(after.overallStatus).toBe('DONE');
  });

  it('moves the current stage with the approval and the closing', () => {
    const e = history();
    const year = p1Year(e);
    const stageAfter = (count: number) => only(project(board, year.slice(0, count)), `${P1}:2024`).currentStage;
    expect(stageAfter(7)).toBe('EX_ANTE'); // in the budget draft
    expect(stageAfter(8)).toBe('IN_PROCESS'); // approved
    expect(stageAfter(16)).toBe('IN_PROCESS');
    expect(stageAfter(17)).toBe('EX_POST'); // execution closed
  });

  it('P5: a failed ex-ante review and the library refusal end the loop; what it never reached does not apply', () => {
    const e = history();
    const docs = project(board, [
      declare(e, P5),
      assessment(e, P5, 55, 'POOR', '2023-10-08'),
      review(e, P5, 'FAILED', 'POOR', '2023-10-18'),
      targets(e, P5, 1, '2023-10-24'),
      targetsReviewed(e, P5, 1, 'PASSED', '2023-11-03'),
      e<ProjectRejectedFromLibrary>(
        projectStream(P5),
        'ProjectRejectedFromLibrary',
        { proCode: P5, reason: 'EX_ANTE_FAILED', detail: '事前绩效评估55分（差），财政审核未通过，依乳发〔2020〕3号三(一)不得入库。' },
        '2023-11-10',
      ),
    ]);

    const doc = only(docs, `${P5}:2024`);
    expect(step(doc, 'EX_ANTE_ASSESSMENT')).toMatchObject({ status: 'REFUSED', on: '2023-10-18', detail: '55 POOR, review failed', eventIds: ['event-2', 'event-3'] });
    expect(step(doc, 'LIBRARY')).toMatchObject({ status: 'REFUSED', on: '2023-11-10', detail: 'EX_ANTE_FAILED: 事前绩效评估55分（差），财政审核未通过，依乳发〔2020〕3号三(一)不得入库。' });
    for (const name of ['BUDGET_APPROVAL', 'DISBURSEMENT', 'MONITORING', 'EXECUTION_CLOSED', 'SELF_EVALUATION', 'FILING', 'RESULTS_APPLICATION', 'DISCLOSURE', 'PEOPLES_CONGRESS_REPORT'] as const) {
      expect(step(doc, name)).toMatchObject({ status: 'NOT_APPLICABLE', on: '2023-11-10', detail: 'not reached: library admission refused (EX_ANTE_FAILED)', eventIds: ['event-6'] });
    }
    expect(doc).toMatchObject({ currentStage: 'EX_ANTE', overallStatus: 'REFUSED', overdue: false });
    expect(doc.counters.steps).toMatchObject({ DONE: 2, REFUSED: 2, MISSING: 0 });
  });

  it('reads the ex-ante step from the latest assessment: commissioned, recorded and awaiting review, passed', () => {
    const e = history();
    const events = [
      declare(e, P3),
      e<ExAnteAssessmentCommissioned>(
        projectStream(P3),
        'ExAnteAssessmentCommissioned',
        { proCode: P3, commissionId: 'EAC-1', institutionId: 'TP-001', institutionName: '威海正信会计师事务所（虚构）', contractRef: '乳发改委托〔2023〕12号', dueDate: '2023-10-15' },
        '2023-09-20',
      ),
      assessment(e, P3, 84, 'GOOD', '2023-10-12', { institutionId: 'TP-001', commissionId: 'EAC-1' }),
      review(e, P3, 'PASSED', 'GOOD', '2023-10-20'),
    ];
    const exAnte = (count: number) => step(only(project(board, events.slice(0, count)), `${P3}:2024`), 'EX_ANTE_ASSESSMENT');

    expect(exAnte(1)).toMatchObject({ status: 'MISSING', detail: 'required for a new major project (rule set default v1); none recorded' });
    expect(exAnte(2)).toMatchObject({ status: 'IN_PROGRESS', on: '2023-09-20', detail: 'commissioned to TP-001 威海正信会计师事务所（虚构）' });
    expect(exAnte(3)).toMatchObject({ status: 'IN_PROGRESS', on: '2023-10-12', detail: '84 GOOD by TP-001, awaiting review' });
    expect(exAnte(4)).toMatchObject({ status: 'DONE', on: '2023-10-20', detail: '84 GOOD by TP-001, passed', eventIds: ['event-3', 'event-4'] });
  });

  it('P3: targets returned then resubmitted, a rectification case opened and closed, targets revised v2 → v3 after the flood', () => {
    const e = history();
    const ex = [declare(e, P3), assessment(e, P3, 84, 'GOOD', '2023-10-12'), review(e, P3, 'PASSED', 'GOOD', '2023-10-20')];
    const v1 = [targets(e, P3, 1, '2023-10-25'), targetsReviewed(e, P3, 1, 'RETURNED', '2023-11-01', '效益指标缺少生态效益指标，请补充后重新报送。')];
    const v2 = [targets(e, P3, 2, '2023-11-06'), targetsReviewed(e, P3, 2, 'PASSED', '2023-11-09', '已补充生态效益指标，审核通过。')];
    const budget = [admitted(e, P3, 2), drafted(e, P3, 2), approved(e, P3, 2), paid(e, P3, 4_560_000, '2024-06-20')];
    const notice = e<RectificationNoticeIssued>(
      `rectification-RC-2024-P3-01`,
      'RectificationNoticeIssued',
      { ...RECTIFICATION_NOTICES['RC-2024-P3-01'], basisEvents: [{ stream: monitoringStream(P3), eventId: 'event-light' }] },
      '2024-08-10',
    );
    const reported = e<RectificationReported>('rectification-RC-2024-P3-01', 'RectificationReported', { caseId: 'RC-2024-P3-01', measures: ['增加挖掘机12台，分三个片区并行施工'], completedOn: '2024-08-30', late: false }, '2024-08-30');
    const accepted = e<RectificationAccepted>('rectification-RC-2024-P3-01', 'RectificationAccepted', { caseId: 'RC-2024-P3-01', opinion: '整改措施到位，同意销号。' }, '2024-09-03');
    const requested = e<PerformanceTargetRevisionRequested>(projectStream(P3), 'PerformanceTargetRevisionRequested', { ...P3_REVISION.requested, indicators: P1_INDICATORS }, '2024-09-18');
    const revised = e<PerformanceTargetRevised>(projectStream(P3), 'PerformanceTargetRevised', P3_REVISION.revised, '2024-09-25');
    const at = (events: ProjectedEvent[]) => only(project(board, events), `${P3}:2024`);

    expect(step(at([...ex, ...v1]), 'TARGETS')).toMatchObject({ status: 'IN_PROGRESS', on: '2023-11-01', detail: 'v1 returned: 效益指标缺少生态效益指标，请补充后重新报送。' });
    expect(step(at([...ex, ...v1, ...v2]), 'TARGETS')).toMatchObject({ status: 'DONE', on: '2023-11-09', detail: 'v2 passed; v1 returned', eventIds: ['event-6', 'event-7'] });

    const open = at([...ex, ...v1, ...v2, ...budget, notice, reported]);
    expect(step(open, 'RECTIFICATION')).toMatchObject({ status: 'IN_PROGRESS', on: '2024-08-30', detail: 'RC-2024-P3-01 REPORTED, deadline 2024-09-10' });
    expect(open.counters).toMatchObject({ rectificationCases: 1, openRectificationCases: 1 });

    const later = at([...ex, ...v1, ...v2, ...budget, notice, reported, accepted, requested]);
    expect(step(later, 'RECTIFICATION')).toMatchObject({ status: 'DONE', on: '2024-09-03', detail: 'RC-2024-P3-01 closed 2024-09-03' });
    expect(step(later, 'TARGET_REVISION')).toMatchObject({ status: 'IN_PROGRESS', on: '2024-09-18', detail: 'TR-2024-1 EMERGENCY requested from v2, awaiting decision' });

    const done = at([...ex, ...v1, ...v2, ...budget, notice, reported, accepted, requested, revised]);
    expect(step(done, 'TARGET_REVISION')).toMatchObject({ status: 'DONE', on: '2024-09-25', detail: 'v2 → v3 EMERGENCY (TR-2024-1)', eventIds: [requested.metadata.eventId, revised.metadata.eventId] });
    expect(done).toMatchObject({ currentStage: 'IN_PROCESS', overallStatus: 'IN_PROGRESS', overdue: false });
  });

  it('P4: an overdue case makes the board OVERDUE until it is closed; the suspension shows as an interval once resumed', () => {
    const e = history();
    const start = [
      declare(e, P4),
      assessment(e, P4, 81, 'GOOD', '2023-09-30'),
      review(e, P4, 'PASSED', 'GOOD', '2023-10-16'),
      targets(e, P4, 1, '2023-10-22'),
      targetsReviewed(e, P4, 1, 'PASSED', '2023-11-03'),
      admitted(e, P4, 1),
      approved(e, P4, 1),
      paid(e, P4, 1_500_000, '2024-03-15'),
      paid(e, P4, 1_250_000, '2024-05-20'),
      paid(e, P4, 1_000_000, '2024-07-10'),
      snapshot(e, P4, 3_750_000),
      projectLight(e, P4, 'RED'),
      e<KeyMonitoringConducted>(monitoringStream(P4), 'KeyMonitoringConducted', P4_STORY.keyMonitoring, '2024-08-12'),
      e<RectificationNoticeIssued>(
        'rectification-RC-2024-P4-01',
        'RectificationNoticeIssued',
        { ...P4_STORY.rectificationNotice, basisEvents: [{ stream: monitoringStream(P4), eventId: 'event-13' }] },
        '2024-08-15',
      ),
    ];
    const overdue = e<RectificationOverdue>('rectification-RC-2024-P4-01', 'RectificationOverdue', P4_STORY.rectificationOverdue, '2024-09-01', { actor: watcher });
    const suspended = e<FundDisbursementSuspended>(fundingStream(P4), 'FundDisbursementSuspended', P4_STORY.suspended, '2024-09-05');
    const proposed = e<FundsRecoveryProposed>(fundingStream(P4), 'FundsRecoveryProposed', P4_STORY.recoveryProposed, '2024-09-12');
    const recovered = e<FundsRecovered>(fundingStream(P4), 'FundsRecovered', P4_STORY.recovered, '2024-09-14');
    const reportedLate = e<RectificationReported>('rectification-RC-2024-P4-01', 'RectificationReported', { caseId: 'RC-2024-P4-01', measures: ['更换项目经理，增加施工队伍4支'], completedOn: '2024-10-08', late: true }, '2024-10-08');
    const accepted = e<RectificationAccepted>('rectification-RC-2024-P4-01', 'RectificationAccepted', P4_STORY.rectificationAccepted, '2024-10-15');
    const resumed = e<FundDisbursementResumed>(fundingStream(P4), 'FundDisbursementResumed', P4_STORY.resumed, '2024-10-20');
    const at = (events: ProjectedEvent[]) => only(project(board, events), `${P4}:2024`);

    const beforeDeadline = at(start);
    expect(step(beforeDeadline, 'MONITORING').detail).toBe('MT-2024-07 as of 2024-07-31: RED; key monitoring 2024-08-12: 1 SERIOUS, 1 MINOR');
    expect(step(beforeDeadline, 'RECTIFICATION')).toMatchObject({ status: 'IN_PROGRESS', detail: 'RC-2024-P4-01 OPEN, deadline 2024-08-31' });
    expect(beforeDeadline).toMatchObject({ overdue: false, overallStatus: 'IN_PROGRESS' });

    const late = at([...start, overdue, suspended, proposed]);
    expect(step(late, 'RECTIFICATION')).toMatchObject({
      status: 'OVERDUE',
      on: '2024-09-01',
      detail: 'RC-2024-P4-01 overdue since 2024-09-01 (deadline 2024-08-31, OVERDUE)',
      eventIds: ['event-14', overdue.metadata.eventId],
    });
    expect(step(late, 'FUNDING_CONTROL')).toMatchObject({
      status: 'IN_PROGRESS',
      on: '2024-09-12',
      detail: 'SUSPENDED 2024-09-05 → in force (RC-2024-P4-01 OVERDUE); RECOVERY RECOVERY-1 ¥3,000,000 proposed, awaiting approval',
    });
    expect(late).toMatchObject({ overdue: true, overallStatus: 'OVERDUE' });
    expect(late.counters.steps.OVERDUE).toBe(1);

    // A late report does not lift the mark: the case is still not closed.
    expect(at([...start, overdue, suspended, proposed, recovered, reportedLate])).toMatchObject({ overdue: true, overallStatus: 'OVERDUE' });

    const settled = at([...start, overdue, suspended, proposed, recovered, reportedLate, accepted, resumed]);
    expect(step(settled, 'RECTIFICATION')).toMatchObject({ status: 'DONE', on: '2024-10-15', detail: 'RC-2024-P4-01 closed 2024-10-15 (was overdue)' });
    expect(step(settled, 'FUNDING_CONTROL')).toMatchObject({
      status: 'DONE',
      on: '2024-10-20',
      detail: 'SUSPENDED 2024-09-05 → 2024-10-20 (RC-2024-P4-01 OVERDUE); recovered ¥3,000,000 on 2024-09-14',
      eventIds: [suspended.metadata.eventId, resumed.metadata.eventId, recovered.metadata.eventId],
    });
    expect(step(settled, 'DISBURSEMENT').detail).toBe('net ¥750,000 of ¥25,000,000 (3.00%), 3 payments');
    expect(settled).toMatchObject({ overdue: false, overallStatus: 'IN_PROGRESS' });
  });

  it('P4 after the year: slow-spending cut under funding control, the key evaluation and its budget linkage under results', () => {
    const e = history();
    const base = [declare(e, P4), approved(e, P4, 1), paid(e, P4, 3_750_000, '2024-07-10')];
    const reduction = e<NextYearBudgetReductionProposed>(
      fundingStream(P4),
      'NextYearBudgetReductionProposed',
      { ...P4_STORY.reductionProposed, basisEvents: [{ stream: monitoringStream(P4), eventId: 'event-snapshot' }] },
      '2024-09-20',
    );
    const cut = e<BudgetAdjustedForNextYear>(
      resultsStream(P4),
      'BudgetAdjustedForNextYear',
      {
        proCode: P4,
        fiscalYear: FY,
        adjustmentId: 'ADJ-1',
        targetFiscalYear: 2025,
        baseFen: yuanToFen(25_000_000),
        adjustmentFen: -yuanToFen(5_000_000),
        adjustedFen: yuanToFen(20_000_000),
        direction: 'DECREASE',
        basis: 'SLOW_SPENDING',
        reason: '2024年支出进度严重滞后，压减2025年预算500万元',
        basisEvents: [{ stream: fundingStream(P4), eventId: reduction.metadata.eventId }],
      },
      '2024-11-20',
    );
    const keyEvaluation = [
      e<ThirdPartyCommissioned>(
        keyEvaluationStream(P4),
        'ThirdPartyCommissioned',
        { proCode: P4, fiscalYear: FY, commissionId: 'KEC-1', scope: 'KEY_EVALUATION', institutionId: 'TP-001', institutionName: '威海正信会计师事务所（虚构）', contractRef: '乳财委〔2025〕3号', conflictDeclarationRef: 'TP-001利益冲突声明（2025-03-01）' },
        '2025-03-01',
      ),
      e<KeyEvaluationReportSubmitted>(keyEvaluationStream(P4), 'KeyEvaluationReportSubmitted', P4_STORY.keyEvaluationReport, '2025-04-20'),
    ];
    const completed = e<KeyEvaluationCompleted>(keyEvaluationStream(P4), 'KeyEvaluationCompleted', { ...P4_STORY.keyEvaluationCompleted, acceptedReportEventId: 'event-report' }, '2025-04-28');
    const linkage = e<BudgetAdjustedForNextYear>(
      resultsStream(P4),
      'BudgetAdjustedForNextYear',
      {
        proCode: P4,
        fiscalYear: FY,
        adjustmentId: 'ADJ-2',
        targetFiscalYear: 2026,
        baseFen: yuanToFen(20_000_000),
        adjustmentFen: -yuanToFen(2_000_000),
        adjustedFen: yuanToFen(18_000_000),
        direction: 'DECREASE',
        basis: 'EVALUATION_GRADE',
        grade: 'FAIR',
        linkagePercent: -10,
        reason: '重点评价等级为中，按规定压减10%',
        basisEvents: [{ stream: keyEvaluationStream(P4), eventId: completed.metadata.eventId }],
      },
      '2025-05-10',
    );
    const payment = e<PerformancePaymentAdjusted>(
      resultsStream(P4),
      'PerformancePaymentAdjusted',
      {
        proCode: P4,
        fiscalYear: FY,
        paymentId: 'PAY-1',
        contractRef: 'PPP-RS-2023-07',
        periodScore: 72,
        paymentFactor: 0.9,
        scheduledFen: yuanToFen(8_000_000),
        payableFen: yuanToFen(7_200_000),
        basisEvents: [{ stream: keyEvaluationStream(P4), eventId: completed.metadata.eventId }],
      },
      '2025-05-12',
    );
    const at = (events: ProjectedEvent[]) => only(project(board, events), `${P4}:2024`);

    expect(step(at([...base, reduction]), 'FUNDING_CONTROL')).toMatchObject({ status: 'DONE', on: '2024-09-20', detail: 'FY2025 −¥5,000,000 proposed (SLOW_SPENDING)' });
    // The decision that cites the proposal replaces it in the detail; both rest under the step.
    expect(step(at([...base, reduction, cut]), 'FUNDING_CONTROL')).toMatchObject({
      detail: 'FY2025 −¥5,000,000 decided (SLOW_SPENDING)',
      eventIds: [reduction.metadata.eventId, cut.metadata.eventId],
    });
    expect(step(at([...base, reduction, cut]), 'RESULTS_APPLICATION').status).toBe('MISSING');
    expect(step(at([...base, ...keyEvaluation]), 'KEY_EVALUATION')).toMatchObject({ status: 'IN_PROGRESS', detail: 'report 72 FAIR by TP-001, awaiting acceptance' });

    const all = at([...base, reduction, cut, ...keyEvaluation, completed, linkage, payment]);
    expect(step(all, 'KEY_EVALUATION')).toMatchObject({ status: 'DONE', on: '2025-04-28', detail: '72 FAIR by TP-001' });
    expect(step(all, 'RESULTS_APPLICATION')).toMatchObject({
      status: 'DONE',
      on: '2025-05-12',
      detail: 'FY2026 −¥2,000,000 (FAIR, −10%); payment factor 0.9',
      eventIds: [linkage.metadata.eventId, payment.metadata.eventId],
    });
  });

  it('P2: continuing, so no ex-ante; spot-check discrepancy; audit grounds without a referral are MISSING until referred', () => {
    const e = history();
    const year = [
      declare(e, P2),
      targets(e, P2, 1, '2023-10-18'),
      targetsReviewed(e, P2, 1, 'PASSED', '2023-11-02'),
      admitted(e, P2, 1),
      approved(e, P2, 1),
      paid(e, P2, 2_800_000, '2024-06-15'),
      snapshot(e, P2, 2_800_000),
      projectLight(e, P2, 'GREEN'),
      paid(e, P2, 1_400_000, '2024-10-15'),
      closed(e, P2, 4_200_000),
      selfEvaluated(e, P2, 96, 'EXCELLENT'),
      e<SelfEvaluationReviewedByCompetentDepartment>(
        evaluationStream(P2),
        'SelfEvaluationReviewedByCompetentDepartment',
        { proCode: P2, fiscalYear: FY, deptCode: 'D102', submissionEventId: 'event-8', deptScore: 95, deptGrade: 'EXCELLENT', opinion: '自评基本客观，建档率数据需进一步核实。', ruleSetVersion: 'v1' },
        '2025-02-28',
      ),
      filed(e, P2, 96, 'EXCELLENT'),
      e<SpotCheckReviewed>(
        evaluationStream(P2),
        'SpotCheckReviewed',
        {
          proCode: P2,
          fiscalYear: FY,
          reviewer: 'FINANCE',
          submissionEventId: 'event-8',
          selfScore: 96,
          reviewScore: 78,
          reviewGrade: 'FAIR',
          indicatorAdjustments: [{ kpiId: 'P2-OUT-01', selfScore: 15, reviewScore: 12.53, verifiedValue: '71', reason: '抽查1200份档案，有效档案率71%' }],
          findings: ['居民电子健康档案建档率自评92%，抽查核实仅71%，低于85%的目标'],
          ruleSetVersion: 'v1',
        },
        '2025-04-10',
      ),
      e<SelfEvaluationDiscrepancyFlagged>(evaluationStream(P2), 'SelfEvaluationDiscrepancyFlagged', { ...P2_DISCREPANCY_FLAGGED, submissionEventId: 'event-8' }, '2025-04-10'),
    ];
    const finding = e<AuditFindingRecorded>(
      'audit-SJ-2025-03',
      'AuditFindingRecorded',
      { findingId: 'SJ-2025-03', proCode: P2, deptCode: 'D102', fiscalYear: FY, category: 'FALSIFICATION', text: '审计发现疾病预防控制中心为完成建档率指标，批量补录不实健康档案约2500份。' },
      '2025-05-08',
      { actor: audit },
    );
    // The audit bureau's referral names no year and cites only its own finding: it reaches the plan years up to 2025.
    const referral = e<AccountabilityReferred>(
      'referral-ZR-2025-02',
      'AccountabilityReferred',
      { ...P2_REFERRALS.byAudit, basisEvents: [{ stream: 'audit-SJ-2025-03', eventId: finding.metadata.eventId }] },
      '2025-06-12',
      { actor: audit },
    );
    expect(board.keys(referral)).toContain(`${P2}:2024`);

    const checked = only(project(board, year), `${P2}:2024`);
    expect(checked).toMatchObject({ unitCode: 'D102-01', isNew: false, isMajor: false });
    expect(step(checked, 'DECLARATION').detail).toBe('¥4,200,000 planned for 2024; continuing');
    expect(step(checked, 'EX_ANTE_ASSESSMENT')).toMatchObject({ status: 'NOT_APPLICABLE', on: null, detail: 'admitted to the library without one: not required' });
    expect(step(checked, 'SELF_EVALUATION').detail).toBe('96 EXCELLENT on targets v1; department 95 EXCELLENT');
    expect(step(checked, 'SPOT_CHECK')).toMatchObject({ status: 'DONE', on: '2025-04-10', detail: '78 FAIR against self 96; discrepancy Δ18 (SCORE_DELTA, GRADE_CHANGE)' });
    expect(step(checked, 'ACCOUNTABILITY').status).toBe('NOT_APPLICABLE');
    expect(checked.overallStatus).toBe('IN_PROGRESS');

    const grounds = only(project(board, [...year, finding]), `${P2}:2024`);
    expect(step(grounds, 'ACCOUNTABILITY')).toMatchObject({ status: 'MISSING', on: null, detail: 'no referral on audit finding SJ-2025-03 FALSIFICATION', eventIds: [finding.metadata.eventId] });
    expect(grounds.overallStatus).toBe('MISSING');

    const referred = only(project(board, [...year, finding, referral]), `${P2}:2024`);
    expect(step(referred, 'ACCOUNTABILITY')).toMatchObject({ status: 'DONE', on: '2025-06-12', detail: 'ZR-2025-02 FALSIFICATION → DISCIPLINE_INSPECTION (audit)' });
    expect(referred.counters).toMatchObject({ accountabilityReferrals: 1 });
    expect(referred.overallStatus).toBe('IN_PROGRESS');
  });

  it('a circulated notice for a self-evaluation not submitted makes the step OVERDUE until it is submitted', () => {
    const e = history();
    const year = p1Year(e).slice(0, 17); // up to the closing
    const notice = e<CirculationNoticeIssued>(
      'notice-TB-2025-02',
      'CirculationNoticeIssued',
      {
        noticeId: 'TB-2025-02',
        fiscalYear: FY,
        docNo: '乳财绩〔2025〕6号',
        subjects: [{ deptCode: 'D101', proCode: P1 }],
        reasons: ['NOT_SUBMITTED'],
        text: '城乡中小学校舍安全改造项目未按期报送绩效自评，予以通报。',
        basisEvents: [{ stream: fundingStream(P1), eventId: 'event-17' }],
      },
      '2025-03-01',
    );
    const overdue = only(project(board, [...year, notice]), `${P1}:2024`);
    expect(step(overdue, 'SELF_EVALUATION')).toMatchObject({ status: 'OVERDUE', on: '2025-03-01', detail: 'not submitted: circulated in 乳财绩〔2025〕6号', eventIds: [notice.metadata.eventId] });
    expect(overdue).toMatchObject({ overdue: true, overallStatus: 'OVERDUE' });
    expect(overdue.counters.circulatedNotices).toBe(1);

    const submitted = only(project(board, [...year, notice, selfEvaluated(e, P1, 94.35, 'EXCELLENT')]), `${P1}:2024`);
    expect(step(submitted, 'SELF_EVALUATION')).toMatchObject({ status: 'DONE', detail: '94.35 EXCELLENT on targets v1; after notice 乳财绩〔2025〕6号' });
    expect(submitted.overdue).toBe(false);
  });

  it('a monitoring task never answered stays IN_PROGRESS during the year and is MISSING once execution is closed', () => {
    const e = history();
    const year = [declare(e, P2), targets(e, P2, 1, '2023-10-18'), targetsReviewed(e, P2, 1, 'PASSED', '2023-11-02'), admitted(e, P2, 1), approved(e, P2, 1), task(e, [P1, P2, P3, P4])];
    const during = only(project(board, year), `${P2}:2024`);
    expect(step(during, 'MONITORING')).toMatchObject({ status: 'IN_PROGRESS', on: '2024-07-05', detail: 'MT-2024-07 due 2024-08-10: no snapshot' });
    expect(during.overallStatus).toBe('IN_PROGRESS');

    const after = only(project(board, [...year, paid(e, P2, 4_200_000, '2024-10-15'), closed(e, P2, 4_200_000)]), `${P2}:2024`);
    expect(step(after, 'MONITORING')).toMatchObject({ status: 'MISSING', on: null, detail: 'MT-2024-07 due 2024-08-10: no snapshot; execution closed' });
    // The loop went past it: the board says so.
    expect(after.overallStatus).toBe('MISSING');
  });

  it('a corrected disbursement replaces the payment it names', () => {
    const e = history();
    const opened = [declare(e, P1), approved(e, P1, 1)];
    const wrong = paid(e, P1, 1_500_000, '2024-03-20');
    const events = [...opened, wrong, paid(e, P1, 150_000, '2024-03-20', { supersedes: wrong.metadata.eventId })];
    const doc = only(project(board, events), `${P1}:2024`);
    expect(step(doc, 'DISBURSEMENT')).toMatchObject({ status: 'IN_PROGRESS', detail: 'net ¥150,000 of ¥6,800,000 (2.21%), 1 payment', eventIds: ['event-4'] });
  });

  it('ignores what concerns no declared project year, and events of other read models', () => {
    const e = history();
    const undeclared = approved(e, P3, 2);
    expect(project(board, [undeclared]).size).toBe(0);
    const ruleSet = eventLog()('ruleset-default', 'RuleSetPublished', { ruleSet: { id: 'default', version: 'v1' }, effectiveFrom: '2023-09-01', note: '' });
    expect(board.keys(ruleSet)).toEqual([]);
    const deptTargets = eventLog()('department-D101-2024', 'DepartmentOverallTargetSet', { deptCode: 'D101', fiscalYear: FY, version: 1, objective: '改善办学条件', indicators: [] });
    expect(board.keys(deptTargets)).toEqual([]);
    // An indicator light is the warning board's business, not the closed loop's.
    const indicatorLight = history()<DeviationFlagged>(
      monitoringStream(P1),
      'DeviationFlagged',
      { proCode: P1, fiscalYear: FY, taskId: 'MT-2024-07', asOfDate: '2024-07-31', metric: 'INDICATOR', kpiId: 'P1-OUT-01', computedValue: 102.86, light: 'GREEN', ruleId: 'INDICATOR_PACE', ruleSetVersion: 'v1' },
      '2024-08-05',
    );
    expect(board.keys(indicatorLight)).toEqual([]);
    // A disclosure of departments' overall performance names departments, not projects.
    expect(board.keys(disclosed(history(), ['D101'], 'DEPT_OVERALL'))).toEqual([]);
  });

  it('targets published alone leave the disclosure step in progress', () => {
    const e = history();
    const doc = only(project(board, [declare(e, P1), disclosed(e, [P1], 'TARGETS', '2024-02-05')]), `${P1}:2024`);
    expect(step(doc, 'DISCLOSURE')).toMatchObject({ status: 'IN_PROGRESS', on: '2024-02-05', detail: 'TARGETS published 2024-02-05 (乳山市人民政府网站); evaluation results not yet' });
  });

  it('formats fen as yuan', () => {
    expect(yuan(680_000_000)).toBe('¥6,800,000');
    expect(yuan(12_345)).toBe('¥123.45');
    expect(yuan(-500_000_000)).toBe('−¥5,000,000');
  });

  it('the same event twice changes nothing', () => {
    const e = history();
    const year = p1Year(e);
    const once = project(board, year);
    for (const repeated of [year[0], year[2], year[5], year[12], year[13], year[16], year[19]]) {
      const index = year.indexOf(repeated);
      const twice = project(board, [...year.slice(0, index + 1), repeated, ...year.slice(index + 1)]);
      expect(twice).toEqual(once);
    }
    const [a, b] = [declare(history(), P5), assessment(history(), P5, 55, 'POOR', '2023-10-08')];
    const positioned = { ...b, position: '2' };
    expect(project(board, [a, positioned, positioned])).toEqual(project(board, [a, positioned]));
  });
});
