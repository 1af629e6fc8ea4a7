import { MongoClient, WriteConcern } from 'mongodb';
import type { ClientSession, Collection, Db, Document, TransactionOptions } from 'mongodb';
import type { Checkpoint, FieldCondition, FindQuery, Page, ReadStore, ReadTransaction, Scalar } from './read-store.port.js';

export interface MongoReadStoreOptions {
  /** Overrides the database named in the URL path. */
  database?: string;
}

/** The same paths the SQLite adapter accepts: no `$`, no empty segments, so a field can never become an operator. */
const FIELD = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const GENERATION_MARK = '__g';
const CHECKPOINTS = '_checkpoints';
const GENERATIONS = '_generations';
const DEFAULT_DATABASE = 'budgetloop';

/**
 * Snapshot reads so a batch sees one consistent state of its documents and the generation pointer; majority
 * commit so a committed checkpoint survives a primary failover (design §5: each event takes effect exactly once).
 */
export const TRANSACTION_OPTIONS: TransactionOptions = {
  readConcern: { level: 'snapshot' },
  writeConcern: new WriteConcern('majority'),
  readPreference: 'primary',
};

/**
 * Writes outside transactions (drops, the generation counter) wait for a majority: MongoDB's advice for a drop
 * just before a transaction that touches the collection, so the transaction can take its locks, and it keeps the
 * counter from going back after a failover.
 */
const MAJORITY = { writeConcern: { w: 'majority' as const } };

interface CheckpointDocument extends Checkpoint {
  _id: string;
}

interface GenerationDocument {
  _id: string;
  physical: string;
  counter: number;
}

export function fieldPath(field: string): string {
  if (!FIELD.test(field)) throw new Error(`not a field path: ${field}`);
  return field;
}

function scalar(value: unknown, field: string): Scalar {
  if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return value;
  throw new Error(`not a scalar for ${field}: ${String(value)}`);
}

/**
 * FindQuery filter → MongoDB filter. Only scalars reach the server, so a caller's value can never smuggle in an
 * operator. Equality on an array field matches membership natively, as the port asks.
 */
export function toMongoFilter(filter: FindQuery['filter'] = {}): Document {
  const result: Document = {};
  for (const [field, condition] of Object.entries(filter) as [string, FieldCondition][]) {
    const path = fieldPath(field);
    if (typeof condition !== 'object' || condition === null) {
      result[path] = scalar(condition, field);
    } else if ('in' in condition) {
      if (!Array.isArray(condition.in)) throw new Error(`not a list for ${field}`);
      result[path] = { $in: condition.in.map((value) => scalar(value, field)) };
    } else {
      const range: Document = {};
      if (condition.gte !== undefined) range.$gte = scalar(condition.gte, field);
      if (condition.lte !== undefined) range.$lte = scalar(condition.lte, field);
      // An empty object would be an equality with `{}`; an open range matches everything, as in the SQLite adapter.
      if (Object.keys(range).length > 0) result[path] = range;
    }
  }
  return result;
}

/**
 * FindQuery sort → MongoDB sort document, `_id` last so equal keys come back in a stable order across pages.
 * The first mention of a field wins, as in an SQL ORDER BY; field paths never look like integers, so the
 * object keeps its insertion order.
 */
export function toMongoSort(sort: FindQuery['sort'] = []): Record<string, 1 | -1> {
  const result: Record<string, 1 | -1> = {};
  for (const [field, direction] of sort) {
    const path = fieldPath(field);
    if (direction !== 1 && direction !== -1) throw new Error(`not a sort direction for ${field}: ${String(direction)}`);
    if (!(path in result)) result[path] = direction;
  }
  if (!('_id' in result)) result._id = 1;
  return result;
}

/**
 * skip/limit as the SQLite adapter reads them: a negative limit means none, a negative skip means none. MongoDB
 * reads limit 0 as "no limit", so a zero limit is reported as `limit: 0` for the caller to answer without a query.
 */
export function toMongoPage(query: Pick<FindQuery, 'skip' | 'limit'>): { skip?: number; limit?: number } {
  const page: { skip?: number; limit?: number } = {};
  if (query.skip !== undefined && query.skip > 0) page.skip = Math.floor(query.skip);
  if (query.limit !== undefined && query.limit >= 0) page.limit = Math.floor(query.limit);
  return page;
}

