import { signToken } from '../../../../libs/identity/src/token.js';
import { DEMO_PEOPLE } from './rushan-2024.organisations.js';
import type { ScenarioStep } from './rushan-2024.scenario.js';

export interface StepResponse {
  status: number;
  body: { code?: string; detail?: string; replayed?: boolean; revision?: number; id?: string };
}

/** Sends one step as an HTTP POST with the person's token and the step's Idempotency-Key. */
export type SendStep = (step: ScenarioStep, token: string) => Promise<StepResponse>;

export interface StepOutcome {
  step: ScenarioStep;
  outcome: 'written' | 'already-done' | 'refused-as-expected';
  response: StepResponse;
}

/** Runs the steps in order; any answer other than the expected one stops the run with the problem it got. */
export async function runScenario(steps: ScenarioStep[], send: SendStep, secret: string, report: (o: StepOutcome) => void = () => {}): Promise<StepOutcome[]> {
  const outcomes: StepOutcome[] = [];
  for (const step of steps) {
    const response = await send(step, signToken(DEMO_PEOPLE[step.as], secret));
    let outcome: StepOutcome['outcome'];
    if (step.refusedWith) {
      if (response.status !== 422 || response.body.code !== step.refusedWith) {
        throw new Error(`"${step.title}" should be refused with ${step.refusedWith}, got ${response.status} ${JSON.stringify(response.body)}`);
      }
      outcome = 'refused-as-expected';
    } else {
      if (response.status !== 201) throw new Error(`"${step.title}" failed: ${response.status} ${JSON.stringify(response.body)}`);
      outcome = response.body.replayed ? 'already-done' : 'written';
    }
    const result = { step, outcome, response };
    outcomes.push(result);
    report(result);
  }
  return outcomes;
}
