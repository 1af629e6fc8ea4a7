import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandBus } from '@nestjs/cqrs';
import { Test, type TestingModule } from '@nestjs/testing';
import { CoreModule } from '../../../apps/api/src/app.module.js';
import { commandIdFor } from '../../event-sourcing/src/command-ids.js';
import type { Clock } from '../../event-sourcing/src/command-pipeline.js';
import type { Actor } from '../../event-store/src/event-store.port.js';
import { SqliteReadStore } from '../../read-store/src/sqlite-read-store.js';
import { SqliteEventStore } from '../../event-store/src/sqlite-event-store.js';
import { DeclareProjectCommand } from '../../projects/src/declare-project.command.js';
import { projectStream } from '../../projects/src/project.events.js';
import { ProjectsModule } from '../../projects/src/projects.module.js';
import { P4, declarationOf, finance, housing as d104 } from '../../testing/src/rushan-fixtures.js';
import { DEADLINE_WATCHER_ACTOR, DeadlineWatcher } from './deadline-watcher.js';
import { IssueRectificationNoticeCommand } from './issue-rectification-notice.command.js';
import { RectificationModule } from './rectification.module.js';
import { RejectRectificationCommand } from './reject-rectification.command.js';
import { ReportRectificationCommand } from './report-rectification.command.js';

// The watcher against the real embedded store and the application's core (pipeline, clock, rule sets): what it
// writes is what a restart, a second process or a retry would find.

/** A Shanghai wall-clock time. */
const at = (isoLocal: string) => new Date(`${isoLocal}+08:00`);

