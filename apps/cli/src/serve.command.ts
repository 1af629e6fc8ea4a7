import { randomUUID } from 'node:crypto';
import { closeOnSignals, createApp } from '../../api/src/create-app.js';
import { sealIfChanged } from '../../../libs/event-store/src/chain-verification.js';
import { DeadlineWatcher } from '../../../libs/rectification/src/deadline-watcher.js';
import { openReadStore } from '../../../libs/read-store/src/open-read-store.js';
import { openEventStore } from '../../../libs/event-store/src/open-event-store.js';
import { SYSTEM_ACTOR } from './system-actor.js';
import { configFrom, parseOptions } from './options.js';

/** The API on the embedded stores (or EventStoreDB when EVENTSTORE_URL is set), sealing the chains periodically. */
export async function runServe(args: string[]): Promise<number> {
  const values = parseOptions(args, { port: { type: 'string' } });
  const config = configFrom(values, values.port !== undefined ? { port: Number(values.port) } : {});
  const store = openEventStore(config);
  const readStore = await openReadStore(config);
  // Embedded mode is one process: the API, the projections and the deadline watcher together.
  const app = await createApp({ store, readStore, runProjections: true, readYourWritesMs: config.readYourWritesMs, jwtSecret: config.jwtSecret, bodyLimit: config.bodyLimit });
  await app.listen(config.port);
  // Overdue rectification is written exactly once per case, so any number of processes may run the watcher.
  app.get(DeadlineWatcher).start(config.deadlineCheckMinutes * 60_000);
  console.log(`BudgetLoop API on http://localhost:${config.port} — OpenAPI at /docs; events in ${config.eventStoreUrl ?? config.dataDir}`);
  console.log(`A token for local use: npx budgetloop token --role FINANCE_AUTHORITY --org FIN-RS --data-dir ${config.dataDir}`);
  const sealer = setInterval(() => {
    sealIfChanged(store, SYSTEM_ACTOR, randomUUID()).catch((error: Error) => console.error(`seal failed: ${error.message}`));
  }, config.sealIntervalMinutes * 60_000);
  sealer.unref();
  closeOnSignals(app, async () => {
    await readStore.close();
    await store.close();
  }, () => clearInterval(sealer));
  return 0;
}
