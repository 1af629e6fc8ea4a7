import { join } from 'node:path';
import type { EventStore } from './event-store.port.js';
import { EventStoreDbEventStore } from './eventstoredb-event-store.js';
import { SqliteEventStore } from './sqlite-event-store.js';

export interface EventStoreConfig {
  /** esdb://… : production on EventStoreDB; absent: the embedded SQLite file under dataDir. */
  eventStoreUrl?: string;
  dataDir: string;
  sqliteSynchronous?: 'FULL' | 'NORMAL';
  clock?: () => Date;
}

export function openEventStore(config: EventStoreConfig): EventStore {
  if (config.eventStoreUrl) return new EventStoreDbEventStore(config.eventStoreUrl, { clock: config.clock });
  return new SqliteEventStore({ file: join(config.dataDir, 'events.sqlite'), synchronous: config.sqliteSynchronous, clock: config.clock });
}
