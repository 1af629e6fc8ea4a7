import { DEFAULT_RULE_SET, type RuleSet, gradeFor, requiresExAnte, round2 } from './rule-set.js';

describe('gradeFor (domain.md §6.1: 优 ≥ 90 · 良 80–89.99 · 中 60–79.99 · 差 < 60)', () => {
  it.each([
    [100, 'EXCELLENT'],
    [90, 'EXCELLENT'],
    [89.99, 'GOOD'],
    [80, 'GOOD'],
    [79.99, 'FAIR'],
    [60, 'FAIR'],
    [59.99, 'POOR'],
    [0, 'POOR'],
  ])('%p → %s under the default rule set', (score, grade) => {
    expect(gradeFor(score, DEFAULT_RULE_SET)).toBe(grade);
  });

  it('grades the demo scores of domain.md §9: P1 92 优, P3 84 良, P4 72 中, P5 55 差, P1 self-evaluation 94.35 优', () => {
    expect([92, 84, 72, 55, 94.35].map((s) => gradeFor(s, DEFAULT_RULE_SET))).toEqual(['EXCELLENT', 'GOOD', 'FAIR', 'POOR', 'EXCELLENT']);
  });

  it('reads the scale from the rule set: a province on 80/70/60 grades 85 优 and 75 良', () => {
    const province: RuleSet = {
      ...DEFAULT_RULE_SET,
      id: 'province',
      gradeScale: [
        { grade: 'EXCELLENT', min: 80 },
        { grade: 'GOOD', min: 70 },
        { grade: 'FAIR', min: 60 },
        { grade: 'POOR', min: 0 },
      ],
    };
    expect([85, 79.99, 75, 69.99, 60, 59.99].map((s) => gradeFor(s, province))).toEqual(['EXCELLENT', 'GOOD', 'GOOD', 'FAIR', 'FAIR', 'POOR']);
  });

  it('gives the lowest grade to a score below every bound', () => {
    expect(gradeFor(-5, DEFAULT_RULE_SET)).toBe('POOR');
  });
});

describe('requiresExAnte (domain.md §4 step 2, default isNew && isMajor)', () => {
  it.each([
    [true, true, true],
    [true, false, false],
    [false, true, false],
    [false, false, false],
  ])('isNew %p, isMajor %p → required %p', (isNew, isMajor, required) => {
    expect(requiresExAnte({ isNew, isMajor }, DEFAULT_RULE_SET)).toBe(required);
  });

  it('follows the rule set: requiring it for every major project, new or continuing', () => {
    const majorOnly: RuleSet = { ...DEFAULT_RULE_SET, exAnte: { ...DEFAULT_RULE_SET.exAnte, requiredWhen: { isMajor: true } } };
    expect(requiresExAnte({ isNew: false, isMajor: true }, majorOnly)).toBe(true);
    expect(requiresExAnte({ isNew: true, isMajor: false }, majorOnly)).toBe(false);
  });

  it('requires it of every project when the rule set names no condition', () => {
    const always: RuleSet = { ...DEFAULT_RULE_SET, exAnte: { ...DEFAULT_RULE_SET.exAnte, requiredWhen: {} } };
    expect(requiresExAnte({ isNew: false, isMajor: false }, always)).toBe(true);
  });
});

describe('round2 (half away from zero, 2 decimals, on the decimal the number stands for)', () => {
  it.each([
    [94.345, 94.35],
    [14.6, 14.6],
    [9.5, 9.5],
    [14.25, 14.25],
    [84.85, 84.85],
    [1.005, 1.01],
    [0.125, 0.13],
    [-1.005, -1.01],
    [-2.5, -2.5],
    [0, 0],
    [14.598214285714286, 14.6],
    [0.1 + 0.2, 0.3],
  ])('%p → %p', (value, rounded) => {
    expect(round2(value)).toBe(rounded);
  });

  it('is not thrown off by values stored just below the half (10.075 is 10.07499… in binary)', () => {
    expect([10.075, 2.135, 4.015, 8.075, 57.715, -10.075].map(round2)).toEqual([10.08, 2.14, 4.02, 8.08, 57.72, -10.08]);
  });

  it('rounds every half-way value x.xx5 in [0, 100) up to the next hundredth', () => {
    const wrong: string[] = [];
    for (let thousandths = 5; thousandths < 100_000; thousandths += 10) {
      const text = (thousandths / 1000).toFixed(3);
      const expected = Number(((thousandths + 5) / 1000).toFixed(2));
      if (round2(Number(text)) !== expected) wrong.push(`${text} → ${round2(Number(text))}`);
    }
    expect({ wrong: wrong.length, first: wrong.slice(0, 5) }).toEqual({ wrong: 0, first: [] });
  });
});
