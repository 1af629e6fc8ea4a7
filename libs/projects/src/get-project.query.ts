import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { AccessDenied } from '../../event-sourcing/src/command-errors.js';
import { RuleSetRegistry } from '../../rule-sets/src/rule-set-registry.js';
import { foldStored } from '../../event-sourcing/src/decider.js';
import { type Actor, EVENT_STORE, type EventStore, type StoredEvent, eventView } from '../../event-store/src/event-store.port.js';
import { READS_EVERYTHING, actsForOwner } from '../../identity/src/authorization.js';
import { type RuleSet, requiresExAnte } from '../../rule-sets/src/rule-set.js';
import { projectStream } from './project.events.js';
import { declared } from './project-guards.js';
import { type ProjectState, projectModel } from './project.state.js';

export type ProjectPhase =
  | 'EX_ANTE_PENDING'
  | 'EX_ANTE_FAILED'
  | 'TARGETS_PENDING'
  | 'READY_FOR_LIBRARY'
  | 'LIBRARY_REJECTED'
  | 'IN_LIBRARY'
  | 'BUDGET_DRAFTED'
  | 'BUDGET_APPROVED';

export function projectPhase(state: ProjectState, ruleSet: RuleSet): ProjectPhase {
  const project = declared(state, '');
  const cycles = Object.values(state.cycles);
  if (cycles.some((c) => c.approval)) return 'BUDGET_APPROVED';
  if (cycles.some((c) => c.draft)) return 'BUDGET_DRAFTED';
  if (state.library.status === 'ADMITTED') return 'IN_LIBRARY';
  if (state.library.status === 'REJECTED') return 'LIBRARY_REJECTED';
  const review = state.assessments[state.assessments.length - 1]?.review;
  if (requiresExAnte(project, ruleSet) && review?.outcome !== 'PASSED') return review ? 'EX_ANTE_FAILED' : 'EX_ANTE_PENDING';
  return cycles.some((c) => c.targets[c.targets.length - 1]?.status === 'PASSED') ? 'READY_FOR_LIBRARY' : 'TARGETS_PENDING';
}

/** Who may read a project: finance, audit and the integrations everything; a department its own; a third party what it was commissioned for. */
export function assertMayRead(actor: Actor, state: ProjectState): void {
  const project = declared(state, '');
  if (READS_EVERYTHING.includes(actor.role)) return;
  if (actsForOwner(actor, project)) return;
  if (actor.role === 'THIRD_PARTY' && state.commissions.some((c) => c.institutionId === actor.institutionId)) return;
  throw new AccessDenied('NOT_YOUR_PROJECT', `${actor.orgCode} may not read project ${project.proCode}`);
}

async function readProject(store: EventStore, proCode: string, actor: Actor): Promise<{ state: ProjectState; events: StoredEvent[] }> {
  const events = await store.readStream(projectStream(proCode));
  const state = foldStored(projectModel, events);
  declared(state, proCode);
  assertMayRead(actor, state);
  return { state, events };
}

export interface ProjectView {
  proCode: string;
  revision: number;
  phase: ProjectPhase;
  declaration: NonNullable<ProjectState['declaration']>;
  exAnte: { required: boolean; ruleSetVersion: string; commissions: ProjectState['commissions']; assessments: ProjectState['assessments'] };
  library: ProjectState['library'];
  fiscalYears: ProjectState['cycles'][number][];
}

export class GetProjectQuery extends Query<ProjectView> {
  constructor(
    readonly proCode: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** The project's current state, folded from its stream (until the read models of issue 4 serve it). */
@QueryHandler(GetProjectQuery)
export class GetProjectHandler implements IQueryHandler<GetProjectQuery, ProjectView> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly ruleSets: RuleSetRegistry,
  ) {}

  async execute({ proCode, actor }: GetProjectQuery): Promise<ProjectView> {
    const { state } = await readProject(this.store, proCode, actor);
    const declaration = declared(state, proCode);
    const ruleSet = await this.ruleSets.current();
    return {
      proCode,
      revision: state.revision,
      phase: projectPhase(state, ruleSet),
      declaration,
      exAnte: { required: requiresExAnte(declaration, ruleSet), ruleSetVersion: ruleSet.version, commissions: state.commissions, assessments: state.assessments },
      library: state.library,
      fiscalYears: Object.values(state.cycles),
    };
  }
}

export type ProjectEventView = ReturnType<typeof eventView>;

export class GetProjectEventsQuery extends Query<{ proCode: string; revision: number; events: ProjectEventView[] }> {
  constructor(
    readonly proCode: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** The stored events of the project stream as they are: data, metadata, the hash chain. */
@QueryHandler(GetProjectEventsQuery)
export class GetProjectEventsHandler implements IQueryHandler<GetProjectEventsQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ proCode, actor }: GetProjectEventsQuery) {
    const { state, events } = await readProject(this.store, proCode, actor);
    return {
      proCode,
      revision: state.revision,
      events: events.map(eventView),
    };
  }
}
