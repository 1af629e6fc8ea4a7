import { type DynamicModule, Inject, Injectable, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../../event-store/src/event-store.port.js';
import { ProjectionRunner } from '../../read-store/src/projection-runner.js';
import { READ_STORE, type ReadStore } from '../../read-store/src/read-store.port.js';
import { READ_YOUR_WRITES_MS, ReadModelQueries } from './read-model-queries.js';
import { PROJECTIONS } from './read-models.js';

export interface ReadModelsOptions {
  /** Run the projections in this process (embedded mode, tests); in production apps/projector runs them. */
  runProjections: boolean;
  readYourWritesMs?: number;
  pollMs?: number;
}

const RUN_PROJECTIONS = Symbol('RunProjections');

/** Starts the projection runner with the application and stops it before the stores close. */
@Injectable()
class ProjectionHost implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly runner: ProjectionRunner,
    @Inject(RUN_PROJECTIONS) private readonly enabled: boolean,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.enabled) await this.runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}

/** The read side (design §5): the read models of domain.md §8, kept current by the runner, served by ReadModelQueries. */
@Module({})
export class ReadModelsModule {
  static forRoot(options: ReadModelsOptions): DynamicModule {
    return {
      module: ReadModelsModule,
      providers: [
        { provide: RUN_PROJECTIONS, useValue: options.runProjections },
        { provide: READ_YOUR_WRITES_MS, useValue: options.readYourWritesMs ?? 2000 },
        {
          provide: ProjectionRunner,
          useFactory: (events: EventStore, reads: ReadStore) => new ProjectionRunner(events, reads, PROJECTIONS, { pollMs: options.pollMs }),
          inject: [EVENT_STORE, READ_STORE],
        },
        ProjectionHost,
        ReadModelQueries,
      ],
      exports: [ProjectionRunner, ReadModelQueries],
    };
  }
}
