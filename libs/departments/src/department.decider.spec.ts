import 'reflect-metadata';
import { fold } from '../../event-sourcing/src/decider.js';
import { DEFAULT_RULE_SET, type RuleSet } from '../../rule-sets/src/rule-set.js';
import { deciderSpec } from '../../testing/src/decider-spec.js';
import { FY, refusal, agriculture as d103, housing as d104 } from '../../testing/src/rushan-fixtures.js';
import type {
  DepartmentEvent,
  DepartmentIndicator,
  DepartmentOverallPerformanceReported,
  DepartmentOverallSelfEvaluationSubmitted,
  DepartmentOverallTargetSet,
} from './department.events.js';
import { departmentModel } from './department.state.js';
import { decideReportDepartmentPerformance } from './report-department-performance.command.js';
import { decideSetDepartmentOverallTargets } from './set-department-overall-targets.command.js';
import { decideSubmitDepartmentSelfEvaluation } from './submit-department-self-evaluation.command.js';

// D103 乳山市农业农村局, FY2024 (domain.md §9 "Department overall"): targets on the six dimensions, self-evaluation 86 良,
// reported to the government and the 人大.

const given = deciderSpec(departmentModel);

/** RUNNING_COST 15, MANAGEMENT_EFFICIENCY 20, EFFECTIVENESS 25, SOCIAL_EFFECT 15, SUSTAINABILITY 15, SATISFACTION 10 = 100. */
const D103_INDICATORS: DepartmentIndicator[] = [
  { indicatorId: 'D103-RC-01', dimension: 'RUNNING_COST', name: '“三公”经费控制率', comparator: 'LTE', targetValue: '100', unit: '%', weight: 8 },
  { indicatorId: 'D103-RC-02', dimension: 'RUNNING_COST', name: '日常公用经费支出增长率', comparator: 'LTE', targetValue: '0', unit: '%', weight: 7 },
  { indicatorId: 'D103-ME-01', dimension: 'MANAGEMENT_EFFICIENCY', name: '预算执行率', comparator: 'GTE', targetValue: '95', unit: '%', weight: 10 },
  { indicatorId: 'D103-ME-02', dimension: 'MANAGEMENT_EFFICIENCY', name: '财务管理制度健全性', comparator: 'QUALITATIVE', targetValue: '制度健全并有效执行', weight: 10 },
  { indicatorId: 'D103-EF-01', dimension: 'EFFECTIVENESS', name: '新建高标准农田面积', comparator: 'GTE', targetValue: '8000', unit: '亩', weight: 15 },
  { indicatorId: 'D103-EF-02', dimension: 'EFFECTIVENESS', name: '粮食播种面积', comparator: 'GTE', targetValue: '52', unit: '万亩', weight: 10 },
  { indicatorId: 'D103-SE-01', dimension: 'SOCIAL_EFFECT', name: '农村居民人均可支配收入增长率', comparator: 'GTE', targetValue: '6', unit: '%', weight: 15 },
  { indicatorId: 'D103-SU-01', dimension: 'SUSTAINABILITY', name: '农田设施长效管护机制', comparator: 'QUALITATIVE', targetValue: '建立并有效运行', weight: 15 },
  { indicatorId: 'D103-SA-01', dimension: 'SATISFACTION', name: '农户满意度', comparator: 'GTE', targetValue: '90', unit: '%', weight: 10 },
];
const OBJECTIVE = '保障粮食安全，推进高标准农田建设和乡村振兴';
const indicators = () => D103_INDICATORS.map((i) => ({ ...i }));

