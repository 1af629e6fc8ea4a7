import type { EventSubject, ProjectedEvent } from '../../read-store/src/projection.js';
import { eventLog, project } from '../../testing/src/projection-spec.js';
import { P1, P2, P4, P5, yuan, education as d101Officer } from '../../testing/src/rushan-fixtures.js';
import { type DepartmentOverviewDocument, departmentOverviewProjection as overview } from './department-overview.projection.js';

// ---------------------------------------------------------------------------------------------------------
// 乳山市 FY2024 (domain.md §9): P1 校舍安全改造 (D101, 6,800,000 yuan, clean run), P2 基本公共卫生服务市级配套
// (D102 unit D102-01), P4 老旧小区改造 (D104, 25,000,000 yuan: RED, recovery, key evaluation 72 中), P5 乡村文化惠民演出
// (D105, refused entry). Subjects are filled as the runner fills them: department and unit from the declaration.
// ---------------------------------------------------------------------------------------------------------

interface Declared {
  deptCode: string;
  unitCode?: string;
}

function history() {
  const log = eventLog();
  const declared = new Map<string, Declared>();
  const subjectOf = (data: Record<string, unknown>): EventSubject => {
    const proCode = typeof data.proCode === 'string' ? data.proCode : undefined;
    const decl = proCode ? declared.get(proCode) : undefined;
    const deptCode = typeof data.deptCode === 'string' ? data.deptCode : decl?.deptCode;
    return {
      ...(proCode ? { proCode } : {}),
      ...(deptCode ? { deptCode } : {}),
      ...(decl?.unitCode ? { unitCode: decl.unitCode } : {}),
      ...(typeof data.fiscalYear === 'number' ? { fiscalYear: data.fiscalYear } : {}),
    };
  };
  const at = (stream: string, type: string, data: Record<string, unknown>, metadata: Parameters<typeof log>[3] = {}): ProjectedEvent =>
    log(stream, type, data, { subject: subjectOf(data), ...metadata });

  return {
    at,
    declare(proCode: string, deptCode: string, deptName: string, proName: string, plan: [number, number][], extra: { unitCode?: string; unitName?: string; isMajor?: boolean } = {}) {
      declared.set(proCode, { deptCode, ...(extra.unitCode ? { unitCode: extra.unitCode } : {}) });
      const totalAmountFen = plan.reduce((sum, [, fen]) => sum + fen, 0);
      return at(`project-${proCode}`, 'BudgetProjectDeclared', {
        proCode,
        proName,
        mofDivCode: '371083',
        deptCode,
        deptName,
        ...(extra.unitCode ? { unitCode: extra.unitCode, unitName: extra.unitName } : {}),
        projectKind: 'SPECIFIC_PURPOSE',
        budgetBook: 'GENERAL_PUBLIC',
        fundingArrangements: [],
        isNew: true,
        isMajor: extra.isMajor ?? true,
        isCrossYear: plan.length > 1,
        startYear: plan[0][0],
        endYear: plan[plan.length - 1][0],
        fundingPlan: plan.map(([fiscalYear, amountFen]) => ({ fiscalYear, amountFen, fundSource: '市级财政资金' })),
        totalAmountFen,
        policyBasis: [],
        responsiblePerson: { name: '陈静', title: '分管副局长' },
      });
    },
    admit: (proCode: string) => at(`project-${proCode}`, 'ProjectAdmittedToLibrary', { proCode, fiscalYear: 2024, targetVersion: 1, libraryBatch: '2024-01' }),
    approve: (proCode: string, approvedFen: number, fiscalYear = 2024) =>
      at(`project-${proCode}`, 'BudgetAndTargetsApproved', { proCode, fiscalYear, approvedFen, targetVersion: 1, approvalDocNo: '乳财预〔2024〕1号' }),
    disburse: (proCode: string, amountFen: number, paidOn: string, metadata: Parameters<typeof log>[3] = {}) =>
      at(`funding-${proCode}-2024`, 'FundsDisbursed', { proCode, fiscalYear: 2024, amountFen, paymentRef: `GK-${paidOn}`, paidOn }, metadata),
    light: (proCode: string, light: string, asOfDate: string, metric = 'PROJECT') =>
      at(`monitoring-${proCode}-2024`, 'DeviationFlagged', { proCode, fiscalYear: 2024, taskId: `MT-${asOfDate}`, asOfDate, metric, light, ruleId: 'PROJECT_WORST_LIGHT', ruleSetVersion: 'v1' }),
  };
}

