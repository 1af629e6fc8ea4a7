import { DEFAULT_RULE_SET } from '../../../../libs/rule-sets/src/rule-set.js';
import { EX_POST_STEPS } from './rushan-2024.ex-post.js';
import { IN_PROCESS_STEPS } from './rushan-2024.in-process.js';
import { EX_ANTE_STEPS } from './rushan-2024.scenario.js';
import { type ScenarioStep, step } from './scenario-steps.js';

/** The first business date of the scenario: the rules and the declarations for the 2024 budget, September 2023. */
export const DEMO_START = '2023-09-01';

const RULE_SET_V1 = step('Default rule set v1 published (domain.md §6)', 'finance', '/rule-sets/default/versions', 'rule-set-v1', {
  ruleSet: DEFAULT_RULE_SET,
  effectiveFrom: DEMO_START,
  note: '乳山市预算绩效管理默认规则集：等级90/80/60，权重50/30/10/10',
  occurredAt: DEMO_START,
});

/** The whole FY2024 scenario of domain.md §9, in the order it happened: 事前, 事中, 事后. */
export const DEMO_STEPS: ScenarioStep[] = [RULE_SET_V1, ...EX_ANTE_STEPS, ...IN_PROCESS_STEPS, ...EX_POST_STEPS];