/**
 * The database named in a mongodb:// or mongodb+srv:// URL's path, else the default. MongoClient itself falls back
 * to 'test', indistinguishable from a URL naming 'test', so the path is read here (same shape the driver's
 * connection-string parser uses: hosts contain no '/').
 */
export function databaseName(url: string, fallback = DEFAULT_DATABASE): string {
  const match = /^[^/]+:\/\/(?:[^@/]*@)?[^/?@]*(\/[^?#]*)?/.exec(url);
  const path = match?.[1]?.slice(1) ?? '';
  return path ? decodeURIComponent(path) : fallback;
}

export function isGeneration(name: string): boolean {
  return name.includes(GENERATION_MARK);
}

/** Collection names MongoDB accepts and that cannot collide with the store's own bookkeeping. */
function collectionName(name: string): string {
  if (!name || name.includes('$') || name.includes('\0') || name.startsWith('system.') || name === CHECKPOINTS || name === GENERATIONS) {
    throw new Error(`not a collection name: ${name}`);
  }
  return name;
}

/**
 * Read models in MongoDB (design §2, §5): one MongoDB collection per physical collection, documents under our own
 * string `_id`, checkpoints in `_checkpoints`, generation pointers in `_generations`. Needs a replica set, because
 * every batch is a multi-document transaction (collections a batch writes first are created implicitly inside it,
 * which MongoDB allows since 4.4).
 *
 * Promotion: MongoDB does not allow dropping a collection inside a transaction (only CRUD, plus creating
 * collections and indexes, is allowed there), so the transaction switches the pointer and deletes the
 * predecessor's checkpoint; the predecessor is dropped after the commit. The documents are not deleted one by one
 * inside the transaction: the pointer switch already makes them unreachable atomically, and a transaction
 * proportional to the whole read model would run into the transaction lifetime and cache limits. A crash between
 * commit and drop leaves an orphaned collection that no logical name resolves to (generation numbers only grow), so
 * it costs space, never a wrong answer.
 */
export class MongoReadStore implements ReadStore {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
  ) {}

  static async connect(url: string, options: MongoReadStoreOptions = {}): Promise<MongoReadStore> {
    // Undefined fields are left out, as JSON.stringify does in the SQLite adapter, instead of stored as null.
    const client = new MongoClient(url, { ignoreUndefined: true });
    await client.connect();
    return new MongoReadStore(client, client.db(options.database ?? databaseName(url)));
  }

  async transaction<T>(work: (tx: ReadTransaction) => Promise<T>): Promise<T> {
    // A fresh ReadTransaction per attempt: withTransaction re-runs the callback on TransientTransactionError.
    return this.serial(() => this.inTransaction((session) => work(this.operations(session))));
  }

  async get<D extends { _id: string }>(collection: string, id: string): Promise<D | null> {
    return (await this.documents(await this.resolve(collection)).findOne({ _id: id })) as D | null;
  }

  async find<D extends { _id: string }>(collection: string, query: FindQuery = {}): Promise<Page<D>> {
    const filter = toMongoFilter(query.filter);
    const sort = toMongoSort(query.sort);
    const page = toMongoPage(query);
    const documents = this.documents(await this.resolve(collection));
    const total = await documents.countDocuments(filter);
    if (page.limit === 0) return { items: [], total };
    const items = await documents.find(filter, { sort, ...page }).toArray();
    return { items: items as unknown as D[], total };
  }

  async checkpoint(collection: string): Promise<Checkpoint | null> {
    const found = await this.checkpoints().findOne({ _id: await this.resolve(collection) });
    return found ? toCheckpoint(found) : null;
  }

  async ensureIndexes(collection: string, fields: string[]): Promise<void> {
    // `_id` always has its own unique index; asking for `{ _id: 1 }` under another name would be refused.
    const keys = [...new Set(fields.map(fieldPath))].filter((key) => key !== '_id');
    // Queued: an index build waits for transactions on its collection, and they for it.
    return this.serial(async () => {
      const documents = this.documents(await this.resolve(collection));
      // Same key and default name each time, so a repeat is a no-op on the server. createIndexes takes no write
      // concern option: by default the build commits once all voting members have it (commitQuorum).
      for (const key of keys) await documents.createIndex({ [key]: 1 });
    });
  }

  physical(collection: string): Promise<string> {
    return this.resolve(collection);
  }

  async startGeneration(collection: string): Promise<string> {
    const logical = logicalName(collection);
    return this.serial(async () => {
      // One atomic document update: the counter only grows, so a generation name is never handed out twice.
      const pointer = await this.generations().findOneAndUpdate(
        { _id: logical },
        { $inc: { counter: 1 }, $setOnInsert: { physical: logical } },
        { upsert: true, returnDocument: 'after', ...MAJORITY },
      );
      if (!pointer) throw new Error(`generation counter of ${logical} not returned`);
      const physical = `${logical}${GENERATION_MARK}${pointer.counter}`;
      await this.dropNow(physical);
      return physical;
    });
  }

  async promote(collection: string, physical: string): Promise<void> {
    const logical = logicalName(collection);
    if (!physical.startsWith(`${logical}${GENERATION_MARK}`)) throw new Error(`${physical} is not a generation of ${logical}`);
    return this.serial(async () => {
      const previous = await this.inTransaction(async (session) => {
        const current = await this.resolve(logical, session);
        const switched = await this.generations().updateOne({ _id: logical }, { $set: { physical } }, { session });
        if (switched.matchedCount === 0) throw new Error(`no generation was started for ${logical}`);
        if (current !== physical) await this.checkpoints().deleteOne({ _id: current }, { session });
        return current;
      });
      if (previous !== physical) await this.db.dropCollection(previous, MAJORITY);
    });
  }

  async dropGeneration(physical: string): Promise<void> {
    if (!isGeneration(physical)) throw new Error(`not a generation name: ${physical}`);
    return this.serial(() => this.dropNow(physical));
  }

  async close(): Promise<void> {
    await this.queue;
    await this.client.close();
  }

  private serial<T>(run: () => Promise<T>): Promise<T> {
    // The runner expects one transaction at a time; concurrent ones would only conflict and retry.
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async inTransaction<T>(work: (session: ClientSession) => Promise<T>): Promise<T> {
    const session = this.client.startSession();
    try {
      return await session.withTransaction(work, TRANSACTION_OPTIONS);
    } finally {
      await session.endSession();
    }
  }

  private operations(session: ClientSession): ReadTransaction {
    // The snapshot fixes the pointer for the whole attempt, so one lookup per logical name is enough.
    const resolved = new Map<string, Promise<string>>();
    const resolve = (collection: string) => {
      let physical = resolved.get(collection);
      if (!physical) resolved.set(collection, (physical = this.resolve(collection, session)));
      return physical;
    };
    return {
      get: async <D extends { _id: string }>(collection: string, id: string) =>
        (await this.documents(await resolve(collection)).findOne({ _id: id }, { session })) as D | null,
      upsert: async (collection, doc) => {
        await this.documents(await resolve(collection)).replaceOne({ _id: doc._id }, doc, { upsert: true, session });
      },
      delete: async (collection, id) => {
        await this.documents(await resolve(collection)).deleteOne({ _id: id }, { session });
      },
      getCheckpoint: async (collection) => {
        const found = await this.checkpoints().findOne({ _id: await resolve(collection) }, { session });
        return found ? toCheckpoint(found) : null;
      },
      setCheckpoint: async (collection, checkpoint) => {
        const physical = await resolve(collection);
        await this.checkpoints().replaceOne({ _id: physical }, { ...checkpoint }, { upsert: true, session });
      },
    };
  }

  /** A generation's own name is used as it is; a logical name is served by its current generation. */
  private async resolve(collection: string, session?: ClientSession): Promise<string> {
    collectionName(collection);
    if (isGeneration(collection)) return collection;
    const pointer = await this.generations().findOne({ _id: collection }, { session });
    return pointer?.physical ?? collection;
  }

  private async dropNow(physical: string): Promise<void> {
    await this.checkpoints().deleteOne({ _id: physical }, MAJORITY);
    await this.db.dropCollection(physical, MAJORITY);
  }

  private documents(physical: string): Collection<{ _id: string }> {
    return this.db.collection<{ _id: string }>(collectionName(physical));
  }

  private checkpoints(): Collection<CheckpointDocument> {
    return this.db.collection<CheckpointDocument>(CHECKPOINTS);
  }

  private generations(): Collection<GenerationDocument> {
    return this.db.collection<GenerationDocument>(GENERATIONS);
  }
}

function logicalName(collection: string): string {
  if (isGeneration(collection)) throw new Error(`not a logical collection name: ${collection}`);
  return collectionName(collection);
}

function toCheckpoint(stored: CheckpointDocument): Checkpoint {
  const { _id, ...checkpoint } = stored;
  void _id;
  return checkpoint;
}
