import type { EventMetadata } from '../../event-store/src/event-store.port.js';

/**
 * An event as projections see it: the stored event, its position as text, and its subject — the project,
 * department and fiscal year it concerns, from its own data or, for streams whose later events do not repeat
 * them (a rectification case's report, say), from the first event of its stream that named them.
 */
export interface ProjectedEvent {
  stream: string;
  revision: number;
  position: string;
  type: string;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  subject: EventSubject;
  /**
   * The department and unit of every other declared project the event names in its data (a task's scope, a
   * disclosure's items …), for read models that open documents for each of them.
   */
  owners?: Record<string, { deptCode?: string; unitCode?: string }>;
}

export interface EventSubject {
  proCode?: string;
  deptCode?: string;
  unitCode?: string;
  fiscalYear?: number;
}

/** Every read-model document carries the position of the last event applied to it. */
export interface ReadDocument {
  _id: string;
  _position: string;
}

/**
 * A read model (design §5): a pure function from (document | null, event) to document | null, with the keys of
 * the documents an event touches. The runner feeds it every event once, in log order, and writes its documents
 * and its checkpoint in one transaction.
 */
export interface Projection<D extends ReadDocument = ReadDocument> {
  /** The collection it writes, also its checkpoint's name. */
  name: string;
  /** Raise it when apply changes meaning: the read model is then rebuilt from position 0. */
  version: number;
  /** The documents this event touches; none for an event the read model ignores. */
  keys(event: ProjectedEvent): string[];
  /** Pure. The new document for that key, or null to delete it. Must not mutate `doc`. */
  apply(doc: D | null, event: ProjectedEvent, key: string): D | null;
  /** Fields queries filter or sort on (dotted paths); the store indexes them. */
  indexes: string[];
}