const targetsSet = (version: number, set = indicators()): DepartmentOverallTargetSet => ({
  type: 'DepartmentOverallTargetSet',
  data: { deptCode: 'D103', fiscalYear: FY, version, objective: OBJECTIVE, indicators: set },
});
const SCORES_86 = [
  { dimension: 'RUNNING_COST', score: 13 },
  { dimension: 'MANAGEMENT_EFFICIENCY', score: 17 },
  { dimension: 'EFFECTIVENESS', score: 22 },
  { dimension: 'SOCIAL_EFFECT', score: 13 },
  { dimension: 'SUSTAINABILITY', score: 13 },
  { dimension: 'SATISFACTION', score: 8 },
] as const;
const MAX = { RUNNING_COST: 15, MANAGEMENT_EFFICIENCY: 20, EFFECTIVENESS: 25, SOCIAL_EFFECT: 15, SUSTAINABILITY: 15, SATISFACTION: 10 };
const evaluated = (): DepartmentOverallSelfEvaluationSubmitted => ({
  type: 'DepartmentOverallSelfEvaluationSubmitted',
  data: { deptCode: 'D103', fiscalYear: FY, targetVersion: 1, dimensions: SCORES_86.map((s) => ({ ...s, maxScore: MAX[s.dimension] })), totalScore: 86, grade: 'GOOD' },
});
const reported = (recipients: DepartmentOverallPerformanceReported['data']['recipients']): DepartmentOverallPerformanceReported => ({
  type: 'DepartmentOverallPerformanceReported',
  data: { deptCode: 'D103', fiscalYear: FY, recipients, reportRef: '乳农发〔2025〕5号', reportedOn: '2025-03-20', targetVersion: 1, totalScore: 86, grade: 'GOOD' },
});

const setCmd = (set = indicators()) => ({ deptCode: 'D103', fiscalYear: FY, objective: OBJECTIVE, indicators: set });
const evaluateCmd = (dimensions: { dimension: string; score: number; comment?: string }[] = SCORES_86.map((s) => ({ ...s }))) =>
  ({ deptCode: 'D103', fiscalYear: FY, dimensions, reportRef: '农业农村局2024年度部门整体绩效自评报告' }) as Parameters<typeof decideSubmitDepartmentSelfEvaluation>[0];
const reportCmd = (recipients: ('GOVERNMENT' | 'PEOPLES_CONGRESS')[] = ['GOVERNMENT', 'PEOPLES_CONGRESS']) => ({
  deptCode: 'D103',
  fiscalYear: FY,
  recipients,
  reportRef: '乳农发〔2025〕5号',
  reportedOn: '2025-03-20',
});

describe('SetDepartmentOverallTargets — the department sets its own overall targets (二.3), versioned', () => {
  it('sets v1 for D103 on all six dimensions', () => {
    given([]).when(decideSetDepartmentOverallTargets, setCmd(), { actor: d103 }).then([targetsSet(1)]);
  });

  it('cites 二.3 of the seed', () => {
    const [event] = given([]).when(decideSetDepartmentOverallTargets, setCmd(), { actor: d103 }).events();
    expect(event.legalBasis).toEqual([{ docNo: '乳发〔2020〕3号', clause: '二.3' }]);
  });

  it('numbers a resubmission v2', () => {
    const [event] = given([targetsSet(1)]).when(decideSetDepartmentOverallTargets, setCmd(), { actor: d103 }).events();
    expect(event.data).toMatchObject({ version: 2 });
  });

  it('refuses another department: NOT_YOUR_DEPARTMENT (403)', () => {
    given([]).when(decideSetDepartmentOverallTargets, setCmd(), { actor: d104 }).thenRejects('NOT_YOUR_DEPARTMENT', 403);
  });

  it('needs every dimension: without SATISFACTION it is TARGETS_INCOMPLETE (422), naming what is missing', () => {
    const set = indicators().map((i) => (i.dimension === 'SATISFACTION' ? { ...i, dimension: 'SOCIAL_EFFECT' as const } : i));
    const error = refusal(() => given([]).when(decideSetDepartmentOverallTargets, setCmd(set), { actor: d103 }).events());
    expect(error).toMatchObject({ code: 'TARGETS_INCOMPLETE', status: 422, details: { problems: ['every dimension needs at least one indicator; missing: SATISFACTION'] } });
  });

  it('needs weights of 100: TARGETS_INCOMPLETE (422)', () => {
    const set = indicators().map((i) => (i.indicatorId === 'D103-EF-01' ? { ...i, weight: 20 } : i));
    const error = refusal(() => given([]).when(decideSetDepartmentOverallTargets, setCmd(set), { actor: d103 }).events());
    expect(error.details).toEqual({ problems: ['indicator weights add up to 105, not 100'] });
  });

  it('needs a decimal value and a unit for a quantitative indicator, and unique ids: TARGETS_INCOMPLETE (422)', () => {
    const set = indicators().map((i) => (i.indicatorId === 'D103-EF-02' ? { ...i, indicatorId: 'D103-EF-01', targetValue: '五十二万', unit: undefined } : i));
    const error = refusal(() => given([]).when(decideSetDepartmentOverallTargets, setCmd(set), { actor: d103 }).events());
    expect(error.details).toEqual({
      problems: ['indicatorId D103-EF-01 is used twice', 'D103-EF-01: a quantitative indicator needs a decimal target value, not "五十二万"', 'D103-EF-01: a quantitative indicator needs a unit'],
    });
  });

  it('locks the targets once the year is self-evaluated: TARGETS_LOCKED (422)', () => {
    given([targetsSet(1), evaluated()]).when(decideSetDepartmentOverallTargets, setCmd(), { actor: d103 }).thenRejects('TARGETS_LOCKED', 422);
  });
});

