import { CommandError } from '../../event-sourcing/src/command-errors.js';
import type { Decide, DecisionContext, DomainEvent, StateModel } from '../../event-sourcing/src/decider.js';
import type { Actor } from '../../event-store/src/event-store.port.js';
import { DEFAULT_RULE_SET } from '../../rule-sets/src/rule-set.js';

/**
 * given(events).when(command).then(events) | .thenRejects(code): decider specifications without a database
 * (design §3). Events are compared on type and data; the envelope is the pipeline's business.
 */
export function deciderSpec<S, E extends DomainEvent>(model: StateModel<S, E>) {
  return (given: E[]) => ({
    when<C>(decide: Decide<C, S, E>, command: C, context: Partial<DecisionContext> & { actor: Actor }) {
      const state = given.reduce((s, e, revision) => model.evolve(s, e, { eventId: `given-${revision}`, revision, occurredAt: '2024-01-01T00:00:00+08:00', actor: context.actor }), model.initialState());
      const run = () =>
        decide(command, state, { now: new Date('2024-03-01T09:00:00+08:00'), ruleSet: DEFAULT_RULE_SET, commandId: 'cmd-spec', ...context });
      return {
        then(expected: E[]) {
          const produced = run().map(({ type, data }) => ({ type, data }));
          expect(produced).toEqual(expected.map(({ type, data }) => ({ type, data })));
        },
        /** The produced events, for assertions beyond equality. */
        events: () => run(),
        thenRejects(code: string, status?: number) {
          let caught: unknown;
          try {
            run();
          } catch (error) {
            caught = error;
          }
          expect(caught).toBeInstanceOf(CommandError);
          expect((caught as CommandError).code).toBe(code);
          if (status !== undefined) expect((caught as CommandError).status).toBe(status);
        },
      };
    },
  });
}