describe('DeadlineWatcher — overdue exactly once per case, on the real embedded store', () => {
  let dir: string;
  let store: SqliteEventStore;
  let moduleRef: TestingModule;
  let bus: CommandBus;
  let now: Date;
  const clock: Clock = () => now;
  let basis: { stream: string; eventId: string };

  const send = <T>(command: T) => bus.execute(command as never) as Promise<{ events: { eventId: string }[] }>;
  const envelope = (actor: Actor, occurredAt?: string) => ({ commandId: randomUUID(), actor, ...(occurredAt ? { occurredAt } : {}) });

  const issue = (caseId: string, deadline: string, occurredAt = '2024-08-15') =>
    send(
      new IssueRectificationNoticeCommand(
        {
          caseId,
          proCode: P4,
          fiscalYear: 2024,
          origin: 'KEY_MONITORING',
          findings: ['施工场地未具备开工条件，主要施工合同尚未签订'],
          requirements: ['限期签订施工合同并进场施工'],
          deadline,
          docNo: '乳财绩〔2024〕15号',
          basisEvents: [basis],
          occurredAt,
        },
        envelope(finance, occurredAt),
      ),
    );
  const report = (caseId: string, occurredAt: string) =>
    send(new ReportRectificationCommand({ caseId, measures: ['已签订施工合同'], completedOn: occurredAt, occurredAt }, envelope(d104, occurredAt)));
  const overdueEvents = async (caseId?: string) =>
    (await store.readAll({ eventTypes: ['RectificationOverdue'] })).filter((e) => caseId === undefined || e.stream === `rectification-${caseId}`);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'budgetloop-watcher-'));
    store = new SqliteEventStore({ file: join(dir, 'events.sqlite'), pollIntervalMs: 20 });
    now = at('2024-08-15T09:00:00');
    moduleRef = await Test.createTestingModule({ imports: [CoreModule.forRoot({ store, readStore: new SqliteReadStore({ file: join(dir, 'read-models.sqlite') }), jwtSecret: 'watcher-spec', clock }), ProjectsModule, RectificationModule] }).compile();
    await moduleRef.init();
    bus = moduleRef.get(CommandBus);
    const declared = await send(new DeclareProjectCommand(declarationOf(P4), envelope(d104, '2023-09-15')));
    basis = { stream: projectStream(P4), eventId: declared.events[0].eventId };
  });

  afterEach(async () => {
    await moduleRef.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('marks a case past its deadline once across two runs and a new watcher; a case reported in time and one not yet due get none', async () => {
    await issue('RC-2024-P4-01', '2024-08-31');
    await issue('RC-2024-P4-02', '2024-08-31');
    await issue('RC-2024-P4-03', '2024-09-30');
    now = at('2024-08-28T15:00:00');
    await report('RC-2024-P4-02', '2024-08-28');

    const watcher = moduleRef.get(DeadlineWatcher);
    now = at('2024-08-31T23:59:00');
    expect(await watcher.runOnce()).toEqual([]);

    now = at('2024-09-02T10:00:00');
    expect(await watcher.runOnce()).toEqual(['RC-2024-P4-01']);
    expect(await watcher.runOnce()).toEqual([]);
    expect(await new DeadlineWatcher(store, clock, bus).runOnce()).toEqual([]);

    const [marked, ...more] = await overdueEvents();
    expect(more).toEqual([]);
    expect(marked.stream).toBe('rectification-RC-2024-P4-01');
    expect(marked.data).toEqual({ caseId: 'RC-2024-P4-01', deadline: '2024-08-31', detectedAt: '2024-09-02T02:00:00.000Z' });
    expect(marked.metadata).toMatchObject({
      actor: DEADLINE_WATCHER_ACTOR,
      occurredAt: '2024-09-01T00:00:00+08:00',
      causationId: commandIdFor(DEADLINE_WATCHER_ACTOR.userId, 'overdue:RC-2024-P4-01:2024-08-31'),
      legalBasis: [{ docNo: '乳发〔2020〕3号', clause: '三(三)2' }],
    });

    // The case not yet due becomes due later, and the same watcher sees it without starting over.
    now = at('2024-10-01T08:00:00');
    expect(await watcher.runOnce()).toEqual(['RC-2024-P4-03']);
    expect((await overdueEvents()).map((e) => e.stream).sort()).toEqual(['rectification-RC-2024-P4-01', 'rectification-RC-2024-P4-03']);
    expect(await overdueEvents('RC-2024-P4-02')).toEqual([]);
  });

  it('two watchers sweeping at once write one overdue event between them', async () => {
    await issue('RC-2024-P4-01', '2024-08-31');
    now = at('2024-09-05T09:00:00');
    const results = await Promise.all([new DeadlineWatcher(store, clock, bus).runOnce(), new DeadlineWatcher(store, clock, bus).runOnce()]);
    expect(results.flat()).toEqual(['RC-2024-P4-01']);
    expect(await overdueEvents('RC-2024-P4-01')).toHaveLength(1);
  });

  it('a rejection with a new deadline reopens the case; it falls overdue once that deadline passes', async () => {
    await issue('RC-2024-P4-01', '2024-08-31');
    now = at('2024-08-30T10:00:00');
    await report('RC-2024-P4-01', '2024-08-30');
    now = at('2024-09-03T10:00:00');
    await send(new RejectRectificationCommand({ caseId: 'RC-2024-P4-01', opinion: '施工进度仍滞后', newDeadline: '2024-09-20', occurredAt: '2024-09-03' }, envelope(finance, '2024-09-03')));
    const watcher = moduleRef.get(DeadlineWatcher);
    expect(await watcher.runOnce()).toEqual([]);
    now = at('2024-09-21T09:00:00');
    expect(await watcher.runOnce()).toEqual(['RC-2024-P4-01']);
    expect((await overdueEvents('RC-2024-P4-01')).map((e) => e.data.deadline)).toEqual(['2024-09-20']);
  });

  it('sweeps periodically once started, and stops', async () => {
    await issue('RC-2024-P4-01', '2024-08-31');
    now = at('2024-09-02T10:00:00');
    const watcher = new DeadlineWatcher(store, clock, bus);
    watcher.start(10);
    try {
      const deadline = Date.now() + 5000;
      while ((await overdueEvents()).length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      watcher.stop();
    }
    expect(await overdueEvents('RC-2024-P4-01')).toHaveLength(1);
  });
});
