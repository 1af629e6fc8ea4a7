import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewEvent } from '../../event-store/src/event-store.port.js';
import { SqliteEventStore } from '../../event-store/src/sqlite-event-store.js';
import { ProjectionRunner, applyBatch, rebuildProjection } from './projection-runner.js';
import type { Projection, ReadDocument } from './projection.js';
import { SqliteReadStore } from './sqlite-read-store.js';

interface CaseCount extends ReadDocument {
  proCode?: string;
  deptCode?: string;
  fiscalYear?: number;
  types: string[];
}

/** Per project: the types of the events that concern it, in order — enough to see order, subjects and duplicates. */
const perProject = (version = 1, failOn?: string): Projection<CaseCount> => ({
  name: 'per-project',
  version,
  indexes: ['deptCode'],
  keys: (e) => (e.subject.proCode ? [e.subject.proCode] : []),
  apply: (doc, e) => {
    if (e.type === failOn) throw new Error('cannot read this event');
    return { ...(doc ?? { _id: '', _position: '' }), proCode: e.subject.proCode, deptCode: e.subject.deptCode, fiscalYear: e.subject.fiscalYear ?? doc?.fiscalYear, types: [...(doc?.types ?? []), e.type] };
  },
});

const newEvent = (type: string, data: Record<string, unknown>): NewEvent => ({
  type,
  data,
  metadata: {
    eventId: randomUUID(),
    schemaVersion: 1,
    occurredAt: '2024-08-15T00:00:00+08:00',
    actor: { userId: 'fin-wangmin', role: 'FINANCE_AUTHORITY', orgCode: 'FIN-RS', orgName: '乳山市财政局' },
    correlationId: 'c',
    causationId: randomUUID(),
    legalBasis: [],
    evidence: [],
  },
});

