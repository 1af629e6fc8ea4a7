import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, type EventStore, formatPosition, parsePosition } from '../../../libs/event-store/src/event-store.port.js';
import { PROJECTIONS } from '../../../libs/projections/src/read-models.js';
import { ProjectionRunner } from '../../../libs/read-store/src/projection-runner.js';
import { READ_STORE, type ReadStore } from '../../../libs/read-store/src/read-store.port.js';
import { Public } from './http/auth.guard.js';

/**
 * Liveness and the lag of every projection: its checkpoint against the head of the log (in events, where the
 * store numbers positions densely as SQLite does), and, where this process runs the projections, their state.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    private readonly runner: ProjectionRunner,
  ) {}

  @Public()
  @Get()
  async health() {
    const head = await this.store.headPosition();
    const running = new Map(this.runner.status().map((s) => [s.name, s]));
    const projections = await Promise.all(
      PROJECTIONS.map(async (p) => {
        const checkpoint = await this.reads.checkpoint(p.name);
        const position = checkpoint?.position;
        const lag = !head ? 0 : position ? Number(head.commit - parsePosition(position).commit) : Number(head.commit);
        const state = running.get(p.name);
        return { name: p.name, version: checkpoint?.version ?? null, position: position ?? null, lag, ...(state && state.state !== 'STOPPED' ? { state: state.state, failure: state.failure } : {}) };
      }),
    );
    const failed = projections.some((p) => p.state === 'FAILED');
    return { status: failed ? 'degraded' : 'ok', eventStore: { headPosition: head ? formatPosition(head) : null }, projections };
  }
}
