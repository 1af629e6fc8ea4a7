import { DEMO_START, DEMO_STEPS } from '../apps/cli/src/demo/rushan-2024.demo.js';
import { P4_CASE } from '../apps/cli/src/demo/rushan-2024.in-process.js';
import { P1, P2, P3, P4, P5 } from '../apps/cli/src/demo/rushan-2024.scenario.js';
import { SimulatedClock } from '../apps/cli/src/demo/simulated-clock.js';
import { verifyChains } from '../libs/event-store/src/chain-verification.js';
import { type TestApp, createTestApp } from '../libs/testing/src/test-app.js';

/** The whole 乳山市 FY2024 loop of domain.md §9, played through HTTP and read back through the API. */
describe('the 乳山市 FY2024 closed loop, from declaration to accountability', () => {
  let t: TestApp;
  let auditor: string;

  beforeAll(async () => {
    t = await createTestApp({ clock: new SimulatedClock(DEMO_START) });
    await t.play(DEMO_STEPS);
    auditor = t.tokenFor('audit');
  }, 60_000);
  afterAll(() => t.close());

  const get = async (path: string) => {
    const res = await t.http().get(path).set('Authorization', `Bearer ${auditor}`);
    expect({ path, status: res.status }).toEqual({ path, status: 200 });
    return res.body;
  };
  const streamEvents = async (stream: string) => (await get(`/streams/${stream}`)).events as { type: string; data: Record<string, unknown>; metadata: Record<string, unknown> }[];

  it('P1: self-evaluation 94.35 优, filed, and disclosed', async () => {
    const evaluation = await get(`/projects/${P1}/evaluations/2024`);
    expect(evaluation.selfEvaluation).toMatchObject({ totalScore: 94.35, grade: 'EXCELLENT', executionPoints: 9.5 });
    expect(evaluation.filing).toBeTruthy();
    const disclosures = await streamEvents('disclosure-2024');
    expect(disclosures.map((e) => e.type)).toEqual(['ResultsDisclosed']);
    expect(disclosures[0].data.items).toEqual(expect.arrayContaining([P1]));
  });

  it('P2: spot-check 78 against a self-evaluation of 96 raises a discrepancy flag, a circulated notice and referrals for falsification by finance and audit', async () => {
    const evaluation = await get(`/projects/${P2}/evaluations/2024`);
    expect(evaluation.selfEvaluation).toMatchObject({ totalScore: 96 });
    expect(evaluation.competentReview).toMatchObject({ deptScore: 95 });
    expect(evaluation.spotCheck).toMatchObject({ reviewScore: 78, reviewGrade: 'FAIR' });
    expect(evaluation.discrepancy).toMatchObject({ selfScore: 96, reviewScore: 78 });
    const [notice] = await streamEvents('notice-TB-2025-01');
    expect(notice).toMatchObject({ type: 'CirculationNoticeIssued', data: { reasons: ['LARGE_DISCREPANCY'] } });
    const referrals = [...(await streamEvents('referral-ZR-2025-01')), ...(await streamEvents('referral-ZR-2025-02'))];
    expect(referrals.map((e) => [e.type, e.data.grounds, (e.metadata.actor as { role: string }).role])).toEqual([
      ['AccountabilityReferred', 'FALSIFICATION', 'FINANCE_AUTHORITY'],
      ['AccountabilityReferred', 'FALSIFICATION', 'AUDIT_BUREAU'],
    ]);
  });

  it('P3: targets v1 returned, v2 passed, v3 revised for the flood; July light YELLOW; rectification accepted', async () => {
    const project = await get(`/projects/${P3}`);
    const [cycle] = project.fiscalYears;
    expect(cycle.targets.map((v: { version: number; status: string }) => `v${v.version} ${v.status}`)).toEqual(['v1 RETURNED', 'v2 PASSED', 'v3 REVISED']);
    const v3 = cycle.targets[2].indicators.find((i: { kpiId: string }) => i.kpiId === 'P3-OUT-03');
    expect(v3.targetValue).toBe('2024年12月20日前完成建设任务');
    expect(cycle.revisions).toEqual([expect.objectContaining({ fromVersion: 2, toVersion: 3, reason: 'EMERGENCY' })]);
    const monitoring = await get(`/projects/${P3}/monitoring/2024`);
    expect(monitoring.snapshots[0].projectLight).toBe('YELLOW');
    const rectification = await get('/rectification-cases/RC-2024-P3-01');
    expect(rectification).toMatchObject({ status: 'CLOSED', overdue: false });
  });

  it('P1 GREEN and P4 RED in July, each light naming its rule and rule-set version', async () => {
    expect((await get(`/projects/${P1}/monitoring/2024`)).snapshots[0].projectLight).toBe('GREEN');
    const p4 = await get(`/projects/${P4}/monitoring/2024`);
    expect(p4.snapshots[0].projectLight).toBe('RED');
    const lights = (await streamEvents(`monitoring-${P4}-2024`)).filter((e) => e.type === 'DeviationFlagged');
    expect(lights.find((e) => e.data.metric === 'BUDGET_EXECUTION')?.data).toMatchObject({ light: 'RED', ruleId: 'BUDGET_EXECUTION_PACE', ruleSetVersion: 'v1' });
  });

  it('P4: rectification overdue, funding suspended 2024-09-05 to 2024-10-20, the 2024-09-10 payment refused, 3,000,000 recovered by two officers', async () => {
    const rectification = await get(`/rectification-cases/${P4_CASE}`);
    expect(rectification).toMatchObject({ overdue: true, status: 'CLOSED' });
    const ledger = await get(`/projects/${P4}/funding/2024`);
    expect(ledger.intervals).toEqual([expect.objectContaining({ status: 'SUSPENDED', from: '2024-09-05', to: '2024-10-20' })]);
    expect(ledger).toMatchObject({ gate: 'OPEN', recoveredFen: 300_000_000 });
    const funding = await streamEvents(`funding-${P4}-2024`);
    expect(funding.filter((e) => e.type === 'FundsDisbursed').map((e) => e.data.paidOn)).not.toContain('2024-09-10');
    const overdue = (await streamEvents(`rectification-${P4_CASE}`)).find((e) => e.type === 'RectificationOverdue');
    expect((overdue?.metadata.actor as { role: string }).role).toBe('SYSTEM');
    const recovered = funding.find((e) => e.type === 'FundsRecovered');
    expect(recovered?.data).toMatchObject({ amountFen: 300_000_000, proposedBy: 'fin-wangmin', approvedBy: 'fin-liqiang' });
    const suspended = funding.find((e) => e.type === 'FundDisbursementSuspended');
    expect(suspended?.data).toMatchObject({ effectiveOn: '2024-09-05', basis: { kind: 'RECTIFICATION_CASE', caseId: P4_CASE, caseStatus: 'OVERDUE' } });
  });

  it('P4: FY2025 budget −5,000,000 for slow spending, key evaluation 72 中, FY2026 −10 %, PPP factor 0.9, reported to the 人大', async () => {
    const results = await streamEvents(`results-${P4}-2024`);
    const cuts = results.filter((e) => e.type === 'BudgetAdjustedForNextYear').map((e) => [e.data.targetFiscalYear, e.data.adjustmentFen, e.data.basis]);
    expect(cuts).toEqual([
      [2025, -500_000_000, 'SLOW_SPENDING'],
      [2026, -200_000_000, 'EVALUATION_GRADE'],
    ]);
    expect(results.find((e) => e.type === 'PerformancePaymentAdjusted')?.data).toMatchObject({ paymentFactor: 0.9, payableFen: 720_000_000 });
    const evaluation = await get(`/projects/${P4}/evaluations/2024`);
    expect(evaluation.keyEvaluation.completion).toMatchObject({ finalScore: 72, finalGrade: 'FAIR' });
    const [report] = await streamEvents('congress-2024');
    expect(report.data).toMatchObject({ kind: 'EVALUATION_RESULTS', accompanies: 'DRAFT_FINAL_ACCOUNTS' });
    expect(report.data.items).toEqual(expect.arrayContaining([P4]));
  });

  it('P5 stays blocked at the library', async () => {
    const project = await get(`/projects/${P5}`);
    expect(project.phase).toBe('LIBRARY_REJECTED');
    expect(project.fiscalYears[0].approval).toBeUndefined();
  });

  it('every score and grade names the rule set that produced it, published as an event', async () => {
    const [published] = await streamEvents('ruleset-default');
    expect(published).toMatchObject({ type: 'RuleSetPublished', data: { ruleSet: { version: 'v1' } } });
    const selfEvaluation = (await streamEvents(`evaluation-${P1}-2024`)).find((e) => e.type === 'SelfEvaluationSubmitted');
    expect(selfEvaluation?.metadata.ruleSetVersion).toBe('v1');
  });

  it('verifies every hash chain, and a second run writes nothing', async () => {
    const before = await t.store.headPosition();
    const again = await t.play(DEMO_STEPS);
    expect(again.filter((o) => o.outcome === 'written')).toEqual([]);
    expect(await t.store.headPosition()).toEqual(before);
    const verification = await verifyChains(t.store);
    expect(verification.ok).toBe(true);
    expect(verification.events).toBeGreaterThan(130);
  });
});