describe('SubmitDepartmentSelfEvaluation — scores by dimension, total and grade by the rule set', () => {
  it('D103 scores 86, 良 (GOOD), each dimension against the weight of its indicators', () => {
    given([targetsSet(1)]).when(decideSubmitDepartmentSelfEvaluation, evaluateCmd(), { actor: d103 }).then([
      { ...evaluated(), data: { ...evaluated().data, reportRef: '农业农村局2024年度部门整体绩效自评报告' } },
    ]);
  });

  it('names the rule-set version that graded it', () => {
    const [event] = given([targetsSet(1)]).when(decideSubmitDepartmentSelfEvaluation, evaluateCmd(), { actor: d103 }).events();
    expect(event.ruleSetVersion).toBe('v1');
  });

  it('grades by the scale of the rule set in force: 86 is 中 on a 90/87/60 scale', () => {
    const strict: RuleSet = { ...DEFAULT_RULE_SET, version: 'v7', gradeScale: [{ grade: 'EXCELLENT', min: 90 }, { grade: 'GOOD', min: 87 }, { grade: 'FAIR', min: 60 }, { grade: 'POOR', min: 0 }] };
    const [event] = given([targetsSet(1)]).when(decideSubmitDepartmentSelfEvaluation, evaluateCmd(), { actor: d103, ruleSet: strict }).events();
    expect(event).toMatchObject({ data: { totalScore: 86, grade: 'FAIR' }, ruleSetVersion: 'v7' });
  });

  it('adds decimals without drift: 13.15 + 16.9 + 22.35 + 12.2 + 13.1 + 8.45 = 86.15', () => {
    const scores = [13.15, 16.9, 22.35, 12.2, 13.1, 8.45].map((score, i) => ({ dimension: SCORES_86[i].dimension, score }));
    const [event] = given([targetsSet(1)]).when(decideSubmitDepartmentSelfEvaluation, evaluateCmd(scores), { actor: d103 }).events();
    expect(event.data).toMatchObject({ totalScore: 86.15, grade: 'GOOD' });
  });

  it('scores against the latest target version: v2 moves 5 points from RUNNING_COST to EFFECTIVENESS', () => {
    const v2 = indicators().map((i) => (i.indicatorId === 'D103-RC-02' ? { ...i, weight: 2 } : i.indicatorId === 'D103-EF-02' ? { ...i, weight: 15 } : i));
    // 26 for EFFECTIVENESS exceeds v1's 25 but not v2's 30; RUNNING_COST may score at most v2's 10.
    const scores = SCORES_86.map((s) => (s.dimension === 'RUNNING_COST' ? { ...s, score: 9 } : s.dimension === 'EFFECTIVENESS' ? { ...s, score: 26 } : { ...s }));
    const [event] = given([targetsSet(1), targetsSet(2, v2)]).when(decideSubmitDepartmentSelfEvaluation, evaluateCmd(scores), { actor: d103 }).events();
    const data = event.data as DepartmentOverallSelfEvaluationSubmitted['data'];
    expect(data.targetVersion).toBe(2);
    expect(data.dimensions.find((d) => d.dimension === 'EFFECTIVENESS')).toEqual({ dimension: 'EFFECTIVENESS', score: 26, maxScore: 30 });
    expect(data.totalScore).toBe(86);
  });

  it('refuses a dimension scored above its weight: SCORE_OUT_OF_RANGE (422)', () => {
    const scores = SCORES_86.map((s) => (s.dimension === 'SATISFACTION' ? { ...s, score: 12 } : { ...s }));
    const error = refusal(() => given([targetsSet(1)]).when(decideSubmitDepartmentSelfEvaluation, evaluateCmd(scores), { actor: d103 }).events());
    expect(error).toMatchObject({ code: 'SCORE_OUT_OF_RANGE', status: 422, details: { dimension: 'SATISFACTION', maxScore: 10 } });
  });

  it('refuses a missing or repeated dimension: DIMENSION_SCORES_INCOMPLETE (422)', () => {
    const scores = SCORES_86.map((s) => (s.dimension === 'SUSTAINABILITY' ? { ...s, dimension: 'SOCIAL_EFFECT' } : { ...s }));
    const error = refusal(() => given([targetsSet(1)]).when(decideSubmitDepartmentSelfEvaluation, evaluateCmd(scores), { actor: d103 }).events());
    expect(error).toMatchObject({ code: 'DIMENSION_SCORES_INCOMPLETE', details: { missing: ['SUSTAINABILITY'], repeated: ['SOCIAL_EFFECT'] } });
  });

  it('needs targets first: TARGETS_REQUIRED (422)', () => {
    given([]).when(decideSubmitDepartmentSelfEvaluation, evaluateCmd(), { actor: d103 }).thenRejects('TARGETS_REQUIRED', 422);
  });

  it('is submitted once: SELF_EVALUATION_ALREADY_SUBMITTED (422)', () => {
    given([targetsSet(1), evaluated()]).when(decideSubmitDepartmentSelfEvaluation, evaluateCmd(), { actor: d103 }).thenRejects('SELF_EVALUATION_ALREADY_SUBMITTED', 422);
  });

  it('may be corrected by a new event that names the one it supersedes', () => {
    const scores = SCORES_86.map((s) => (s.dimension === 'SATISFACTION' ? { ...s, score: 9 } : { ...s }));
    const supersedes = { eventId: 'given-1', type: 'DepartmentOverallSelfEvaluationSubmitted', data: evaluated().data };
    const [event] = given([targetsSet(1), evaluated()]).when(decideSubmitDepartmentSelfEvaluation, evaluateCmd(scores), { actor: d103, supersedes }).events();
    expect(event.data).toMatchObject({ totalScore: 87, grade: 'GOOD' });
  });

  it('refuses another department: NOT_YOUR_DEPARTMENT (403)', () => {
    given([targetsSet(1)]).when(decideSubmitDepartmentSelfEvaluation, evaluateCmd(), { actor: d104 }).thenRejects('NOT_YOUR_DEPARTMENT', 403);
  });
});

