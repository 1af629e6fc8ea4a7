import 'reflect-metadata';
import { DeadlineWatcher } from '../../../libs/rectification/src/deadline-watcher.js';
import { openEventStore } from '../../../libs/event-store/src/open-event-store.js';
import { loadConfig } from './config.js';
import { closeOnSignals, createApp } from './create-app.js';

/** The API process of the production stack (docker compose); `budgetloop serve` is the embedded equivalent. */
const config = loadConfig();
const store = openEventStore(config);
const app = await createApp({ store, jwtSecret: config.jwtSecret, bodyLimit: config.bodyLimit });
await app.listen(config.port);
// Overdue rectification is written exactly once per case, so every replica may run the watcher.
app.get(DeadlineWatcher).start(config.deadlineCheckMinutes * 60_000);
console.log(`BudgetLoop API on http://localhost:${config.port} (docs: /docs), events: ${config.eventStoreUrl ?? config.dataDir}`);
closeOnSignals(app, () => store.close());