const doc = (docs: Map<string, DepartmentOverviewDocument>, key: string) => {
  const found = docs.get(key);
  if (!found) throw new Error(`no document ${key}; have ${[...docs.keys()].join(', ')}`);
  return found;
};

describe('department overview', () => {
  it('a project joins its department for each year of its funding plan, with that year’s planned amount', () => {
    const h = history();
    const docs = project(overview, [h.declare('371083-2024-D103-007', 'D103', '乳山市农业农村局', '高标准农田建设（跨年度）', [[2024, yuan(3_000_000)], [2025, yuan(2_000_000)]])]);

    expect([...docs.keys()].sort()).toEqual(['D103:2024', 'D103:2025']);
    expect(doc(docs, 'D103:2025')).toMatchObject({
      deptCode: 'D103',
      deptName: '乳山市农业农村局',
      fiscalYear: 2025,
      projects: [{ proCode: '371083-2024-D103-007', proName: '高标准农田建设（跨年度）', plannedFen: yuan(2_000_000), libraryStatus: 'DECLARED', approvedFen: 0, executionRate: null }],
      totals: { projects: 1, approvedFen: 0 },
    });
    expect(doc(docs, 'D103:2024').projects[0].plannedFen).toBe(yuan(3_000_000));
  });

  it('P1 clean run: approved, disbursed 6,460,000 of 6,800,000 → 95 %, July GREEN, self-evaluation 94.35 优 filed', () => {
    const h = history();
    const events = [
      h.declare(P1, 'D101', '乳山市教育和体育局', '城乡中小学校舍安全改造', [[2024, yuan(6_800_000)]]),
      h.admit(P1),
      h.approve(P1, yuan(6_800_000)),
      h.disburse(P1, yuan(1_500_000), '2024-03-20'),
      h.disburse(P1, yuan(1_400_000), '2024-05-25'),
      h.disburse(P1, yuan(1_000_000), '2024-07-15'),
      h.light(P1, 'GREEN', '2024-07-31', 'BUDGET_EXECUTION'),
      h.light(P1, 'GREEN', '2024-07-31'),
      h.disburse(P1, yuan(1_500_000), '2024-09-20'),
      h.disburse(P1, yuan(1_060_000), '2024-11-25'),
      h.at(`funding-${P1}-2024`, 'BudgetExecutionClosed', {
        proCode: P1,
        fiscalYear: 2024,
        initialApprovedFen: yuan(6_800_000),
        inYearAdjustmentFen: 0,
        adjustedBudgetFen: yuan(6_800_000),
        executedFen: yuan(6_460_000),
        recoveredFen: 0,
        carryOverFen: 0,
        balanceFen: yuan(340_000),
      }),
      h.at(`evaluation-${P1}-2024`, 'SelfEvaluationSubmitted', { proCode: P1, fiscalYear: 2024, deptCode: 'D101', totalScore: 94.35, grade: 'EXCELLENT', targetVersion: 1 }),
      h.at(`evaluation-${P1}-2024`, 'SelfEvaluationFiled', { proCode: P1, fiscalYear: 2024, submissionEventId: 'event-12', totalScore: 94.35, grade: 'EXCELLENT', opinion: '自评材料完整，予以备案。' }),
    ];
    const d101 = doc(project(overview, events), 'D101:2024');

    expect(d101.projects).toEqual([
      expect.objectContaining({
        proCode: P1,
        libraryStatus: 'ADMITTED',
        approvedFen: yuan(6_800_000),
        adjustedBudgetFen: yuan(6_800_000),
        disbursedFen: yuan(6_460_000),
        recoveredFen: 0,
        executedFen: yuan(6_460_000),
        executionRate: 95,
        selfEvaluation: { score: 94.35, grade: 'EXCELLENT', filed: true },
        light: { light: 'GREEN', asOfDate: '2024-07-31', taskId: 'MT-2024-07-31' },
      }),
    ]);
    expect(d101.totals).toEqual({
      projects: 1,
      approvedFen: yuan(6_800_000),
      adjustedBudgetFen: yuan(6_800_000),
      disbursedFen: yuan(6_460_000),
      recoveredFen: 0,
      executedFen: yuan(6_460_000),
      executionRate: 95,
    });
  });

  it('P4: the recovered 3,000,000 leaves the executed amount, the key evaluation 72 中 and the spot-check show beside the self-evaluation', () => {
    const h = history();
    const events = [
      h.declare(P4, 'D104', '乳山市住房和城乡建设局', '城镇老旧小区改造配套基础设施', [[2024, yuan(25_000_000)]]),
      h.admit(P4),
      h.approve(P4, yuan(25_000_000)),
      h.disburse(P4, yuan(1_500_000), '2024-03-15'),
      h.disburse(P4, yuan(1_250_000), '2024-05-20'),
      h.disburse(P4, yuan(1_000_000), '2024-07-10'),
      h.light(P4, 'RED', '2024-07-31'),
      h.at(`funding-${P4}-2024`, 'FundsRecovered', {
        proCode: P4,
        fiscalYear: 2024,
        proposalId: 'RECOVERY-1',
        amountFen: yuan(3_000_000),
        reallocationRef: '乳山市2024年统筹资金池（乳财预〔2024〕35号）',
        docNo: '乳财预〔2024〕35号',
        proposedBy: 'fin-wangmin',
        approvedBy: 'fin-liqiang',
        effectiveOn: '2024-09-14',
      }),
      h.disburse(P4, yuan(6_000_000), '2024-11-15'),
      h.disburse(P4, yuan(4_000_000), '2024-12-15'),
      h.at(`evaluation-${P4}-2024`, 'SelfEvaluationSubmitted', { proCode: P4, fiscalYear: 2024, deptCode: 'D104', totalScore: 81.5, grade: 'GOOD', targetVersion: 1 }),
      h.at(`evaluation-${P4}-2024`, 'SpotCheckReviewed', { proCode: P4, fiscalYear: 2024, reviewer: 'FINANCE', selfScore: 81.5, reviewScore: 76, reviewGrade: 'FAIR', indicatorAdjustments: [], findings: [] }),
      h.at(`keyevaluation-${P4}-2024`, 'KeyEvaluationCompleted', { proCode: P4, fiscalYear: 2024, reportScore: 72, reportGrade: 'FAIR', finalScore: 72, finalGrade: 'FAIR', institutionId: 'TP-001' }),
    ];
    const [line] = doc(project(overview, events), 'D104:2024').projects;

    expect(line).toMatchObject({
      disbursedFen: yuan(13_750_000),
      recoveredFen: yuan(3_000_000),
      executedFen: yuan(10_750_000),
      executionRate: 43,
      light: { light: 'RED', asOfDate: '2024-07-31' },
      selfEvaluation: { score: 81.5, grade: 'GOOD', filed: false },
      spotCheck: { score: 76, grade: 'FAIR' },
      keyEvaluation: { score: 72, grade: 'FAIR' },
    });
  });

  it('a corrected disbursement replaces the one it supersedes; an in-year adjustment moves the budget the rate divides by', () => {
    const h = history();
    const events = [
      h.declare(P1, 'D101', '乳山市教育和体育局', '城乡中小学校舍安全改造', [[2024, yuan(6_800_000)]]),
      h.approve(P1, yuan(6_800_000)),
      h.disburse(P1, yuan(1_500_000), '2024-03-20'),
      h.disburse(P1, yuan(4_100_000), '2024-05-25'),
      // event-4 keyed 4,100,000 instead of 1,400,000: the treasury sends the correction.
      h.disburse(P1, yuan(1_400_000), '2024-05-25', { metadata: { supersedes: 'event-4' } }),
      h.at(`funding-${P1}-2024`, 'BudgetAdjusted', { proCode: P1, fiscalYear: 2024, deltaFen: -yuan(800_000), adjustedBudgetFen: yuan(6_000_000), reason: '预算调整', docNo: '乳财预〔2024〕20号', effectiveOn: '2024-06-30' }),
    ];
    const [line] = doc(project(overview, events), 'D101:2024').projects;

    expect(line).toMatchObject({ disbursedFen: yuan(2_900_000), inYearAdjustmentFen: -yuan(800_000), adjustedBudgetFen: yuan(6_000_000), executionRate: 48.33 });
    expect(line.disbursements.map((d) => d.eventId)).toEqual(['event-3', 'event-5']);
  });

  it('the light of the latest cut-off wins: a corrected snapshot replaces its own cut-off, a late-recorded earlier cut-off does not', () => {
    const h = history();
    const events = [
      h.declare(P1, 'D101', '乳山市教育和体育局', '城乡中小学校舍安全改造', [[2024, yuan(6_800_000)]]),
      h.light(P1, 'YELLOW', '2024-07-31'),
      h.light(P1, 'GREEN', '2024-07-31'),
      h.light(P1, 'RED', '2024-04-30'),
      h.light(P1, 'RED', '2024-07-31', 'BUDGET_EXECUTION'),
    ];
    const [line] = doc(project(overview, events), 'D101:2024').projects;

    expect(line.light).toEqual({ light: 'GREEN', asOfDate: '2024-07-31', taskId: 'MT-2024-07-31' });
  });

  it('P5 refused entry shows REJECTED though the rejection names no fiscal year; a termination shows TERMINATED', () => {
    const h = history();
    const events = [
      h.declare(P5, 'D105', '乳山市文化和旅游局', '乡村文化惠民演出', [[2024, yuan(1_600_000)]]),
      h.at(`project-${P5}`, 'ProjectRejectedFromLibrary', { proCode: P5, reason: 'EX_ANTE_FAILED', detail: '事前绩效评估55分（差），财政审核未通过，依乳发〔2020〕3号三(一)不得入库。' }),
      h.declare(P2, 'D102', '乳山市卫生健康局', '基本公共卫生服务市级配套', [[2024, yuan(4_200_000)]], { unitCode: 'D102-01', unitName: '乳山市疾病预防控制中心', isMajor: false }),
      h.admit(P2),
      h.at(`project-${P2}`, 'ProjectTerminated', { proCode: P2, reason: 'LOW_PERFORMANCE', detail: '抽查复核差异较大', effectiveOn: '2024-12-31', basisEvents: [] }),
    ];
    const docs = project(overview, events);

    expect(doc(docs, 'D105:2024').projects[0]).toMatchObject({ proCode: P5, libraryStatus: 'REJECTED', approvedFen: 0 });
    expect(doc(docs, 'D102:2024').projects[0]).toMatchObject({ proCode: P2, unitCode: 'D102-01', unitName: '乳山市疾病预防控制中心', isMajor: false, libraryStatus: 'TERMINATED' });
  });

  it('department overall performance: targets in force, self-evaluation 95 优, the report to the government and the 人大', () => {
    const h = history();
    const asD101 = { metadata: { actor: d101Officer } };
    const events = [
      // The department's targets come before any project of the year is declared: the officer names the department.
      h.at('department-D101-2024', 'DepartmentOverallTargetSet', { deptCode: 'D101', fiscalYear: 2024, version: 1, objective: '改善办学条件，提升教育质量', indicators: [] }, asD101),
      h.at('department-D101-2024', 'DepartmentOverallTargetSet', { deptCode: 'D101', fiscalYear: 2024, version: 2, objective: '改善办学条件，提升教育质量和安全水平', indicators: [] }, asD101),
      h.at('department-D101-2024', 'DepartmentOverallSelfEvaluationSubmitted', { deptCode: 'D101', fiscalYear: 2024, targetVersion: 2, dimensions: [], totalScore: 95, grade: 'EXCELLENT', reportRef: '乳山市教育和体育局2024年度部门整体绩效自评报告' }, asD101),
      h.at(
        'department-D101-2024',
        'DepartmentOverallPerformanceReported',
        { deptCode: 'D101', fiscalYear: 2024, recipients: ['GOVERNMENT', 'PEOPLES_CONGRESS'], reportRef: '乳教体〔2025〕9号', reportedOn: '2025-03-20', targetVersion: 2, totalScore: 95, grade: 'EXCELLENT' },
        asD101,
      ),
      h.declare(P1, 'D101', '乳山市教育和体育局', '城乡中小学校舍安全改造', [[2024, yuan(6_800_000)]]),
    ];
    const d101 = doc(project(overview, events), 'D101:2024');

    expect(doc(project(overview, events.slice(0, 1)), 'D101:2024').deptName).toBe('乳山市教育和体育局');
    expect(d101.deptName).toBe('乳山市教育和体育局');
    expect(d101.overall).toEqual({
      targetsVersion: 2,
      objective: '改善办学条件，提升教育质量和安全水平',
      selfEvaluation: { totalScore: 95, grade: 'EXCELLENT', targetVersion: 2, reportRef: '乳山市教育和体育局2024年度部门整体绩效自评报告' },
      reports: [{ recipients: ['GOVERNMENT', 'PEOPLES_CONGRESS'], reportRef: '乳教体〔2025〕9号', reportedOn: '2025-03-20', totalScore: 95, grade: 'EXCELLENT', eventId: 'event-4' }],
    });
    expect(d101.projects.map((p) => p.proCode)).toEqual([P1]);
  });

  it('totals add up the department’s projects; an event of a project that never joined the year changes nothing', () => {
    const h = history();
    const second = '371083-2024-D101-004';
    const events = [
      h.declare(P1, 'D101', '乳山市教育和体育局', '城乡中小学校舍安全改造', [[2024, yuan(6_800_000)]]),
      h.declare(second, 'D101', '乳山市教育和体育局', '学前教育普惠补助', [[2024, yuan(1_200_000)]], { isMajor: false }),
      h.approve(P1, yuan(6_800_000)),
      h.approve(second, yuan(1_200_000)),
      h.disburse(P1, yuan(3_900_000), '2024-07-15'),
      h.disburse(second, yuan(900_000), '2024-06-30'),
      // 2025 funding of P1 that its plan never had: no D101:2025 document appears.
      h.at(`funding-${P1}-2025`, 'FundsDisbursed', { proCode: P1, fiscalYear: 2025, amountFen: yuan(100_000), paymentRef: 'GK-2025', paidOn: '2025-02-01' }),
    ];
    const docs = project(overview, events);

    expect([...docs.keys()]).toEqual(['D101:2024']);
    expect(doc(docs, 'D101:2024').totals).toEqual({
      projects: 2,
      approvedFen: yuan(8_000_000),
      adjustedBudgetFen: yuan(8_000_000),
      disbursedFen: yuan(4_800_000),
      recoveredFen: 0,
      executedFen: yuan(4_800_000),
      executionRate: 60,
    });
    expect(doc(docs, 'D101:2024').projects.map((p) => [p.proCode, p.libraryStatus])).toEqual([
      [P1, 'ADMITTED'],
      // No admission event in this history: the approval proves it (invariants 1–2).
      [second, 'ADMITTED'],
    ]);
  });

  it('the same event twice changes nothing', () => {
    const h = history();
    const a = h.declare(P1, 'D101', '乳山市教育和体育局', '城乡中小学校舍安全改造', [[2024, yuan(6_800_000)]]);
    const b = h.disburse(P1, yuan(1_500_000), '2024-03-20');

    expect(project(overview, [a, b, b])).toEqual(project(overview, [a, b]));
    expect(doc(project(overview, [a, b, b]), 'D101:2024').projects[0].disbursedFen).toBe(yuan(1_500_000));
  });
});
