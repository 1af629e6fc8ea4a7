import { EX_ANTE_STEPS, P1, P2, P3, P4, P5 } from '../apps/cli/src/demo/rushan-2024.scenario.js';
import { verifyChains } from '../libs/event-store/src/chain-verification.js';
import { GENESIS_HASH } from '../libs/event-store/src/hash-chain.js';
import { type TestApp, createTestApp } from '../libs/testing/src/test-app.js';

describe('the 乳山市 FY2024 ex-ante flows through HTTP', () => {
  let t: TestApp;
  let auditor: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.play(EX_ANTE_STEPS);
    auditor = t.tokenFor('audit');
  });
  afterAll(() => t.close());

  const get = (path: string) => t.http().get(path).set('Authorization', `Bearer ${auditor}`);

  it('shows P5 refused at the library, with the refusal and its reason', async () => {
    const res = await get(`/projects/${P5}`).expect(200);
    expect(res.body.phase).toBe('LIBRARY_REJECTED');
    expect(res.body.library).toMatchObject({ status: 'REJECTED', reason: 'EX_ANTE_FAILED' });
    expect(res.body.library.detail).toContain('55');
    expect(res.body.exAnte.required).toBe(true);
    expect(res.body.exAnte.assessments).toEqual([
      expect.objectContaining({ assessmentId: 'EA-1', totalScore: 55, grade: 'POOR', conclusion: 'NOT_SUPPORTED', review: expect.objectContaining({ outcome: 'FAILED' }) }),
    ]);
    const events = await get(`/projects/${P5}/events`).expect(200);
    expect(events.body.events.map((e: { type: string }) => e.type)).not.toContain('ProjectAdmittedToLibrary');
  });

  it('keeps both target versions of P3 and chains every event of its stream by hash', async () => {
    const res = await get(`/projects/${P3}/events`).expect(200);
    const events = res.body.events as { type: string; revision: number; data: Record<string, unknown>; metadata: Record<string, string> }[];
    const targetSets = events.filter((e) => e.type === 'PerformanceTargetSet');
    expect(targetSets.map((e) => e.data.version)).toEqual([1, 2]);
    expect(events.filter((e) => e.type === 'PerformanceTargetReviewed').map((e) => [e.data.version, e.data.outcome])).toEqual([
      [1, 'RETURNED'],
      [2, 'PASSED'],
    ]);
    expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i));
    expect(events[0].metadata.prevHash).toBe(GENESIS_HASH);
    events.slice(1).forEach((e, i) => expect(e.metadata.prevHash).toBe(events[i].metadata.hash));
    expect(new Set(events.map((e) => e.metadata.hash)).size).toBe(events.length);
    expect(res.headers.etag).toBe(`"${events.length - 1}"`);
  });

  it('records P3 ex-ante by the commissioned third party, 84 良, and approves targets v2 with the budget', async () => {
    const res = await get(`/projects/${P3}`).expect(200);
    expect(res.body.exAnte.assessments[0]).toMatchObject({ assessorType: 'THIRD_PARTY', institutionId: 'TP-001', totalScore: 84, grade: 'GOOD', conclusion: 'SUPPORT' });
    expect(res.body.exAnte.commissions[0]).toMatchObject({ institutionId: 'TP-001', status: 'COMPLETED' });
    const [cycle] = res.body.fiscalYears;
    expect(cycle.approval).toMatchObject({ approvedFen: 1_200_000_000, targetVersion: 2 });
    expect(cycle.targets.map((v: { version: number; status: string }) => `${v.version}:${v.status}`)).toEqual(['1:RETURNED', '2:PASSED']);
  });

  it('brings P1, P2 and P4 to budget approval; P2 without an ex-ante assessment, declared by its unit', async () => {
    for (const [proCode, amountFen] of [
      [P1, 680_000_000],
      [P2, 420_000_000],
      [P4, 2_500_000_000],
    ] as const) {
      const res = await get(`/projects/${proCode}`).expect(200);
      expect(res.body.phase).toBe('BUDGET_APPROVED');
      expect(res.body.fiscalYears[0].approval).toMatchObject({ approvedFen: amountFen, targetVersion: 1 });
    }
    const p2 = await get(`/projects/${P2}`).expect(200);
    expect(p2.body.exAnte).toMatchObject({ required: false, assessments: [] });
    expect(p2.body.declaration).toMatchObject({ deptCode: 'D102', unitCode: 'D102-01' });
    const p1 = await get(`/projects/${P1}`).expect(200);
    expect(p1.body.exAnte.assessments[0]).toMatchObject({ totalScore: 92, grade: 'EXCELLENT' });
  });

  it('records who, when, why and the evidence on every event', async () => {
    const res = await get(`/projects/${P1}/events`).expect(200);
    const [declared, assessed] = res.body.events;
    expect(declared.metadata.actor).toEqual({ userId: 'd101-chenjing', name: '陈静', role: 'BUDGET_DEPARTMENT', orgCode: 'D101', orgName: '乳山市教育和体育局', deptCode: 'D101' });
    expect(declared.metadata.occurredAt).toBe('2023-09-15T00:00:00+08:00');
    expect(declared.metadata.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(declared.metadata.legalBasis).toContainEqual({ docNo: '乳发〔2020〕3号', clause: '三(一)' });
    expect(assessed.metadata.evidence[0]).toMatchObject({ name: 'P1事前绩效评估报告.pdf', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(assessed.metadata.ruleSetVersion).toBe('v1');
  });

  it('writes nothing when the scenario runs again, and the chains verify', async () => {
    const before = await t.store.headPosition();
    const outcomes = await t.play(EX_ANTE_STEPS);
    expect(outcomes.filter((o) => o.outcome === 'written')).toEqual([]);
    expect(outcomes.filter((o) => o.outcome === 'refused-as-expected').map((o) => o.step.title)).toEqual(['P5 library admission refused (invariant 1)']);
    expect(await t.store.headPosition()).toEqual(before);
    const verification = await verifyChains(t.store);
    expect(verification).toMatchObject({ ok: true, streams: 5, events: 39 });
  });
});
