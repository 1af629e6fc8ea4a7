import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../../../apps/api/src/create-app.js';
import { DEMO_PEOPLE, type DemoPerson } from '../../../apps/cli/src/demo/rushan-2024.organisations.js';
import { type StepResponse, runScenario } from '../../../apps/cli/src/demo/run-scenario.js';
import type { ScenarioStep } from '../../../apps/cli/src/demo/rushan-2024.scenario.js';
import type { SimulatedClock } from '../../../apps/cli/src/demo/simulated-clock.js';
import { formatPosition } from '../../event-store/src/event-store.port.js';
import { SqliteEventStore } from '../../event-store/src/sqlite-event-store.js';
import { ProjectionRunner } from '../../read-store/src/projection-runner.js';
import { SqliteReadStore } from '../../read-store/src/sqlite-read-store.js';
import { DeadlineWatcher } from '../../rectification/src/deadline-watcher.js';
import { type TokenClaims, signToken } from '../../identity/src/token.js';

/** The whole HTTP application on a fresh embedded store in a temporary directory. */
export async function createTestApp(options: { clock?: SimulatedClock } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'budgetloop-e2e-'));
  const now = options.clock?.now;
  const store = new SqliteEventStore({ file: join(dir, 'events.sqlite'), pollIntervalMs: 20, clock: now });
  const secret = `test-secret-${Math.random()}`;
  const readStore = new SqliteReadStore({ file: join(dir, 'read-models.sqlite') });
  const app = await createApp({ store, readStore, jwtSecret: secret, logger: false, bodyLimit: '64kb', clock: now, readYourWritesMs: 5000 });
  await app.init();
  const http = () => request(app.getHttpServer());
  const tokenFor = (who: DemoPerson | TokenClaims, ttlSeconds?: number) =>
    signToken(typeof who === 'string' ? DEMO_PEOPLE[who] : who, secret, new Date(), ttlSeconds);
  return {
    app,
    store,
    dir,
    secret,
    http,
    tokenFor,
    /** Plays scenario steps through supertest, as `budgetloop demo` does through fetch. */
    play: (steps: ScenarioStep[]) =>
      runScenario(steps, {
        send: async (step, token) => {
          const res = await http().post(step.path).set('Authorization', `Bearer ${token}`).set('Idempotency-Key', step.key).send(step.body);
          return { status: res.status, body: res.body as StepResponse['body'] };
        },
        secret,
        clock: options.clock,
        watchDeadlines: () => app.get(DeadlineWatcher).runOnce(),
      }),
    readStore,
    /** Waits until every read model has applied the whole log. */
    caughtUp: async () => {
      const head = await store.headPosition();
      if (head) await app.get(ProjectionRunner).waitFor(formatPosition(head), 20_000);
    },
    async close() {
      await app.close();
      await store.close();
      await readStore.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;
