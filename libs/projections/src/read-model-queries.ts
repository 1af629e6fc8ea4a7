import { Inject, Injectable } from '@nestjs/common';
import { AccessDenied, InvalidRequest, NotFound } from '../../event-sourcing/src/command-errors.js';
import { type Actor, comparePositions, parsePosition } from '../../event-store/src/event-store.port.js';
import type { FieldCondition, ReadStore } from '../../read-store/src/read-store.port.js';
import { READ_STORE } from '../../read-store/src/read-store.port.js';
import type { ReadDocument } from '../../read-store/src/projection.js';
import { READS_EVERYTHING } from '../../identity/src/authorization.js';

export const READ_YOUR_WRITES_MS = Symbol('ReadYourWritesMs');

export type FilterType = 'string' | 'int' | 'boolean';

export interface ReadModelDefinition {
  collection: string;
  /** Query parameters a list accepts, the document field each filters, and its type. */
  filters: Record<string, { field: string; type: FilterType }>;
  sort: [field: string, direction: 1 | -1][];
  /**
   * The fields that say whose a document is: departments read only their own, units only their unit's where the
   * read model has a unit field (without one it is department-level, and units do not read it). No owner: only
   * finance, audit and the integrations read it.
   */
  owner?: { dept: string; unit?: string };
}

export interface ReadPosition {
  /** The log position the read model reflects. */
  position: string | null;
  /** False when minPosition was asked for and not reached in time: the answer may miss the caller's last write. */
  caughtUp: boolean;
}

const MAX_PAGE_SIZE = 200;

function parseFilter(name: string, raw: string, type: FilterType): string | number | boolean {
  if (type === 'int') {
    if (!/^-?\d{1,15}$/.test(raw)) throw new InvalidRequest('INVALID_FILTER', `${name} must be a whole number`);
    return Number(raw);
  }
  if (type === 'boolean') {
    if (raw !== 'true' && raw !== 'false') throw new InvalidRequest('INVALID_FILTER', `${name} must be true or false`);
    return raw === 'true';
  }
  if (raw.length === 0 || raw.length > 100) throw new InvalidRequest('INVALID_FILTER', `${name} must be 1–100 characters`);
  return raw;
}

function parsePage(raw: string | undefined, fallback: number, max: number, name: string): number {
  if (raw === undefined) return fallback;
  if (!/^\d{1,6}$/.test(raw) || Number(raw) < 1 || Number(raw) > max) throw new InvalidRequest('INVALID_PAGE', `${name} must be 1–${max}`);
  return Number(raw);
}

/**
 * Every read model answers the same way (domain.md §8, issue 4): filters, pagination, the scoping of commands
 * (a department sees its own projects; finance, audit and the integrations everything), and read-your-writes —
 * with minPosition the query waits briefly until the read model has applied that position.
 */
