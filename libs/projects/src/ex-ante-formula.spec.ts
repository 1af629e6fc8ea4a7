// The use-case modules carry class-validator decorators, which need the Reflect metadata API.
import 'reflect-metadata';
import { DEFAULT_RULE_SET, type ExAnteConclusion, type ExAnteDimension, type Grade, type RuleSet } from '../../rule-sets/src/rule-set.js';
import { deciderSpec } from '../../testing/src/decider-spec.js';
import { FY, P1, declarationOf, finance, education as d101 } from '../../testing/src/rushan-fixtures.js';
import { decideAdmitProjectToLibrary } from './admit-project-to-library.command.js';
import type { ExAnteAssessmentRecorded, PerformanceIndicator, ProjectEvent } from './project.events.js';
import { projectModel } from './project.state.js';
import { decideRecordExAnteAssessment } from './record-ex-ante-assessment.command.js';
import { decideReviewExAnteAssessment } from './review-ex-ante-assessment.command.js';

// domain.md §6.4: the total of the five dimensions (20 points each by default) → grade by §6.1 → conclusion by §4
// step 2 (优/良 SUPPORT, 中 SUPPORT_AFTER_REVISION, 差 NOT_SUPPORTED), at every grade boundary; and how the boundary
// between 中 and 差 decides whether the assessment can clear invariant 1.

const given = deciderSpec(projectModel);
const declared: ProjectEvent = { type: 'BudgetProjectDeclared', data: declarationOf(P1) };

const DIMENSIONS: ExAnteDimension[] = ['NECESSITY', 'INPUT_ECONOMY', 'TARGET_REASONABLENESS', 'PLAN_FEASIBILITY', 'FINANCING_COMPLIANCE'];
const record = (scores: number[]) => ({
  proCode: P1,
  dimensions: DIMENSIONS.map((dimension, i) => ({ dimension, score: scores[i] })),
  reportRef: '事前绩效评估报告',
  evidence: [{ name: '事前绩效评估报告.pdf', sha256: 'e'.repeat(64) }],
});
const recorded = (scores: number[], ruleSet: RuleSet = DEFAULT_RULE_SET) => {
  const [event] = given([declared]).when(decideRecordExAnteAssessment, record(scores), { actor: d101, ruleSet }).events();
  return event as typeof event & ExAnteAssessmentRecorded;
};

describe('§6.4 ex-ante: total of the five dimensions → grade (§6.1) → conclusion (§4 step 2)', () => {
  it.each<[number[], number, Grade, ExAnteConclusion]>([
    [[20, 20, 20, 20, 20], 100, 'EXCELLENT', 'SUPPORT'],
    [[18, 18, 18, 18, 18], 90, 'EXCELLENT', 'SUPPORT'],
    [[18, 18, 18, 18, 17.99], 89.99, 'GOOD', 'SUPPORT'],
    [[16, 16, 16, 16, 16], 80, 'GOOD', 'SUPPORT'],
    [[16, 16, 16, 16, 15.99], 79.99, 'FAIR', 'SUPPORT_AFTER_REVISION'],
    [[12, 12, 12, 12, 12], 60, 'FAIR', 'SUPPORT_AFTER_REVISION'],
    [[12, 12, 12, 12, 11.99], 59.99, 'POOR', 'NOT_SUPPORTED'],
    [[0, 0, 0, 0, 0], 0, 'POOR', 'NOT_SUPPORTED'],
  ])('%p → %p, %s, %s', (scores, totalScore, grade, conclusion) => {
    const event = recorded(scores);
    expect(event.data).toMatchObject({ totalScore, grade, conclusion, dimensions: DIMENSIONS.map((dimension, i) => ({ dimension, score: scores[i], maxScore: 20 })) });
    expect(event.ruleSetVersion).toBe('v1');
  });

  it('rounds the total to 2 decimals before grading: 17 + 17.22 + 18.04 + 18 + 19.74 is 89.99999999999999 in binary, yet 90.00 优', () => {
    expect([17, 17.22, 18.04, 18, 19.74].reduce((sum, s) => sum + s, 0)).toBeLessThan(90);
    expect(recorded([17, 17.22, 18.04, 18, 19.74]).data).toMatchObject({ totalScore: 90, grade: 'EXCELLENT', conclusion: 'SUPPORT' });
  });

  it('grades on the rule set’s scale: on 80/70/60 a total of 75 is 良 and supported', () => {
    const province: RuleSet = {
      ...DEFAULT_RULE_SET,
      version: 'sd-2',
      gradeScale: [
        { grade: 'EXCELLENT', min: 80 },
        { grade: 'GOOD', min: 70 },
        { grade: 'FAIR', min: 60 },
        { grade: 'POOR', min: 0 },
      ],
    };
    const event = recorded([15, 15, 15, 15, 15], province);
    expect(event.data).toMatchObject({ totalScore: 75, grade: 'GOOD', conclusion: 'SUPPORT' });
    expect(event.ruleSetVersion).toBe('sd-2');
  });

  it('draws the conclusion from the rule set: where 良 means support after revision, 84 is SUPPORT_AFTER_REVISION', () => {
    const strict: RuleSet = { ...DEFAULT_RULE_SET, version: 'v3', exAnte: { ...DEFAULT_RULE_SET.exAnte, conclusionByGrade: { ...DEFAULT_RULE_SET.exAnte.conclusionByGrade, GOOD: 'SUPPORT_AFTER_REVISION' } } };
    expect(recorded([18, 17, 17, 16, 16], strict).data).toMatchObject({ totalScore: 84, grade: 'GOOD', conclusion: 'SUPPORT_AFTER_REVISION' });
  });

  it('takes the dimension maxima from the rule set: under 30/30/20/10/10 a necessity of 25 counts, and 11 of 10 is refused', () => {
    const weighted: RuleSet = {
      ...DEFAULT_RULE_SET,
      version: 'v4',
      exAnte: {
        ...DEFAULT_RULE_SET.exAnte,
        dimensions: [
          { dimension: 'NECESSITY', maxScore: 30 },
          { dimension: 'INPUT_ECONOMY', maxScore: 30 },
          { dimension: 'TARGET_REASONABLENESS', maxScore: 20 },
          { dimension: 'PLAN_FEASIBILITY', maxScore: 10 },
          { dimension: 'FINANCING_COMPLIANCE', maxScore: 10 },
        ],
      },
    };
    expect(recorded([25, 27, 18, 9, 10], weighted).data).toMatchObject({ totalScore: 89, grade: 'GOOD', conclusion: 'SUPPORT' });
    given([declared]).when(decideRecordExAnteAssessment, record([25, 27, 18, 9, 11]), { actor: d101, ruleSet: weighted }).thenRejects('EX_ANTE_SCORES_INVALID', 422);
  });
});

