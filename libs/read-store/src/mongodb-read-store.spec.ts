import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { MongoReadStore, TRANSACTION_OPTIONS, databaseName, fieldPath, isGeneration, toMongoFilter, toMongoPage, toMongoSort } from './mongodb-read-store.js';
import { describeReadStoreContract } from './read-store.contract.js';

const url = process.env.MONGODB_URL;

if (url) {
  // A database of its own per run, so the suite can share a server with other runs and leave nothing behind.
  const database = `budgetloop_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  describeReadStoreContract('MongoDB', () => MongoReadStore.connect(url, { database }));
  afterAll(async () => {
    const client = await MongoClient.connect(url);
    try {
      await client.db(database).dropDatabase();
    } finally {
      await client.close();
    }
  });
} else {
  console.log('MongoDB contract suite skipped: MONGODB_URL is not set (e.g. MONGODB_URL=mongodb://localhost:27017/?replicaSet=rs0)');
}

describe('MongoReadStore query translation', () => {
  it('turns scalars into equalities, which MongoDB also matches against array members', () => {
    expect(toMongoFilter({ fiscalYear: 2024, overdue: true, reasons: 'LARGE_DISCREPANCY', 'header.proName': '城乡中小学校舍安全改造' })).toEqual({
      fiscalYear: 2024,
      overdue: true,
      reasons: 'LARGE_DISCREPANCY',
      'header.proName': '城乡中小学校舍安全改造',
    });
  });

  it('turns lists into $in, an empty list included, and ranges into $gte/$lte', () => {
    expect(toMongoFilter({ deptCode: { in: ['D102', 'D103'] }, unitCode: { in: [] } })).toEqual({ deptCode: { $in: ['D102', 'D103'] }, unitCode: { $in: [] } });
    expect(toMongoFilter({ score: { gte: 72, lte: 88 } })).toEqual({ score: { $gte: 72, $lte: 88 } });
    expect(toMongoFilter({ score: { gte: 72 }, updatedAt: { lte: '2024-12-31' } })).toEqual({ score: { $gte: 72 }, updatedAt: { $lte: '2024-12-31' } });
  });

  it('leaves out an open range instead of matching an empty object', () => {
    expect(toMongoFilter({ score: {} })).toEqual({});
    expect(toMongoFilter({ score: { gte: undefined, lte: undefined } })).toEqual({});
    expect(toMongoFilter(undefined)).toEqual({});
  });

  it('refuses values that are not scalars, so no operator reaches the server', () => {
    expect(() => toMongoFilter({ score: { gte: { $where: '1' } as unknown as number } })).toThrow('not a scalar for score');
    expect(() => toMongoFilter({ deptCode: { in: [{ $ne: 'x' } as unknown as string] } })).toThrow('not a scalar for deptCode');
    expect(() => toMongoFilter({ deptCode: { in: 'D101' as unknown as string[] } })).toThrow('not a list for deptCode');
    expect(() => toMongoFilter({ score: Number.NaN })).toThrow('not a scalar for score');
  });

  it('sorts in the given order with _id breaking ties, the first mention of a field winning', () => {
    expect(Object.entries(toMongoSort([['score', -1], ['header.proName', 1]]))).toEqual([
      ['score', -1],
      ['header.proName', 1],
      ['_id', 1],
    ]);
    expect(Object.entries(toMongoSort([['score', -1], ['score', 1]]))).toEqual([
      ['score', -1],
      ['_id', 1],
    ]);
    expect(toMongoSort(undefined)).toEqual({ _id: 1 });
    expect(Object.entries(toMongoSort([['_id', -1]]))).toEqual([['_id', -1]]);
    expect(() => toMongoSort([['score', 0 as 1]])).toThrow('not a sort direction for score');
  });

  it('reads skip and limit as the SQLite adapter does', () => {
    expect(toMongoPage({ skip: 1, limit: 2 })).toEqual({ skip: 1, limit: 2 });
    expect(toMongoPage({})).toEqual({});
    expect(toMongoPage({ skip: -3, limit: -1 })).toEqual({});
    expect(toMongoPage({ skip: 0, limit: 0 })).toEqual({ limit: 0 });
  });
});

describe('MongoReadStore field paths and names', () => {
  it('accepts dotted identifiers and rejects operators and odd paths', () => {
    expect(fieldPath('header.proName')).toBe('header.proName');
    expect(fieldPath('_id')).toBe('_id');
    for (const bad of ['$where', 'a.$b', 'a..b', '.a', 'a.', '1a', 'a-b', 'a b', '', 'a.0']) {
      expect(() => fieldPath(bad)).toThrow(`not a field path: ${bad}`);
    }
    expect(() => toMongoFilter({ $where: 'sleep(1000)' })).toThrow('not a field path: $where');
    expect(() => toMongoSort([['$natural', 1]])).toThrow('not a field path: $natural');
  });

  it('takes the database from the URL path, else budgetloop', () => {
    expect(databaseName('mongodb://localhost:27017/?replicaSet=rs0')).toBe('budgetloop');
    expect(databaseName('mongodb://localhost:27017')).toBe('budgetloop');
    expect(databaseName('mongodb://user:p%40ss@a:27017,b:27018/readmodels?replicaSet=rs0')).toBe('readmodels');
    expect(databaseName('mongodb+srv://cluster0.example.net/bl%2Dprod?retryWrites=true')).toBe('bl-prod');
    expect(databaseName('mongodb://localhost/test')).toBe('test');
  });

  it('tells generation names from logical ones', () => {
    expect(isGeneration('board__g3')).toBe(true);
    expect(isGeneration('board')).toBe(false);
  });

  it('runs transactions with snapshot reads and majority commits', () => {
    expect(TRANSACTION_OPTIONS.readConcern).toEqual({ level: 'snapshot' });
    expect(TRANSACTION_OPTIONS.writeConcern?.w).toBe('majority');
    expect(TRANSACTION_OPTIONS.readPreference).toBe('primary');
  });
});
