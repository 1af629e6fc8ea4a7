import { signToken } from '../../../../libs/identity/src/token.js';
import { DEMO_PEOPLE } from './rushan-2024.organisations.js';
import type { CommandStep, ScenarioStep } from './rushan-2024.scenario.js';
import type { SimulatedClock } from './simulated-clock.js';

export interface StepResponse {
  status: number;
  body: { code?: string; detail?: string; replayed?: boolean; revision?: number; id?: string };
}

/** Sends one step as an HTTP POST with the person's token and the step's Idempotency-Key. */
export type SendStep = (step: CommandStep, token: string) => Promise<StepResponse>;

export interface StepOutcome {
  step: ScenarioStep;
  outcome: 'written' | 'already-done' | 'refused-as-expected' | 'deadlines-checked';
  response?: StepResponse;
  marked?: string[];
}

export interface ScenarioDrivers {
  send: SendStep;
  secret: string;
  /** Follows the steps' business dates, so that deadlines fall due as they did in 2024. */
  clock?: SimulatedClock;
  /** Runs the deadline watcher once; returns the rectification cases it marked overdue. */
  watchDeadlines?: () => Promise<string[]>;
}

/** Runs the steps in order; any answer other than the expected one stops the run with the problem it got. */
export async function runScenario(steps: ScenarioStep[], drivers: ScenarioDrivers, report: (o: StepOutcome) => void = () => {}): Promise<StepOutcome[]> {
  const outcomes: StepOutcome[] = [];
  for (const step of steps) {
    const date = step.kind === 'watch-deadlines' ? step.on : typeof step.body.occurredAt === 'string' ? step.body.occurredAt : undefined;
    if (date) drivers.clock?.advanceTo(date.slice(0, 10));
    let result: StepOutcome;
    if (step.kind === 'watch-deadlines') {
      if (!drivers.watchDeadlines) throw new Error('this run has no deadline watcher');
      result = { step, outcome: 'deadlines-checked', marked: await drivers.watchDeadlines() };
    } else {
      const response = await drivers.send(step, signToken(DEMO_PEOPLE[step.as], drivers.secret));
      if (step.refusedWith) {
        if (response.status !== 422 || response.body.code !== step.refusedWith) {
          throw new Error(`"${step.title}" should be refused with ${step.refusedWith}, got ${response.status} ${JSON.stringify(response.body)}`);
        }
        result = { step, outcome: 'refused-as-expected', response };
      } else {
        if (response.status !== 201) throw new Error(`"${step.title}" failed: ${response.status} ${JSON.stringify(response.body)}`);
        result = { step, outcome: response.body.replayed ? 'already-done' : 'written', response };
      }
    }
    outcomes.push(result);
    report(result);
  }
  return outcomes;
}
