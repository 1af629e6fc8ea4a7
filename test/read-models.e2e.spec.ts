import { DEMO_START, DEMO_STEPS } from '../apps/cli/src/demo/rushan-2024.demo.js';
import { P1, P2, P3, P4, P5 } from '../apps/cli/src/demo/rushan-2024.scenario.js';
import { SimulatedClock } from '../apps/cli/src/demo/simulated-clock.js';
import { PROJECTIONS } from '../libs/projections/src/read-models.js';
import { rebuildProjection } from '../libs/read-store/src/projection-runner.js';
import { type TestApp, createTestApp } from '../libs/testing/src/test-app.js';

/** Issue 4 over HTTP: the read models of the FY2024 demo, their scoping, read-your-writes, health and rebuild. */
describe('read models after the 乳山市 FY2024 demo', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock: new SimulatedClock(DEMO_START) });
    await t.play(DEMO_STEPS);
    await t.caughtUp();
  }, 60_000);
  afterAll(() => t.close());

  const as = (who: Parameters<TestApp['tokenFor']>[0]) => `Bearer ${t.tokenFor(who)}`;
  const get = async (path: string, who: Parameters<TestApp['tokenFor']>[0] = 'audit') => {
    const res = await t.http().get(path).set('Authorization', as(who));
    expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 200, code: undefined });
    return res.body;
  };
  const stepOf = (board: { steps: { step: string; status: string; detail: string }[] }, name: string) => board.steps.find((s) => s.step === name);

  it('the board shows P1 complete through disclosure, P4 with its overdue rectification and suspended interval, P5 stopped at the library', async () => {
    const { items, total } = await get('/board?fiscalYear=2024');
    expect(total).toBe(5);
    const byProject = Object.fromEntries(items.map((b: { proCode: string }) => [b.proCode, b]));

    const p1 = byProject[P1];
    expect(p1.overallStatus).toBe('DONE');
    expect(p1.steps.filter((s: { status: string }) => s.status !== 'DONE' && s.status !== 'NOT_APPLICABLE')).toEqual([]);
    expect(stepOf(p1, 'DISCLOSURE')).toMatchObject({ status: 'DONE' });
    expect(stepOf(p1, 'SELF_EVALUATION')?.detail).toContain('94.35 EXCELLENT');

    const p4 = byProject[P4];
    expect(stepOf(p4, 'RECTIFICATION')?.detail).toContain('was overdue');
    expect(stepOf(p4, 'FUNDING_CONTROL')?.detail).toContain('SUSPENDED 2024-09-05 → 2024-10-20');
    expect(stepOf(p4, 'KEY_EVALUATION')?.detail).toContain('72 FAIR');

    const p5 = byProject[P5];
    expect(p5).toMatchObject({ overallStatus: 'REFUSED', currentStage: 'EX_ANTE' });
    expect(stepOf(p5, 'LIBRARY')?.status).toBe('REFUSED');
    expect(stepOf(p5, 'BUDGET_APPROVAL')?.status).toBe('NOT_APPLICABLE');
  });

  it('filters the board by stage, status and department, a page at a time', async () => {
    const refused = await get('/board?fiscalYear=2024&status=REFUSED');
    expect(refused.items.map((b: { proCode: string }) => b.proCode)).toEqual([P5]);
    const exPost = await get('/board?stage=EX_POST&pageSize=2&page=2');
    expect({ total: exPost.total, page: exPost.page, count: exPost.items.length }).toEqual({ total: 4, page: 2, count: 2 });
    const d103 = await get('/board?deptCode=D103');
    expect(d103.items.map((b: { proCode: string }) => b.proCode)).toEqual([P3]);
    const bad = await t.http().get('/board?colour=red').set('Authorization', as('audit')).expect(400);
    expect(bad.body.code).toBe('UNKNOWN_FILTER');
  });

  it("lists P4's timeline in order with actor, role, legal basis and bilingual summaries", async () => {
    const { item, position } = await get(`/projects/${P4}/timeline`);
    const entries = item.entries as { position: string; type: string; actor: { role: string; name: string }; legalBasis: unknown[]; summary: { zh: string; en: string } }[];
    expect(Number(position)).toBeGreaterThan(0);
    const positions = entries.map((e) => Number(e.position));
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    const types = entries.map((e) => e.type);
    const inOrder = ['BudgetProjectDeclared', 'BudgetAndTargetsApproved', 'MonitoringSnapshotRecorded', 'KeyMonitoringConducted', 'RectificationNoticeIssued', 'RectificationOverdue', 'FundDisbursementSuspended', 'FundsRecovered', 'FundDisbursementResumed', 'KeyEvaluationCompleted', 'ResultsDisclosed'];
    expect(inOrder.map((type) => types.indexOf(type))).toEqual([...inOrder.map((type) => types.indexOf(type))].sort((a, b) => a - b));
    expect(inOrder.every((type) => types.includes(type))).toBe(true);
    const overdue = entries.find((e) => e.type === 'RectificationOverdue')!;
    expect(overdue.actor.role).toBe('SYSTEM');
    const recovery = entries.find((e) => e.type === 'FundsRecovered')!;
    expect(recovery.actor).toMatchObject({ role: 'FINANCE_AUTHORITY', name: '李强' });
    expect(recovery.legalBasis).toContainEqual({ docNo: '乳发〔2020〕3号', clause: '三(三)2' });
    expect(entries.every((e) => e.summary.zh.length > 0 && e.summary.en.length > 0)).toBe(true);
  });

  it('answers the other read models: ledgers, tracker, warnings, departments, discrepancies, notices, the 人大 register', async () => {
    const ledgers = await get('/funding-ledgers?gate=OPEN&fiscalYear=2024&deptCode=D104');
    expect(ledgers.items).toEqual([expect.objectContaining({ proCode: P4, recoveredFen: 300_000_000, intervals: [expect.objectContaining({ from: '2024-09-05', to: '2024-10-20' })] })]);
    const overdueCases = await get('/rectification-cases?overdue=true');
    expect(overdueCases.items.map((c: { caseId: string }) => c.caseId)).toEqual(['RC-2024-P4-01']);
    const red = await get('/warnings?light=RED');
    expect(red.items.map((w: { proCode: string }) => w.proCode)).toEqual([P4]);
    const education = await get('/department-overviews?deptCode=D101&fiscalYear=2024');
    expect(education.items[0].projects.map((p: { proCode: string }) => p.proCode)).toEqual([P1]);
    const flagged = await get('/discrepancies?flagged=true');
    expect(flagged.items.map((d: { proCode: string }) => d.proCode)).toEqual([P2]);
    const notices = await get('/circulated-notices?reason=LARGE_DISCREPANCY&deptCode=D102');
    expect(notices.items.map((n: { noticeId: string }) => n.noticeId)).toEqual(['TB-2025-01']);
    const register = await get('/fiscal-years/2024/register');
    expect(register.item.peoplesCongress).toHaveLength(1);
    expect(register.item.disclosures).toHaveLength(1);
  });

  it('scopes reads as commands are scoped: a department sees its own, finance and audit everything', async () => {
    const own = await get('/board?fiscalYear=2024', 'agriculture');
    expect(own.items.map((b: { proCode: string }) => b.proCode)).toEqual([P3]);
    const other = await t.http().get('/board?deptCode=D104').set('Authorization', as('agriculture')).expect(403);
    expect(other.body.code).toBe('NOT_YOUR_DEPARTMENT');
    expect((await t.http().get(`/projects/${P4}/timeline`).set('Authorization', as('agriculture')).expect(403)).body.code).toBe('NOT_YOUR_PROJECT');
    expect((await t.http().get('/board').set('Authorization', as('accountingFirm')).expect(403)).body.code).toBe('ROLE_NOT_ALLOWED');
    const unit = await get('/board', 'cdc');
    expect(unit.items.map((b: { proCode: string }) => b.proCode)).toEqual([P2]);
    await t.http().get('/board').expect(401);
  });

  it('keeps department-level and city-level read models from units and third parties, and refuses repeated or unknown filters', async () => {
    expect((await t.http().get('/department-overviews').set('Authorization', as('cdc')).expect(403)).body.code).toBe('ROLE_NOT_ALLOWED');
    expect((await t.http().get('/circulated-notices').set('Authorization', as('cdc')).expect(403)).body.code).toBe('ROLE_NOT_ALLOWED');
    expect((await get('/department-overviews', 'health')).items.map((d: { deptCode: string }) => d.deptCode)).toEqual(['D102']);
    // P2 never answered the July task: its department still sees the row, waiting for it.
    const waiting = await get('/warnings?taskId=MT-2024-07', 'health');
    expect(waiting.items).toEqual([expect.objectContaining({ proCode: P2, deptCode: 'D102', answered: false })]);
    for (const who of ['engineeringFirm', 'agriculture', 'cdc'] as const) {
      expect((await t.http().get('/fiscal-years/2024/register').set('Authorization', as(who)).expect(403)).body.code).toBe('ROLE_NOT_ALLOWED');
    }
    expect((await t.http().get('/board?deptCode=D101&deptCode=D102').set('Authorization', as('audit')).expect(400)).body.code).toBe('INVALID_FILTER');
    expect((await t.http().get('/board?constructor=x').set('Authorization', as('audit')).expect(400)).body.code).toBe('UNKNOWN_FILTER');
    expect((await t.http().get('/board/371083-2024-D101-001/1999').set('Authorization', as('audit')).expect(400)).body.code).toBe('INVALID_FISCAL_YEAR');
  });

  it('reads its own writes: a query with the command’s position waits for it and says which position it reflects', async () => {
    const [selfEvaluation] = (await get(`/streams/evaluation-${P3}-2024`)).events;
    const written = await t.http()
      .post(`/projects/${P3}/results/feedback`)
      .set('Authorization', as('finance'))
      .send({ fiscalYear: 2024, requiredActions: ['评价等级为良，按需保障'], basisEvents: [{ stream: `evaluation-${P3}-2024`, eventId: selfEvaluation.metadata.eventId }], occurredAt: '2025-07-01' })
      .expect(201);
    const board = await get(`/board/${P3}/2024?minPosition=${written.body.position}`);
    expect(board.caughtUp).toBe(true);
    expect(Number(board.position)).toBeGreaterThanOrEqual(Number(written.body.position));
    expect(stepOf(board.item, 'RESULTS_APPLICATION')?.status).toBe('DONE');
    const bad = await t.http().get(`/board/${P3}/2024?minPosition=soon`).set('Authorization', as('audit')).expect(400);
    expect(bad.body.code).toBe('INVALID_POSITION');
  });

  it('reports every projection’s lag in /health', async () => {
    await t.caughtUp();
    const health = await t.http().get('/health').expect(200);
    expect(health.body.status).toBe('ok');
    expect(health.body.projections.map((p: { name: string }) => p.name)).toEqual(PROJECTIONS.map((p) => p.name));
    expect(health.body.projections.every((p: { lag: number; state: string }) => p.lag === 0 && p.state === 'LIVE')).toBe(true);
  });

  it('rebuilds every read model from position 0 into documents identical to the live ones', async () => {
    await t.caughtUp();
    for (const projection of PROJECTIONS) {
      const live = await t.readStore.find(projection.name, { limit: 10_000 });
      const rebuilt = await rebuildProjection(t.store, t.readStore, projection);
      expect(rebuilt.physical).toMatch(new RegExp(`^${projection.name}__g\\d+$`));
      expect({ name: projection.name, docs: await t.readStore.find(projection.name, { limit: 10_000 }) }).toEqual({ name: projection.name, docs: live });
    }
  });
});
