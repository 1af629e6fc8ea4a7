// Read models live here (design §5): document collections and the checkpoints of the projections that write
// them. Two adapters implement this port (embedded SQLite, MongoDB); both pass read-store.contract.ts.

export type Scalar = string | number | boolean;

/**
 * Equality on a field (a dotted path; where the field holds an array of scalars, membership), `in` for any of
 * several values, a range with gte/lte.
 */
export type FieldCondition = Scalar | { in: Scalar[] } | { gte?: Scalar; lte?: Scalar };

export interface FindQuery {
  filter?: Record<string, FieldCondition>;
  /** Fields and directions, applied in order; the document id breaks ties. */
  sort?: [field: string, direction: 1 | -1][];
  skip?: number;
  limit?: number;
}

export interface Page<D> {
  items: D[];
  total: number;
}

export interface Checkpoint {
  /** The log position of the last event applied (formatPosition text); absent before the first. */
  position?: string;
  /** The projection version the collection was built with. */
  version: number;
  updatedAt: string;
}

/** Everything a projection batch writes: documents and the checkpoint commit together, or not at all. */
export interface ReadTransaction {
  get<D extends { _id: string }>(collection: string, id: string): Promise<D | null>;
  upsert<D extends { _id: string }>(collection: string, doc: D): Promise<void>;
  delete(collection: string, id: string): Promise<void>;
  getCheckpoint(collection: string): Promise<Checkpoint | null>;
  setCheckpoint(collection: string, checkpoint: Checkpoint): Promise<void>;
}

export interface ReadStore {
  /** Runs the work in one transaction; the store runs one at a time. */
  transaction<T>(work: (tx: ReadTransaction) => Promise<T>): Promise<T>;
  get<D extends { _id: string }>(collection: string, id: string): Promise<D | null>;
  find<D extends { _id: string }>(collection: string, query?: FindQuery): Promise<Page<D>>;
  checkpoint(collection: string): Promise<Checkpoint | null>;
  ensureIndexes(collection: string, fields: string[]): Promise<void>;
  /**
   * Rebuild support (design §5: fresh collections from position 0, then swap). A logical collection name is
   * served by one physical collection at a time: `physical` names it, `startGeneration` prepares an empty
   * successor, `promote` makes the successor the one served and drops its predecessor, in one step.
   */
  physical(collection: string): Promise<string>;
  startGeneration(collection: string): Promise<string>;
  promote(collection: string, physical: string): Promise<void>;
  /** Drops a generation that was started but will not be promoted (an interrupted rebuild). */
  dropGeneration(physical: string): Promise<void>;
  close(): Promise<void>;
}

/** Nest injection token for the configured ReadStore adapter. */
export const READ_STORE = Symbol('ReadStore');
