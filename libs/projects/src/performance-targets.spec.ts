// The use-case modules carry class-validator/class-transformer decorators, which need the Reflect metadata API
// that the app's entry point loads.
import 'reflect-metadata';
import { DEFAULT_RULE_SET, type RuleSet } from '../../rule-sets/src/rule-set.js';
import { P1_INDICATORS as RUSHAN_P1_INDICATORS } from '../../testing/src/rushan-fixtures.js';
import { type IndicatorDto, directionOf, targetSetProblems, toIndicator } from './performance-targets.js';
import type { PerformanceIndicator } from './project.events.js';

// P1 城乡中小学校舍安全改造 (domain.md §9): OUTPUT 15+10+10+15 = 50, BENEFIT 10+10+10 = 30, SATISFACTION 10. The
// messages below name its indicators P1-K01…P1-K08.
const P1_INDICATORS: PerformanceIndicator[] = RUSHAN_P1_INDICATORS.map((indicator, n) => ({ ...indicator, kpiId: `P1-K0${n + 1}` }));

const p1 = () => P1_INDICATORS.map((i) => ({ ...i }));
const without = (...kpiIds: string[]) => p1().filter((i) => !kpiIds.includes(i.kpiId));
const withChange = (kpiId: string, change: Partial<PerformanceIndicator>) => p1().map((i) => (i.kpiId === kpiId ? { ...i, ...change } : i));
const problems = (indicators: PerformanceIndicator[], exemption?: string, ruleSet: RuleSet = DEFAULT_RULE_SET) => targetSetProblems(indicators, exemption, ruleSet);

describe('directionOf (domain.md §6.2: ≥ > higher-is-better, ≤ < lower-is-better, = equal)', () => {
  it.each([
    ['GTE', 'POSITIVE'],
    ['GT', 'POSITIVE'],
    ['LTE', 'REVERSE'],
    ['LT', 'REVERSE'],
    ['EQ', 'EQUAL'],
    ['QUALITATIVE', 'POSITIVE'],
  ] as const)('%s → %s', (comparator, direction) => {
    expect(directionOf(comparator)).toBe(direction);
  });
});

describe('toIndicator', () => {
  const dto: IndicatorDto = { kpiId: 'P1-K04', tier1: 'OUTPUT', tier2: 'OUTPUT_COST', name: '单位面积改造成本', comparator: 'LTE', targetValue: '560', unit: '元/㎡', weight: 15, scoringRule: '超出部分按比例扣分' };

  it('derives the direction from the comparator when none is given, and leaves absent optional fields out', () => {
    expect(toIndicator(dto)).toEqual({ ...dto, direction: 'REVERSE' });
    expect(Object.keys(toIndicator(dto))).not.toContain('definition');
  });

  it('keeps a direction that is given, the definition and the value basis', () => {
    const full: IndicatorDto = { ...dto, direction: 'EQUAL', definition: '改造总成本÷改造面积', valueBasis: { kind: 'INDUSTRY', text: '威海市校舍改造造价指标' } };
    expect(toIndicator(full)).toEqual({ ...dto, direction: 'EQUAL', definition: '改造总成本÷改造面积', valueBasis: { kind: 'INDUSTRY', text: '威海市校舍改造造价指标' } });
  });
});

