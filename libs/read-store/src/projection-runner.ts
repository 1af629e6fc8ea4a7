import { Logger } from '@nestjs/common';
import { type EventStore, type Position, type StoredEvent, comparePositions, formatPosition, parsePosition } from '../../event-store/src/event-store.port.js';
import { applyEvent } from './project-events.js';
import type { EventSubject, ProjectedEvent, Projection, ReadDocument } from './projection.js';
import type { ReadStore, ReadTransaction } from './read-store.port.js';

/** Who a stream and a project belong to, learnt from the events that say so (see ProjectedEvent.subject). */
const STREAM_SUBJECTS = '_stream-subjects';
const PROJECT_OWNERS = '_project-owners';

export type ProjectionState = 'STARTING' | 'CATCHING_UP' | 'LIVE' | 'REBUILDING' | 'FAILED' | 'STOPPED';

export interface ProjectionStatus {
  name: string;
  version: number;
  state: ProjectionState;
  position?: string;
  /** Set when the projection stopped on an event it could not apply; it is not skipped. */
  failure?: { message: string; position: string; type: string; stream: string };
}

export interface RunnerOptions {
  batchSize?: number;
  /** How often an idle projection looks for new events. */
  pollMs?: number;
  logger?: Pick<Logger, 'log' | 'error' | 'warn'>;
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
const year = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) ? value : undefined);

/**
 * The subject of an event: its own data first; otherwise what the first event of its stream said, and the
 * department of the project from its declaration. Learnt facts are written in the same transaction.
 */
async function subjectOf(tx: ReadTransaction, event: StoredEvent): Promise<EventSubject> {
  const data = event.data;
  const learnt = await tx.get<ReadDocument & EventSubject>(STREAM_SUBJECTS, event.stream);
  const proCode = text(data.proCode) ?? learnt?.proCode;
  const fiscalYear = year(data.fiscalYear) ?? learnt?.fiscalYear;
  if (event.type === 'BudgetProjectDeclared' && proCode) {
    await tx.upsert(PROJECT_OWNERS, { _id: proCode, _position: '0', deptCode: text(data.deptCode), unitCode: text(data.unitCode) });
  }
  const owner = proCode ? await tx.get<ReadDocument & EventSubject>(PROJECT_OWNERS, proCode) : null;
  const deptCode = text(data.deptCode) ?? learnt?.deptCode ?? owner?.deptCode;
  const unitCode = text(data.unitCode) ?? learnt?.unitCode ?? owner?.unitCode;
  if (!learnt && (proCode || deptCode || fiscalYear !== undefined)) {
    await tx.upsert(STREAM_SUBJECTS, { _id: event.stream, _position: '0', proCode, deptCode, unitCode, fiscalYear });
  }
  return Object.fromEntries(Object.entries({ proCode, deptCode, unitCode, fiscalYear }).filter(([, v]) => v !== undefined)) as EventSubject;
}

const PROJECT_CODE = /^\d{6}-\d{4}-[A-Za-z0-9-]+$/;

/** Project codes named anywhere in the data: a task's scope, a disclosure's items, a notice's subjects. */
function namedProjects(value: unknown, found = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    if (PROJECT_CODE.test(value)) found.add(value);
  } else if (Array.isArray(value)) {
    for (const item of value) namedProjects(item, found);
  } else if (value && typeof value === 'object') {
    for (const item of Object.values(value)) namedProjects(item, found);
  }
  return found;
}

async function ownersOf(tx: ReadTransaction, event: StoredEvent, subject: EventSubject): Promise<ProjectedEvent['owners']> {
  const owners: NonNullable<ProjectedEvent['owners']> = {};
  for (const proCode of namedProjects(event.data)) {
    if (proCode === subject.proCode) continue;
    const owner = await tx.get<ReadDocument & EventSubject>(PROJECT_OWNERS, proCode);
    if (owner) owners[proCode] = { ...(owner.deptCode ? { deptCode: owner.deptCode } : {}), ...(owner.unitCode ? { unitCode: owner.unitCode } : {}) };
  }
  return Object.keys(owners).length ? owners : undefined;
}

