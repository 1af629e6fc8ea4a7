import 'reflect-metadata';
import { openEventStore } from '../../../libs/event-store/src/open-event-store.js';
import { loadConfig } from './config.js';
import { closeOnSignals, createApp } from './create-app.js';

/** The API process of the production stack (docker compose); `budgetloop serve` is the embedded equivalent. */
const config = loadConfig();
const store = openEventStore(config);
const app = await createApp({ store, jwtSecret: config.jwtSecret, bodyLimit: config.bodyLimit });
await app.listen(config.port);
console.log(`BudgetLoop API on http://localhost:${config.port} (docs: /docs), events: ${config.eventStoreUrl ?? config.dataDir}`);
closeOnSignals(app, () => store.close());
