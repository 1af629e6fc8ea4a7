import { DEFAULT_RULE_SET, type RuleSet, type WarningLight, gradeFor } from './rule-set.js';
import { type Attainment, budgetExecutionPoints, inBand, qualitativeBand, quantitativeScore, totalScore } from './scoring.js';
import { budgetExecutionLight, indicatorLight, worstLight } from './warning-lights.js';

// domain.md §6 (default rule set v1), formula by formula, at the boundaries and in every branch that scoring.spec.ts,
// warning-lights.spec.ts and rule-set.spec.ts leave out. Expected values are worked out by hand from the text of §6.

const rules = DEFAULT_RULE_SET;
const decimals = (value: number) => (String(value).split('.')[1] ?? '').length;

describe('§6.1 + §6.2: the total is rounded to 2 decimals, then graded 优 ≥ 90 · 良 80–89.99 · 中 60–79.99 · 差 < 60', () => {
  it.each([
    [10, [80], 90, 'EXCELLENT'],
    [9.99, [80], 89.99, 'GOOD'],
    [10, [70], 80, 'GOOD'],
    [10, [69.99], 79.99, 'FAIR'],
    [10, [50], 60, 'FAIR'],
    [9.99, [50], 59.99, 'POOR'],
    [0, [0], 0, 'POOR'],
    [10, [15, 15, 10, 10, 10, 10, 10, 10], 100, 'EXCELLENT'],
  ] as const)('execution %p + indicators %p = %p → %s', (execution, indicators, total, grade) => {
    expect(totalScore(execution, [...indicators], rules)).toMatchObject({ totalScore: total, grade });
  });

  it('grades the rounded total, not the binary sum: 0.02 + 89.96 + 0.02 adds up to 89.99999999999999 but is 90.00 优', () => {
    expect(0.02 + 89.96 + 0.02).toBeLessThan(90);
    expect(gradeFor(0.02 + 89.96 + 0.02, rules)).toBe('GOOD');
    expect(totalScore(0.02, [89.96, 0.02], rules)).toEqual({ executionPoints: 0.02, indicatorPoints: 89.98, totalScore: 90, grade: 'EXCELLENT' });
  });

  it('rounds the sum of execution and indicator points too: 5.01 + 70.01 is 75.02000000000001 in binary, the total 75.02', () => {
    expect(5.01 + 70.01).not.toBe(75.02);
    expect(totalScore(5.01, [70.01], rules)).toEqual({ executionPoints: 5.01, indicatorPoints: 70.01, totalScore: 75.02, grade: 'FAIR' });
  });
});

describe('§6.2 budget execution points = min(executed ÷ adjusted budget, 1) × 10, to 2 decimals', () => {
  it.each([
    [680_000_000, 680_000_000, 10],
    [700_000_000, 680_000_000, 10],
    [0, 680_000_000, 0],
    [2, 3, 6.67],
    [1, 3, 3.33],
    [1_140_000_000, 1_200_000_000, 9.5],
  ])('%p of %p fen → %p', (executed, adjusted, points) => {
    expect(budgetExecutionPoints(executed, adjusted, rules)).toBe(points);
  });

  it('takes the weight from the rule set: with 20 points for execution, half the budget executed earns 10', () => {
    const twenty: RuleSet = { ...rules, targetWeights: { outputAndCost: 40, benefit: 30, satisfaction: 10, budgetExecution: 20 } };
    expect(budgetExecutionPoints(500, 1000, twenty)).toBe(10);
  });
});

