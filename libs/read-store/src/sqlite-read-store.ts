import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Checkpoint, FieldCondition, FindQuery, Page, ReadStore, ReadTransaction, Scalar } from './read-store.port.js';

export interface SqliteReadStoreOptions {
  file: string;
  synchronous?: 'FULL' | 'NORMAL';
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS documents (
  collection TEXT NOT NULL,
  id         TEXT NOT NULL,
  doc        TEXT NOT NULL,
  PRIMARY KEY (collection, id)
);
CREATE TABLE IF NOT EXISTS checkpoints (
  collection TEXT PRIMARY KEY,
  checkpoint TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS generations (
  collection TEXT PRIMARY KEY,
  physical   TEXT NOT NULL,
  counter    INTEGER NOT NULL
);
`;

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const GENERATION_MARK = '__g';

function path(field: string): string {
  if (!FIELD.test(field)) throw new Error(`not a field path: ${field}`);
  return `$.${field}`;
}

/** JSON booleans come back from json_extract as 1 and 0. */
const bindable = (value: Scalar): string | number => (typeof value === 'boolean' ? (value ? 1 : 0) : value);

/**
 * Read models in one SQLite file (WAL): a document table keyed by (collection, id), with expression indexes on
 * the fields queries use. One connection writes, in transactions the store runs one at a time; another reads,
 * so a query never sees a batch half written.
 */
export class SqliteReadStore implements ReadStore {
  private readonly writer: Database.Database;
  private readonly reader: Database.Database;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: SqliteReadStoreOptions) {
    mkdirSync(dirname(options.file), { recursive: true });
    this.writer = new Database(options.file);
    this.writer.pragma('journal_mode = WAL');
    this.writer.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    this.writer.pragma('busy_timeout = 5000');
    this.writer.exec(SCHEMA);
    this.reader = new Database(options.file);
    this.reader.pragma('busy_timeout = 5000');
  }

  transaction<T>(work: (tx: ReadTransaction) => Promise<T>): Promise<T> {
    const run = async () => {
      this.writer.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(this.operations(this.writer));
        this.writer.exec('COMMIT');
        return result;
      } catch (error) {
        this.writer.exec('ROLLBACK');
        throw error;
      }
    };
    // better-sqlite3 has one connection per handle: transactions must not interleave across awaits.
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private operations(db: Database.Database): ReadTransaction {
    return {
      get: async <D extends { _id: string }>(collection: string, id: string) => getDocument<D>(db, resolve(db, collection), id),
      upsert: async (collection, doc) => {
        db.prepare('INSERT INTO documents (collection, id, doc) VALUES (?, ?, ?) ON CONFLICT (collection, id) DO UPDATE SET doc = excluded.doc').run(
          resolve(db, collection),
          doc._id,
          JSON.stringify(doc),
        );
      },
      delete: async (collection, id) => {
        db.prepare('DELETE FROM documents WHERE collection = ? AND id = ?').run(resolve(db, collection), id);
      },
      getCheckpoint: async (collection) => readCheckpoint(db, resolve(db, collection)),
      setCheckpoint: async (collection, checkpoint) => {
        db.prepare('INSERT INTO checkpoints (collection, checkpoint) VALUES (?, ?) ON CONFLICT (collection) DO UPDATE SET checkpoint = excluded.checkpoint').run(
          resolve(db, collection),
          JSON.stringify(checkpoint),
        );
      },
    };
  }

  async get<D extends { _id: string }>(collection: string, id: string): Promise<D | null> {
    return getDocument<D>(this.reader, resolve(this.reader, collection), id);
  }

  async find<D extends { _id: string }>(collection: string, query: FindQuery = {}): Promise<Page<D>> {
    const where = ['collection = ?'];
    const params: (string | number)[] = [resolve(this.reader, collection)];
    for (const [field, condition] of Object.entries(query.filter ?? {})) {
      const [sql, values] = conditionSql(path(field), condition);
      where.push(sql);
      params.push(...values);
    }
    const whereSql = where.join(' AND ');
    const total = (this.reader.prepare(`SELECT COUNT(*) AS n FROM documents WHERE ${whereSql}`).get(...params) as { n: number }).n;
    const order = [...(query.sort ?? []).map(([field, direction]) => `json_extract(doc, '${path(field)}') ${direction === -1 ? 'DESC' : 'ASC'}`), 'id ASC'].join(', ');
    const rows = this.reader
      .prepare(`SELECT doc FROM documents WHERE ${whereSql} ORDER BY ${order} LIMIT ? OFFSET ?`)
      .all(...params, query.limit ?? -1, query.skip ?? 0) as { doc: string }[];
    return { items: rows.map((row) => JSON.parse(row.doc) as D), total };
  }

  async checkpoint(collection: string): Promise<Checkpoint | null> {
    return readCheckpoint(this.reader, resolve(this.reader, collection));
  }

  async ensureIndexes(collection: string, fields: string[]): Promise<void> {
    // Indexes span every collection of the table: one per field path serves them all.
    for (const field of fields) {
      const name = `documents_${field.replace(/\./g, '_')}`;
      this.writer.exec(`CREATE INDEX IF NOT EXISTS "${name}" ON documents (collection, json_extract(doc, '${path(field)}'))`);
    }
    void collection;
  }

  async physical(collection: string): Promise<string> {
    return resolve(this.reader, collection);
  }

  startGeneration(collection: string): Promise<string> {
    return this.transaction(async () => {
      const row = this.writer.prepare('SELECT counter FROM generations WHERE collection = ?').get(collection) as { counter: number } | undefined;
      const counter = (row?.counter ?? 0) + 1;
      const physical = `${collection}${GENERATION_MARK}${counter}`;
      this.writer
        .prepare('INSERT INTO generations (collection, physical, counter) VALUES (?, ?, ?) ON CONFLICT (collection) DO UPDATE SET counter = excluded.counter')
        .run(collection, resolve(this.writer, collection), counter);
      this.dropNow(physical);
      return physical;
    });
  }

  promote(collection: string, physical: string): Promise<void> {
    return this.transaction(async () => {
      const previous = resolve(this.writer, collection);
      this.writer.prepare('UPDATE generations SET physical = ? WHERE collection = ?').run(physical, collection);
      if (previous !== physical) this.dropNow(previous);
    });
  }

  dropGeneration(physical: string): Promise<void> {
    return this.transaction(async () => this.dropNow(physical));
  }

  private dropNow(physical: string): void {
    this.writer.prepare('DELETE FROM documents WHERE collection = ?').run(physical);
    this.writer.prepare('DELETE FROM checkpoints WHERE collection = ?').run(physical);
  }

  async close(): Promise<void> {
    await this.queue;
    this.reader.close();
    this.writer.close();
  }
}

/** A generation's own name is used as it is; a logical name is served by its current generation. */
function resolve(db: Database.Database, collection: string): string {
  if (collection.includes(GENERATION_MARK)) return collection;
  const row = db.prepare('SELECT physical FROM generations WHERE collection = ?').get(collection) as { physical: string } | undefined;
  return row?.physical ?? collection;
}

function readCheckpoint(db: Database.Database, collection: string): Checkpoint | null {
  const row = db.prepare('SELECT checkpoint FROM checkpoints WHERE collection = ?').get(collection) as { checkpoint: string } | undefined;
  return row ? (JSON.parse(row.checkpoint) as Checkpoint) : null;
}

function getDocument<D>(db: Database.Database, collection: string, id: string): D | null {
  const row = db.prepare('SELECT doc FROM documents WHERE collection = ? AND id = ?').get(collection, id) as { doc: string } | undefined;
  return row ? (JSON.parse(row.doc) as D) : null;
}

function conditionSql(jsonPath: string, condition: FieldCondition): [string, (string | number)[]] {
  const field = `json_extract(doc, '${jsonPath}')`;
  // Equality on a scalar field, or membership where the field holds an array.
  const matches = (placeholders: string) =>
    `(${field} IN (${placeholders}) OR (json_type(doc, '${jsonPath}') = 'array' AND EXISTS (SELECT 1 FROM json_each(doc, '${jsonPath}') WHERE value IN (${placeholders}))))`;
  if (typeof condition !== 'object') return [matches('?'), [bindable(condition), bindable(condition)]];
  if ('in' in condition) {
    if (condition.in.length === 0) return ['0', []];
    const placeholders = condition.in.map(() => '?').join(', ');
    const values = condition.in.map(bindable);
    return [matches(placeholders), [...values, ...values]];
  }
  const parts: string[] = [];
  const values: (string | number)[] = [];
  if (condition.gte !== undefined) {
    parts.push(`${field} >= ?`);
    values.push(bindable(condition.gte));
  }
  if (condition.lte !== undefined) {
    parts.push(`${field} <= ?`);
    values.push(bindable(condition.lte));
  }
  return [parts.length ? parts.join(' AND ') : '1', values];
}
