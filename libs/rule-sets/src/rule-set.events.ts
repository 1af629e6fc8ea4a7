// The contract of `ruleset-{id}`: every version of a rule set, as published. A new version never rewrites
// what earlier versions scored; each score, grade and warning names the version that produced it.
import type { RuleSet } from './rule-set.js';

export interface RuleSetPublished {
  type: 'RuleSetPublished';
  data: { ruleSet: RuleSet; effectiveFrom: string; note: string };
}

export type RuleSetEvent = RuleSetPublished;

export const ruleSetStream = (id: string) => `ruleset-${id}`;
