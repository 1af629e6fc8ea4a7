import { join } from 'node:path';
import { MongoReadStore } from './mongodb-read-store.js';
import type { ReadStore } from './read-store.port.js';
import { SqliteReadStore } from './sqlite-read-store.js';

export interface ReadStoreConfig {
  /** mongodb://… (a replica set): production; absent: the embedded SQLite file under dataDir. */
  mongodbUrl?: string;
  dataDir: string;
  sqliteSynchronous?: 'FULL' | 'NORMAL';
}

export async function openReadStore(config: ReadStoreConfig): Promise<ReadStore> {
  if (config.mongodbUrl) return MongoReadStore.connect(config.mongodbUrl);
  return new SqliteReadStore({ file: join(config.dataDir, 'read-models.sqlite'), synchronous: config.sqliteSynchronous });
}
