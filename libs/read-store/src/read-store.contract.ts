import { randomUUID } from 'node:crypto';
import type { ReadStore } from './read-store.port.js';

interface Doc {
  _id: string;
  _position: string;
  deptCode: string;
  fiscalYear: number;
  score: number;
  overdue: boolean;
  reasons: string[];
  header: { proName: string };
}

/** The behaviour every ReadStore adapter must show; each test uses collections of its own. */
export function describeReadStoreContract(adapter: string, open: () => Promise<ReadStore>): void {
  describe(`ReadStore contract: ${adapter}`, () => {
    let store: ReadStore;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store?.close();
    });

    const collection = () => `c${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const doc = (id: string, change: Partial<Doc> = {}): Doc => ({
      _id: id,
      _position: '1',
      deptCode: 'D101',
      fiscalYear: 2024,
      score: 90,
      overdue: false,
      reasons: [],
      header: { proName: '城乡中小学校舍安全改造' },
      ...change,
    });
    const seed = async (name: string, docs: Doc[]) => {
      await store.ensureIndexes(name, ['deptCode', 'fiscalYear', 'score', 'overdue', 'reasons', 'header.proName']);
      await store.transaction(async (tx) => {
        for (const d of docs) await tx.upsert(name, d);
      });
    };

    it('upserts, gets and deletes documents in a transaction, with the checkpoint', async () => {
      const name = collection();
      await store.transaction(async (tx) => {
        await tx.upsert(name, doc('P1'));
        await tx.upsert(name, doc('P1', { score: 94.35 }));
        await tx.upsert(name, doc('P2'));
        await tx.delete(name, 'P2');
        await tx.setCheckpoint(name, { position: '42', version: 1, updatedAt: '2024-08-01T00:00:00.000Z' });
        expect((await tx.get<Doc>(name, 'P1'))?.score).toBe(94.35);
        expect(await tx.getCheckpoint(name)).toMatchObject({ position: '42' });
      });
      expect(await store.get<Doc>(name, 'P1')).toEqual(doc('P1', { score: 94.35 }));
      expect(await store.get(name, 'P2')).toBeNull();
      expect(await store.checkpoint(name)).toEqual({ position: '42', version: 1, updatedAt: '2024-08-01T00:00:00.000Z' });
      expect(await store.checkpoint(collection())).toBeNull();
    });

    it('writes nothing of a transaction that fails, checkpoint included', async () => {
      const name = collection();
      await expect(
        store.transaction(async (tx) => {
          await tx.upsert(name, doc('P1'));
          await tx.setCheckpoint(name, { position: '7', version: 1, updatedAt: 'now' });
          throw new Error('projection failed');
        }),
      ).rejects.toThrow('projection failed');
      expect(await store.get(name, 'P1')).toBeNull();
      expect(await store.checkpoint(name)).toBeNull();
    });

    it('runs concurrent transactions one after the other, losing no write', async () => {
      const name = collection();
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          store.transaction(async (tx) => {
            const current = await tx.get<Doc>(name, 'counter');
            await tx.upsert(name, doc('counter', { score: (current?.score ?? 0) + 1 }));
            void i;
          }),
        ),
      );
      expect((await store.get<Doc>(name, 'counter'))?.score).toBe(10);
    });

    it('finds by equality, membership, lists and ranges, sorted and paginated, with the total', async () => {
      const name = collection();
      await seed(name, [
        doc('P1', { score: 94.35, reasons: [] }),
        doc('P2', { deptCode: 'D102', score: 78, overdue: true, reasons: ['LARGE_DISCREPANCY'] }),
        doc('P3', { deptCode: 'D103', score: 88 }),
        doc('P4', { deptCode: 'D104', score: 72, overdue: true, reasons: ['POOR_RESULT', 'LARGE_DISCREPANCY'] }),
        doc('P9', { fiscalYear: 2025, score: 60 }),
      ]);
      const ids = (page: { items: Doc[] }) => page.items.map((d) => d._id);
      expect(ids(await store.find<Doc>(name, { filter: { fiscalYear: 2024 }, sort: [['score', -1]] }))).toEqual(['P1', 'P3', 'P2', 'P4']);
      expect(ids(await store.find<Doc>(name, { filter: { overdue: true } }))).toEqual(['P2', 'P4']);
      expect(ids(await store.find<Doc>(name, { filter: { deptCode: { in: ['D102', 'D103'] } } }))).toEqual(['P2', 'P3']);
      expect(ids(await store.find<Doc>(name, { filter: { reasons: 'LARGE_DISCREPANCY' } }))).toEqual(['P2', 'P4']);
      expect(ids(await store.find<Doc>(name, { filter: { score: { gte: 72, lte: 88 } }, sort: [['score', 1]] }))).toEqual(['P4', 'P2', 'P3']);
      expect(ids(await store.find<Doc>(name, { filter: { 'header.proName': '城乡中小学校舍安全改造', deptCode: 'D101' } }))).toEqual(['P1', 'P9']);
      const page = await store.find<Doc>(name, { sort: [['score', -1]], skip: 1, limit: 2 });
      expect({ ids: ids(page), total: page.total }).toEqual({ ids: ['P3', 'P2'], total: 5 });
      expect((await store.find<Doc>(name, { filter: { deptCode: { in: [] } } })).total).toBe(0);
    });

    it('rebuilds into a fresh generation while the old one serves, then swaps', async () => {
      const name = collection();
      await seed(name, [doc('P1', { score: 1 })]);
      await store.transaction((tx) => tx.setCheckpoint(name, { position: '10', version: 1, updatedAt: 'then' }));
      const fresh = await store.startGeneration(name);
      expect(fresh).not.toBe(name);
      await store.transaction(async (tx) => {
        await tx.upsert(fresh, doc('P1', { score: 2 }));
        await tx.setCheckpoint(fresh, { position: '12', version: 2, updatedAt: 'now' });
      });
      expect((await store.get<Doc>(name, 'P1'))?.score).toBe(1);
      expect(await store.checkpoint(name)).toMatchObject({ position: '10' });
      await store.promote(name, fresh);
      expect((await store.get<Doc>(name, 'P1'))?.score).toBe(2);
      expect(await store.checkpoint(name)).toMatchObject({ position: '12', version: 2 });
      expect(await store.physical(name)).toBe(fresh);
      await store.transaction((tx) => tx.upsert(name, doc('P2')));
      expect((await store.find<Doc>(fresh)).total).toBe(2);

      const abandoned = await store.startGeneration(name);
      await store.transaction((tx) => tx.upsert(abandoned, doc('P3')));
      await store.dropGeneration(abandoned);
      expect(await store.get(abandoned, 'P3')).toBeNull();
      expect((await store.find<Doc>(name)).total).toBe(2);
    });
  });
}