describe('§6.2 quantitative indicators', () => {
  describe('POSITIVE (≥, >): a ≥ t → w; else a ÷ t × w', () => {
    it.each([
      ['a = t', 12000, 12000, 15, 15],
      ['a above t earns w, no more', 12000, 20000, 15, 15],
      ['a just below t: 11999 ÷ 12000 × 15 = 14.99875, rounded to 15.00', 12000, 11999, 15, 15],
      ['a ÷ t × w: 11400 of 12000 ㎡ → 14.25', 12000, 11400, 15, 14.25],
      ['a ÷ t × w, rounded: 2 of 3', 3, 2, 10, 6.67],
      ['a ÷ t × w, rounded: 1 of 3', 3, 1, 10, 3.33],
      ['a = 0', 8500, 0, 10, 0],
    ])('%s: t %p, a %p, w %p → %p', (_label, target, actual, weight, score) => {
      expect(quantitativeScore('POSITIVE', target, actual, weight)).toBe(score);
    });
  });

  describe('EQUAL (=): t = 0 → (a ≤ 0 ? w : 0); otherwise as POSITIVE', () => {
    it.each([
      ['t = 0, a < 0', 0, -1, 10, 10],
      ['t = 0, a = 0', 0, 0, 10, 10],
      ['t = 0, a just above 0', 0, 0.01, 10, 0],
      ['t ≠ 0, a = t', 100, 100, 10, 10],
      ['t ≠ 0, a above t: as POSITIVE, w and no more', 100, 101, 10, 10],
      ['t ≠ 0, a below t: a ÷ t × w', 89, 80, 10, 8.99],
    ])('%s: t %p, a %p, w %p → %p', (_label, target, actual, weight, score) => {
      expect(quantitativeScore('EQUAL', target, actual, weight)).toBe(score);
    });
  });

  describe('REVERSE (≤, <): a ≤ t → w; t < a < 2t → (1 − (a − t) ÷ t) × w; a ≥ 2t → 0', () => {
    it.each([
      ['a below t', 560, 500, 15, 15],
      ['a = t', 560, 560, 15, 15],
      ['a just above t: (1 − 1/560) × 15 = 14.97', 560, 561, 15, 14.97],
      ['P1 单位面积改造成本 575 against 560: 14.60', 560, 575, 15, 14.6],
      ['P3 亩均建设成本 1575 against 1500: 9.50', 1500, 1575, 10, 9.5],
      ['a just below 2t: (1 − 559/560) × 15 = 0.03', 560, 1119, 15, 0.03],
      ['a = 2t', 560, 1120, 15, 0],
      ['a above 2t', 560, 5000, 15, 0],
    ])('%s: t %p, a %p, w %p → %p', (_label, target, actual, weight, score) => {
      expect(quantitativeScore('REVERSE', target, actual, weight)).toBe(score);
    });
  });

  it('never leaves [0, w], never has more than 2 decimals, and moves with a the way its direction says', () => {
    const w = 15;
    const actuals = Array.from({ length: 1201 }, (_, i) => i);
    const positive = actuals.map((a) => quantitativeScore('POSITIVE', 600, a, w));
    const reverse = actuals.map((a) => quantitativeScore('REVERSE', 600, a, w));
    for (const scores of [positive, reverse]) {
      expect(scores.filter((s) => s < 0 || s > w || decimals(s) > 2)).toEqual([]);
    }
    expect(positive.filter((s, i) => i > 0 && s < positive[i - 1])).toEqual([]);
    expect(reverse.filter((s, i) => i > 0 && s > reverse[i - 1])).toEqual([]);
    expect([positive[0], positive[600], positive[1200], reverse[0], reverse[600], reverse[900], reverse[1200]]).toEqual([0, w, w, w, w, 7.5, 0]);
  });
});

