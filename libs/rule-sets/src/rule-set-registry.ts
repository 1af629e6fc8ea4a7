import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../../event-store/src/event-store.port.js';
import { foldStored } from '../../event-sourcing/src/decider.js';
import { ruleSetStream } from './rule-set.events.js';
import { ruleSetModel } from './rule-set.state.js';
import { DEFAULT_RULE_SET, type RuleSet } from './rule-set.js';

export const ACTIVE_RULE_SET_ID = Symbol('ActiveRuleSetId');

/**
 * The rule set in force: the latest version published in `ruleset-{id}`, or the built-in default v1 of
 * domain.md §6 before any was published. Read per decision, so a publication takes effect at once everywhere.
 */
@Injectable()
export class RuleSetRegistry {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ACTIVE_RULE_SET_ID) private readonly id: string,
  ) {}

  async current(): Promise<RuleSet> {
    const { versions } = foldStored(ruleSetModel, await this.store.readStream(ruleSetStream(this.id)));
    return versions.length ? versions[versions.length - 1].ruleSet : DEFAULT_RULE_SET;
  }
}