export class ProjectionFailure extends Error {
  constructor(
    readonly projection: string,
    readonly event: StoredEvent,
    cause: unknown,
  ) {
    super(`${projection} could not apply ${event.type} at ${formatPosition(event.position)} (${event.stream}): ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'ProjectionFailure';
  }
}

/**
 * Applies a batch of events to a projection's collection and moves its checkpoint, in one transaction: each
 * event takes effect exactly once whatever crashes (design §5). Events at or before the checkpoint are skipped.
 */
export async function applyBatch(store: ReadStore, projection: Projection, collection: string, events: StoredEvent[]): Promise<string | undefined> {
  return store.transaction(async (tx) => {
    const checkpoint = await tx.getCheckpoint(collection);
    const after = checkpoint?.position ? parsePosition(checkpoint.position) : undefined;
    const fresh = after ? events.filter((e) => comparePositions(e.position, after) > 0) : events;
    if (fresh.length === 0) return checkpoint?.position;
    const documents = new Map<string, ReadDocument | null>();
    const dirty = new Set<string>();
    for (const event of fresh) {
      try {
        const projected: ProjectedEvent = {
          stream: event.stream,
          revision: event.revision,
          position: formatPosition(event.position),
          type: event.type,
          data: event.data,
          metadata: event.metadata,
          subject: await subjectOf(tx, event),
        };
        const owners = await ownersOf(tx, event, projected.subject);
        if (owners) projected.owners = owners;
        for (const key of projection.keys(projected)) {
          if (!documents.has(key)) documents.set(key, await tx.get<ReadDocument>(collection, key));
        }
        for (const [key, doc] of applyEvent(projection, (k) => documents.get(k) ?? null, projected)) {
          documents.set(key, doc);
          dirty.add(key);
        }
      } catch (error) {
        throw new ProjectionFailure(projection.name, event, error);
      }
    }
    for (const key of dirty) {
      const doc = documents.get(key) ?? null;
      if (doc === null) await tx.delete(collection, key);
      else await tx.upsert(collection, doc);
    }
    const position = formatPosition(fresh[fresh.length - 1].position);
    await tx.setCheckpoint(collection, { position, version: projection.version, updatedAt: new Date().toISOString() });
    return position;
  });
}

/**
 * Builds a projection afresh from position 0 into a new generation while the current one keeps serving, and
 * swaps it in when caught up (`budgetloop rebuild`).
 */
export async function rebuildProjection(
  events: EventStore,
  store: ReadStore,
  projection: Projection,
  options: { batchSize?: number; onProgress?: (applied: number, position: string) => void } = {},
): Promise<{ events: number; physical: string }> {
  const physical = await store.startGeneration(projection.name);
  try {
    await store.ensureIndexes(physical, projection.indexes);
    let after: Position | undefined;
    let applied = 0;
    for (;;) {
      const page = await events.readAll({ after, maxCount: options.batchSize ?? 500 });
      if (page.length === 0) break;
      await applyBatch(store, projection, physical, page);
      after = page[page.length - 1].position;
      applied += page.length;
      options.onProgress?.(applied, formatPosition(after));
    }
    if (applied === 0) {
      await store.transaction((tx) => tx.setCheckpoint(physical, { version: projection.version, updatedAt: new Date().toISOString() }));
    }
    await store.promote(projection.name, physical);
    return { events: applied, physical };
  } catch (error) {
    await store.dropGeneration(physical).catch(() => undefined);
    throw error;
  }
}

/**
 * Keeps every projection current (apps/projector; inside the api in embedded mode): each follows the log from
 * its own checkpoint, read anew before every batch, so a generation swapped in by a rebuild is picked up. A
 * projection whose version changed is rebuilt in the background; one that fails stops with its failure
 * reported in status() rather than skipping the event.
 */
export class ProjectionRunner {
  private readonly states = new Map<string, ProjectionStatus>();
  private running = false;
  private loops: Promise<void>[] = [];
  private wakers = new Set<() => void>();
  private readonly logger: Pick<Logger, 'log' | 'error' | 'warn'>;

  constructor(
    private readonly events: EventStore,
    private readonly store: ReadStore,
    readonly projections: Projection[],
    private readonly options: RunnerOptions = {},
  ) {
    this.logger = options.logger ?? new Logger('Projections');
    for (const p of projections) this.states.set(p.name, { name: p.name, version: p.version, state: 'STOPPED' });
  }

  status(): ProjectionStatus[] {
    return [...this.states.values()].map((s) => ({ ...s }));
  }

  /** Wakes idle projections at once, e.g. after a command was appended in this process. */
  wake(): void {
    for (const waker of [...this.wakers]) waker();
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    for (const projection of this.projections) await this.store.ensureIndexes(projection.name, projection.indexes);
    this.loops = this.projections.map((projection) => this.follow(projection));
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await Promise.all(this.loops);
    this.loops = [];
  }

  /** Applies everything stored so far to every projection, then returns (CLI and tests). */
  async catchUp(): Promise<void> {
    for (const projection of this.projections) {
      await this.store.ensureIndexes(projection.name, projection.indexes);
      while (await this.step(projection)) {
        // keep going until a batch comes back short
      }
    }
  }

  /** Resolves true once every projection has applied the log up to `position`, false after the timeout. */
  async waitFor(position: string, timeoutMs: number, names?: string[]): Promise<boolean> {
    const target = parsePosition(position);
    const deadline = Date.now() + timeoutMs;
    const relevant = this.projections.filter((p) => !names || names.includes(p.name));
    for (;;) {
      const checkpoints = await Promise.all(relevant.map((p) => this.store.checkpoint(p.name)));
      if (checkpoints.every((c) => c?.position && comparePositions(parsePosition(c.position), target) >= 0)) return true;
      if (Date.now() >= deadline) return false;
      this.wake();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private setState(name: string, change: Partial<ProjectionStatus>): void {
    this.states.set(name, { ...(this.states.get(name) as ProjectionStatus), ...change });
  }

  /** One batch; true when it was a full one (more may be waiting). */
  private async step(projection: Projection): Promise<boolean> {
    const batchSize = this.options.batchSize ?? 500;
    const checkpoint = await this.store.checkpoint(projection.name);
    if (checkpoint && checkpoint.version !== projection.version) {
      this.setState(projection.name, { state: 'REBUILDING' });
      this.logger.warn(`${projection.name}: built with version ${checkpoint.version}, now ${projection.version}; rebuilding from position 0`);
      await rebuildProjection(this.events, this.store, projection, { batchSize });
      return true;
    }
    const page = await this.events.readAll({ after: checkpoint?.position ? parsePosition(checkpoint.position) : undefined, maxCount: batchSize });
    const position = page.length ? await applyBatch(this.store, projection, projection.name, page) : checkpoint?.position;
    this.setState(projection.name, { state: page.length === batchSize ? 'CATCHING_UP' : 'LIVE', position });
    return page.length === batchSize;
  }

  private async follow(projection: Projection): Promise<void> {
    this.setState(projection.name, { state: 'STARTING', failure: undefined });
    while (this.running) {
      try {
        if (await this.step(projection)) continue;
      } catch (error) {
        const failure =
          error instanceof ProjectionFailure
            ? { message: error.message, position: formatPosition(error.event.position), type: error.event.type, stream: error.event.stream }
            : { message: error instanceof Error ? error.message : String(error), position: '', type: '', stream: '' };
        this.setState(projection.name, { state: 'FAILED', failure });
        this.logger.error(`projection ${projection.name} stopped: ${failure.message}`);
        return;
      }
      await new Promise<void>((resolve) => {
        const waker = () => {
          clearTimeout(timer);
          this.wakers.delete(waker);
          resolve();
        };
        const timer = setTimeout(waker, this.options.pollMs ?? 200);
        this.wakers.add(waker);
      });
    }
    this.setState(projection.name, { state: 'STOPPED' });
  }
}
