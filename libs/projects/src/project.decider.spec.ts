// The use-case modules carry class-validator/class-transformer decorators, which need the Reflect metadata API
// that the app's entry point loads.
import 'reflect-metadata';
import { fold } from '../../event-sourcing/src/decider.js';
import type { Actor } from '../../event-store/src/event-store.port.js';
import { DEFAULT_RULE_SET, type ExAnteConclusion, type ExAnteDimension, type Grade, type RuleSet } from '../../rule-sets/src/rule-set.js';
import { deciderSpec } from '../../testing/src/decider-spec.js';
import { FY, P1, P2, P5, P1_INDICATORS as RUSHAN_P1_INDICATORS, declarationOf, finance, refusal, accountingFirm as tp001, education as d101, health as d102, cdc as unitD10201, hospital as unitD10202 } from '../../testing/src/rushan-fixtures.js';
import { decideAdmitProjectToLibrary } from './admit-project-to-library.command.js';
import { decideApproveBudgetAndTargets } from './approve-budget-and-targets.command.js';
import { decideCommissionExAnteAssessment } from './commission-ex-ante-assessment.command.js';
import { type DeclareProjectDto, decideDeclareProject } from './declare-project.command.js';
import { decideIncludeProjectInBudgetDraft } from './include-project-in-budget-draft.command.js';
import type { IndicatorDto } from './performance-targets.js';
import type {
  BudgetAndTargetsApproved,
  BudgetProjectDeclared,
  ExAnteAssessmentCommissioned,
  ExAnteAssessmentRecorded,
  ExAnteAssessmentReviewed,
  PerformanceIndicator,
  PerformanceTargetReviewed,
  PerformanceTargetSet,
  ProjectAdmittedToLibrary,
  ProjectEvent,
  ProjectIncludedInBudgetDraft,
  ProjectRejectedFromLibrary,
} from './project.events.js';
import { type ProjectState, projectModel } from './project.state.js';
import { decideRecordExAnteAssessment } from './record-ex-ante-assessment.command.js';
import { decideRejectProjectFromLibrary } from './reject-project-from-library.command.js';
import { decideReviewExAnteAssessment } from './review-ex-ante-assessment.command.js';
import { decideReviewPerformanceTargets } from './review-performance-targets.command.js';
import { decideSetPerformanceTargets } from './set-performance-targets.command.js';

// ---------------------------------------------------------------------------------------------------------
// Fixtures: 乳山市 (371083), fiscal year 2024, domain.md §9.
// ---------------------------------------------------------------------------------------------------------

const given = deciderSpec(projectModel);

const REPORT_SHA = 'c0ffee'.padEnd(64, '0');
const EVIDENCE = [{ name: '事前绩效评估报告.pdf', sha256: REPORT_SHA }];

/** P1 with a funding arrangement, so that a declaration without one shows the default. */
const p1Declaration = () => declarationOf(P1, { fundingArrangements: ['GOVERNMENT_PROCUREMENT'] });
/** P2, continuing (延续) and declared by unit D102-01: a project that needs no ex-ante assessment. Major here. */
const p2Declaration = () => declarationOf(P2, { isMajor: true });
const p5Declaration = () => declarationOf(P5);

const DIMENSIONS: ExAnteDimension[] = ['NECESSITY', 'INPUT_ECONOMY', 'TARGET_REASONABLENESS', 'PLAN_FEASIBILITY', 'FINANCING_COMPLIANCE'];

interface Scored {
  scores: number[];
  totalScore: number;
  grade: Grade;
  conclusion: ExAnteConclusion;
}
// Each total is the sum of its five dimension scores; the grade and conclusion are domain.md §6.1 and §4.2.
const EXCELLENT_92: Scored = { scores: [20, 18, 18, 18, 18], totalScore: 92, grade: 'EXCELLENT', conclusion: 'SUPPORT' };
const GOOD_84: Scored = { scores: [18, 17, 17, 16, 16], totalScore: 84, grade: 'GOOD', conclusion: 'SUPPORT' };
const FAIR_72: Scored = { scores: [16, 14, 14, 14, 14], totalScore: 72, grade: 'FAIR', conclusion: 'SUPPORT_AFTER_REVISION' };
const POOR_55: Scored = { scores: [12, 11, 11, 11, 10], totalScore: 55, grade: 'POOR', conclusion: 'NOT_SUPPORTED' };

const dimensionScores = (scores: number[]) => DIMENSIONS.map((dimension, i) => ({ dimension, score: scores[i] }));
const recordedDimensions = (scores: number[]) => DIMENSIONS.map((dimension, i) => ({ dimension, score: scores[i], maxScore: 20 }));

// P1's targets (domain.md §9): OUTPUT 15+10+10+15 = 50, BENEFIT 10+10+10 = 30, SATISFACTION 10. The messages
// below name its indicators P1-K01…P1-K08.
const P1_INDICATORS: PerformanceIndicator[] = RUSHAN_P1_INDICATORS.map((indicator, n) => ({ ...indicator, kpiId: `P1-K0${n + 1}` }));
const p1Indicators = (): PerformanceIndicator[] => P1_INDICATORS.map((i) => ({ ...i }));
/** What a department sends: no direction, which the decider derives from the comparator. */
const p1IndicatorDtos = (): IndicatorDto[] => P1_INDICATORS.map(({ direction: _d, ...dto }) => ({ ...dto }));

const OVERALL = '2024—2025年完成全市城乡中小学校舍安全隐患排查整治';
const ANNUAL = '2024年完成12000㎡校舍安全改造，消除全部已排查隐患';

// Given events -------------------------------------------------------------------------------------------
const declared = (data: BudgetProjectDeclared['data'] = p1Declaration()): BudgetProjectDeclared => ({ type: 'BudgetProjectDeclared', data });
const commissioned = (commissionId: string, institutionId = 'TP-001', institutionName = '乳山信诚会计师事务所', proCode = P1): ExAnteAssessmentCommissioned => ({
  type: 'ExAnteAssessmentCommissioned',
  data: { proCode, commissionId, institutionId, institutionName },
});
const recorded = (assessmentId: string, s: Scored, proCode = P1, assessor: Pick<ExAnteAssessmentRecorded['data'], 'assessorType' | 'institutionId' | 'commissionId'> = { assessorType: 'DEPARTMENT' }): ExAnteAssessmentRecorded => ({
  type: 'ExAnteAssessmentRecorded',
  data: { proCode, assessmentId, ...assessor, dimensions: recordedDimensions(s.scores), totalScore: s.totalScore, grade: s.grade, conclusion: s.conclusion, reportRef: `RPT-${assessmentId}` },
});
const exAnteReviewed = (assessmentId: string, outcome: 'PASSED' | 'FAILED', grade: Grade, proCode = P1): ExAnteAssessmentReviewed => ({
  type: 'ExAnteAssessmentReviewed',
  data: { proCode, assessmentId, outcome, grade, opinion: outcome === 'PASSED' ? '同意' : '不予通过' },
});
const targetsSet = (version: number, fiscalYear = FY, proCode = P1, indicators = p1Indicators()): PerformanceTargetSet => ({
  type: 'PerformanceTargetSet',
  data: { proCode, fiscalYear, version, overallObjective: OVERALL, annualObjective: ANNUAL, indicators },
});
const targetsReviewed = (version: number, outcome: 'PASSED' | 'RETURNED', fiscalYear = FY, proCode = P1): PerformanceTargetReviewed => ({
  type: 'PerformanceTargetReviewed',
  data: {
    proCode,
    fiscalYear,
    version,
    outcome,
    checks: { formatCompliant: true, complete: outcome === 'PASSED', matchesFunding: true },
    opinion: outcome === 'PASSED' ? '' : '缺少生态效益指标',
  },
});
const admitted = (targetVersion: number, exAnteAssessmentId?: string, fiscalYear = FY, proCode = P1): ProjectAdmittedToLibrary => ({
  type: 'ProjectAdmittedToLibrary',
  data: { proCode, fiscalYear, targetVersion, ...(exAnteAssessmentId ? { exAnteAssessmentId } : {}) },
});
const rejectedFromLibrary = (reason: ProjectRejectedFromLibrary['data']['reason'], detail: string, proCode = P1): ProjectRejectedFromLibrary => ({
  type: 'ProjectRejectedFromLibrary',
  data: { proCode, reason, detail },
});
const included = (targetVersion: number, fiscalYear = FY, proCode = P1, fen = 680_000_000): ProjectIncludedInBudgetDraft => ({
  type: 'ProjectIncludedInBudgetDraft',
  data: { proCode, fiscalYear, budgetBook: 'GENERAL_PUBLIC', requestedFen: fen, proposedFen: fen, targetVersion },
});
const approved = (targetVersion: number, fiscalYear = FY): BudgetAndTargetsApproved => ({
  type: 'BudgetAndTargetsApproved',
  data: { proCode: P1, fiscalYear, approvedFen: 680_000_000, targetVersion, approvalDocNo: '乳财预〔2024〕1号' },
});

// Histories of P1 along its clean run -------------------------------------------------------------------
const p1ExAntePassed = (): ProjectEvent[] => [declared(), recorded('EA-1', EXCELLENT_92), exAnteReviewed('EA-1', 'PASSED', 'EXCELLENT')];
const p1TargetsPassed = (): ProjectEvent[] => [...p1ExAntePassed(), targetsSet(1), targetsReviewed(1, 'PASSED')];
const p1InLibrary = (): ProjectEvent[] => [...p1TargetsPassed(), admitted(1, 'EA-1')];
const p1InDraft = (): ProjectEvent[] => [...p1InLibrary(), included(1)];

// Commands --------------------------------------------------------------------------------------------------
const declareP1 = (change: Partial<DeclareProjectDto> = {}): DeclareProjectDto => ({ ...p1Declaration(), ...change });
const recordCmd = (scores: number[], proCode = P1) => ({ proCode, dimensions: dimensionScores(scores), reportRef: '乳山市教体局事前评估报告〔2023〕12号', evidence: EVIDENCE });
const setTargetsCmd = (indicators: IndicatorDto[] = p1IndicatorDtos(), fiscalYear = FY, proCode = P1) => ({ proCode, fiscalYear, overallObjective: OVERALL, annualObjective: ANNUAL, indicators });
const ALL_CHECKS = { formatCompliant: true, complete: true, matchesFunding: true };
const reviewTargetsCmd = (version: number, outcome: 'PASSED' | 'RETURNED', opinion?: string, checks = ALL_CHECKS) => ({
  proCode: P1,
  fiscalYear: FY,
  version,
  outcome,
  checks,
  ...(opinion !== undefined ? { opinion } : {}),
});
const includeCmd = (fiscalYear = FY) => ({ proCode: P1, fiscalYear, requestedFen: 680_000_000, proposedFen: 650_000_000 });
const approveCmd = (targetVersion: number) => ({ proCode: P1, fiscalYear: FY, approvedFen: 650_000_000, targetVersion, approvalDocNo: '乳财预〔2024〕1号', peoplesCongressSessionRef: '乳山市第十九届人大第四次会议' });