describe('§6.4 meets invariant 1 at the 中/差 boundary', () => {
  const indicators: PerformanceIndicator[] = [
    { kpiId: 'K1', tier1: 'OUTPUT', tier2: 'QUANTITY', name: '改造校舍面积', comparator: 'GTE', targetValue: '12000', unit: '㎡', direction: 'POSITIVE', weight: 50, scoringRule: '按比例' },
    { kpiId: 'K2', tier1: 'BENEFIT', tier2: 'SOCIAL', name: '受益学生人数', comparator: 'GTE', targetValue: '8500', unit: '人', direction: 'POSITIVE', weight: 30, scoringRule: '按比例' },
    { kpiId: 'K3', tier1: 'SATISFACTION', tier2: 'RECIPIENT_SATISFACTION', name: '师生满意度', comparator: 'GTE', targetValue: '90', unit: '%', direction: 'POSITIVE', weight: 10, scoringRule: '按比例' },
  ];
  const targetsPassed: ProjectEvent[] = [
    { type: 'PerformanceTargetSet', data: { proCode: P1, fiscalYear: FY, version: 1, overallObjective: '总体目标', annualObjective: '年度目标', indicators } },
    { type: 'PerformanceTargetReviewed', data: { proCode: P1, fiscalYear: FY, version: 1, outcome: 'PASSED', checks: { formatCompliant: true, complete: true, matchesFunding: true }, opinion: '' } },
  ];
  const history = (scores: number[]): ProjectEvent[] => {
    const { type, data } = recorded(scores);
    return [declared, { type, data }];
  };
  const review = { proCode: P1, assessmentId: 'EA-1', outcome: 'PASSED' as const, opinion: '同意' };

  it('59.99 差 cannot pass review (EX_ANTE_POOR_CANNOT_PASS), so the project stays out of the library (EX_ANTE_NOT_REVIEWED)', () => {
    given(history([12, 12, 12, 12, 11.99])).when(decideReviewExAnteAssessment, review, { actor: finance }).thenRejects('EX_ANTE_POOR_CANNOT_PASS', 422);
    given([...history([12, 12, 12, 12, 11.99]), ...targetsPassed]).when(decideAdmitProjectToLibrary, { proCode: P1, fiscalYear: FY }, { actor: finance }).thenRejects('EX_ANTE_NOT_REVIEWED', 422);
  });

  it('60.00 中 passes review with its grade, and the library then admits the project citing it', () => {
    const passed = given(history([12, 12, 12, 12, 12])).when(decideReviewExAnteAssessment, review, { actor: finance }).events();
    expect(passed.map(({ type, data }) => ({ type, data }))).toEqual([{ type: 'ExAnteAssessmentReviewed', data: { ...review, grade: 'FAIR' } }]);
    given([...history([12, 12, 12, 12, 12]), ...(passed as ProjectEvent[]), ...targetsPassed])
      .when(decideAdmitProjectToLibrary, { proCode: P1, fiscalYear: FY }, { actor: finance })
      .then([{ type: 'ProjectAdmittedToLibrary', data: { proCode: P1, fiscalYear: FY, targetVersion: 1, exAnteAssessmentId: 'EA-1' } }]);
  });
});