describe('§6.2 qualitative bands: ACHIEVED [0.8w, w], PARTLY_ACHIEVED [0.6w, 0.8w), NOT_ACHIEVED [0, 0.6w)', () => {
  const W = 15;
  it('a weight of 15 gives the bands [12, 15], [9, 12) and [0, 9)', () => {
    expect([qualitativeBand('ACHIEVED', W), qualitativeBand('PARTLY_ACHIEVED', W), qualitativeBand('NOT_ACHIEVED', W)]).toEqual([
      { min: 12, max: 15, maxInclusive: true },
      { min: 9, max: 12, maxInclusive: false },
      { min: 0, max: 9, maxInclusive: false },
    ]);
  });

  it.each<[Attainment, number, boolean]>([
    ['ACHIEVED', 15, true],
    ['ACHIEVED', 15.01, false],
    ['ACHIEVED', 12, true],
    ['ACHIEVED', 11.99, false],
    ['PARTLY_ACHIEVED', 12, false],
    ['PARTLY_ACHIEVED', 11.99, true],
    ['PARTLY_ACHIEVED', 9, true],
    ['PARTLY_ACHIEVED', 8.99, false],
    ['NOT_ACHIEVED', 9, false],
    ['NOT_ACHIEVED', 8.99, true],
    ['NOT_ACHIEVED', 0, true],
    ['NOT_ACHIEVED', -0.01, false],
  ])('%s with %p of 15 → in band %p', (attainment, score, expected) => {
    expect(inBand(score, qualitativeBand(attainment, W))).toBe(expected);
  });

  it('every score from 0 to w lies in exactly one band, and nothing above w lies in any', () => {
    const attainments: Attainment[] = ['ACHIEVED', 'PARTLY_ACHIEVED', 'NOT_ACHIEVED'];
    const bandsOf = (score: number) => attainments.filter((a) => inBand(score, qualitativeBand(a, W)));
    const scores = Array.from({ length: 1501 }, (_, i) => i / 100);
    expect(scores.filter((s) => bandsOf(s).length !== 1)).toEqual([]);
    expect([bandsOf(15.01), bandsOf(20)]).toEqual([[], []]);
    expect([bandsOf(8.99), bandsOf(9), bandsOf(11.99), bandsOf(12)]).toEqual([['NOT_ACHIEVED'], ['PARTLY_ACHIEVED'], ['PARTLY_ACHIEVED'], ['ACHIEVED']]);
  });
});

