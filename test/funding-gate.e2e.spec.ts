import { DEMO_START } from '../apps/cli/src/demo/rushan-2024.demo.js';
import { IN_PROCESS_STEPS, P1_SNAPSHOT, P4_CASE, P4_KEY_MONITORING } from '../apps/cli/src/demo/rushan-2024.in-process.js';
import { EX_ANTE_STEPS, P1, P2, P3, P4 } from '../apps/cli/src/demo/rushan-2024.scenario.js';
import { cite } from '../apps/cli/src/demo/scenario-steps.js';
import { SimulatedClock } from '../apps/cli/src/demo/simulated-clock.js';
import { type TestApp, createTestApp } from '../libs/testing/src/test-app.js';

// domain.md §5 invariants 4, 5 and 6 end to end: the funding gate of the 乳山市 FY2024 demo through HTTP, on the
// real embedded store. Every refusal is checked for its status and code AND for leaving the log exactly as it was:
// same head position, same events (revision, type, hash) in the streams concerned.

const FY = 2024;
const yuan = (amount: number) => amount * 100;
const funding = (proCode: string) => `/projects/${proCode}/funding/${FY}`;
const fundingStream = (proCode: string) => `funding-${proCode}-${FY}`;
const monitoringStream = (proCode: string) => `monitoring-${proCode}-${FY}`;

/** The demo up to P4's suspension of 2024-09-05 (overdue rectification): P1 has 3,900,000 yuan paid, P4 3,750,000. */
const UNTIL_P4_SUSPENDED = (() => {
  const steps = [...EX_ANTE_STEPS, ...IN_PROCESS_STEPS];
  const at = steps.findIndex((s) => s.kind !== 'watch-deadlines' && s.key === 'demo-fy2024/P4/suspension');
  if (at < 0) throw new Error('the demo has no P4 suspension step');
  return steps.slice(0, at + 1);
})();