@Injectable()
export class ReadModelQueries {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(READ_YOUR_WRITES_MS) private readonly waitMs: number,
  ) {}

  async list(model: ReadModelDefinition, actor: Actor, params: Record<string, unknown>) {
    this.assertReader(model, actor);
    // A parameter given twice arrives as a list: refuse it rather than let it widen or vanish.
    const repeated = Object.entries(params).filter(([, raw]) => raw !== undefined && typeof raw !== 'string');
    if (repeated.length) throw new InvalidRequest('INVALID_FILTER', `${repeated.map(([name]) => name).join(', ')} may be given once`);
    const { page: rawPage, pageSize: rawSize, minPosition, ...rest } = params as Record<string, string | undefined>;
    const filter: Record<string, FieldCondition> = {};
    for (const [name, raw] of Object.entries(rest)) {
      if (raw === undefined) continue;
      const definition = Object.hasOwn(model.filters, name) ? model.filters[name] : undefined;
      if (!definition) throw new InvalidRequest('UNKNOWN_FILTER', `${name} is not a filter here; filters: ${Object.keys(model.filters).join(', ') || 'none'}`);
      filter[definition.field] = parseFilter(name, raw, definition.type);
    }
    Object.assign(filter, this.scope(model, actor, filter));
    const page = parsePage(rawPage, 1, 1_000_000, 'page');
    const pageSize = parsePage(rawSize, 50, MAX_PAGE_SIZE, 'pageSize');
    const read = await this.reached(model.collection, minPosition);
    const result = await this.store.find<ReadDocument>(model.collection, { filter, sort: model.sort, skip: (page - 1) * pageSize, limit: pageSize });
    return { items: result.items.map(present), total: result.total, page, pageSize, ...read };
  }

  async one(model: ReadModelDefinition, actor: Actor, id: string, minPosition?: string) {
    this.assertReader(model, actor);
    const read = await this.reached(model.collection, minPosition);
    const doc = await this.store.get<ReadDocument & Record<string, unknown>>(model.collection, id);
    if (!doc) throw new NotFound('NOT_FOUND', `no ${model.collection} document ${id}${read.caughtUp ? '' : ' yet (the read model is still catching up)'}`);
    if (model.owner && !READS_EVERYTHING.includes(actor.role)) {
      const { dept, unit } = model.owner;
      const owns = (field: string, code: string | undefined) => (Array.isArray(doc[field]) ? (doc[field] as unknown[]).includes(code) : doc[field] === code);
      const own = owns(dept, actor.deptCode) && (actor.role !== 'BUDGET_UNIT' || !unit || owns(unit, actor.unitCode));
      if (!own) throw new AccessDenied('NOT_YOUR_PROJECT', `${model.collection} ${id} belongs to another department`);
    }
    return { item: present(doc), ...read };
  }

  /**
   * Who may read a read model at all: finance, audit and the integrations every one; departments and units those
   * with an owner (their own documents), units not the department-level ones; third parties none.
   */
  private assertReader(model: ReadModelDefinition, actor: Actor): void {
    if (READS_EVERYTHING.includes(actor.role)) return;
    const readable = model.owner && (actor.role === 'BUDGET_DEPARTMENT' || (actor.role === 'BUDGET_UNIT' && model.owner.unit));
    if (!readable) {
      throw new AccessDenied('ROLE_NOT_ALLOWED', `a ${actor.role} does not read ${model.collection}${actor.role === 'BUDGET_UNIT' ? ': it is kept per department' : ''}`);
    }
  }

  /** Departments are held to their own documents; asking for another department's is refused, not emptied. */
  private scope(model: ReadModelDefinition, actor: Actor, filter: Record<string, FieldCondition>): Record<string, FieldCondition> {
    if (READS_EVERYTHING.includes(actor.role) || !model.owner) return {};
    const asked = filter[model.owner.dept];
    if (asked !== undefined && asked !== actor.deptCode) throw new AccessDenied('NOT_YOUR_DEPARTMENT', `a ${actor.role} of ${actor.deptCode} reads only its own department`);
    const scope: Record<string, FieldCondition> = { [model.owner.dept]: actor.deptCode as string };
    if (actor.role === 'BUDGET_UNIT' && model.owner.unit) scope[model.owner.unit] = actor.unitCode as string;
    return scope;
  }

  private async reached(collection: string, minPosition: string | undefined): Promise<ReadPosition> {
    let target;
    if (minPosition !== undefined) {
      try {
        target = parsePosition(minPosition);
      } catch {
        throw new InvalidRequest('INVALID_POSITION', 'minPosition must be a log position as a command answered it, e.g. "42"');
      }
    }
    const deadline = Date.now() + this.waitMs;
    for (;;) {
      const position = (await this.store.checkpoint(collection))?.position ?? null;
      const caughtUp = !target || (position !== null && comparePositions(parsePosition(position), target) >= 0);
      if (caughtUp || Date.now() >= deadline) return { position, caughtUp };
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/** Documents leave without the store's bookkeeping names. */
function present(doc: ReadDocument): Record<string, unknown> {
  const { _id, _position, ...rest } = doc as ReadDocument & Record<string, unknown>;
  return { id: _id, appliedPosition: _position, ...rest };
}
