import { DEFAULT_RULE_SET } from './rule-set.js';
import { budgetExecutionPoints, inBand, isDiscrepant, qualitativeBand, quantitativeScore, totalScore } from './scoring.js';

const rules = DEFAULT_RULE_SET;

describe('self-evaluation scoring (domain.md §6.2)', () => {
  it('scores the worked example of P1 城乡中小学校舍安全改造: 94.35 优', () => {
    const execution = budgetExecutionPoints(646_000_000, 680_000_000, rules);
    expect(execution).toBe(9.5);
    const indicators = [
      quantitativeScore('POSITIVE', 12000, 11400, 15), // 改造校舍面积 ≥ 12000 ㎡
      quantitativeScore('EQUAL', 100, 100, 10), // 竣工验收合格率 = 100 %
      7, // 按期完工, partly achieved: the evaluator's value within [6, 8)
      quantitativeScore('REVERSE', 560, 575, 15), // 单位面积改造成本 ≤ 560 元/㎡
      quantitativeScore('POSITIVE', 8500, 8620, 10), // 受益学生人数 ≥ 8500
      quantitativeScore('EQUAL', 100, 100, 10), // 校舍安全隐患消除率 = 100 %
      9, // 校舍长效维护机制, achieved: within [8, 10]
      quantitativeScore('POSITIVE', 90, 93, 10), // 师生满意度 ≥ 90 %
    ];
    expect(indicators).toEqual([14.25, 10, 7, 14.6, 10, 10, 9, 10]);
    expect(inBand(7, qualitativeBand('PARTLY_ACHIEVED', 10))).toBe(true);
    expect(inBand(9, qualitativeBand('ACHIEVED', 10))).toBe(true);
    expect(totalScore(execution, indicators, rules)).toEqual({ executionPoints: 9.5, indicatorPoints: 84.85, totalScore: 94.35, grade: 'EXCELLENT' });
  });

  it('caps budget execution at the weight and handles a zero budget', () => {
    expect(budgetExecutionPoints(700, 600, rules)).toBe(10);
    expect(budgetExecutionPoints(300, 600, rules)).toBe(5);
    expect(budgetExecutionPoints(300, 0, rules)).toBe(0);
  });

  it('positive: exceeding earns the weight, no more; short of it earns a ÷ t × w', () => {
    expect(quantitativeScore('POSITIVE', 8000, 9000, 20)).toBe(20);
    expect(quantitativeScore('POSITIVE', 8000, 6000, 20)).toBe(15);
    expect(quantitativeScore('POSITIVE', 85, 71, 15)).toBe(12.53);
    expect(quantitativeScore('POSITIVE', 85, -5, 15)).toBe(0);
  });

  it('reverse: within the limit w; between t and 2t (1 − (a − t) ÷ t) × w; from 2t nothing', () => {
    expect(quantitativeScore('REVERSE', 560, 560, 15)).toBe(15);
    expect(quantitativeScore('REVERSE', 560, 840, 15)).toBe(7.5);
    expect(quantitativeScore('REVERSE', 560, 1120, 15)).toBe(0);
    expect(quantitativeScore('REVERSE', 560, 2000, 15)).toBe(0);
  });

  it('equal: with a zero target, w when a ≤ 0, else nothing; otherwise as positive', () => {
    expect(quantitativeScore('EQUAL', 0, 0, 10)).toBe(10);
    expect(quantitativeScore('EQUAL', 0, 1, 10)).toBe(0);
    expect(quantitativeScore('EQUAL', 100, 95, 10)).toBe(9.5);
  });

  it('qualitative bands: achieved [0.8w, w], partly [0.6w, 0.8w), not [0, 0.6w)', () => {
    expect(qualitativeBand('ACHIEVED', 10)).toEqual({ min: 8, max: 10, maxInclusive: true });
    expect(inBand(10, qualitativeBand('ACHIEVED', 10))).toBe(true);
    expect(inBand(7.99, qualitativeBand('ACHIEVED', 10))).toBe(false);
    expect(inBand(8, qualitativeBand('PARTLY_ACHIEVED', 10))).toBe(false);
    expect(inBand(6, qualitativeBand('PARTLY_ACHIEVED', 10))).toBe(true);
    expect(inBand(5.99, qualitativeBand('NOT_ACHIEVED', 10))).toBe(true);
    expect(inBand(6, qualitativeBand('NOT_ACHIEVED', 10))).toBe(false);
  });

  it('flags a spot-check discrepancy at |Δ| ≥ 10 or a different grade (P2: 96 self, 78 review)', () => {
    expect(isDiscrepant(96, 78, rules)).toBe(true);
    expect(isDiscrepant(88, 85, rules)).toBe(false);
    expect(isDiscrepant(91, 89, rules)).toBe(true);
    expect(isDiscrepant(89.99, 80, rules)).toBe(false);
    expect(isDiscrepant(89.99, 79.99, rules)).toBe(true);
  });
});
