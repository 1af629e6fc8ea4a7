import 'reflect-metadata';
import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type AppDependencies, CoreModule } from '../../api/src/app.module.js';
import { loadConfig } from '../../api/src/config.js';
import { openEventStore } from '../../../libs/event-store/src/open-event-store.js';
import { ReadModelsModule } from '../../../libs/projections/src/read-models.module.js';
import { DeadlineWatcher } from '../../../libs/rectification/src/deadline-watcher.js';
import { RectificationModule } from '../../../libs/rectification/src/rectification.module.js';
import { openReadStore } from '../../../libs/read-store/src/open-read-store.js';

/** The projector of the production stack: subscriptions into the read models, and the deadline watcher. */
@Module({})
class ProjectorModule {
  static forRoot(dependencies: AppDependencies): DynamicModule {
    return {
      module: ProjectorModule,
      imports: [CoreModule.forRoot(dependencies), RectificationModule, ReadModelsModule.forRoot({ runProjections: true })],
    };
  }
}

const config = loadConfig();
const store = openEventStore(config);
const readStore = await openReadStore(config);
const app = await NestFactory.createApplicationContext(ProjectorModule.forRoot({ store, readStore, jwtSecret: config.jwtSecret }), { logger: ['log', 'error', 'warn'] });
await app.init();
app.get(DeadlineWatcher).start(config.deadlineCheckMinutes * 60_000);
console.log(`BudgetLoop projector: read models in ${config.mongodbUrl ? 'MongoDB' : config.dataDir}, events from ${config.eventStoreUrl ?? config.dataDir}`);
const stop = async () => {
  await app.close();
  await readStore.close();
  await store.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