describe('targetSetProblems (domain.md §3, I-4)', () => {
  it('finds nothing wrong with the P1 set: OUTPUT 50, BENEFIT 30, SATISFACTION 10', () => {
    expect(problems(p1())).toEqual([]);
  });

  it('counts a COST (成本) indicator towards the OUTPUT+COST requirement', () => {
    expect(problems(withChange('P1-K04', { tier1: 'COST', tier2: 'ECONOMIC_COST' }))).toEqual([]);
    const costOnly = [
      { ...P1_INDICATORS[3], tier1: 'COST' as const, tier2: 'ECONOMIC_COST' as const, weight: 50 },
      ...P1_INDICATORS.slice(4),
    ];
    expect(problems(costOnly)).toEqual([]);
  });

  it('needs an OUTPUT or COST indicator', () => {
    expect(problems(without('P1-K01', 'P1-K02', 'P1-K03', 'P1-K04'))).toEqual([
      'at least one OUTPUT (产出) or COST (成本) indicator is required',
      'OUTPUT+COST weights add up to 0, the rule set asks 50',
    ]);
  });

  it('needs a BENEFIT indicator (P3 v1 was returned for a missing one)', () => {
    expect(problems(without('P1-K05', 'P1-K06', 'P1-K07'))).toEqual([
      'at least one BENEFIT (效益) indicator is required',
      'BENEFIT weights add up to 0, the rule set asks 30',
    ]);
  });

  it('needs a SATISFACTION indicator unless an exemption reason is given', () => {
    expect(problems(without('P1-K08'))).toEqual([
      'a SATISFACTION (满意度) indicator is required unless an exemption reason is given',
      'SATISFACTION weights add up to 0, the rule set asks 10',
    ]);
  });

  it('treats a blank exemption reason as none', () => {
    expect(problems(without('P1-K08'), '   ')).toContain('a SATISFACTION (满意度) indicator is required unless an exemption reason is given');
  });

  describe('a satisfaction exemption moves its 10 points to OUTPUT/COST and BENEFIT', () => {
    const exemption = '校舍改造无直接服务对象';
    const moved = (outputK01: number, benefitK05: number) => withChange('P1-K01', { weight: outputK01 }).map((i) => (i.kpiId === 'P1-K05' ? { ...i, weight: benefitK05 } : i)).filter((i) => i.tier1 !== 'SATISFACTION');

    it.each([
      ['all to OUTPUT (60/30)', 25, 10],
      ['all to BENEFIT (50/40)', 15, 20],
      ['split (55/35)', 20, 15],
    ])('%s is complete', (_label, k01, k05) => {
      expect(problems(moved(k01, k05), exemption)).toEqual([]);
    });

    it('without moving them the indicators make only 80', () => {
      expect(problems(moved(15, 10), exemption)).toEqual(['indicator weights add up to 80, with 10 for budget execution they must make 100']);
    });

    it('cannot take points from OUTPUT+COST to give to BENEFIT', () => {
      expect(problems(moved(10, 25), exemption)).toEqual(['OUTPUT+COST weights add up to 45, at least 50 are required']);
    });

    it('cannot take points from BENEFIT to give to OUTPUT+COST', () => {
      expect(problems(moved(30, 5), exemption)).toEqual(['BENEFIT weights add up to 25, at least 30 are required']);
    });

    it('contradicts a SATISFACTION indicator kept in the set', () => {
      expect(problems(p1(), exemption)).toEqual([
        'a satisfaction exemption was given, yet a SATISFACTION indicator is present',
        'indicator weights add up to 80, with 10 for budget execution they must make 100',
      ]);
    });
  });

  it('refuses a direction that contradicts the comparator (scoring follows the comparator)', () => {
    expect(problems(withChange('P1-K04', { direction: 'POSITIVE' }))).toEqual([
      'P1-K04: direction POSITIVE contradicts comparator LTE (scoring follows REVERSE)',
    ]);
    expect(problems(withChange('P1-K03', { direction: 'REVERSE' }))).toEqual([]);
  });

  it('asks a quantitative indicator for a unit', () => {
    const { unit: _unit, ...noUnit } = P1_INDICATORS[0];
    expect(problems([noUnit, ...P1_INDICATORS.slice(1)])).toEqual(['P1-K01: a quantitative indicator needs a unit']);
  });

  it.each(['一万二千', '12,000', '≥12000', '.5', '12000㎡', ''])('asks a quantitative indicator for a decimal target value, not %p', (targetValue) => {
    expect(problems(withChange('P1-K01', { targetValue }))).toEqual([`P1-K01: a quantitative indicator needs a decimal target value, not "${targetValue}"`]);
  });

  it.each(['12000', '0.5', '99.95', '-3'])('accepts the decimal target value %p', (targetValue) => {
    expect(problems(withChange('P1-K01', { targetValue }))).toEqual([]);
  });

  it('asks a qualitative indicator for neither a decimal value nor a unit', () => {
    expect(problems(withChange('P1-K03', { targetValue: '按期完工', unit: undefined }))).toEqual([]);
  });

  it('refuses a tier-2 group that does not belong to its tier 1', () => {
    expect(problems(withChange('P1-K05', { tier2: 'ECONOMIC_COST' }))).toEqual(['P1-K05: ECONOMIC_COST is not a group of BENEFIT']);
    expect(problems(withChange('P1-K08', { tier2: 'SOCIAL' }))).toEqual(['P1-K08: SOCIAL is not a group of SATISFACTION']);
  });

  it('refuses a kpiId used twice', () => {
    expect(problems(withChange('P1-K02', { kpiId: 'P1-K01' }))).toEqual(['kpiId P1-K01 is used twice']);
  });

  it('checks every tier against the default weight scheme 50/30/10', () => {
    const off = withChange('P1-K01', { weight: 20 }).map((i) => (i.kpiId === 'P1-K05' ? { ...i, weight: 5 } : i.kpiId === 'P1-K08' ? { ...i, weight: 5 } : i));
    expect(problems(off)).toEqual([
      'OUTPUT+COST weights add up to 55, the rule set asks 50',
      'BENEFIT weights add up to 25, the rule set asks 30',
      'SATISFACTION weights add up to 5, the rule set asks 10',
    ]);
  });

  it('adds weights with two decimals without binary drift (16.67 + 16.67 + 16.66 = 50)', () => {
    const thirds = withChange('P1-K01', { weight: 16.67 }).map((i) =>
      i.kpiId === 'P1-K02' ? { ...i, weight: 16.67 } : i.kpiId === 'P1-K03' ? { ...i, weight: 16.66 } : i.kpiId === 'P1-K04' ? { ...i, tier1: 'BENEFIT' as const, tier2: 'ECONOMIC' as const, weight: 0.01 } : i,
    );
    // OUTPUT 50 exactly; BENEFIT 30.01, which must be reported as such, not as 30.009999…
    expect(problems(thirds)).toEqual(['BENEFIT weights add up to 30.01, the rule set asks 30']);
  });

  it('reads the weight scheme from the rule set, not from constants', () => {
    const other: RuleSet = { ...DEFAULT_RULE_SET, version: 'v2', targetWeights: { outputAndCost: 40, benefit: 40, satisfaction: 10, budgetExecution: 10 } };
    expect(problems(p1(), undefined, other)).toEqual(['OUTPUT+COST weights add up to 50, the rule set asks 40', 'BENEFIT weights add up to 30, the rule set asks 40']);
    const rebalanced = withChange('P1-K01', { weight: 5 }).map((i) => (i.kpiId === 'P1-K05' ? { ...i, weight: 20 } : i));
    expect(problems(rebalanced, undefined, other)).toEqual([]);
  });

  it('lists every problem at once, so a department can fix the set in one go', () => {
    const bad = [
      { ...P1_INDICATORS[0], unit: undefined, targetValue: 'about 12000' },
      { ...P1_INDICATORS[1], kpiId: 'P1-K01' },
      { ...P1_INDICATORS[4], tier2: 'QUANTITY' as const },
    ];
    expect(problems(bad)).toEqual([
      'P1-K01: a quantitative indicator needs a decimal target value, not "about 12000"',
      'P1-K01: a quantitative indicator needs a unit',
      'kpiId P1-K01 is used twice',
      'P1-K05: QUANTITY is not a group of BENEFIT',
      'a SATISFACTION (满意度) indicator is required unless an exemption reason is given',
      'OUTPUT+COST weights add up to 25, the rule set asks 50',
      'BENEFIT weights add up to 10, the rule set asks 30',
      'SATISFACTION weights add up to 0, the rule set asks 10',
    ]);
  });
});
