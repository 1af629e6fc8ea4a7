import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { AccessDenied } from '../../event-sourcing/src/command-errors.js';
import { readState } from '../../event-sourcing/src/stream-command-handler.js';
import { type Actor, EVENT_STORE, type EventStore } from '../../event-store/src/event-store.port.js';
import { actsForOwner } from '../../identity/src/authorization.js';
import { declared } from '../../projects/src/project-guards.js';
import { projectStream } from '../../projects/src/project.events.js';
import { projectModel } from '../../projects/src/project.state.js';
import type { WarningLight } from '../../rule-sets/src/rule-set.js';
import { monitoringStream } from './monitoring.events.js';
import { type KeyMonitoringRecord, type LightRecord, type SnapshotRecord, monitoringModel } from './monitoring.state.js';

export interface SnapshotView extends Omit<SnapshotRecord['snapshot'], 'proCode' | 'fiscalYear'> {
  eventId?: string;
  occurredAt?: string;
  /** False for a snapshot a correction replaced; it stays visible with the correction's id. */
  inForce: boolean;
  supersedes?: string;
  supersededBy?: string;
  projectLight?: WarningLight;
  lights: LightRecord[];
}

export interface MonitoringView {
  proCode: string;
  fiscalYear: number;
  revision: number;
  snapshots: SnapshotView[];
  keyMonitorings: KeyMonitoringRecord[];
}

export class GetMonitoringQuery extends Query<MonitoringView> {
  constructor(
    readonly proCode: string,
    readonly fiscalYear: number,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** A project's monitoring of one year, folded from its stream: snapshots with their lights, key monitoring findings. */
@QueryHandler(GetMonitoringQuery)
export class GetMonitoringHandler implements IQueryHandler<GetMonitoringQuery, MonitoringView> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ proCode, fiscalYear, actor }: GetMonitoringQuery): Promise<MonitoringView> {
    const project = declared(await readState(this.store, projectStream(proCode), projectModel), proCode);
    // Finance, audit and the department (or unit) that owns the project read its monitoring.
    if (actor.role !== 'FINANCE_AUTHORITY' && actor.role !== 'AUDIT_BUREAU' && !actsForOwner(actor, project)) {
      throw new AccessDenied('NOT_YOUR_PROJECT', `${actor.orgCode} may not read the monitoring of ${proCode}`, { proCode });
    }
    const state = await readState(this.store, monitoringStream(proCode, fiscalYear), monitoringModel);
    return {
      proCode,
      fiscalYear,
      revision: state.revision,
      snapshots: state.snapshots.map(({ snapshot: { proCode: _p, fiscalYear: _y, ...snapshot }, lights, eventId, occurredAt, supersedes, supersededBy }) => ({
        eventId,
        occurredAt,
        ...snapshot,
        inForce: !supersededBy,
        ...(supersedes ? { supersedes } : {}),
        ...(supersededBy ? { supersededBy } : {}),
        projectLight: lights.find((l) => l.metric === 'PROJECT')?.light,
        lights,
      })),
      keyMonitorings: state.keyMonitorings,
    };
  }
}
