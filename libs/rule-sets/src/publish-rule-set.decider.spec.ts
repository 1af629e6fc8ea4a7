import 'reflect-metadata';
import { deciderSpec } from '../../testing/src/decider-spec.js';
import { finance } from '../../testing/src/rushan-fixtures.js';
import { decidePublishRuleSet, ruleSetProblems } from './publish-rule-set.command.js';
import type { RuleSetPublished } from './rule-set.events.js';
import { ruleSetModel } from './rule-set.state.js';
import { DEFAULT_RULE_SET, type RuleSet } from './rule-set.js';

const given = deciderSpec(ruleSetModel);
const v1 = (): RuleSet => structuredClone(DEFAULT_RULE_SET);
/** The 80/70/60 scale some provinces use (domain.md §6.1). */
const v2 = (): RuleSet => ({
  ...v1(),
  version: 'v2',
  gradeScale: [
    { grade: 'EXCELLENT', min: 80 },
    { grade: 'GOOD', min: 70 },
    { grade: 'FAIR', min: 60 },
    { grade: 'POOR', min: 0 },
  ],
});
const published = (ruleSet: RuleSet, effectiveFrom: string): RuleSetPublished => ({ type: 'RuleSetPublished', data: { ruleSet, effectiveFrom, note: '发布' } });
const publish = (ruleSet: RuleSet, effectiveFrom = '2025-01-01') => ({ id: 'default', ruleSet, effectiveFrom, note: '采用80/70/60等级标准' });

describe('PublishRuleSet (domain.md §7: rule sets are data, and versioned)', () => {
  it('publishes the default v1 as the first version', () => {
    given([])
      .when(decidePublishRuleSet, publish(v1(), '2024-01-01'), { actor: finance })
      .then([{ type: 'RuleSetPublished', data: { ruleSet: v1(), effectiveFrom: '2024-01-01', note: '采用80/70/60等级标准' } }]);
  });

  it('publishes a new version beside the old one', () => {
    const events = given([published(v1(), '2024-01-01')]).when(decidePublishRuleSet, publish(v2()), { actor: finance }).events();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'RuleSetPublished', ruleSetVersion: 'v2', data: { effectiveFrom: '2025-01-01', ruleSet: { version: 'v2' } } });
  });

  it('refuses a version already published: RULE_SET_VERSION_EXISTS', () => {
    given([published(v1(), '2024-01-01')]).when(decidePublishRuleSet, publish(v1()), { actor: finance }).thenRejects('RULE_SET_VERSION_EXISTS', 422);
  });

  it('refuses a version in force before the latest: EFFECTIVE_DATE_BEFORE_LATEST', () => {
    given([published(v1(), '2024-01-01')]).when(decidePublishRuleSet, publish(v2(), '2023-12-31'), { actor: finance }).thenRejects('EFFECTIVE_DATE_BEFORE_LATEST', 422);
  });

  it('refuses an id that does not match the rule set: RULE_SET_INVALID', () => {
    given([]).when(decidePublishRuleSet, { ...publish(v2()), id: 'weihai' }, { actor: finance }).thenRejects('RULE_SET_INVALID', 422);
  });
});

describe('ruleSetProblems', () => {
  it('finds nothing wrong with the default v1 or the 80/70/60 scale', () => {
    expect(ruleSetProblems(v1())).toEqual([]);
    expect(ruleSetProblems(v2())).toEqual([]);
  });

  it('names each inconsistency', () => {
    const broken = {
      ...v1(),
      version: 'v 3',
      gradeScale: [
        { grade: 'GOOD', min: 80 },
        { grade: 'EXCELLENT', min: 90 },
        { grade: 'FAIR', min: 60 },
        { grade: 'POOR', min: 10 },
      ],
      targetWeights: { outputAndCost: 50, benefit: 30, satisfaction: 10, budgetExecution: 20 },
      monitoring: { ...v1().monitoring, budgetExecution: { red: 80, yellow: 60 } },
      keyEvaluationFramework: { DECISION: 20, PROCESS: 20, OUTPUT: 40, BENEFIT: 30 },
    } as RuleSet;
    expect(ruleSetProblems(broken)).toEqual([
      'version must be 1–20 letters, digits, . _ or -',
      'gradeScale must list EXCELLENT, GOOD, FAIR, POOR in that order',
      'gradeScale bounds must be numbers, strictly falling',
      'the lowest grade must start at 0',
      'targetWeights must add up to 100',
      'monitoring.budgetExecution needs red < yellow',
      'keyEvaluationFramework must add up to 100',
    ]);
  });

  it('refuses a partial rule set field by field rather than failing on it', () => {
    expect(ruleSetProblems({ id: 'default', version: 'v9' } as RuleSet).length).toBeGreaterThan(5);
  });
});