describe('ProjectionRunner', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  async function setUp() {
    const dir = mkdtempSync(join(tmpdir(), 'budgetloop-runner-'));
    dirs.push(dir);
    const events = new SqliteEventStore({ file: join(dir, 'events.sqlite'), pollIntervalMs: 10 });
    const reads = new SqliteReadStore({ file: join(dir, 'read-models.sqlite') });
    // P4 is declared; its rectification case names it in the notice only; its funding stream never names the department.
    await events.append('project-P4', [newEvent('BudgetProjectDeclared', { proCode: 'P4', deptCode: 'D104' })], 'no_stream');
    await events.append('rectification-RC-1', [newEvent('RectificationNoticeIssued', { caseId: 'RC-1', proCode: 'P4', fiscalYear: 2024 })], 'no_stream');
    await events.append('funding-P4-2024', [newEvent('FundsDisbursed', { proCode: 'P4', fiscalYear: 2024, amountFen: 1 })], 'no_stream');
    await events.append('rectification-RC-1', [newEvent('RectificationOverdue', { caseId: 'RC-1' }), newEvent('RectificationReported', { caseId: 'RC-1' })], 0);
    await events.append('project-P1', [newEvent('BudgetProjectDeclared', { proCode: 'P1', deptCode: 'D101' })], 'no_stream');
    return { dir, events, reads };
  }

  it('applies every event once, in log order, with subjects learnt from earlier events', async () => {
    const { events, reads } = await setUp();
    const runner = new ProjectionRunner(events, reads, [perProject()], { batchSize: 2 });
    await runner.catchUp();
    const p4 = await reads.get<CaseCount>('per-project', 'P4');
    expect(p4).toMatchObject({
      deptCode: 'D104',
      fiscalYear: 2024,
      types: ['BudgetProjectDeclared', 'RectificationNoticeIssued', 'FundsDisbursed', 'RectificationOverdue', 'RectificationReported'],
      _position: '5',
    });
    expect(await reads.checkpoint('per-project')).toMatchObject({ position: '6', version: 1 });
    expect(runner.status()).toEqual([expect.objectContaining({ name: 'per-project', state: 'LIVE', position: '6' })]);
  });

  it('changes nothing when a batch is applied twice', async () => {
    const { events, reads } = await setUp();
    const projection = perProject();
    const all = await events.readAll();
    await applyBatch(reads, projection, projection.name, all);
    const once = await reads.find('per-project');
    await applyBatch(reads, projection, projection.name, all);
    await applyBatch(reads, projection, projection.name, all.slice(2, 4));
    expect(await reads.find('per-project')).toEqual(once);
  });

  it('after a crash mid-batch, restarts from its checkpoint to documents equal to a fresh rebuild', async () => {
    const { dir, events, reads } = await setUp();
    // The first run dies on the overdue event: nothing of that batch may remain.
    const crashing = new ProjectionRunner(events, reads, [perProject(1, 'RectificationOverdue')], { batchSize: 3 });
    await expect(crashing.catchUp()).rejects.toThrow('per-project could not apply RectificationOverdue at 4 (rectification-RC-1)');
    expect(await reads.checkpoint('per-project')).toMatchObject({ position: '3' });
    expect((await reads.get<CaseCount>('per-project', 'P4'))?.types).toEqual(['BudgetProjectDeclared', 'RectificationNoticeIssued', 'FundsDisbursed']);

    const restarted = new ProjectionRunner(events, new SqliteReadStore({ file: join(dir, 'read-models.sqlite') }), [perProject()]);
    await restarted.catchUp();
    const live = await reads.find('per-project');

    const fresh = new SqliteReadStore({ file: join(dir, 'fresh.sqlite') });
    await rebuildProjection(events, fresh, perProject());
    expect(await fresh.find('per-project')).toEqual(live);
  });

  it('stops a failing projection with its failure reported, while the others go on', async () => {
    const { events, reads } = await setUp();
    const healthy = { ...perProject(), name: 'healthy' };
    const runner = new ProjectionRunner(events, reads, [perProject(1, 'FundsDisbursed'), healthy], { pollMs: 10 });
    await runner.start();
    await runner.waitFor('6', 5000, ['healthy']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const failing = runner.status().find((s) => s.name === 'per-project');
    expect(failing).toMatchObject({ state: 'FAILED', failure: { position: '3', type: 'FundsDisbursed', stream: 'funding-P4-2024' } });
    expect(await reads.checkpoint('per-project')).toBeNull();
    expect(await runner.waitFor('6', 100, ['per-project'])).toBe(false);
    await runner.stop();
  });

  it('follows live appends, and rebuilds by itself when the projection version changes', async () => {
    const { events, reads } = await setUp();
    const runner = new ProjectionRunner(events, reads, [perProject()], { pollMs: 10 });
    await runner.start();
    await events.append('project-P1', [newEvent('ProjectTerminated', { proCode: 'P1' })], 0);
    expect(await runner.waitFor('7', 5000)).toBe(true);
    expect((await reads.get<CaseCount>('per-project', 'P1'))?.types).toEqual(['BudgetProjectDeclared', 'ProjectTerminated']);
    await runner.stop();

    const upgraded = new ProjectionRunner(events, reads, [perProject(2)], { pollMs: 10 });
    await upgraded.catchUp();
    expect(await reads.checkpoint('per-project')).toMatchObject({ version: 2, position: '7' });
    expect(await reads.physical('per-project')).toBe('per-project__g1');
    expect((await reads.get<CaseCount>('per-project', 'P4'))?.types).toHaveLength(5);
  });

  it('rebuilds into a new generation that a running runner picks up after the swap', async () => {
    const { events, reads } = await setUp();
    const runner = new ProjectionRunner(events, reads, [perProject()], { pollMs: 10 });
    await runner.start();
    await runner.waitFor('6', 5000);
    const progress: number[] = [];
    const rebuilt = await rebuildProjection(events, reads, perProject(), { batchSize: 2, onProgress: (n) => progress.push(n) });
    expect(rebuilt).toEqual({ events: 6, physical: 'per-project__g1' });
    expect(progress).toEqual([2, 4, 6]);
    await events.append('project-P1', [newEvent('ProjectTerminated', { proCode: 'P1' })], 0);
    expect(await runner.waitFor('7', 5000)).toBe(true);
    expect((await reads.get<CaseCount>('per-project__g1', 'P1'))?.types).toEqual(['BudgetProjectDeclared', 'ProjectTerminated']);
    await runner.stop();
  });
});