describe('§6.3 warning lights (m = month of asOfDate)', () => {
  describe('budget execution: v = (executed ÷ budget) ÷ (m ÷ 12) × 100 → < 60 RED, 60–80 YELLOW, ≥ 80 GREEN', () => {
    it.each([
      ['2024-06-30', 299_900, 59.98, 'RED'],
      ['2024-06-30', 300_000, 60, 'YELLOW'],
      ['2024-06-30', 399_900, 79.98, 'YELLOW'],
      ['2024-06-30', 400_000, 80, 'GREEN'],
      ['2024-12-31', 799_900, 79.99, 'YELLOW'],
      ['2024-01-31', 50_000, 60, 'YELLOW'],
      ['2024-01-31', 49_900, 59.88, 'RED'],
      ['2024-03-31', 1_000_000, 400, 'GREEN'],
    ])('as of %s, %p of 1,000,000 fen executed → v %p, %s', (asOfDate, executed, value, light) => {
      expect(budgetExecutionLight(executed, 1_000_000, asOfDate, rules)).toEqual({ light, ruleId: 'BUDGET_EXECUTION_PACE', computedValue: value });
    });
  });

  describe('positive quantitative indicator: v = actualToDate ÷ (target × m ÷ 12) × 100 → < 60 RED, 60–80 YELLOW, 80–120 GREEN, ≥ 120 BLUE', () => {
    const indicator = (actualToDate: string, asOfDate = '2024-06-30') =>
      indicatorLight({ direction: 'POSITIVE', comparator: 'GTE', target: '1200', unit: '个', actualToDate }, asOfDate, rules);
    it.each([
      ['359.9', 59.98, 'RED'],
      ['360', 60, 'YELLOW'],
      ['479.9', 79.98, 'YELLOW'],
      ['480', 80, 'GREEN'],
      ['719.9', 119.98, 'GREEN'],
      ['720', 120, 'BLUE'],
    ])('1200 个 targeted, %s by 30 June (target pro rata 600) → v %p, %s', (actual, value, light) => {
      expect(indicator(actual)).toEqual({ light, ruleId: 'INDICATOR_PACE', computedValue: value });
    });

    it('prorates by the month of the cut-off: the same 600 is BLUE in March, GREEN in June, RED in December', () => {
      expect([indicator('600', '2024-03-31'), indicator('600', '2024-06-30'), indicator('600', '2024-12-31')].map((l) => [l.light, l.computedValue])).toEqual([
        ['BLUE', 200],
        ['GREEN', 100],
        ['RED', 50],
      ]);
    });
  });

  it('reverse indicators: within the limit GREEN, beyond it RED, whatever the month', () => {
    const cost = (actualToDate: string, asOfDate: string) => indicatorLight({ direction: 'REVERSE', comparator: 'LT', target: '560', unit: '元/㎡', actualToDate }, asOfDate, rules);
    expect([cost('100', '2024-01-31'), cost('560', '2024-01-31'), cost('560.01', '2024-12-31'), cost('561', '2024-06-30')].map((l) => [l.light, l.ruleId, l.computedValue])).toEqual([
      ['GREEN', 'INDICATOR_REVERSE_LIMIT', 100],
      ['GREEN', 'INDICATOR_REVERSE_LIMIT', 560],
      ['RED', 'INDICATOR_REVERSE_LIMIT', 560.01],
      ['RED', 'INDICATOR_REVERSE_LIMIT', 561],
    ]);
  });

  it('qualitative indicators: achieved GREEN, partly YELLOW, not achieved RED, whatever the text reported', () => {
    const lights = (['ACHIEVED', 'PARTLY_ACHIEVED', 'NOT_ACHIEVED'] as const).map((attainment) =>
      indicatorLight({ direction: 'POSITIVE', comparator: 'QUALITATIVE', target: '建立长效机制', actualToDate: '已完成', attainment }, '2024-07-31', rules),
    );
    expect(lights).toEqual([
      { light: 'GREEN', ruleId: 'INDICATOR_QUALITATIVE' },
      { light: 'YELLOW', ruleId: 'INDICATOR_QUALITATIVE' },
      { light: 'RED', ruleId: 'INDICATOR_QUALITATIVE' },
    ]);
  });

  it('takes the thresholds from the rule set: under 50/70 (execution) and 50/70/150 (indicators) the same values light differently', () => {
    const lenient: RuleSet = { ...rules, version: 'v9', monitoring: { ...rules.monitoring, budgetExecution: { red: 50, yellow: 70 }, positiveIndicator: { red: 50, yellow: 70, blue: 150 } } };
    const execution = (executed: number, ruleSet: RuleSet) => budgetExecutionLight(executed, 1_000_000, '2024-12-31', ruleSet).light;
    expect([execution(550_000, rules), execution(550_000, lenient), execution(750_000, rules), execution(750_000, lenient)]).toEqual(['RED', 'YELLOW', 'YELLOW', 'GREEN']);
    const pace = (actual: string, ruleSet: RuleSet) => indicatorLight({ direction: 'POSITIVE', comparator: 'GTE', target: '100', unit: '个', actualToDate: actual }, '2024-12-31', ruleSet).light;
    expect([pace('130', rules), pace('130', lenient), pace('150', lenient), pace('75', rules), pace('75', lenient), pace('55', rules), pace('55', lenient)]).toEqual([
      'BLUE',
      'GREEN',
      'BLUE',
      'YELLOW',
      'GREEN',
      'RED',
      'YELLOW',
    ]);
  });

  it('the project light is the worst of its lights, RED > YELLOW > GREEN > BLUE, in any order', () => {
    const order: WarningLight[] = ['RED', 'YELLOW', 'GREEN', 'BLUE'];
    for (const [i, a] of order.entries()) {
      for (const [j, b] of order.entries()) {
        const worse = order[Math.min(i, j)];
        expect({ lights: [a, b], worst: worstLight([a, b]) }).toEqual({ lights: [a, b], worst: worse });
        expect({ lights: [b, a, 'BLUE'], worst: worstLight([b, a, 'BLUE']) }).toEqual({ lights: [b, a, 'BLUE'], worst: worse });
      }
    }
  });
});