describe('ReportDepartmentPerformance — to the government and the 人大, after the self-evaluation', () => {
  it('reports D103’s 86 良 to both, carrying the score it reports', () => {
    given([targetsSet(1), evaluated()]).when(decideReportDepartmentPerformance, reportCmd(), { actor: d103 }).then([reported(['GOVERNMENT', 'PEOPLES_CONGRESS'])]);
  });

  it('reports to the 人大 after the government, each once', () => {
    const history: DepartmentEvent[] = [targetsSet(1), evaluated(), reported(['GOVERNMENT'])];
    given(history).when(decideReportDepartmentPerformance, reportCmd(['PEOPLES_CONGRESS']), { actor: d103 }).then([reported(['PEOPLES_CONGRESS'])]);
    const error = refusal(() => given(history).when(decideReportDepartmentPerformance, reportCmd(['GOVERNMENT', 'PEOPLES_CONGRESS']), { actor: d103 }).events());
    expect(error).toMatchObject({ code: 'ALREADY_REPORTED', status: 422, details: { recipients: ['GOVERNMENT'] } });
  });

  it('needs the self-evaluation: SELF_EVALUATION_REQUIRED (422)', () => {
    given([targetsSet(1)]).when(decideReportDepartmentPerformance, reportCmd(), { actor: d103 }).thenRejects('SELF_EVALUATION_REQUIRED', 422);
  });

  it('refuses another department: NOT_YOUR_DEPARTMENT (403)', () => {
    given([targetsSet(1), evaluated()]).when(decideReportDepartmentPerformance, reportCmd(), { actor: d104 }).thenRejects('NOT_YOUR_DEPARTMENT', 403);
  });

  it('the folded state keeps every version and report', () => {
    const state = fold(departmentModel, [targetsSet(1), targetsSet(2), evaluated(), reported(['GOVERNMENT'])].map((event) => ({ event })));
    expect(state.targets.map((t) => t.version)).toEqual([1, 2]);
    expect(state.reports.map((r) => r.recipients)).toEqual([['GOVERNMENT']]);
  });
});
