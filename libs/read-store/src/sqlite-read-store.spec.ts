import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeReadStoreContract } from './read-store.contract.js';
import { SqliteReadStore } from './sqlite-read-store.js';

const dir = mkdtempSync(join(tmpdir(), 'budgetloop-rs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeReadStoreContract('embedded SQLite', async () => new SqliteReadStore({ file: join(dir, 'read-models.sqlite') }));

describe('SqliteReadStore specifics', () => {
  it('lets a second connection to the same file (another process) see committed documents only', async () => {
    const file = join(dir, 'shared.sqlite');
    const writer = new SqliteReadStore({ file });
    const reader = new SqliteReadStore({ file });
    await writer.transaction((tx) => tx.upsert('board', { _id: 'P1', _position: '1' }));
    expect(await reader.get('board', 'P1')).toEqual({ _id: 'P1', _position: '1' });
    const generation = await reader.startGeneration('board');
    await reader.transaction((tx) => tx.upsert(generation, { _id: 'P1', _position: '2' }));
    await reader.promote('board', generation);
    expect(await writer.get('board', 'P1')).toEqual({ _id: 'P1', _position: '2' });
    await writer.close();
    await reader.close();
  });
});
