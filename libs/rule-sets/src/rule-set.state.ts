import type { StateModel } from '../../event-sourcing/src/decider.js';
import type { RuleSetEvent, RuleSetPublished } from './rule-set.events.js';

export interface RuleSetState {
  versions: RuleSetPublished['data'][];
}

export const ruleSetModel: StateModel<RuleSetState, RuleSetEvent> = {
  initialState: () => ({ versions: [] }),
  evolve: (state, event) => (event.type === 'RuleSetPublished' ? { versions: [...state.versions, event.data] } : state),
};