describe('the funding gate through HTTP (domain.md §5 invariants 4, 5, 6)', () => {
  let t: TestApp;
  const clock = new SimulatedClock(DEMO_START);

  beforeAll(async () => {
    t = await createTestApp({ clock });
    await t.play(UNTIL_P4_SUSPENDED);
  }, 60_000);
  afterAll(() => t.close());

  type Who = Parameters<TestApp['tokenFor']>[0];
  const post = (who: Who, path: string, body: object) => t.http().post(path).set('Authorization', `Bearer ${t.tokenFor(who)}`).send(body);
  const get = async (path: string) => {
    const res = await t.http().get(path).set('Authorization', `Bearer ${t.tokenFor('audit')}`);
    expect({ path, status: res.status }).toEqual({ path, status: 200 });
    return res.body;
  };
  const ledger = (proCode: string) => get(funding(proCode));

  /** What a refusal must leave untouched: the head of the whole log and every event of the named streams. */
  const trace = async (streams: string[]) => ({
    head: await t.store.headPosition(),
    streams: await Promise.all(streams.map(async (s) => (await t.store.readStream(s)).map((e) => `${e.revision} ${e.type} ${e.metadata.hash}`))),
  });
  async function refusedWithoutTrace(send: () => PromiseLike<{ status: number; headers: Record<string, string>; body: Record<string, unknown> }>, status: number, code: string, streams: string[]) {
    const before = await trace(streams);
    expect(before.streams.every((events) => events.length > 0)).toBe(true);
    const res = await send();
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await trace(streams)).toEqual(before);
    return res.body as { code: string; detail: string; details?: Record<string, unknown> };
  }
  const pay = (proCode: string, amountFen: number, paidOn: string, paymentRef = `GK-E2E-${proCode.slice(-8)}-${paidOn}-${amountFen}`) =>
    post('treasury', `${funding(proCode)}/disbursements`, { amountFen, paymentRef, paidOn, fundSource: '市级财政资金' });

  // -------------------------------------------------------------------------------------------------------
  describe('invariant 4: no disbursement while suspended or stopped; cumulative disbursement ≤ adjusted budget', () => {
    it('refuses the P4 payment of 2024-09-10 while funds are suspended (FUNDING_SUSPENDED, naming the suspension and its basis) and stores nothing', async () => {
      const before = await ledger(P4);
      expect(before).toMatchObject({ gate: 'SUSPENDED', disbursedFen: yuan(3_750_000) });
      const problem = await refusedWithoutTrace(() => pay(P4, yuan(800_000), '2024-09-10'), 422, 'FUNDING_SUSPENDED', [fundingStream(P4)]);
      expect(problem.details).toEqual({ status: 'SUSPENDED', from: '2024-09-05', basis: { kind: 'RECTIFICATION_CASE', caseId: P4_CASE, caseStatus: 'OVERDUE' } });
      const after = await ledger(P4);
      expect(after.disbursements).toEqual(before.disbursements);
      expect(after.disbursedFen).toBe(yuan(3_750_000));
    });

    it('refuses, while the gate stays suspended, even a payment dated before the suspension', async () => {
      await refusedWithoutTrace(() => pay(P4, yuan(100_000), '2024-08-20'), 422, 'FUNDING_SUSPENDED', [fundingStream(P4)]);
    });

    it('P1: refuses a payment one fen above the adjusted budget, accepts the exact remainder, then refuses one more fen', async () => {
      expect(await ledger(P1)).toMatchObject({ gate: 'OPEN', approvedFen: yuan(6_800_000), disbursedFen: yuan(3_900_000) });
      await post('finance', `${funding(P1)}/adjustments`, { deltaFen: -yuan(100_000), reason: '结余压减', docNo: '乳财预〔2024〕37号', effectiveOn: '2024-09-05' }).expect(201);

      const over = await refusedWithoutTrace(() => pay(P1, yuan(2_800_000) + 1, '2024-09-06'), 422, 'EXCEEDS_ADJUSTED_BUDGET', [fundingStream(P1)]);
      expect(over.details).toEqual({ adjustedBudgetFen: yuan(6_700_000), disbursedFen: yuan(3_900_000), availableFen: yuan(2_800_000) });

      await pay(P1, yuan(2_800_000), '2024-09-06').expect(201);
      expect(await ledger(P1)).toMatchObject({ adjustedBudgetFen: yuan(6_700_000), disbursedFen: yuan(6_700_000) });

      const full = await refusedWithoutTrace(() => pay(P1, 1, '2024-09-07'), 422, 'EXCEEDS_ADJUSTED_BUDGET', [fundingStream(P1)]);
      expect(full.details).toMatchObject({ adjustedBudgetFen: yuan(6_700_000), disbursedFen: yuan(6_700_000), availableFen: 0 });
    });

    it('P4: a stop needs a second officer (FOUR_EYES_REQUIRED, nothing stored); once 李强 approves, payments meet FUNDING_STOPPED', async () => {
      const proposal = await post('finance', `${funding(P4)}/stop-proposals`, {
        basis: { kind: 'RECTIFICATION_CASE', caseId: P4_CASE },
        reason: '整改逾期且问题严重',
        docNo: '乳财预〔2024〕34号',
      }).expect(201);
      expect(proposal.body.id).toBe('STOP-1');

      const approval = { effectiveOn: '2024-09-06' };
      const own = await refusedWithoutTrace(() => post('finance', `${funding(P4)}/stop-proposals/STOP-1/approvals`, approval), 422, 'FOUR_EYES_REQUIRED', [fundingStream(P4)]);
      expect(own.details).toEqual({ proposalId: 'STOP-1', proposedBy: 'fin-wangmin' });
      expect(await ledger(P4)).toMatchObject({ gate: 'SUSPENDED' });

      await post('financeSecond', `${funding(P4)}/stop-proposals/STOP-1/approvals`, approval).expect(201);
      const stopped = (await t.store.readStream(fundingStream(P4))).at(-1);
      expect(stopped).toMatchObject({ type: 'FundDisbursementStopped', data: { proposedBy: 'fin-wangmin', approvedBy: 'fin-liqiang', effectiveOn: '2024-09-06' } });
      expect(await ledger(P4)).toMatchObject({ gate: 'STOPPED' });

      const refused = await refusedWithoutTrace(() => pay(P4, yuan(10_000), '2024-09-08'), 422, 'FUNDING_STOPPED', [fundingStream(P4)]);
      expect(refused.details).toMatchObject({ status: 'STOPPED', from: '2024-09-06' });
    });
  });

  // -------------------------------------------------------------------------------------------------------
  describe('invariant 5: a suspension or stop cites an overdue/rejected rectification or a SERIOUS key-monitoring finding', () => {
    const suspendBody = (basis?: object) => ({ ...(basis ? { basis } : {}), effectiveOn: '2024-09-06', docNo: '乳财预〔2024〕38号', reason: '暂缓拨付' });
    const stopBody = (basis?: object) => ({ ...(basis ? { basis } : {}), docNo: '乳财预〔2024〕39号', reason: '停止拨付' });

    it('refuses a suspension and a stop proposal without a basis: SUSPENSION_BASIS_REQUIRED, STOP_BASIS_REQUIRED', async () => {
      await refusedWithoutTrace(() => post('finance', `${funding(P3)}/suspensions`, suspendBody()), 422, 'SUSPENSION_BASIS_REQUIRED', [fundingStream(P3)]);
      await refusedWithoutTrace(() => post('finance', `${funding(P3)}/stop-proposals`, stopBody()), 422, 'STOP_BASIS_REQUIRED', [fundingStream(P3)]);
    });

    it('refuses P3’s own rectification case once it was accepted (CLOSED): BASIS_NOT_ELIGIBLE', async () => {
      expect(await get('/rectification-cases/RC-2024-P3-01')).toMatchObject({ status: 'CLOSED' });
      const basis = { kind: 'RECTIFICATION_CASE', caseId: 'RC-2024-P3-01' };
      const problem = await refusedWithoutTrace(() => post('finance', `${funding(P3)}/suspensions`, suspendBody(basis)), 422, 'BASIS_NOT_ELIGIBLE', [fundingStream(P3)]);
      expect(problem.details).toEqual({ caseId: 'RC-2024-P3-01', status: 'CLOSED' });
      await refusedWithoutTrace(() => post('finance', `${funding(P3)}/stop-proposals`, stopBody(basis)), 422, 'BASIS_NOT_ELIGIBLE', [fundingStream(P3)]);
    });

    it('refuses a case that is OPEN, then REPORTED; suspends once finance REJECTED the report (整改不到位), recording that status', async () => {
      // P1 paid its whole adjusted budget above; its gate is open and its stream exists.
      const caseId = 'RC-2024-P1-E2E';
      await post('finance', '/rectification-cases', {
        caseId,
        proCode: P1,
        fiscalYear: FY,
        origin: 'MONITORING',
        findings: ['校舍改造进度资料不完整'],
        requirements: ['10月31日前补齐施工资料'],
        deadline: '2024-10-31',
        docNo: '乳财绩〔2024〕40号',
        basisEvents: [cite(P1_SNAPSHOT, monitoringStream(P1))],
      }).expect(201);
      const basis = { kind: 'RECTIFICATION_CASE', caseId };

      const open = await refusedWithoutTrace(() => post('finance', `${funding(P1)}/suspensions`, suspendBody(basis)), 422, 'BASIS_NOT_ELIGIBLE', [fundingStream(P1)]);
      expect(open.details).toEqual({ caseId, status: 'OPEN' });
      await refusedWithoutTrace(() => post('finance', `${funding(P1)}/stop-proposals`, stopBody(basis)), 422, 'BASIS_NOT_ELIGIBLE', [fundingStream(P1)]);

      await post('education', `/rectification-cases/${caseId}/reports`, { measures: ['补齐施工日志'], completedOn: '2024-09-05' }).expect(201);
      const reported = await refusedWithoutTrace(() => post('finance', `${funding(P1)}/suspensions`, suspendBody(basis)), 422, 'BASIS_NOT_ELIGIBLE', [fundingStream(P1)]);
      expect(reported.details).toEqual({ caseId, status: 'REPORTED' });

      await post('finance', `/rectification-cases/${caseId}/rejections`, { opinion: '资料仍不完整', newDeadline: '2024-10-15' }).expect(201);
      await post('finance', `${funding(P1)}/suspensions`, suspendBody(basis)).expect(201);
      const [suspension] = (await t.store.readStream(fundingStream(P1))).filter((e) => e.type === 'FundDisbursementSuspended');
      expect(suspension.data).toMatchObject({ basis: { kind: 'RECTIFICATION_CASE', caseId, caseStatus: 'REJECTED' }, effectiveOn: '2024-09-06' });
    });

    it('refuses a MINOR finding, a finding that does not exist and another project’s SERIOUS finding; suspends on a SERIOUS finding of its own', async () => {
      const minor = await post('finance', `/projects/${P2}/monitoring/${FY}/key-monitoring`, {
        methods: ['ON_SITE'],
        findings: [{ severity: 'MINOR', text: '服务台账登记不及时' }],
        conductedOn: '2024-09-04',
      }).expect(201);
      const minorFinding = { kind: 'KEY_MONITORING_FINDING', stream: monitoringStream(P2), eventId: minor.body.events[0].eventId, findingIndex: 0 };

      const problem = await refusedWithoutTrace(() => post('finance', `${funding(P2)}/suspensions`, suspendBody(minorFinding)), 422, 'BASIS_NOT_ELIGIBLE', [fundingStream(P2)]);
      expect(problem.details).toEqual({ eventId: minorFinding.eventId, findingIndex: 0, severity: 'MINOR' });
      await refusedWithoutTrace(() => post('finance', `${funding(P2)}/stop-proposals`, stopBody(minorFinding)), 422, 'BASIS_NOT_ELIGIBLE', [fundingStream(P2)]);
      await refusedWithoutTrace(() => post('finance', `${funding(P2)}/suspensions`, suspendBody({ ...minorFinding, findingIndex: 1 })), 404, 'BASIS_NOT_FOUND', [fundingStream(P2)]);

      // P4's August key monitoring: finding 0 is SERIOUS, but about P4.
      const p4Serious = { kind: 'KEY_MONITORING_FINDING', ...cite(P4_KEY_MONITORING, monitoringStream(P4)), findingIndex: 0 };
      const foreign = await refusedWithoutTrace(() => post('finance', `${funding(P2)}/suspensions`, suspendBody(p4Serious)), 422, 'BASIS_NOT_ELIGIBLE', [fundingStream(P2)]);
      expect(foreign.details).toEqual({ eventId: p4Serious.eventId, proCode: P4 });

      const serious = await post('finance', `/projects/${P2}/monitoring/${FY}/key-monitoring`, {
        methods: ['EVIDENCE_COLLECTION'],
        findings: [
          { severity: 'MINOR', text: '部分档案信息缺失' },
          { severity: 'SERIOUS', text: '配套资金挪作他用' },
        ],
        conductedOn: '2024-09-05',
      }).expect(201);
      const seriousFinding = { kind: 'KEY_MONITORING_FINDING', stream: monitoringStream(P2), eventId: serious.body.events[0].eventId, findingIndex: 1 };
      await refusedWithoutTrace(() => post('finance', `${funding(P2)}/suspensions`, suspendBody({ ...seriousFinding, findingIndex: 0 })), 422, 'BASIS_NOT_ELIGIBLE', [fundingStream(P2)]);
      await post('finance', `${funding(P2)}/suspensions`, suspendBody(seriousFinding)).expect(201);
      expect(await ledger(P2)).toMatchObject({ gate: 'SUSPENDED', intervals: [expect.objectContaining({ status: 'SUSPENDED', from: '2024-09-06', basis: seriousFinding })] });
    });
  });

  // -------------------------------------------------------------------------------------------------------
  describe('invariant 6: recovery ≤ net disbursed, to a named re-pooling destination, approved by a second officer', () => {
    const proposal = (amountFen: number, reallocationRef?: string) => ({
      amountFen,
      ...(reallocationRef !== undefined ? { reallocationRef } : {}),
      reason: '项目进度严重滞后，已拨付资金闲置',
      docNo: '乳财预〔2024〕35号',
    });
    const POOL = '乳山市2024年统筹资金池（乳财预〔2024〕35号）';

    it('refuses a recovery that names no destination, or a blank one: REALLOCATION_REF_REQUIRED', async () => {
      await refusedWithoutTrace(() => post('finance', `${funding(P4)}/recovery-proposals`, proposal(yuan(1_000_000))), 422, 'REALLOCATION_REF_REQUIRED', [fundingStream(P4)]);
      await refusedWithoutTrace(() => post('finance', `${funding(P4)}/recovery-proposals`, proposal(yuan(1_000_000), '   ')), 422, 'REALLOCATION_REF_REQUIRED', [fundingStream(P4)]);
    });

    it('refuses one fen above the net disbursement of 3,750,000 yuan: RECOVERY_EXCEEDS_NET_DISBURSED', async () => {
      const problem = await refusedWithoutTrace(() => post('finance', `${funding(P4)}/recovery-proposals`, proposal(yuan(3_750_000) + 1, POOL)), 422, 'RECOVERY_EXCEEDS_NET_DISBURSED', [
        fundingStream(P4),
      ]);
      expect(problem.details).toEqual({ netDisbursedFen: yuan(3_750_000) });
    });

    it('王敏 proposes the whole net disbursement; she cannot approve it herself (FOUR_EYES_REQUIRED, nothing stored); 李强 can', async () => {
      const proposed = await post('finance', `${funding(P4)}/recovery-proposals`, proposal(yuan(3_750_000), POOL)).expect(201);
      expect(proposed.body.id).toBe('RECOVERY-1');

      const own = await refusedWithoutTrace(() => post('finance', `${funding(P4)}/recovery-proposals/RECOVERY-1/approvals`, { effectiveOn: '2024-09-10' }), 422, 'FOUR_EYES_REQUIRED', [
        fundingStream(P4),
      ]);
      expect(own.details).toEqual({ proposalId: 'RECOVERY-1', proposedBy: 'fin-wangmin' });
      expect(await ledger(P4)).toMatchObject({ recoveredFen: 0, netDisbursedFen: yuan(3_750_000) });

      await post('financeSecond', `${funding(P4)}/recovery-proposals/RECOVERY-1/approvals`, { effectiveOn: '2024-09-10' }).expect(201);
      const recovered = (await t.store.readStream(fundingStream(P4))).at(-1);
      expect(recovered).toMatchObject({
        type: 'FundsRecovered',
        data: { amountFen: yuan(3_750_000), reallocationRef: POOL, proposedBy: 'fin-wangmin', approvedBy: 'fin-liqiang', effectiveOn: '2024-09-10' },
      });
      expect(await ledger(P4)).toMatchObject({ disbursedFen: yuan(3_750_000), recoveredFen: yuan(3_750_000), netDisbursedFen: 0 });
    });

    it('counts the earlier recovery: nothing is left, so even one fen is refused', async () => {
      const problem = await refusedWithoutTrace(() => post('drc', `${funding(P4)}/recovery-proposals`, proposal(1, POOL)), 422, 'RECOVERY_EXCEEDS_NET_DISBURSED', [fundingStream(P4)]);
      expect(problem.details).toEqual({ netDisbursedFen: 0 });
    });
  });
});
