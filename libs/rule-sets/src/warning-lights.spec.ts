import { DEFAULT_RULE_SET } from './rule-set.js';
import { budgetExecutionLight, indicatorLight, monthOf, worstLight } from './warning-lights.js';

const rules = DEFAULT_RULE_SET;
const JULY = '2024-07-31';

describe('monitoring warning lights (domain.md §6.3), the July snapshots of the demo', () => {
  it('P1: 3,900,000 of 6,800,000 executed by 31 July is GREEN', () => {
    expect(budgetExecutionLight(390_000_000, 680_000_000, JULY, rules)).toEqual({ light: 'GREEN', ruleId: 'BUDGET_EXECUTION_PACE', computedValue: 98.32 });
  });

  it('P3: 4,560,000 of 12,000,000 executed and 3,100 of 8,000 亩 are YELLOW', () => {
    expect(budgetExecutionLight(456_000_000, 1_200_000_000, JULY, rules)).toMatchObject({ light: 'YELLOW', computedValue: 65.14 });
    const area = indicatorLight({ direction: 'POSITIVE', comparator: 'GTE', target: '8000', unit: '亩', actualToDate: '3100' }, JULY, rules);
    expect(area).toEqual({ light: 'YELLOW', ruleId: 'INDICATOR_PACE', computedValue: 66.43 });
  });

  it('P4: 3,750,000 of 25,000,000 executed is RED', () => {
    expect(budgetExecutionLight(375_000_000, 2_500_000_000, JULY, rules)).toMatchObject({ light: 'RED', computedValue: 25.71 });
  });

  it('thresholds: 60 and 80 for execution; 60, 80 and 120 for positive indicators', () => {
    // 12 of 12 months: v is the plain share.
    const dec = '2024-12-31';
    expect(budgetExecutionLight(5999, 10000, dec, rules).light).toBe('RED');
    expect(budgetExecutionLight(6000, 10000, dec, rules).light).toBe('YELLOW');
    expect(budgetExecutionLight(8000, 10000, dec, rules).light).toBe('GREEN');
    const indicator = (actual: string) => indicatorLight({ direction: 'POSITIVE', comparator: 'GTE', target: '100', unit: '个', actualToDate: actual }, dec, rules).light;
    expect([indicator('59'), indicator('60'), indicator('80'), indicator('119.99'), indicator('120')]).toEqual(['RED', 'YELLOW', 'GREEN', 'GREEN', 'BLUE']);
  });

  it('compares rates (%) with the target as they are, not pro rata to the month', () => {
    expect(indicatorLight({ direction: 'POSITIVE', comparator: 'GTE', target: '90', unit: '%', actualToDate: '93' }, JULY, rules)).toMatchObject({ light: 'GREEN', computedValue: 103.33 });
    expect(indicatorLight({ direction: 'POSITIVE', comparator: 'GTE', target: '85', unit: '%', actualToDate: '50' }, JULY, rules).light).toBe('RED');
  });

  it('reverse indicators are GREEN within the limit, RED beyond; qualitative by attainment; equal on target', () => {
    const cost = (actual: string) => indicatorLight({ direction: 'REVERSE', comparator: 'LTE', target: '560', unit: '元/㎡', actualToDate: actual }, JULY, rules).light;
    expect([cost('560'), cost('561')]).toEqual(['GREEN', 'RED']);
    const qualitative = (attainment: 'ACHIEVED' | 'PARTLY_ACHIEVED' | 'NOT_ACHIEVED') =>
      indicatorLight({ direction: 'POSITIVE', comparator: 'QUALITATIVE', target: '按期完工', actualToDate: '', attainment }, JULY, rules).light;
    expect([qualitative('ACHIEVED'), qualitative('PARTLY_ACHIEVED'), qualitative('NOT_ACHIEVED')]).toEqual(['GREEN', 'YELLOW', 'RED']);
    const equal = (actual: string) => indicatorLight({ direction: 'EQUAL', comparator: 'EQ', target: '100', unit: '%', actualToDate: actual }, JULY, rules).light;
    expect([equal('100'), equal('98')]).toEqual(['GREEN', 'YELLOW']);
  });

  it('the project light is the worst of its lights', () => {
    expect(worstLight(['GREEN', 'BLUE', 'YELLOW'])).toBe('YELLOW');
    expect(worstLight(['GREEN', 'RED', 'YELLOW'])).toBe('RED');
    expect(worstLight(['BLUE', 'GREEN'])).toBe('GREEN');
    expect(worstLight(['BLUE'])).toBe('BLUE');
    expect(monthOf(JULY)).toBe(7);
  });
});

describe('threshold comparisons use the exact value, not the rounded one recorded', () => {
  it('59.997 is RED although it is recorded as 60', () => {
    expect(budgetExecutionLight(59_997, 100_000, '2024-12-31', rules)).toEqual({ light: 'RED', ruleId: 'BUDGET_EXECUTION_PACE', computedValue: 60 });
    const indicator = indicatorLight({ direction: 'POSITIVE', comparator: 'GTE', target: '100000', unit: '个', actualToDate: '119997' }, '2024-12-31', rules);
    expect(indicator).toEqual({ light: 'GREEN', ruleId: 'INDICATOR_PACE', computedValue: 120 });
  });
});
