import 'reflect-metadata';
import { openEventStore } from '../../../libs/event-store/src/open-event-store.js';
import { openReadStore } from '../../../libs/read-store/src/open-read-store.js';
import { loadConfig } from './config.js';
import { closeOnSignals, createApp } from './create-app.js';

/**
 * The API process of the production stack (docker compose): stateless, any number of replicas. The projections
 * and the deadline watcher run in apps/projector; `budgetloop serve` is the one-process embedded equivalent.
 */
const config = loadConfig();
const store = openEventStore(config);
const readStore = await openReadStore(config);
const app = await createApp({ store, readStore, runProjections: false, readYourWritesMs: config.readYourWritesMs, jwtSecret: config.jwtSecret, bodyLimit: config.bodyLimit });
await app.listen(config.port);
console.log(`BudgetLoop API on http://localhost:${config.port} (docs: /docs), events: ${config.eventStoreUrl ?? config.dataDir}`);
closeOnSignals(app, async () => {
  await readStore.close();
  await store.close();
});
