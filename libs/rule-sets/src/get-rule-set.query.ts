import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { foldStored } from '../../event-sourcing/src/decider.js';
import { EVENT_STORE, type EventStore } from '../../event-store/src/event-store.port.js';
import { ruleSetStream } from './rule-set.events.js';
import { ruleSetModel } from './rule-set.state.js';
import { DEFAULT_RULE_SET, type RuleSet } from './rule-set.js';

export interface RuleSetView {
  id: string;
  current: RuleSet;
  /** Published versions, oldest first; empty while the built-in default v1 is in force. */
  versions: { version: string; effectiveFrom: string; note: string; ruleSet: RuleSet }[];
}

export class GetRuleSetQuery extends Query<RuleSetView> {
  constructor(readonly id: string) {
    super();
  }
}

/** Every published version of a rule set, and the one in force; anyone signed in may read the rules. */
@QueryHandler(GetRuleSetQuery)
export class GetRuleSetHandler implements IQueryHandler<GetRuleSetQuery, RuleSetView> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ id }: GetRuleSetQuery): Promise<RuleSetView> {
    const { versions } = foldStored(ruleSetModel, await this.store.readStream(ruleSetStream(id)));
    return {
      id,
      current: versions.length ? versions[versions.length - 1].ruleSet : DEFAULT_RULE_SET,
      versions: versions.map((v) => ({ version: v.ruleSet.version, effectiveFrom: v.effectiveFrom, note: v.note, ruleSet: v.ruleSet })),
    };
  }
}