const stateOf = (events: ProjectEvent[]): ProjectState => fold(projectModel, events.map((event) => ({ event })));

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------------------
// Invariant 1: a project that needs an ex-ante assessment enters neither the library nor a budget draft until
// an assessment was reviewed as passed with a grade better than 差.
// ---------------------------------------------------------------------------------------------------------
describe('Invariant 1 — ex-ante assessment (事前绩效评估) before library admission and budget draft inclusion', () => {
  const admit = { proCode: P1, fiscalYear: FY };

  describe('library admission of a new major project (isNew && isMajor)', () => {
    it('is refused without any assessment: EX_ANTE_REQUIRED (422)', () => {
      given([declared(), targetsSet(1), targetsReviewed(1, 'PASSED')]).when(decideAdmitProjectToLibrary, admit, { actor: finance }).thenRejects('EX_ANTE_REQUIRED', 422);
    });

    it('names the rule-set version that made the assessment required', () => {
      const error = refusal(() => given([declared(), targetsSet(1), targetsReviewed(1, 'PASSED')]).when(decideAdmitProjectToLibrary, admit, { actor: finance }).events());
      expect(error.details).toEqual({ proCode: P1, ruleSetVersion: 'v1' });
    });

    it('is refused while the assessment awaits finance review: EX_ANTE_NOT_REVIEWED (422)', () => {
      given([declared(), recorded('EA-1', EXCELLENT_92), targetsSet(1), targetsReviewed(1, 'PASSED')])
        .when(decideAdmitProjectToLibrary, admit, { actor: finance })
        .thenRejects('EX_ANTE_NOT_REVIEWED', 422);
    });

    it('is refused after a FAILED review, even of a 良 assessment: EX_ANTE_NOT_PASSED (422)', () => {
      const error = refusal(() =>
        given([declared(), recorded('EA-1', GOOD_84), exAnteReviewed('EA-1', 'FAILED', 'GOOD'), targetsSet(1), targetsReviewed(1, 'PASSED')])
          .when(decideAdmitProjectToLibrary, admit, { actor: finance })
          .events(),
      );
      expect(error).toMatchObject({ code: 'EX_ANTE_NOT_PASSED', status: 422, details: { proCode: P1, assessmentId: 'EA-1', grade: 'GOOD', outcome: 'FAILED' } });
    });

    it('is refused for P5 乡村文化惠民演出: ex-ante 55 差, review failed', () => {
      given([declared(p5Declaration()), recorded('EA-1', POOR_55, P5), exAnteReviewed('EA-1', 'FAILED', 'POOR', P5), targetsSet(1, FY, P5), targetsReviewed(1, 'PASSED', FY, P5)])
        .when(decideAdmitProjectToLibrary, { proCode: P5, fiscalYear: FY }, { actor: finance })
        .thenRejects('EX_ANTE_NOT_PASSED', 422);
    });

    it('is refused when history holds a 差 assessment reviewed as PASSED (e.g. imported): the grade blocks by itself', () => {
      given([declared(), recorded('EA-1', POOR_55), exAnteReviewed('EA-1', 'PASSED', 'POOR'), targetsSet(1), targetsReviewed(1, 'PASSED')])
        .when(decideAdmitProjectToLibrary, admit, { actor: finance })
        .thenRejects('EX_ANTE_NOT_PASSED', 422);
    });

    it('is granted after a 中 assessment (72, SUPPORT_AFTER_REVISION) passed review, citing it', () => {
      given([declared(), recorded('EA-1', FAIR_72), exAnteReviewed('EA-1', 'PASSED', 'FAIR'), targetsSet(1), targetsReviewed(1, 'PASSED')])
        .when(decideAdmitProjectToLibrary, admit, { actor: finance })
        .then([{ type: 'ProjectAdmittedToLibrary', data: { proCode: P1, fiscalYear: FY, targetVersion: 1, exAnteAssessmentId: 'EA-1' } }]);
    });

    it('is granted on the latest assessment once a new one passed after a failed one', () => {
      given([
        declared(),
        recorded('EA-1', FAIR_72),
        exAnteReviewed('EA-1', 'FAILED', 'FAIR'),
        recorded('EA-2', GOOD_84),
        exAnteReviewed('EA-2', 'PASSED', 'GOOD'),
        targetsSet(1),
        targetsReviewed(1, 'PASSED'),
      ])
        .when(decideAdmitProjectToLibrary, { ...admit, libraryBatch: '2024-第1批' }, { actor: finance })
        .then([{ type: 'ProjectAdmittedToLibrary', data: { proCode: P1, fiscalYear: FY, targetVersion: 1, libraryBatch: '2024-第1批', exAnteAssessmentId: 'EA-2' } }]);
    });

    it('follows the rule set in force: under one that requires ex-ante only of non-major projects, P1 needs none', () => {
      const minorOnly: RuleSet = { ...DEFAULT_RULE_SET, version: 'v9', exAnte: { ...DEFAULT_RULE_SET.exAnte, requiredWhen: { isMajor: false } } };
      given([declared(), targetsSet(1), targetsReviewed(1, 'PASSED')])
        .when(decideAdmitProjectToLibrary, admit, { actor: finance, ruleSet: minorOnly })
        .then([{ type: 'ProjectAdmittedToLibrary', data: { proCode: P1, fiscalYear: FY, targetVersion: 1 } }]);
    });
  });

  describe('a project that is not both new and major needs no assessment', () => {
    it('admits P2 (continuing, major) without one', () => {
      given([declared(p2Declaration()), targetsSet(1, FY, P2), targetsReviewed(1, 'PASSED', FY, P2)])
        .when(decideAdmitProjectToLibrary, { proCode: P2, fiscalYear: FY }, { actor: finance })
        .then([{ type: 'ProjectAdmittedToLibrary', data: { proCode: P2, fiscalYear: FY, targetVersion: 1 } }]);
    });

    it('admits a new project that is not major without one', () => {
      given([declared({ ...p1Declaration(), isMajor: false }), targetsSet(1), targetsReviewed(1, 'PASSED')])
        .when(decideAdmitProjectToLibrary, admit, { actor: finance })
        .then([{ type: 'ProjectAdmittedToLibrary', data: { proCode: P1, fiscalYear: FY, targetVersion: 1 } }]);
    });

    it('includes P2 in the budget draft without one', () => {
      given([declared(p2Declaration()), targetsSet(1, FY, P2), targetsReviewed(1, 'PASSED', FY, P2), admitted(1, undefined, FY, P2)])
        .when(decideIncludeProjectInBudgetDraft, { proCode: P2, fiscalYear: FY, requestedFen: 420_000_000, proposedFen: 420_000_000 }, { actor: finance })
        .then([{ type: 'ProjectIncludedInBudgetDraft', data: { proCode: P2, fiscalYear: FY, budgetBook: 'GENERAL_PUBLIC', requestedFen: 420_000_000, proposedFen: 420_000_000, targetVersion: 1 } }]);
    });

    it('is not blocked by an optional assessment that failed review (the admission still cites it)', () => {
      given([declared(p2Declaration()), recorded('EA-1', POOR_55, P2), exAnteReviewed('EA-1', 'FAILED', 'POOR', P2), targetsSet(1, FY, P2), targetsReviewed(1, 'PASSED', FY, P2)])
        .when(decideAdmitProjectToLibrary, { proCode: P2, fiscalYear: FY }, { actor: finance })
        .then([{ type: 'ProjectAdmittedToLibrary', data: { proCode: P2, fiscalYear: FY, targetVersion: 1, exAnteAssessmentId: 'EA-1' } }]);
    });
  });

  describe('budget draft inclusion re-checks the gate instead of trusting the library', () => {
    // Histories in which the library admission happened without the ex-ante gate being cleared (e.g. imported).
    const inLibrary = (...exAnte: ProjectEvent[]): ProjectEvent[] => [declared(), ...exAnte, targetsSet(1), targetsReviewed(1, 'PASSED'), admitted(1)];

    it('EX_ANTE_REQUIRED without an assessment', () => {
      given(inLibrary()).when(decideIncludeProjectInBudgetDraft, includeCmd(), { actor: finance }).thenRejects('EX_ANTE_REQUIRED', 422);
    });

    it('EX_ANTE_NOT_REVIEWED with an unreviewed assessment', () => {
      given(inLibrary(recorded('EA-1', EXCELLENT_92))).when(decideIncludeProjectInBudgetDraft, includeCmd(), { actor: finance }).thenRejects('EX_ANTE_NOT_REVIEWED', 422);
    });

    it('EX_ANTE_NOT_PASSED with a failed one', () => {
      given(inLibrary(recorded('EA-1', FAIR_72), exAnteReviewed('EA-1', 'FAILED', 'FAIR')))
        .when(decideIncludeProjectInBudgetDraft, includeCmd(), { actor: finance })
        .thenRejects('EX_ANTE_NOT_PASSED', 422);
    });

    it('EX_ANTE_NOT_PASSED with a 差 one, whatever its review said', () => {
      given(inLibrary(recorded('EA-1', POOR_55), exAnteReviewed('EA-1', 'PASSED', 'POOR')))
        .when(decideIncludeProjectInBudgetDraft, includeCmd(), { actor: finance })
        .thenRejects('EX_ANTE_NOT_PASSED', 422);
    });

    it('includes P1 once its 92 优 assessment passed, with the budget book of the declaration and the passed target version', () => {
      given(p1InLibrary())
        .when(decideIncludeProjectInBudgetDraft, includeCmd(), { actor: finance })
        .then([{ type: 'ProjectIncludedInBudgetDraft', data: { proCode: P1, fiscalYear: FY, budgetBook: 'GENERAL_PUBLIC', requestedFen: 680_000_000, proposedFen: 650_000_000, targetVersion: 1 } }]);
    });
  });

  describe('review of an ex-ante assessment (ReviewExAnteAssessment)', () => {
    const review = (assessmentId: string, outcome: 'PASSED' | 'FAILED', opinion = '同意入库') => ({ proCode: P1, assessmentId, outcome, opinion });

    it('passes the 92 优 assessment, carrying its grade', () => {
      given([declared(), recorded('EA-1', EXCELLENT_92)])
        .when(decideReviewExAnteAssessment, review('EA-1', 'PASSED'), { actor: finance })
        .then([{ type: 'ExAnteAssessmentReviewed', data: { proCode: P1, assessmentId: 'EA-1', outcome: 'PASSED', grade: 'EXCELLENT', opinion: '同意入库' } }]);
    });

    it('fails a 差 assessment (P5)', () => {
      given([declared(p5Declaration()), recorded('EA-1', POOR_55, P5)])
        .when(decideReviewExAnteAssessment, { proCode: P5, assessmentId: 'EA-1', outcome: 'FAILED', opinion: '立项必要性不足' }, { actor: finance })
        .then([{ type: 'ExAnteAssessmentReviewed', data: { proCode: P5, assessmentId: 'EA-1', outcome: 'FAILED', grade: 'POOR', opinion: '立项必要性不足' } }]);
    });

    it('cannot pass a 差 assessment: EX_ANTE_POOR_CANNOT_PASS (422)', () => {
      const error = refusal(() => given([declared(p5Declaration()), recorded('EA-1', POOR_55, P5)]).when(decideReviewExAnteAssessment, { proCode: P5, assessmentId: 'EA-1', outcome: 'PASSED', opinion: '同意' }, { actor: finance }).events());
      expect(error).toMatchObject({ code: 'EX_ANTE_POOR_CANNOT_PASS', status: 422, details: { totalScore: 55 } });
    });

    it('may fail an assessment that scored 良: the review is finance’s judgement, not the score’s', () => {
      given([declared(), recorded('EA-1', GOOD_84)])
        .when(decideReviewExAnteAssessment, review('EA-1', 'FAILED', '投入经济性论证不足'), { actor: finance })
        .then([{ type: 'ExAnteAssessmentReviewed', data: { proCode: P1, assessmentId: 'EA-1', outcome: 'FAILED', grade: 'GOOD', opinion: '投入经济性论证不足' } }]);
    });

    it('ASSESSMENT_NOT_FOUND (404) for an unknown assessment', () => {
      given([declared(), recorded('EA-1', EXCELLENT_92)]).when(decideReviewExAnteAssessment, review('EA-9', 'PASSED'), { actor: finance }).thenRejects('ASSESSMENT_NOT_FOUND', 404);
    });

    it('ASSESSMENT_ALREADY_REVIEWED (422) for a second review', () => {
      given([declared(), recorded('EA-1', FAIR_72), exAnteReviewed('EA-1', 'FAILED', 'FAIR')])
        .when(decideReviewExAnteAssessment, review('EA-1', 'PASSED'), { actor: finance })
        .thenRejects('ASSESSMENT_ALREADY_REVIEWED', 422);
    });

    it('ASSESSMENT_SUPERSEDED (422) for an unreviewed assessment that a later one replaced (history where both were recorded)', () => {
      given([declared(), recorded('EA-1', FAIR_72), recorded('EA-2', GOOD_84)])
        .when(decideReviewExAnteAssessment, review('EA-1', 'PASSED'), { actor: finance })
        .thenRejects('ASSESSMENT_SUPERSEDED', 422);
    });

    it('PROJECT_NOT_FOUND (404) on an undeclared project', () => {
      given([]).when(decideReviewExAnteAssessment, review('EA-1', 'PASSED'), { actor: finance }).thenRejects('PROJECT_NOT_FOUND', 404);
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// Invariant 2: library admission and budget inclusion need the current target version reviewed PASSED.
// ---------------------------------------------------------------------------------------------------------
describe('Invariant 2 — the CURRENT target version reviewed as PASSED', () => {
  const admit = { proCode: P1, fiscalYear: FY };

  it('admission without targets: TARGETS_REQUIRED (422)', () => {
    const error = refusal(() => given(p1ExAntePassed()).when(decideAdmitProjectToLibrary, admit, { actor: finance }).events());
    expect(error).toMatchObject({ code: 'TARGETS_REQUIRED', status: 422, details: { proCode: P1, fiscalYear: FY } });
  });

  it('admission with v1 awaiting review: TARGETS_NOT_PASSED (422), naming the version and its status', () => {
    const error = refusal(() => given([...p1ExAntePassed(), targetsSet(1)]).when(decideAdmitProjectToLibrary, admit, { actor: finance }).events());
    expect(error).toMatchObject({ code: 'TARGETS_NOT_PASSED', status: 422, details: { proCode: P1, fiscalYear: FY, version: 1, status: 'SUBMITTED' } });
  });

  it('admission with v1 RETURNED: TARGETS_NOT_PASSED (422)', () => {
    const error = refusal(() => given([...p1ExAntePassed(), targetsSet(1), targetsReviewed(1, 'RETURNED')]).when(decideAdmitProjectToLibrary, admit, { actor: finance }).events());
    expect(error).toMatchObject({ code: 'TARGETS_NOT_PASSED', details: { version: 1, status: 'RETURNED' } });
  });

  it('admission with v1 RETURNED and v2 PASSED (P3’s path) admits on v2', () => {
    given([...p1ExAntePassed(), targetsSet(1), targetsReviewed(1, 'RETURNED'), targetsSet(2), targetsReviewed(2, 'PASSED')])
      .when(decideAdmitProjectToLibrary, admit, { actor: finance })
      .then([{ type: 'ProjectAdmittedToLibrary', data: { proCode: P1, fiscalYear: FY, targetVersion: 2, exAnteAssessmentId: 'EA-1' } }]);
  });

  it('targets passed for another fiscal year do not count: TARGETS_REQUIRED', () => {
    const twoYears = { ...p1Declaration(), endYear: 2025, fundingPlan: [{ fiscalYear: 2024, amountFen: 400_000_000 }, { fiscalYear: 2025, amountFen: 280_000_000 }] };
    given([declared(twoYears), recorded('EA-1', EXCELLENT_92), exAnteReviewed('EA-1', 'PASSED', 'EXCELLENT'), targetsSet(1, 2025), targetsReviewed(1, 'PASSED', 2025)])
      .when(decideAdmitProjectToLibrary, admit, { actor: finance })
      .thenRejects('TARGETS_REQUIRED', 422);
  });

  describe('a v2 submitted after v1 passed supersedes v1: the gates look at v2 only', () => {
    it('the department may submit v2 although v1 passed (only a SUBMITTED current version blocks a new one)', () => {
      given(p1TargetsPassed())
        .when(decideSetPerformanceTargets, setTargetsCmd(), { actor: d101 })
        .then([{ type: 'PerformanceTargetSet', data: { proCode: P1, fiscalYear: FY, version: 2, overallObjective: OVERALL, annualObjective: ANNUAL, indicators: p1Indicators() } }]);
    });

    it('admission is then refused until v2 passes, although v1 had passed', () => {
      const error = refusal(() => given([...p1TargetsPassed(), targetsSet(2)]).when(decideAdmitProjectToLibrary, admit, { actor: finance }).events());
      expect(error).toMatchObject({ code: 'TARGETS_NOT_PASSED', details: { version: 2, status: 'SUBMITTED' } });
    });

    it('budget draft inclusion of a project admitted on v1 is refused while v2 awaits review', () => {
      given([...p1InLibrary(), targetsSet(2)]).when(decideIncludeProjectInBudgetDraft, includeCmd(), { actor: finance }).thenRejects('TARGETS_NOT_PASSED', 422);
    });

    it('and once v2 passed, the draft carries v2, not the v1 of the library admission', () => {
      given([...p1InLibrary(), targetsSet(2), targetsReviewed(2, 'PASSED')])
        .when(decideIncludeProjectInBudgetDraft, includeCmd(), { actor: finance })
        .then([{ type: 'ProjectIncludedInBudgetDraft', data: { proCode: P1, fiscalYear: FY, budgetBook: 'GENERAL_PUBLIC', requestedFen: 680_000_000, proposedFen: 650_000_000, targetVersion: 2 } }]);
    });
  });

  it('budget draft inclusion with the current version RETURNED: TARGETS_NOT_PASSED', () => {
    given([...p1InLibrary(), targetsSet(2), targetsReviewed(2, 'RETURNED')]).when(decideIncludeProjectInBudgetDraft, includeCmd(), { actor: finance }).thenRejects('TARGETS_NOT_PASSED', 422);
  });

  it('budget draft inclusion for a year with no targets: TARGETS_REQUIRED', () => {
    const twoYears = { ...p1Declaration(), endYear: 2025, fundingPlan: [{ fiscalYear: 2024, amountFen: 400_000_000 }, { fiscalYear: 2025, amountFen: 280_000_000 }] };
    given([declared(twoYears), recorded('EA-1', EXCELLENT_92), exAnteReviewed('EA-1', 'PASSED', 'EXCELLENT'), targetsSet(1), targetsReviewed(1, 'PASSED'), admitted(1, 'EA-1')])
      .when(decideIncludeProjectInBudgetDraft, includeCmd(2025), { actor: finance })
      .thenRejects('TARGETS_REQUIRED', 422);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Invariant 3: budget approval names both the amount and the target version (同步批复下达).
// ---------------------------------------------------------------------------------------------------------
describe('Invariant 3 — one approval carries the amount and the target version', () => {
  it('approves P1’s budget and target v1 together', () => {
    given(p1InDraft())
      .when(decideApproveBudgetAndTargets, approveCmd(1), { actor: finance })
      .then([
        {
          type: 'BudgetAndTargetsApproved',
          data: { proCode: P1, fiscalYear: FY, approvedFen: 650_000_000, targetVersion: 1, approvalDocNo: '乳财预〔2024〕1号', peoplesCongressSessionRef: '乳山市第十九届人大第四次会议' },
        },
      ]);
  });

  it('leaves the people’s congress reference out when none is given', () => {
    const { peoplesCongressSessionRef: _ref, ...withoutRef } = approveCmd(1);
    given(p1InDraft())
      .when(decideApproveBudgetAndTargets, withoutRef, { actor: finance })
      .then([{ type: 'BudgetAndTargetsApproved', data: { proCode: P1, fiscalYear: FY, approvedFen: 650_000_000, targetVersion: 1, approvalDocNo: '乳财预〔2024〕1号' } }]);
  });

  it('naming a version other than the current passed one: TARGET_VERSION_NOT_CURRENT (422), naming the current one', () => {
    const error = refusal(() => given([...p1InDraft()]).when(decideApproveBudgetAndTargets, approveCmd(2), { actor: finance }).events());
    expect(error).toMatchObject({ code: 'TARGET_VERSION_NOT_CURRENT', status: 422, details: { current: 1 } });
  });

  it('naming v1 after v2 replaced it and passed: TARGET_VERSION_NOT_CURRENT', () => {
    given([...p1InDraft(), targetsSet(2), targetsReviewed(2, 'PASSED')]).when(decideApproveBudgetAndTargets, approveCmd(1), { actor: finance }).thenRejects('TARGET_VERSION_NOT_CURRENT', 422);
  });

  it('approves v2 when v2 replaced the v1 the draft was made on and passed', () => {
    given([...p1InDraft(), targetsSet(2), targetsReviewed(2, 'PASSED')])
      .when(decideApproveBudgetAndTargets, approveCmd(2), { actor: finance })
      .then([
        {
          type: 'BudgetAndTargetsApproved',
          data: { proCode: P1, fiscalYear: FY, approvedFen: 650_000_000, targetVersion: 2, approvalDocNo: '乳财预〔2024〕1号', peoplesCongressSessionRef: '乳山市第十九届人大第四次会议' },
        },
      ]);
  });

  it('with a new version awaiting review after the draft: TARGETS_NOT_PASSED', () => {
    given([...p1InDraft(), targetsSet(2)]).when(decideApproveBudgetAndTargets, approveCmd(1), { actor: finance }).thenRejects('TARGETS_NOT_PASSED', 422);
  });

  it('outside the budget draft: NOT_IN_BUDGET_DRAFT (422)', () => {
    given(p1InLibrary()).when(decideApproveBudgetAndTargets, approveCmd(1), { actor: finance }).thenRejects('NOT_IN_BUDGET_DRAFT', 422);
  });

  it('a second approval: ALREADY_APPROVED (422)', () => {
    given([...p1InDraft(), approved(1)]).when(decideApproveBudgetAndTargets, approveCmd(1), { actor: finance }).thenRejects('ALREADY_APPROVED', 422);
  });

  it('on an undeclared project: PROJECT_NOT_FOUND (404)', () => {
    given([]).when(decideApproveBudgetAndTargets, approveCmd(1), { actor: finance }).thenRejects('PROJECT_NOT_FOUND', 404);
  });

  it('approved targets change only by a target revision: a new target set is refused, TARGETS_APPROVED (422)', () => {
    given([...p1InDraft(), approved(1)]).when(decideSetPerformanceTargets, setTargetsCmd(), { actor: d101 }).thenRejects('TARGETS_APPROVED', 422);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Invariant 12: departments and units act only on their own projects; third parties only under a commission.
// ---------------------------------------------------------------------------------------------------------
describe('Invariant 12 — departments, units and third parties act only within their scope', () => {
  describe('DeclareProject', () => {
    it('D102 cannot declare for D101: AccessDenied 403 NOT_YOUR_DEPARTMENT', () => {
      given([]).when(decideDeclareProject, declareP1(), { actor: d102 }).thenRejects('NOT_YOUR_DEPARTMENT', 403);
    });

    it('unit D102-02 cannot declare for unit D102-01: 403', () => {
      given([]).when(decideDeclareProject, { ...p2Declaration() }, { actor: unitD10202 }).thenRejects('NOT_YOUR_DEPARTMENT', 403);
    });

    it('a unit cannot declare a department-level project of its own department: 403', () => {
      const { unitCode: _u, unitName: _n, ...departmentLevel } = p2Declaration();
      given([]).when(decideDeclareProject, departmentLevel, { actor: unitD10201 }).thenRejects('NOT_YOUR_DEPARTMENT', 403);
    });

    it('unit D102-01 declares its own P2', () => {
      given([]).when(decideDeclareProject, { ...p2Declaration() }, { actor: unitD10201 }).then([{ type: 'BudgetProjectDeclared', data: p2Declaration() }]);
    });

    it('department D102 declares P2 for its unit D102-01', () => {
      given([]).when(decideDeclareProject, { ...p2Declaration() }, { actor: d102 }).then([{ type: 'BudgetProjectDeclared', data: p2Declaration() }]);
    });
  });

  describe('RecordExAnteAssessment', () => {
    it('D102 cannot record P1’s assessment: AccessDenied 403 NOT_YOUR_PROJECT', () => {
      given([declared()]).when(decideRecordExAnteAssessment, recordCmd(EXCELLENT_92.scores), { actor: d102 }).thenRejects('NOT_YOUR_PROJECT', 403);
    });

    it('unit D102-02 cannot record P2’s assessment: 403', () => {
      given([declared(p2Declaration())]).when(decideRecordExAnteAssessment, recordCmd(GOOD_84.scores, P2), { actor: unitD10202 }).thenRejects('NOT_YOUR_PROJECT', 403);
    });

    it('unit D102-01 records P2’s own optional assessment', () => {
      given([declared(p2Declaration())])
        .when(decideRecordExAnteAssessment, recordCmd(GOOD_84.scores, P2), { actor: unitD10201 })
        .then([
          {
            type: 'ExAnteAssessmentRecorded',
            data: { proCode: P2, assessmentId: 'EA-1', assessorType: 'DEPARTMENT', dimensions: recordedDimensions(GOOD_84.scores), totalScore: 84, grade: 'GOOD', conclusion: 'SUPPORT', reportRef: '乳山市教体局事前评估报告〔2023〕12号' },
          },
        ]);
    });

    it('a third party without any commission: AccessDenied 403 NO_ACTIVE_COMMISSION', () => {
      given([declared()]).when(decideRecordExAnteAssessment, recordCmd(GOOD_84.scores), { actor: tp001 }).thenRejects('NO_ACTIVE_COMMISSION', 403);
    });

    it('TP-001 under a commission held by TP-002 only: 403 NO_ACTIVE_COMMISSION', () => {
      given([declared(), commissioned('EAC-1', 'TP-002', '威海正衡工程咨询有限公司')]).when(decideRecordExAnteAssessment, recordCmd(GOOD_84.scores), { actor: tp001 }).thenRejects('NO_ACTIVE_COMMISSION', 403);
    });

    it('TP-001 whose commission was completed by its earlier report: 403 NO_ACTIVE_COMMISSION', () => {
      given([declared(), commissioned('EAC-1'), recorded('EA-1', FAIR_72, P1, { assessorType: 'THIRD_PARTY', institutionId: 'TP-001', commissionId: 'EAC-1' }), exAnteReviewed('EA-1', 'FAILED', 'FAIR')])
        .when(decideRecordExAnteAssessment, recordCmd(GOOD_84.scores), { actor: tp001 })
        .thenRejects('NO_ACTIVE_COMMISSION', 403);
    });

    it('TP-001 under an active commission records as THIRD_PARTY (P3’s 84 良), and the commission becomes COMPLETED', () => {
      const history = [declared(), commissioned('EAC-1'), commissioned('EAC-2', 'TP-002', '威海正衡工程咨询有限公司')];
      const spec = given(history).when(decideRecordExAnteAssessment, recordCmd(GOOD_84.scores), { actor: tp001 });
      const expected: ExAnteAssessmentRecorded = {
        type: 'ExAnteAssessmentRecorded',
        data: {
          proCode: P1,
          assessmentId: 'EA-1',
          assessorType: 'THIRD_PARTY',
          institutionId: 'TP-001',
          commissionId: 'EAC-1',
          dimensions: recordedDimensions(GOOD_84.scores),
          totalScore: 84,
          grade: 'GOOD',
          conclusion: 'SUPPORT',
          reportRef: '乳山市教体局事前评估报告〔2023〕12号',
        },
      };
      spec.then([expected]);

      const after = stateOf([...history, ...spec.events()]);
      expect(after.commissions).toEqual([
        { commissionId: 'EAC-1', institutionId: 'TP-001', institutionName: '乳山信诚会计师事务所', status: 'COMPLETED' },
        { commissionId: 'EAC-2', institutionId: 'TP-002', institutionName: '威海正衡工程咨询有限公司', status: 'ACTIVE' },
      ]);
      expect(after.assessments.map((a) => [a.assessmentId, a.assessorType, a.institutionId])).toEqual([['EA-1', 'THIRD_PARTY', 'TP-001']]);
    });
  });

  describe('SetPerformanceTargets (谁申请资金、谁设置目标)', () => {
    it('D102 cannot set P1’s targets: AccessDenied 403 NOT_YOUR_PROJECT', () => {
      given([declared()]).when(decideSetPerformanceTargets, setTargetsCmd(), { actor: d102 }).thenRejects('NOT_YOUR_PROJECT', 403);
    });

    it('unit D102-02 cannot set P2’s targets: 403', () => {
      given([declared(p2Declaration())]).when(decideSetPerformanceTargets, setTargetsCmd(p1IndicatorDtos(), FY, P2), { actor: unitD10202 }).thenRejects('NOT_YOUR_PROJECT', 403);
    });

    it('a third party, even under a commission, cannot set targets: 403', () => {
      given([declared(), commissioned('EAC-1')]).when(decideSetPerformanceTargets, setTargetsCmd(), { actor: tp001 }).thenRejects('NOT_YOUR_PROJECT', 403);
    });

    it('unit D102-01 sets P2’s targets', () => {
      given([declared(p2Declaration())])
        .when(decideSetPerformanceTargets, setTargetsCmd(p1IndicatorDtos(), FY, P2), { actor: unitD10201 })
        .then([{ type: 'PerformanceTargetSet', data: { proCode: P2, fiscalYear: FY, version: 1, overallObjective: OVERALL, annualObjective: ANNUAL, indicators: p1Indicators() } }]);
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// Invariant 13: events are never changed or deleted.
// ---------------------------------------------------------------------------------------------------------
describe('Invariant 13 — history is never rewritten', () => {
  const fullRun = (): ProjectEvent[] => [
    declared(),
    commissioned('EAC-1'),
    recorded('EA-1', FAIR_72, P1, { assessorType: 'THIRD_PARTY', institutionId: 'TP-001', commissionId: 'EAC-1' }),
    exAnteReviewed('EA-1', 'FAILED', 'FAIR'),
    recorded('EA-2', EXCELLENT_92),
    exAnteReviewed('EA-2', 'PASSED', 'EXCELLENT'),
    targetsSet(1),
    targetsReviewed(1, 'RETURNED'),
    targetsSet(2),
    targetsReviewed(2, 'PASSED'),
    rejectedFromLibrary('OTHER', '材料不全'),
    admitted(2, 'EA-2'),
    included(2),
    approved(2),
  ];

  it('evolving never changes an earlier state: every intermediate state still equals its snapshot at the end', () => {
    let state = projectModel.initialState();
    const kept: { state: ProjectState; snapshot: ProjectState }[] = [];
    for (const event of fullRun()) {
      state = projectModel.evolve(state, event);
      kept.push({ state, snapshot: structuredClone(state) });
    }
    expect(kept).toHaveLength(14);
    for (const { state: held, snapshot } of kept) expect(held).toEqual(snapshot);
    // And the later states did move on, so the comparison above was not vacuous.
    expect(kept[7].state.cycles[FY].targets.map((t) => t.status)).toEqual(['RETURNED']);
    expect(kept[13].state.cycles[FY].targets.map((t) => t.status)).toEqual(['RETURNED', 'PASSED']);
    expect(kept[2].state.commissions[0].status).toBe('COMPLETED');
    expect(kept[1].state.commissions[0].status).toBe('ACTIVE');
  });

  it('evolving neither mutates the events nor any state (all deep-frozen)', () => {
    const events = deepFreeze(fullRun());
    let state = deepFreeze(projectModel.initialState());
    for (const event of events) state = deepFreeze(projectModel.evolve(state, event));
    expect(state.library).toMatchObject({ status: 'ADMITTED', targetVersion: 2 });
    expect(state.cycles[FY].approval).toMatchObject({ approvedFen: 680_000_000, targetVersion: 2 });
  });

  it('deciding does not mutate the state it decides on', () => {
    const frozen = deepFreeze(stateOf([...p1TargetsPassed()]));
    const context = { actor: finance, now: new Date('2024-03-01T09:00:00+08:00'), ruleSet: DEFAULT_RULE_SET, commandId: 'cmd-frozen' };
    expect(decideAdmitProjectToLibrary({ proCode: P1, fiscalYear: FY }, frozen, context).map((e) => e.type)).toEqual(['ProjectAdmittedToLibrary']);
    const returned = deepFreeze(stateOf([...p1ExAntePassed(), targetsSet(1), targetsReviewed(1, 'RETURNED')]));
    expect(decideSetPerformanceTargets(setTargetsCmd(), returned, { ...context, actor: d101 }).map((e) => e.data)).toMatchObject([{ version: 2 }]);
  });

  it('a returned target set keeps v1, with its opinion and indicators, in the version list beside v2', () => {
    const v1Indicators = p1Indicators().filter((i) => i.tier1 !== 'BENEFIT');
    const state = stateOf([declared(), targetsSet(1, FY, P1, v1Indicators), targetsReviewed(1, 'RETURNED'), targetsSet(2)]);
    expect(state.cycles[FY].targets.map(({ version, status, opinion }) => ({ version, status, opinion }))).toEqual([
      { version: 1, status: 'RETURNED', opinion: '缺少生态效益指标' },
      { version: 2, status: 'SUBMITTED', opinion: undefined },
    ]);
    expect(state.cycles[FY].targets[0].indicators).toEqual(v1Indicators);
    expect(state.cycles[FY].targets[1].indicators).toEqual(p1Indicators());
  });

  it('a passed v1 stays PASSED in the list when a v2 is submitted after it', () => {
    const state = stateOf([...p1TargetsPassed(), targetsSet(2)]);
    expect(state.cycles[FY].targets.map((t) => [t.version, t.status])).toEqual([
      [1, 'PASSED'],
      [2, 'SUBMITTED'],
    ]);
  });

  it('a failed assessment stays in the history beside the one that replaced it', () => {
    const state = stateOf(fullRun().slice(0, 6));
    expect(state.assessments.map((a) => [a.assessmentId, a.totalScore, a.review?.outcome])).toEqual([
      ['EA-1', 72, 'FAILED'],
      ['EA-2', 92, 'PASSED'],
    ]);
  });

  it('each new target submission is a new event with the next version, never an edit of the earlier one', () => {
    given([...p1ExAntePassed(), targetsSet(1), targetsReviewed(1, 'RETURNED'), targetsSet(2), targetsReviewed(2, 'RETURNED')])
      .when(decideSetPerformanceTargets, setTargetsCmd(), { actor: d101 })
      .then([{ type: 'PerformanceTargetSet', data: { proCode: P1, fiscalYear: FY, version: 3, overallObjective: OVERALL, annualObjective: ANNUAL, indicators: p1Indicators() } }]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Target completeness and weights (domain.md §3, I-4) through SetPerformanceTargets.
// ---------------------------------------------------------------------------------------------------------
describe('I-4 — target completeness and weights (SetPerformanceTargets)', () => {
  const dtos = () => p1IndicatorDtos();
  const withoutTier = (tier: string) => dtos().filter((i) => i.tier1 !== tier);
  const changed = (kpiId: string, change: Partial<IndicatorDto>) => dtos().map((i) => (i.kpiId === kpiId ? { ...i, ...change } : i));
  const problemsOf = (indicators: IndicatorDto[], satisfactionExemptionReason?: string) => {
    const error = refusal(() =>
      given([declared()])
        .when(decideSetPerformanceTargets, { ...setTargetsCmd(indicators), ...(satisfactionExemptionReason !== undefined ? { satisfactionExemptionReason } : {}) }, { actor: d101 })
        .events(),
    );
    expect(error.code).toBe('TARGETS_INCOMPLETE');
    expect(error.status).toBe(422);
    return (error.details as { problems: string[] }).problems;
  };

  it('sets P1’s complete v1, deriving each direction from its comparator, with the rule-set version', () => {
    const spec = given([declared()]).when(decideSetPerformanceTargets, setTargetsCmd(), { actor: d101 });
    spec.then([{ type: 'PerformanceTargetSet', data: { proCode: P1, fiscalYear: FY, version: 1, overallObjective: OVERALL, annualObjective: ANNUAL, indicators: p1Indicators() } }]);
    const [event] = spec.events();
    expect(event.ruleSetVersion).toBe('v1');
    expect(event.legalBasis).toEqual([{ docNo: '乳发〔2020〕3号', clause: '三(二)' }]);
  });

  it('sets v2 after v1 was RETURNED', () => {
    given([declared(), targetsSet(1), targetsReviewed(1, 'RETURNED')])
      .when(decideSetPerformanceTargets, setTargetsCmd(), { actor: d101 })
      .then([{ type: 'PerformanceTargetSet', data: { proCode: P1, fiscalYear: FY, version: 2, overallObjective: OVERALL, annualObjective: ANNUAL, indicators: p1Indicators() } }]);
  });

  it('missing OUTPUT and COST', () => {
    expect(problemsOf(dtos().filter((i) => i.tier1 !== 'OUTPUT'))).toEqual(['at least one OUTPUT (产出) or COST (成本) indicator is required', 'OUTPUT+COST weights add up to 0, the rule set asks 50']);
  });

  it('missing BENEFIT', () => {
    expect(problemsOf(withoutTier('BENEFIT'))).toEqual(['at least one BENEFIT (效益) indicator is required', 'BENEFIT weights add up to 0, the rule set asks 30']);
  });

  it('missing SATISFACTION without an exemption', () => {
    expect(problemsOf(withoutTier('SATISFACTION'))).toEqual([
      'a SATISFACTION (满意度) indicator is required unless an exemption reason is given',
      'SATISFACTION weights add up to 0, the rule set asks 10',
    ]);
  });

  it('a satisfaction exemption moves its 10 points to OUTPUT: accepted, with the reason trimmed into the event', () => {
    const indicators = withoutTier('SATISFACTION').map((i) => (i.kpiId === 'P1-K01' ? { ...i, weight: 25 } : i));
    given([declared()])
      .when(decideSetPerformanceTargets, { ...setTargetsCmd(indicators), satisfactionExemptionReason: '  校舍改造无直接服务对象  ' }, { actor: d101 })
      .then([
        {
          type: 'PerformanceTargetSet',
          data: {
            proCode: P1,
            fiscalYear: FY,
            version: 1,
            overallObjective: OVERALL,
            annualObjective: ANNUAL,
            indicators: p1Indicators()
              .filter((i) => i.tier1 !== 'SATISFACTION')
              .map((i) => (i.kpiId === 'P1-K01' ? { ...i, weight: 25 } : i)),
            satisfactionExemptionReason: '校舍改造无直接服务对象',
          },
        },
      ]);
  });

  it('an exemption that does not move the 10 points leaves the indicators at 80', () => {
    expect(problemsOf(withoutTier('SATISFACTION'), '校舍改造无直接服务对象')).toEqual(['indicator weights add up to 80, with 10 for budget execution they must make 100']);
  });

  it('a blank exemption reason is no exemption', () => {
    expect(problemsOf(withoutTier('SATISFACTION'), '  ')).toContain('a SATISFACTION (满意度) indicator is required unless an exemption reason is given');
  });

  it('a quantitative indicator without a unit', () => {
    const { unit: _u, ...noUnit } = dtos()[0];
    expect(problemsOf([noUnit, ...dtos().slice(1)])).toEqual(['P1-K01: a quantitative indicator needs a unit']);
  });

  it('a quantitative indicator without a decimal value', () => {
    expect(problemsOf(changed('P1-K05', { targetValue: '八千五百' }))).toEqual(['P1-K05: a quantitative indicator needs a decimal target value, not "八千五百"']);
  });

  it('a tier-2 group outside its tier 1', () => {
    expect(problemsOf(changed('P1-K07', { tier2: 'TIMELINESS' }))).toEqual(['P1-K07: TIMELINESS is not a group of BENEFIT']);
  });

  it('a duplicate kpiId', () => {
    expect(problemsOf(changed('P1-K06', { kpiId: 'P1-K05' }))).toEqual(['kpiId P1-K05 is used twice']);
  });

  it('weights off the 50/30/10 scheme', () => {
    expect(problemsOf(changed('P1-K04', { weight: 20 }))).toEqual(['OUTPUT+COST weights add up to 55, the rule set asks 50']);
  });

  it('lists every problem in details.problems and in the message', () => {
    const error = refusal(() => given([declared()]).when(decideSetPerformanceTargets, setTargetsCmd(withoutTier('BENEFIT')), { actor: d101 }).events());
    expect(error.message).toBe('the target set is incomplete: at least one BENEFIT (效益) indicator is required; BENEFIT weights add up to 0, the rule set asks 30');
  });

  describe('other refusals of SetPerformanceTargets', () => {
    it('v1 awaiting review: TARGETS_PENDING_REVIEW (422), naming the version', () => {
      const error = refusal(() => given([declared(), targetsSet(1)]).when(decideSetPerformanceTargets, setTargetsCmd(), { actor: d101 }).events());
      expect(error).toMatchObject({ code: 'TARGETS_PENDING_REVIEW', status: 422, details: { version: 1 } });
    });

    it('a fiscal year outside the project’s years: FISCAL_YEAR_OUTSIDE_PROJECT (422)', () => {
      given([declared()]).when(decideSetPerformanceTargets, setTargetsCmd(dtos(), 2025), { actor: d101 }).thenRejects('FISCAL_YEAR_OUTSIDE_PROJECT', 422);
    });

    it('an undeclared project: PROJECT_NOT_FOUND (404)', () => {
      given([]).when(decideSetPerformanceTargets, setTargetsCmd(), { actor: d101 }).thenRejects('PROJECT_NOT_FOUND', 404);
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// DeclareProject (step 1)
// ---------------------------------------------------------------------------------------------------------
describe('DeclareProject', () => {
  it('declares P1 城乡中小学校舍安全改造, 6,800,000 yuan = 680,000,000 fen', () => {
    const spec = given([]).when(decideDeclareProject, declareP1(), { actor: d101 });
    spec.then([{ type: 'BudgetProjectDeclared', data: p1Declaration() }]);
    expect(spec.events()[0].legalBasis).toEqual([{ docNo: '乳发〔2020〕3号', clause: '三(一)' }]);
  });

  it('defaults funding arrangements and policy basis to empty lists, and a multi-year plan adds up', () => {
    const { fundingArrangements: _f, policyBasis: _p, ...bare } = declareP1({
      endYear: 2025,
      fundingPlan: [
        { fiscalYear: 2024, amountFen: 400_000_000 },
        { fiscalYear: 2025, amountFen: 280_000_000 },
      ],
    });
    given([])
      .when(decideDeclareProject, bare, { actor: d101 })
      .then([
        {
          type: 'BudgetProjectDeclared',
          data: {
            ...p1Declaration(),
            fundingArrangements: [],
            policyBasis: [],
            endYear: 2025,
            fundingPlan: [
              { fiscalYear: 2024, amountFen: 400_000_000 },
              { fiscalYear: 2025, amountFen: 280_000_000 },
            ],
          },
        },
      ]);
  });

  it('a funding plan that does not add up to the total: FUNDING_PLAN_TOTAL_MISMATCH (422), with both sums', () => {
    const error = refusal(() => given([]).when(decideDeclareProject, declareP1({ totalAmountFen: 6_800_000 }), { actor: d101 }).events());
    expect(error).toMatchObject({ code: 'FUNDING_PLAN_TOTAL_MISMATCH', status: 422, details: { planned: 680_000_000, totalAmountFen: 6_800_000 } });
  });

  it.each([
    ['after the end year', 2025],
    ['before the start year', 2023],
  ])('a funding-plan year %s: FUNDING_PLAN_OUTSIDE_YEARS (422)', (_label, otherYear) => {
    given([])
      .when(decideDeclareProject, declareP1({ fundingPlan: [{ fiscalYear: 2024, amountFen: 400_000_000 }, { fiscalYear: otherYear, amountFen: 280_000_000 }] }), { actor: d101 })
      .thenRejects('FUNDING_PLAN_OUTSIDE_YEARS', 422);
  });

  it('an end year before the start year: YEARS_REVERSED (422)', () => {
    given([]).when(decideDeclareProject, declareP1({ startYear: 2024, endYear: 2023 }), { actor: d101 }).thenRejects('YEARS_REVERSED', 422);
  });

  it('a proCode of another division: PRO_CODE_DIVISION_MISMATCH (422)', () => {
    given([]).when(decideDeclareProject, declareP1({ mofDivCode: '371002' }), { actor: d101 }).thenRejects('PRO_CODE_DIVISION_MISMATCH', 422);
  });

  it('a project declared twice: PROJECT_ALREADY_DECLARED (422)', () => {
    given([declared()]).when(decideDeclareProject, declareP1(), { actor: d101 }).thenRejects('PROJECT_ALREADY_DECLARED', 422);
  });
});

// ---------------------------------------------------------------------------------------------------------
// CommissionExAnteAssessment
// ---------------------------------------------------------------------------------------------------------
describe('CommissionExAnteAssessment', () => {
  const commission = (institutionId = 'TP-001', institutionName = '乳山信诚会计师事务所') => ({ proCode: P1, institutionId, institutionName, contractRef: '乳财采〔2024〕7号', dueDate: '2024-02-28' });

  it('commissions TP-001 as EAC-1', () => {
    given([declared()])
      .when(decideCommissionExAnteAssessment, commission(), { actor: finance })
      .then([{ type: 'ExAnteAssessmentCommissioned', data: { proCode: P1, commissionId: 'EAC-1', institutionId: 'TP-001', institutionName: '乳山信诚会计师事务所', contractRef: '乳财采〔2024〕7号', dueDate: '2024-02-28' } }]);
  });

  it('commissions TP-002 as EAC-2 beside TP-001’s active one', () => {
    given([declared(), commissioned('EAC-1')])
      .when(decideCommissionExAnteAssessment, { proCode: P1, institutionId: 'TP-002', institutionName: '威海正衡工程咨询有限公司' }, { actor: finance })
      .then([{ type: 'ExAnteAssessmentCommissioned', data: { proCode: P1, commissionId: 'EAC-2', institutionId: 'TP-002', institutionName: '威海正衡工程咨询有限公司' } }]);
  });

  it('commissions TP-001 again after its first assessment failed review', () => {
    given([declared(), commissioned('EAC-1'), recorded('EA-1', FAIR_72, P1, { assessorType: 'THIRD_PARTY', institutionId: 'TP-001', commissionId: 'EAC-1' }), exAnteReviewed('EA-1', 'FAILED', 'FAIR')])
      .when(decideCommissionExAnteAssessment, commission(), { actor: finance })
      .events()
      .forEach((e) => expect(e.data).toMatchObject({ commissionId: 'EAC-2', institutionId: 'TP-001' }));
  });

  it('the same institution while its commission is active: COMMISSION_ALREADY_ACTIVE (422)', () => {
    given([declared(), commissioned('EAC-1')]).when(decideCommissionExAnteAssessment, commission(), { actor: finance }).thenRejects('COMMISSION_ALREADY_ACTIVE', 422);
  });

  it('after an assessment passed: EX_ANTE_ALREADY_PASSED (422)', () => {
    given(p1ExAntePassed()).when(decideCommissionExAnteAssessment, commission('TP-002', '威海正衡工程咨询有限公司'), { actor: finance }).thenRejects('EX_ANTE_ALREADY_PASSED', 422);
  });

  it('an undeclared project: PROJECT_NOT_FOUND (404)', () => {
    given([]).when(decideCommissionExAnteAssessment, commission(), { actor: finance }).thenRejects('PROJECT_NOT_FOUND', 404);
  });
});

// ---------------------------------------------------------------------------------------------------------
// RecordExAnteAssessment: totals, grades and conclusions (domain.md §4.2, §6.4)
// ---------------------------------------------------------------------------------------------------------
describe('RecordExAnteAssessment', () => {
  const expectedRecord = (assessmentId: string, s: Scored): ProjectEvent => ({
    type: 'ExAnteAssessmentRecorded',
    data: {
      proCode: P1,
      assessmentId,
      assessorType: 'DEPARTMENT',
      dimensions: recordedDimensions(s.scores),
      totalScore: s.totalScore,
      grade: s.grade,
      conclusion: s.conclusion,
      reportRef: '乳山市教体局事前评估报告〔2023〕12号',
    },
  });

  it.each([
    ['92 → 优 EXCELLENT, SUPPORT', EXCELLENT_92],
    ['84 → 良 GOOD, SUPPORT', GOOD_84],
    ['72 → 中 FAIR, SUPPORT_AFTER_REVISION', FAIR_72],
    ['55 → 差 POOR, NOT_SUPPORTED', POOR_55],
  ])('%s', (_label, scored) => {
    given([declared()]).when(decideRecordExAnteAssessment, recordCmd(scored.scores), { actor: d101 }).then([expectedRecord('EA-1', scored)]);
  });

  it('orders dimensions as the rule set does, keeps comments, rounds the total to 2 decimals and names the rule-set version', () => {
    const spec = given([declared()]).when(
      decideRecordExAnteAssessment,
      {
        ...recordCmd([]),
        dimensions: [
          { dimension: 'FINANCING_COMPLIANCE', score: 17.33 },
          { dimension: 'NECESSITY', score: 19.5, comment: '校舍安全隐患突出' },
          { dimension: 'PLAN_FEASIBILITY', score: 17.17 },
          { dimension: 'INPUT_ECONOMY', score: 18 },
          { dimension: 'TARGET_REASONABLENESS', score: 18 },
        ],
      },
      { actor: d101 },
    );
    spec.then([
      {
        type: 'ExAnteAssessmentRecorded',
        data: {
          proCode: P1,
          assessmentId: 'EA-1',
          assessorType: 'DEPARTMENT',
          dimensions: [
            { dimension: 'NECESSITY', score: 19.5, maxScore: 20, comment: '校舍安全隐患突出' },
            { dimension: 'INPUT_ECONOMY', score: 18, maxScore: 20 },
            { dimension: 'TARGET_REASONABLENESS', score: 18, maxScore: 20 },
            { dimension: 'PLAN_FEASIBILITY', score: 17.17, maxScore: 20 },
            { dimension: 'FINANCING_COMPLIANCE', score: 17.33, maxScore: 20 },
          ],
          totalScore: 90,
          grade: 'EXCELLENT',
          conclusion: 'SUPPORT',
          reportRef: '乳山市教体局事前评估报告〔2023〕12号',
        },
      },
    ]);
    expect(spec.events()[0].ruleSetVersion).toBe('v1');
  });

  it('records EA-2 after EA-1 failed review', () => {
    given([declared(), recorded('EA-1', FAIR_72), exAnteReviewed('EA-1', 'FAILED', 'FAIR')])
      .when(decideRecordExAnteAssessment, recordCmd(EXCELLENT_92.scores), { actor: d101 })
      .then([expectedRecord('EA-2', EXCELLENT_92)]);
  });

  it('while the latest awaits review: EX_ANTE_PENDING_REVIEW (422)', () => {
    given([declared(), recorded('EA-1', FAIR_72)]).when(decideRecordExAnteAssessment, recordCmd(EXCELLENT_92.scores), { actor: d101 }).thenRejects('EX_ANTE_PENDING_REVIEW', 422);
  });

  it('after one passed: EX_ANTE_ALREADY_PASSED (422)', () => {
    given(p1ExAntePassed()).when(decideRecordExAnteAssessment, recordCmd(EXCELLENT_92.scores), { actor: d101 }).thenRejects('EX_ANTE_ALREADY_PASSED', 422);
  });

  it('without the report’s hash in evidence: EVIDENCE_REQUIRED (422)', () => {
    const { evidence: _e, ...noEvidence } = recordCmd(EXCELLENT_92.scores);
    given([declared()]).when(decideRecordExAnteAssessment, noEvidence, { actor: d101 }).thenRejects('EVIDENCE_REQUIRED', 422);
    given([declared()]).when(decideRecordExAnteAssessment, { ...noEvidence, evidence: [] }, { actor: d101 }).thenRejects('EVIDENCE_REQUIRED', 422);
  });

  describe('invalid scores: EX_ANTE_SCORES_INVALID (422) with the problems listed', () => {
    const problemsOf = (dimensions: { dimension: ExAnteDimension; score: number }[]) => {
      const error = refusal(() => given([declared()]).when(decideRecordExAnteAssessment, { ...recordCmd([]), dimensions }, { actor: d101 }).events());
      expect(error).toMatchObject({ code: 'EX_ANTE_SCORES_INVALID', status: 422 });
      return (error.details as { problems: string[] }).problems;
    };

    it('a dimension scored twice', () => {
      expect(problemsOf([...dimensionScores(EXCELLENT_92.scores), { dimension: 'NECESSITY', score: 15 }])).toEqual(['NECESSITY must be scored exactly once (found 2)']);
    });

    it('a dimension missing', () => {
      expect(problemsOf(dimensionScores(EXCELLENT_92.scores).filter((d) => d.dimension !== 'FINANCING_COMPLIANCE'))).toEqual(['FINANCING_COMPLIANCE must be scored exactly once (found 0)']);
    });

    it('a score above the dimension’s maximum of 20', () => {
      expect(problemsOf(dimensionScores([20.5, 18, 18, 18, 18]))).toEqual(['NECESSITY scored 20.5, above its maximum 20']);
    });

    it('a dimension the rule set does not have', () => {
      expect(problemsOf([...dimensionScores(EXCELLENT_92.scores), { dimension: 'SUSTAINABILITY' as ExAnteDimension, score: 5 }])).toEqual(['rule set v1 has no dimension SUSTAINABILITY']);
    });
  });

  it('an undeclared project: PROJECT_NOT_FOUND (404)', () => {
    given([]).when(decideRecordExAnteAssessment, recordCmd(EXCELLENT_92.scores), { actor: d101 }).thenRejects('PROJECT_NOT_FOUND', 404);
  });
});

// ---------------------------------------------------------------------------------------------------------
// ReviewPerformanceTargets
// ---------------------------------------------------------------------------------------------------------
describe('ReviewPerformanceTargets', () => {
  it('passes v1 with all checks, trimming the opinion', () => {
    given([declared(), targetsSet(1)])
      .when(decideReviewPerformanceTargets, reviewTargetsCmd(1, 'PASSED', '  格式规范，指标完整  '), { actor: finance })
      .then([{ type: 'PerformanceTargetReviewed', data: { proCode: P1, fiscalYear: FY, version: 1, outcome: 'PASSED', checks: ALL_CHECKS, opinion: '格式规范，指标完整' } }]);
  });

  it('passes v1 without an opinion, recording an empty one', () => {
    given([declared(), targetsSet(1)])
      .when(decideReviewPerformanceTargets, reviewTargetsCmd(1, 'PASSED'), { actor: finance })
      .then([{ type: 'PerformanceTargetReviewed', data: { proCode: P1, fiscalYear: FY, version: 1, outcome: 'PASSED', checks: ALL_CHECKS, opinion: '' } }]);
  });

  it('returns v1 with an opinion and the failed check (P3: no ecological indicator)', () => {
    const checks = { formatCompliant: true, complete: false, matchesFunding: true };
    given([declared(), targetsSet(1)])
      .when(decideReviewPerformanceTargets, reviewTargetsCmd(1, 'RETURNED', '缺少生态效益指标', checks), { actor: finance })
      .then([{ type: 'PerformanceTargetReviewed', data: { proCode: P1, fiscalYear: FY, version: 1, outcome: 'RETURNED', checks, opinion: '缺少生态效益指标' } }]);
  });

  it('no targets for the year: TARGETS_NOT_FOUND (404)', () => {
    given([declared()]).when(decideReviewPerformanceTargets, reviewTargetsCmd(1, 'PASSED'), { actor: finance }).thenRejects('TARGETS_NOT_FOUND', 404);
  });

  it('a version that is not the current one: TARGET_VERSION_NOT_CURRENT (422)', () => {
    const error = refusal(() => given([declared(), targetsSet(1), targetsReviewed(1, 'RETURNED'), targetsSet(2)]).when(decideReviewPerformanceTargets, reviewTargetsCmd(1, 'PASSED'), { actor: finance }).events());
    expect(error).toMatchObject({ code: 'TARGET_VERSION_NOT_CURRENT', status: 422, details: { current: 2 } });
  });

  it('a version already reviewed: TARGETS_ALREADY_REVIEWED (422)', () => {
    given([declared(), targetsSet(1), targetsReviewed(1, 'PASSED')]).when(decideReviewPerformanceTargets, reviewTargetsCmd(1, 'PASSED'), { actor: finance }).thenRejects('TARGETS_ALREADY_REVIEWED', 422);
    given([declared(), targetsSet(1), targetsReviewed(1, 'RETURNED')])
      .when(decideReviewPerformanceTargets, reviewTargetsCmd(1, 'RETURNED', '再次退回'), { actor: finance })
      .thenRejects('TARGETS_ALREADY_REVIEWED', 422);
  });

  it.each([
    ['format', { formatCompliant: false, complete: true, matchesFunding: true }],
    ['completeness', { formatCompliant: true, complete: false, matchesFunding: true }],
    ['match with the funds', { formatCompliant: true, complete: true, matchesFunding: false }],
  ])('cannot pass a set failing the %s check: TARGET_CHECKS_FAILED (422)', (_label, checks) => {
    given([declared(), targetsSet(1)]).when(decideReviewPerformanceTargets, reviewTargetsCmd(1, 'PASSED', '同意', checks), { actor: finance }).thenRejects('TARGET_CHECKS_FAILED', 422);
  });

  it.each([[undefined], [''], ['   ']])('cannot return a set without an opinion (%p): OPINION_REQUIRED (422)', (opinion) => {
    given([declared(), targetsSet(1)]).when(decideReviewPerformanceTargets, reviewTargetsCmd(1, 'RETURNED', opinion), { actor: finance }).thenRejects('OPINION_REQUIRED', 422);
  });

  it('an undeclared project: PROJECT_NOT_FOUND (404)', () => {
    given([]).when(decideReviewPerformanceTargets, reviewTargetsCmd(1, 'PASSED'), { actor: finance }).thenRejects('PROJECT_NOT_FOUND', 404);
  });
});

// ---------------------------------------------------------------------------------------------------------
// AdmitProjectToLibrary / RejectProjectFromLibrary
// ---------------------------------------------------------------------------------------------------------
describe('AdmitProjectToLibrary (入库)', () => {
  it('admits P1 on passed ex-ante and targets, with the rule-set version and legal basis', () => {
    const spec = given(p1TargetsPassed()).when(decideAdmitProjectToLibrary, { proCode: P1, fiscalYear: FY }, { actor: finance });
    spec.then([{ type: 'ProjectAdmittedToLibrary', data: { proCode: P1, fiscalYear: FY, targetVersion: 1, exAnteAssessmentId: 'EA-1' } }]);
    const [event] = spec.events();
    expect(event.ruleSetVersion).toBe('v1');
    expect(event.legalBasis).toEqual([{ docNo: '乳发〔2020〕3号', clause: '三(一)' }]);
  });

  it('admits a project that was once refused, when the gates now pass', () => {
    given([...p1TargetsPassed(), rejectedFromLibrary('TARGETS_NONCOMPLIANT', '目标未审核')])
      .when(decideAdmitProjectToLibrary, { proCode: P1, fiscalYear: FY }, { actor: finance })
      .then([{ type: 'ProjectAdmittedToLibrary', data: { proCode: P1, fiscalYear: FY, targetVersion: 1, exAnteAssessmentId: 'EA-1' } }]);
  });

  it('a second admission: ALREADY_IN_LIBRARY (422)', () => {
    given(p1InLibrary()).when(decideAdmitProjectToLibrary, { proCode: P1, fiscalYear: FY }, { actor: finance }).thenRejects('ALREADY_IN_LIBRARY', 422);
  });

  it('an undeclared project: PROJECT_NOT_FOUND (404)', () => {
    given([]).when(decideAdmitProjectToLibrary, { proCode: P1, fiscalYear: FY }, { actor: finance }).thenRejects('PROJECT_NOT_FOUND', 404);
  });
});

describe('RejectProjectFromLibrary', () => {
  const p5Failed = (): ProjectEvent[] => [declared(p5Declaration()), recorded('EA-1', POOR_55, P5), exAnteReviewed('EA-1', 'FAILED', 'POOR', P5)];
  const reject = (reason: ProjectRejectedFromLibrary['data']['reason'], detail: string) => ({ proCode: P5, reason, detail });

  it('records why P5 stays out: its ex-ante failed', () => {
    given(p5Failed())
      .when(decideRejectProjectFromLibrary, reject('EX_ANTE_FAILED', '事前绩效评估55分（差），审核未通过'), { actor: finance })
      .then([{ type: 'ProjectRejectedFromLibrary', data: { proCode: P5, reason: 'EX_ANTE_FAILED', detail: '事前绩效评估55分（差），审核未通过' } }]);
  });

  it('the same refusal twice: ALREADY_REJECTED (422)', () => {
    given([...p5Failed(), rejectedFromLibrary('EX_ANTE_FAILED', '事前绩效评估55分（差），审核未通过', P5)])
      .when(decideRejectProjectFromLibrary, reject('EX_ANTE_FAILED', '事前绩效评估55分（差），审核未通过'), { actor: finance })
      .thenRejects('ALREADY_REJECTED', 422);
  });

  it('a refusal on a new ground is recorded', () => {
    given([...p5Failed(), rejectedFromLibrary('EX_ANTE_FAILED', '事前绩效评估55分（差），审核未通过', P5)])
      .when(decideRejectProjectFromLibrary, reject('TARGETS_NONCOMPLIANT', '未设置满意度指标'), { actor: finance })
      .then([{ type: 'ProjectRejectedFromLibrary', data: { proCode: P5, reason: 'TARGETS_NONCOMPLIANT', detail: '未设置满意度指标' } }]);
  });

  it('a refusal for the same reason with a new detail is recorded', () => {
    given([...p5Failed(), rejectedFromLibrary('EX_ANTE_FAILED', '事前绩效评估55分（差），审核未通过', P5)])
      .when(decideRejectProjectFromLibrary, reject('EX_ANTE_FAILED', '补充材料后复审仍未通过'), { actor: finance })
      .then([{ type: 'ProjectRejectedFromLibrary', data: { proCode: P5, reason: 'EX_ANTE_FAILED', detail: '补充材料后复审仍未通过' } }]);
  });

  it('a refusal with the same detail for another reason is recorded', () => {
    given([...p5Failed(), rejectedFromLibrary('EX_ANTE_FAILED', '材料不全', P5)])
      .when(decideRejectProjectFromLibrary, reject('OTHER', '材料不全'), { actor: finance })
      .then([{ type: 'ProjectRejectedFromLibrary', data: { proCode: P5, reason: 'OTHER', detail: '材料不全' } }]);
  });

  it('a project already in the library: ALREADY_IN_LIBRARY (422)', () => {
    given(p1InLibrary()).when(decideRejectProjectFromLibrary, { proCode: P1, reason: 'OTHER', detail: '重复申报' }, { actor: finance }).thenRejects('ALREADY_IN_LIBRARY', 422);
  });

  it('an undeclared project: PROJECT_NOT_FOUND (404)', () => {
    given([]).when(decideRejectProjectFromLibrary, reject('OTHER', '—'), { actor: finance }).thenRejects('PROJECT_NOT_FOUND', 404);
  });
});

// ---------------------------------------------------------------------------------------------------------
// IncludeProjectInBudgetDraft
// ---------------------------------------------------------------------------------------------------------
describe('IncludeProjectInBudgetDraft', () => {
  it('uses the budget book of the declaration (P4-like government fund project)', () => {
    const fund = { ...p1Declaration(), budgetBook: 'GOVERNMENT_FUND' as const };
    given([declared(fund), recorded('EA-1', EXCELLENT_92), exAnteReviewed('EA-1', 'PASSED', 'EXCELLENT'), targetsSet(1), targetsReviewed(1, 'PASSED'), admitted(1, 'EA-1')])
      .when(decideIncludeProjectInBudgetDraft, includeCmd(), { actor: finance })
      .then([{ type: 'ProjectIncludedInBudgetDraft', data: { proCode: P1, fiscalYear: FY, budgetBook: 'GOVERNMENT_FUND', requestedFen: 680_000_000, proposedFen: 650_000_000, targetVersion: 1 } }]);
  });

  it('a project not in the library: NOT_IN_LIBRARY (422), naming its library status', () => {
    const error = refusal(() => given(p1TargetsPassed()).when(decideIncludeProjectInBudgetDraft, includeCmd(), { actor: finance }).events());
    expect(error).toMatchObject({ code: 'NOT_IN_LIBRARY', status: 422, details: { libraryStatus: 'NOT_ADMITTED' } });
  });

  it('a project refused by the library: NOT_IN_LIBRARY (422)', () => {
    const error = refusal(() => given([...p1TargetsPassed(), rejectedFromLibrary('OTHER', '材料不全')]).when(decideIncludeProjectInBudgetDraft, includeCmd(), { actor: finance }).events());
    expect(error).toMatchObject({ code: 'NOT_IN_LIBRARY', details: { libraryStatus: 'REJECTED' } });
  });

  it('a second inclusion for the year: ALREADY_IN_BUDGET_DRAFT (422)', () => {
    given(p1InDraft()).when(decideIncludeProjectInBudgetDraft, includeCmd(), { actor: finance }).thenRejects('ALREADY_IN_BUDGET_DRAFT', 422);
  });

  it('a year outside the project’s years: FISCAL_YEAR_OUTSIDE_PROJECT (422)', () => {
    given(p1InLibrary()).when(decideIncludeProjectInBudgetDraft, includeCmd(2025), { actor: finance }).thenRejects('FISCAL_YEAR_OUTSIDE_PROJECT', 422);
  });

  it('an undeclared project: PROJECT_NOT_FOUND (404)', () => {
    given([]).when(decideIncludeProjectInBudgetDraft, includeCmd(), { actor: finance }).thenRejects('PROJECT_NOT_FOUND', 404);
  });
});

// ---------------------------------------------------------------------------------------------------------
// P1's clean run of domain.md §9, command after command, each decided on the state the earlier ones folded to.
// ---------------------------------------------------------------------------------------------------------
describe('P1 clean run: declare → ex-ante 92 优 → targets passed → library → draft → approved', () => {
  it('ends approved on target v1 with 6,500,000 yuan, each step deciding exactly one event', () => {
    const history: ProjectEvent[] = [];
    const context = (actor: Actor) => ({ actor, now: new Date('2024-03-01T09:00:00+08:00'), ruleSet: DEFAULT_RULE_SET, commandId: `cmd-${history.length}` });
    const step = (decide: (state: ProjectState) => ProjectEvent[]) => {
      const events = decide(deepFreeze(stateOf(history)));
      expect(events).toHaveLength(1);
      history.push(...events.map(({ type, data }) => ({ type, data }) as ProjectEvent));
    };
    step((s) => decideDeclareProject(declareP1(), s, context(d101)));
    step((s) => decideRecordExAnteAssessment(recordCmd(EXCELLENT_92.scores), s, context(d101)));
    step((s) => decideReviewExAnteAssessment({ proCode: P1, assessmentId: 'EA-1', outcome: 'PASSED', opinion: '同意' }, s, context(finance)));
    step((s) => decideSetPerformanceTargets(setTargetsCmd(), s, context(d101)));
    step((s) => decideReviewPerformanceTargets(reviewTargetsCmd(1, 'PASSED'), s, context(finance)));
    step((s) => decideAdmitProjectToLibrary({ proCode: P1, fiscalYear: FY }, s, context(finance)));
    step((s) => decideIncludeProjectInBudgetDraft(includeCmd(), s, context(finance)));
    step((s) => decideApproveBudgetAndTargets(approveCmd(1), s, context(finance)));

    expect(history.map((e) => e.type)).toEqual([
      'BudgetProjectDeclared',
      'ExAnteAssessmentRecorded',
      'ExAnteAssessmentReviewed',
      'PerformanceTargetSet',
      'PerformanceTargetReviewed',
      'ProjectAdmittedToLibrary',
      'ProjectIncludedInBudgetDraft',
      'BudgetAndTargetsApproved',
    ]);
    const final = stateOf(history);
    expect(final.assessments.map((a) => [a.totalScore, a.grade, a.conclusion, a.review?.outcome])).toEqual([[92, 'EXCELLENT', 'SUPPORT', 'PASSED']]);
    expect(final.library).toMatchObject({ status: 'ADMITTED', fiscalYear: FY, targetVersion: 1 });
    expect(final.cycles[FY].draft).toEqual({ budgetBook: 'GENERAL_PUBLIC', requestedFen: 680_000_000, proposedFen: 650_000_000, targetVersion: 1 });
    expect(final.cycles[FY].approval).toMatchObject({ approvedFen: 650_000_000, targetVersion: 1, approvalDocNo: '乳财预〔2024〕1号' });
    expect(final.revision).toBe(7);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Amounts and plans: what is asked, proposed and approved never exceeds what came before it.
// ---------------------------------------------------------------------------------------------------------
describe('amounts along the way: funding plan ≥ requested ≥ proposed ≥ approved', () => {
  it('a request above the year’s funding plan: REQUEST_EXCEEDS_FUNDING_PLAN (422), naming the plan', () => {
    const error = refusal(() => given(p1InLibrary()).when(decideIncludeProjectInBudgetDraft, { ...includeCmd(), requestedFen: 680_000_001 }, { actor: finance }).events());
    expect(error).toMatchObject({ code: 'REQUEST_EXCEEDS_FUNDING_PLAN', status: 422, details: { planned: 680_000_000 } });
  });

  it('a proposal above the request: PROPOSED_EXCEEDS_REQUESTED (422)', () => {
    given(p1InLibrary())
      .when(decideIncludeProjectInBudgetDraft, { ...includeCmd(), requestedFen: 600_000_000, proposedFen: 600_000_001 }, { actor: finance })
      .thenRejects('PROPOSED_EXCEEDS_REQUESTED', 422);
  });

  it('an approval above the draft: APPROVED_EXCEEDS_DRAFT (422); the draft amount itself passes', () => {
    given(p1InDraft()).when(decideApproveBudgetAndTargets, { ...approveCmd(1), approvedFen: 680_000_001 }, { actor: finance }).thenRejects('APPROVED_EXCEEDS_DRAFT', 422);
    expect(given(p1InDraft()).when(decideApproveBudgetAndTargets, { ...approveCmd(1), approvedFen: 680_000_000 }, { actor: finance }).events()).toHaveLength(1);
  });

  it('a funding plan naming a year twice: FUNDING_PLAN_DUPLICATE_YEAR (422)', () => {
    const plan = [
      { fiscalYear: 2024, amountFen: 400_000_000 },
      { fiscalYear: 2024, amountFen: 280_000_000 },
    ];
    given([]).when(decideDeclareProject, declareP1({ fundingPlan: plan }), { actor: d101 }).thenRejects('FUNDING_PLAN_DUPLICATE_YEAR', 422);
  });

  it('a unit code without the unit’s name: UNIT_NAME_REQUIRED (422)', () => {
    given([]).when(decideDeclareProject, declareP1({ unitCode: 'D101-01' }), { actor: d101 }).thenRejects('UNIT_NAME_REQUIRED', 422);
  });
});
