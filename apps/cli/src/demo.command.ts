import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../api/src/create-app.js';
import { sealIfChanged } from '../../../libs/event-store/src/chain-verification.js';
import { ProjectionRunner } from '../../../libs/read-store/src/projection-runner.js';
import { openReadStore } from '../../../libs/read-store/src/open-read-store.js';
import { openEventStore } from '../../../libs/event-store/src/open-event-store.js';
import { type StepResponse, runScenario } from './demo/run-scenario.js';
import { DEMO_START, DEMO_STEPS } from './demo/rushan-2024.demo.js';
import { P3, P5 } from './demo/rushan-2024.scenario.js';
import { DeadlineWatcher } from '../../../libs/rectification/src/deadline-watcher.js';
import { SimulatedClock } from './demo/simulated-clock.js';
import { SYSTEM_ACTOR } from './system-actor.js';
import { configFrom, parseOptions } from './options.js';

/**
 * Loads the 乳山市 FY2024 scenario through the API itself — validation, tokens, command handlers — on a
 * private loopback port, never by inserting events. Fixed idempotency keys make a second run write nothing.
 */
export async function runDemo(args: string[]): Promise<number> {
  const config = configFrom(parseOptions(args, {}));
  const clock = new SimulatedClock(DEMO_START);
  const store = openEventStore({ ...config, clock: clock.now });
  const readStore = await openReadStore(config);
  const app = await createApp({ store, readStore, jwtSecret: config.jwtSecret, clock: clock.now, logger: ['error'] });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  try {
    const outcomes = await runScenario(
      DEMO_STEPS,
      {
        send: async (step, token) => {
          const response = await fetch(`http://127.0.0.1:${port}${step.path}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': step.key },
            body: JSON.stringify(step.body),
          });
          return { status: response.status, body: (await response.json()) as StepResponse['body'] };
        },
        secret: config.jwtSecret,
        clock,
        watchDeadlines: () => app.get(DeadlineWatcher).runOnce(),
      },
      ({ step, outcome, response, marked }) => {
        const mark = { written: '✓', 'already-done': '=', 'refused-as-expected': '✗', 'deadlines-checked': '⏰' }[outcome];
        const note =
          outcome === 'refused-as-expected'
            ? `refused as the rules require: ${response?.body.code} — ${response?.body.detail}`
            : outcome === 'already-done'
              ? 'already recorded'
              : outcome === 'deadlines-checked'
                ? `overdue: ${marked?.length ? marked.join(', ') : 'none newly'}`
                : `revision ${response?.body.revision}`;
        console.log(`${mark} ${step.title}: ${note}`);
      },
    );
    const written = outcomes.filter((o) => o.outcome === 'written').length;
    await sealIfChanged(store, SYSTEM_ACTOR, randomUUID());
    // The read models are ready when the demo ends, so `serve` answers the board at once.
    await app.get(ProjectionRunner).catchUp();
    console.log(`\n${written} commands written, ${outcomes.length - written} already recorded or refused. Data dir: ${config.dataDir}`);
    console.log(`Try: npx budgetloop serve --data-dir ${config.dataDir}`);
    console.log(`     TOKEN=$(npx budgetloop token --role AUDIT_BUREAU --org AUD-RS --data-dir ${config.dataDir})`);
    console.log(`     curl -H "Authorization: Bearer $TOKEN" localhost:${config.port}/projects/${P5}`);
    console.log(`     curl -H "Authorization: Bearer $TOKEN" localhost:${config.port}/projects/${P3}/events`);
    return 0;
  } finally {
    await app.close();
    await readStore.close();
    await store.close();
  }
}
