import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AccountabilityModule } from '../../../libs/accountability/src/accountability.module.js';
import { DepartmentsModule } from '../../../libs/departments/src/departments.module.js';
import { EvaluationModule } from '../../../libs/evaluation/src/evaluation.module.js';
import { CLOCK, type Clock, CommandPipeline } from '../../../libs/event-sourcing/src/command-pipeline.js';
import { EVENT_STORE, type EventStore } from '../../../libs/event-store/src/event-store.port.js';
import { ReadModelsModule } from '../../../libs/projections/src/read-models.module.js';
import { READ_STORE, type ReadStore } from '../../../libs/read-store/src/read-store.port.js';
import { FundingModule } from '../../../libs/funding/src/funding.module.js';
import { MonitoringModule } from '../../../libs/monitoring/src/monitoring.module.js';
import { ProjectExecutionModule } from '../../../libs/projects/src/project-execution.module.js';
import { ProjectsModule } from '../../../libs/projects/src/projects.module.js';
import { RectificationModule } from '../../../libs/rectification/src/rectification.module.js';
import { ResultsModule } from '../../../libs/results/src/results.module.js';
import { ACTIVE_RULE_SET_ID, RuleSetRegistry } from '../../../libs/rule-sets/src/rule-set-registry.js';
import { RuleSetsModule } from '../../../libs/rule-sets/src/rule-sets.module.js';
import { AccountabilityController } from './accountability/accountability.controller.js';
import { CatalogueController } from './catalogue/catalogue.controller.js';
import { DepartmentsController } from './departments/departments.controller.js';
import { EvaluationController } from './evaluation/evaluation.controller.js';
import { EventFeedController } from './event-feed/event-feed.controller.js';
import { FundingController } from './funding/funding.controller.js';
import { HealthController } from './health.controller.js';
import { AuthGuard, TOKEN_SECRET } from './http/auth.guard.js';
import { ProblemDetailsFilter } from './http/problem-details.filter.js';
import { MonitoringController } from './monitoring/monitoring.controller.js';
import { ProjectExecutionController } from './projects/project-execution.controller.js';
import { ProjectsController } from './projects/projects.controller.js';
import { ReadModelsController } from './read-models/read-models.controller.js';
import { RectificationController } from './rectification/rectification.controller.js';
import { ResultsController } from './results/results.controller.js';
import { RuleSetsController } from './rule-sets/rule-sets.controller.js';

export interface AppDependencies {
  store: EventStore;
  readStore: ReadStore;
  /** Run the projections in this process: embedded mode and tests; production runs apps/projector instead. */
  runProjections?: boolean;
  readYourWritesMs?: number;
  jwtSecret: string;
  clock?: Clock;
  /** Which `ruleset-{id}` stream holds the rule set in force. */
  ruleSetId?: string;
}

/** The core shared by every process: buses, the command pipeline, the stores and the bounded contexts. */
@Module({})
export class CoreModule {
  static forRoot({ store, readStore, jwtSecret, clock, ruleSetId }: AppDependencies): DynamicModule {
    return {
      module: CoreModule,
      global: true,
      imports: [CqrsModule.forRoot()],
      providers: [
        { provide: EVENT_STORE, useValue: store },
        { provide: READ_STORE, useValue: readStore },
        { provide: CLOCK, useValue: clock ?? (() => new Date()) },
        { provide: TOKEN_SECRET, useValue: jwtSecret },
        { provide: ACTIVE_RULE_SET_ID, useValue: ruleSetId ?? 'default' },
        RuleSetRegistry,
        CommandPipeline,
      ],
      exports: [EVENT_STORE, READ_STORE, CLOCK, TOKEN_SECRET, RuleSetRegistry, CommandPipeline],
    };
  }
}

/** The HTTP application: the core, the contexts, and the controllers behind the auth guard. */
@Module({})
export class AppModule {
  static forRoot(dependencies: AppDependencies): DynamicModule {
    return {
      module: AppModule,
      // One module per bounded context, in the order of the loop: 事前, 事中, 事后.
      imports: [
        CoreModule.forRoot(dependencies),
        RuleSetsModule,
        ProjectsModule,
        ProjectExecutionModule,
        FundingModule,
        MonitoringModule,
        RectificationModule,
        EvaluationModule,
        ResultsModule,
        AccountabilityModule,
        DepartmentsModule,
        ReadModelsModule.forRoot({ runProjections: dependencies.runProjections ?? true, readYourWritesMs: dependencies.readYourWritesMs }),
      ],
      controllers: [
        HealthController,
        CatalogueController,
        EventFeedController,
        RuleSetsController,
        ProjectsController,
        ProjectExecutionController,
        FundingController,
        MonitoringController,
        RectificationController,
        EvaluationController,
        ResultsController,
        AccountabilityController,
        DepartmentsController,
        ReadModelsController,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }
}
