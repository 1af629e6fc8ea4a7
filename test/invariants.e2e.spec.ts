import { DEMO_START, DEMO_STEPS } from '../apps/cli/src/demo/rushan-2024.demo.js';
import { EX_POST_STEPS, P4_KEY_COMPLETION } from '../apps/cli/src/demo/rushan-2024.ex-post.js';
import { IN_PROCESS_STEPS, P1_SNAPSHOT, P3_SNAPSHOT, P4_CASE, P4_SNAPSHOT } from '../apps/cli/src/demo/rushan-2024.in-process.js';
import { EX_ANTE_STEPS, P1, P2, P3, P4, P5 } from '../apps/cli/src/demo/rushan-2024.scenario.js';
import { type CommandStep, type ScenarioStep, cite } from '../apps/cli/src/demo/scenario-steps.js';
import { SimulatedClock } from '../apps/cli/src/demo/simulated-clock.js';
import { verifyChains } from '../libs/event-store/src/chain-verification.js';
import type { StoredEvent } from '../libs/event-store/src/event-store.port.js';
import { DEFAULT_RULE_SET } from '../libs/rule-sets/src/rule-set.js';
import { type Attainment, type Direction, budgetExecutionPoints, inBand, qualitativeBand, quantitativeScore, totalScore } from '../libs/rule-sets/src/scoring.js';
import { type TestApp, createTestApp } from '../libs/testing/src/test-app.js';

// domain.md §5 invariants 2, 3 and 7–13 end to end, on the 乳山市 FY2024 demo played through HTTP on the real
// embedded store. Every refusal is checked for its status and code AND for leaving the log exactly as it was.

const FY = 2024;
const yuan = (amount: number) => amount * 100;
const projectStream = (proCode: string) => `project-${proCode}`;
const fundingStream = (proCode: string) => `funding-${proCode}-${FY}`;
const monitoringStream = (proCode: string) => `monitoring-${proCode}-${FY}`;
const evaluationStream = (proCode: string) => `evaluation-${proCode}-${FY}`;
const keyEvaluationStream = (proCode: string) => `keyevaluation-${proCode}-${FY}`;
/** An event id that no command of the demo produced. */
const NO_SUCH_EVENT = '00000000-0000-5000-8000-0000000000e2';

type Who = Parameters<TestApp['tokenFor']>[0];
type Reply = { status: number; headers: Record<string, string>; body: Record<string, unknown> };

const commandSteps = (steps: ScenarioStep[]) => steps.filter((s): s is CommandStep => s.kind !== 'watch-deadlines');
const stepOf = (steps: ScenarioStep[], key: string): CommandStep => {
  const found = commandSteps(steps).find((s) => s.key === `demo-fy2024/${key}`);
  if (!found) throw new Error(`the demo has no step ${key}`);
  return found;
};
/** The steps up to and including the one with this key. */
const until = (steps: ScenarioStep[], key: string) => steps.slice(0, steps.indexOf(stepOf(steps, key)) + 1);

/** The HTTP helpers every block below uses on its own app. */
function driver(app: () => TestApp) {
  const t = () => app();
  const post = (who: Who, path: string, body: object) => t().http().post(path).set('Authorization', `Bearer ${t().tokenFor(who)}`).send(body);
  const get = (who: Who, path: string) => t().http().get(path).set('Authorization', `Bearer ${t().tokenFor(who)}`);
  const read = async (path: string) => {
    const res = await get('audit', path);
    expect({ path, status: res.status }).toEqual({ path, status: 200 });
    return res.body;
  };
  const events = (stream: string) => t().store.readStream(stream);
  /** The head of the whole log and every event (revision, type, hash) of the named streams. */
  const trace = async (streams: string[]) => ({
    head: await t().store.headPosition(),
    streams: await Promise.all(streams.map(async (s) => (await events(s)).map((e) => `${e.revision} ${e.type} ${e.metadata.hash}`))),
  });
  /** Sends a command that must be refused with this status and code, and checks that nothing at all was appended. */
  async function refused(send: () => PromiseLike<Reply>, status: number, code: string, streams: string[] = []) {
    const before = await trace(streams);
    const res = await send();
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await trace(streams)).toEqual(before);
    return res.body as { code: string; detail: string; details?: Record<string, unknown> };
  }
  return { post, get, read, events, refused };
}

const lastOf = (events: StoredEvent[], type: string) => events.filter((e) => e.type === type).at(-1);

// =========================================================================================================
// Invariants 2 and 3 — the ex-ante gates, through HTTP.
// =========================================================================================================
describe('invariants 2 and 3 through HTTP: the current target version passed; one approval names amount and version', () => {
  let t: TestApp;
  const { post, events, refused } = driver(() => t);
  const P3_STEPS = EX_ANTE_STEPS.filter((s) => s.key.startsWith('demo-fy2024/P3/'));

  beforeAll(async () => {
    t = await createTestApp();
    await t.play(until(P3_STEPS, 'P3/targets-v1-review'));
  });
  afterAll(() => t.close());

  it('refuses library admission while the current version v1 is RETURNED (TARGETS_NOT_PASSED), storing nothing', async () => {
    const problem = await refused(() => post('finance', `/projects/${P3}/library/admissions`, { fiscalYear: FY }), 422, 'TARGETS_NOT_PASSED', [projectStream(P3)]);
    expect(problem.details).toEqual({ proCode: P3, fiscalYear: FY, version: 1, status: 'RETURNED' });
  });

  it('refuses it again while v2 awaits review, and admits on v2 once it passed', async () => {
    await t.play([stepOf(P3_STEPS, 'P3/targets-v2')]);
    const problem = await refused(() => post('finance', `/projects/${P3}/library/admissions`, { fiscalYear: FY }), 422, 'TARGETS_NOT_PASSED', [projectStream(P3)]);
    expect(problem.details).toMatchObject({ version: 2, status: 'SUBMITTED' });
    await t.play([stepOf(P3_STEPS, 'P3/targets-v2-review'), stepOf(P3_STEPS, 'P3/library'), stepOf(P3_STEPS, 'P3/draft')]);
    const admitted = lastOf(await events(projectStream(P3)), 'ProjectAdmittedToLibrary');
    expect(admitted?.data).toMatchObject({ targetVersion: 2 });
  });

  it('refuses an approval naming v1 when v2 is the passed current version (TARGET_VERSION_NOT_CURRENT); the approval of v2 carries amount and version', async () => {
    const approval = stepOf(P3_STEPS, 'P3/approval');
    const problem = await refused(() => post('finance', approval.path, { ...approval.body, targetVersion: 1 }), 422, 'TARGET_VERSION_NOT_CURRENT', [projectStream(P3)]);
    expect(problem.details).toEqual({ current: 2 });
    await post('finance', approval.path, approval.body).expect(201);
    const approved = lastOf(await events(projectStream(P3)), 'BudgetAndTargetsApproved');
    expect(approved?.data).toEqual({ proCode: P3, fiscalYear: FY, approvedFen: yuan(12_000_000), targetVersion: 2, approvalDocNo: '乳财预〔2024〕1号' });
  });
});

// =========================================================================================================
// Invariants 7, 8, 11, 12 — during execution (事中): the demo played up to its last 2024 payment.
// =========================================================================================================
describe('during execution (事中), through HTTP', () => {
  let t: TestApp;
  const clock = new SimulatedClock(DEMO_START);
  const { post, get, read, events, refused } = driver(() => t);

  beforeAll(async () => {
    t = await createTestApp({ clock });
    await t.play([...EX_ANTE_STEPS, ...IN_PROCESS_STEPS]);
  }, 60_000);
  afterAll(() => t.close());

  const snapshotPath = (proCode: string) => `/projects/${proCode}/monitoring/${FY}/snapshots`;
  const NOVEMBER = { taskId: 'MT-2024-11', asOfDate: '2024-11-30' };

  describe('invariant 7: snapshots only while executing, as of the task’s cut-off inside the fiscal year', () => {
    it('refuses a second P1 snapshot for the July task (SNAPSHOT_EXISTS), naming the snapshot a correction would supersede', async () => {
      const problem = await refused(() => post('education', snapshotPath(P1), P1_SNAPSHOT.body), 422, 'SNAPSHOT_EXISTS', [monitoringStream(P1)]);
      expect(problem.details).toEqual({ eventId: cite(P1_SNAPSHOT, monitoringStream(P1)).eventId });
    });

    it('refuses P5, whose 2024 budget was never approved: NOT_EXECUTING (BUDGET_NOT_APPROVED), no monitoring stream created', async () => {
      await post('finance', '/monitoring-tasks', { ...NOVEMBER, fiscalYear: FY, mode: 'SELF', title: '2024年1—11月绩效运行监控', dueDate: '2024-12-31' }).expect(201);
      const body = {
        ...NOVEMBER,
        budget: { executedToDateFen: 0, estimatedAnnualExecutedFen: 0 },
        indicators: [{ kpiId: 'P5-OUT-01', actualToDate: '0', estimatedAnnual: '0', completionLikelihood: 'UNLIKELY' }],
      };
      const problem = await refused(() => post('culture', snapshotPath(P5), body), 422, 'NOT_EXECUTING', [projectStream(P5)]);
      expect(problem.details).toEqual({ proCode: P5, fiscalYear: FY, reason: 'BUDGET_NOT_APPROVED' });
      expect(await events(monitoringStream(P5))).toEqual([]);
    });

    it('refuses a cut-off outside the fiscal year (AS_OF_DATE_OUTSIDE_FISCAL_YEAR) or other than the task’s (AS_OF_DATE_NOT_TASK_CUTOFF)', async () => {
      const outside = await refused(() => post('agriculture', snapshotPath(P3), { ...P3_SNAPSHOT.body, ...NOVEMBER, asOfDate: '2025-01-31' }), 422, 'AS_OF_DATE_OUTSIDE_FISCAL_YEAR', [
        monitoringStream(P3),
      ]);
      expect(outside.details).toEqual({ asOfDate: '2025-01-31', fiscalYear: FY });
      const other = await refused(() => post('agriculture', snapshotPath(P3), { ...P3_SNAPSHOT.body, ...NOVEMBER, asOfDate: '2024-10-31' }), 422, 'AS_OF_DATE_NOT_TASK_CUTOFF', [monitoringStream(P3)]);
      expect(other.details).toEqual({ taskAsOfDate: '2024-11-30' });
    });

    it('records P3 as of 30 November against v3, while P1, once closed (决算), is refused: NOT_EXECUTING (EXECUTION_CLOSED)', async () => {
      const recorded = await post('agriculture', snapshotPath(P3), { ...P3_SNAPSHOT.body, ...NOVEMBER }).expect(201);
      expect(recorded.body.events.map((e: { type: string }) => e.type)).toEqual(['MonitoringSnapshotRecorded', ...Array(10).fill('DeviationFlagged')]);
      expect(lastOf(await events(monitoringStream(P3)), 'MonitoringSnapshotRecorded')?.data).toMatchObject({ asOfDate: '2024-11-30', targetVersion: 3 });

      await post('finance', `/projects/${P1}/funding/${FY}/closing`, { carryOverFen: 0 }).expect(201);
      const problem = await refused(() => post('education', snapshotPath(P1), { ...P1_SNAPSHOT.body, ...NOVEMBER }), 422, 'NOT_EXECUTING', [monitoringStream(P1)]);
      expect(problem.details).toEqual({ proCode: P1, fiscalYear: FY, reason: 'EXECUTION_CLOSED' });
    });
  });

  describe('invariant 8: target revisions only while executing, with a reason, approved by finance; older versions stay', () => {
    const revisionPath = (proCode: string) => `/projects/${proCode}/targets/revision-requests`;
    const targetsOf = async (proCode: string) => (await read(`/projects/${proCode}`)).fiscalYears[0];
    type Indicator = { kpiId: string; targetValue: string; direction?: string };
    /** What a department sends: the indicators of a version without the direction the decider derives. */
    const asSent = (indicators: Indicator[]): Indicator[] => indicators.map(({ direction: _d, ...rest }) => rest);
    const revision = async (proCode: string, change: (i: Indicator) => Indicator = (i) => i) => {
      const cycle = await targetsOf(proCode);
      const inForce = cycle.targets.at(-1);
      return {
        fiscalYear: FY,
        reason: 'BUDGET_ADJUSTMENT',
        reasonDetail: '年中预算调减，相应调低建设任务',
        overallObjective: inForce.overallObjective,
        annualObjective: inForce.annualObjective,
        indicators: asSent(inForce.indicators).map(change),
      };
    };

    it('refuses a revision of P5, never approved: NOT_EXECUTING', async () => {
      const cycle = await targetsOf(P5);
      const body = { fiscalYear: FY, reason: 'POLICY_CHANGE', reasonDetail: '政策调整', overallObjective: 'x', annualObjective: 'y', indicators: asSent(cycle.targets[0].indicators) };
      await refused(() => post('culture', revisionPath(P5), body), 422, 'NOT_EXECUTING', [projectStream(P5)]);
    });

    it('refuses a revision of P1 once its execution was closed (决算): EXECUTION_CLOSED', async () => {
      const body = await revision(P1, (i) => (i.kpiId === 'P1-OUT-01' ? { ...i, targetValue: '11000' } : i));
      await refused(() => post('education', revisionPath(P1), body), 422, 'EXECUTION_CLOSED', [projectStream(P1)]);
    });

    it('needs a reason (400 without one) explained in words (REASON_DETAIL_REQUIRED)', async () => {
      const body = await revision(P3, (i) => (i.kpiId === 'P3-OUT-01' ? { ...i, targetValue: '7600' } : i));
      const { reason: _r, ...withoutReason } = body;
      const invalid = await refused(() => post('agriculture', revisionPath(P3), withoutReason), 400, 'INVALID_INPUT', [projectStream(P3)]);
      expect(invalid).toMatchObject({ errors: [expect.objectContaining({ field: 'reason' })] });
      await refused(() => post('agriculture', revisionPath(P3), { ...body, reasonDetail: '   ' }), 422, 'REASON_DETAIL_REQUIRED', [projectStream(P3)]);
    });

    it('the department cannot approve its own request (ROLE_NOT_ALLOWED); finance’s approval puts v4 in force and leaves v1–v3 and their events as they were', async () => {
      const before = await events(projectStream(P3));
      const versionsBefore = (await targetsOf(P3)).targets;
      await post('agriculture', revisionPath(P3), await revision(P3, (i) => (i.kpiId === 'P3-OUT-01' ? { ...i, targetValue: '7600' } : i))).expect(201);

      await refused(() => post('agriculture', `${revisionPath(P3)}/TR-2024-2/approvals`, { opinion: '同意' }), 403, 'ROLE_NOT_ALLOWED', [projectStream(P3)]);
      const approved = await post('finance', `${revisionPath(P3)}/TR-2024-2/approvals`, { opinion: '同意调整' }).expect(201);
      expect(approved.body.id).toBe('v4');

      const cycle = await targetsOf(P3);
      expect(cycle.targets.map((v: { version: number; status: string }) => `v${v.version} ${v.status}`)).toEqual(['v1 RETURNED', 'v2 PASSED', 'v3 REVISED', 'v4 REVISED']);
      expect(cycle.targets.slice(0, 3)).toEqual(versionsBefore);
      expect(cycle.targets[3].indicators.find((i: { kpiId: string }) => i.kpiId === 'P3-OUT-01').targetValue).toBe('7600');
      expect(cycle.targets[1].indicators.find((i: { kpiId: string }) => i.kpiId === 'P3-OUT-01').targetValue).toBe('8000');
      expect(cycle.revisions.map((r: { fromVersion: number; toVersion: number; reason: string }) => [r.fromVersion, r.toVersion, r.reason])).toEqual([
        [2, 3, 'EMERGENCY'],
        [3, 4, 'BUDGET_ADJUSTMENT'],
      ]);
      const after = await events(projectStream(P3));
      expect(after.slice(0, before.length)).toEqual(before);
      expect(after.slice(before.length).map((e) => e.type)).toEqual(['PerformanceTargetRevisionRequested', 'PerformanceTargetRevised']);
    });
  });

  describe('invariant 11: next-year budget decisions and referrals cite events that exist', () => {
    const adjustment = (basisEvents: object[]) => ({
      fiscalYear: FY,
      targetFiscalYear: 2025,
      baseFen: yuan(12_000_000),
      adjustmentFen: -yuan(1_000_000),
      direction: 'DECREASE',
      basis: 'SLOW_SPENDING',
      reason: '支出进度偏慢',
      basisEvents,
    });
    const referral = (referralId: string, basisEvents: object[]) => ({
      referralId,
      proCode: P3,
      subjects: [{ deptCode: 'D103', personName: '孙浩', role: '项目负责人' }],
      grounds: 'SEVERE_DIVERGENCE',
      referredTo: 'DISCIPLINE_INSPECTION',
      detail: '执行进度与绩效目标严重背离',
      basisEvents,
    });
    const reduction = (basisEvents: object[]) => ({ targetFiscalYear: 2025, basis: 'SLOW_SPENDING', proposedReductionFen: yuan(1_000_000), asOfDate: '2024-07-31', basisEvents });
    const missing = { stream: monitoringStream(P3), eventId: NO_SUCH_EVENT };
    const julySnapshot = cite(P3_SNAPSHOT, monitoringStream(P3));

    it('refuses a next-year budget adjustment citing nothing (BASIS_REQUIRED) or an event that is not stored (BASIS_EVENT_NOT_FOUND)', async () => {
      const path = `/projects/${P3}/results/next-year-budget-adjustments`;
      await refused(() => post('finance', path, adjustment([])), 422, 'BASIS_REQUIRED', [projectStream(P3)]);
      const problem = await refused(() => post('finance', path, adjustment([julySnapshot, missing])), 422, 'BASIS_EVENT_NOT_FOUND', [projectStream(P3)]);
      expect(problem.details).toEqual({ missing: [missing] });
      expect(await events(`results-${P3}-${FY}`)).toEqual([]);
    });

    it('refuses an accountability referral citing nothing or an event that is not stored, by finance and by audit alike', async () => {
      await refused(() => post('finance', '/accountability-referrals', referral('ZR-2024-E2E', [])), 422, 'BASIS_REQUIRED', [projectStream(P3)]);
      const problem = await refused(() => post('audit', '/accountability-referrals', referral('ZR-2024-E2E', [missing])), 422, 'BASIS_EVENT_NOT_FOUND', [projectStream(P3)]);
      expect(problem.details).toEqual({ missing: [missing] });
      expect(await events('referral-ZR-2024-E2E')).toEqual([]);
    });

    it('refuses a next-year reduction proposal citing nothing (BASIS_EVENTS_REQUIRED) or an event that is not stored (BASIS_EVENT_NOT_FOUND)', async () => {
      const path = `/projects/${P3}/funding/${FY}/next-year-reduction-proposals`;
      await refused(() => post('finance', path, reduction([])), 422, 'BASIS_EVENTS_REQUIRED', [fundingStream(P3)]);
      const problem = await refused(() => post('finance', path, reduction([missing])), 422, 'BASIS_EVENT_NOT_FOUND', [fundingStream(P3)]);
      expect(problem.details).toEqual(missing);
    });

    it('records the decisions that cite stored events, keeping the citations', async () => {
      await post('finance', '/accountability-referrals', referral('ZR-2024-E2E', [julySnapshot])).expect(201);
      expect((await events('referral-ZR-2024-E2E'))[0].data).toMatchObject({ proCode: P3, basisEvents: [julySnapshot] });
      await post('finance', `/projects/${P3}/results/next-year-budget-adjustments`, adjustment([julySnapshot])).expect(201);
      expect((await events(`results-${P3}-${FY}`))[0].data).toMatchObject({ adjustmentFen: -yuan(1_000_000), basisEvents: [julySnapshot] });
    });
  });

  describe('invariant 12: departments act on their own projects only; audit only reads, records findings and refers', () => {
    it('refuses 教育和体育局 (D101) a snapshot, a rectification report and a target revision of other departments’ projects: NOT_YOUR_PROJECT', async () => {
      await refused(() => post('education', snapshotPath(P4), { ...P4_SNAPSHOT.body, ...NOVEMBER }), 403, 'NOT_YOUR_PROJECT', [monitoringStream(P4)]);
      await refused(() => post('education', `/rectification-cases/${P4_CASE}/reports`, { measures: ['代为整改'], completedOn: '2024-12-01' }), 403, 'NOT_YOUR_PROJECT', [
        `rectification-${P4_CASE}`,
      ]);
      const revision = stepOf(IN_PROCESS_STEPS, 'P3/revision-request');
      await refused(() => post('education', revision.path, revision.body), 403, 'NOT_YOUR_PROJECT', [projectStream(P3)]);
      await refused(() => post('cdc', snapshotPath(P1), { ...P1_SNAPSHOT.body, ...NOVEMBER }), 403, 'NOT_YOUR_PROJECT', [monitoringStream(P1)]);
    });

    it('lets D104 read its P4 funding, monitoring and rectification, and refuses D101 the same reads', async () => {
      const paths = [`/projects/${P4}`, `/projects/${P4}/funding/${FY}`, `/projects/${P4}/monitoring/${FY}`, `/rectification-cases/${P4_CASE}`];
      for (const path of paths) {
        expect({ path, status: (await get('housing', path)).status }).toEqual({ path, status: 200 });
        const res = await get('education', path);
        expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 403, code: 'NOT_YOUR_PROJECT' });
      }
    });

    it('refuses audit (and the treasury integration) every command that would change budget data: ROLE_NOT_ALLOWED, nothing appended', async () => {
      const writes: [string, object][] = [
        [`/projects/${P3}/funding/${FY}/disbursements`, { amountFen: 100, paymentRef: 'GK-AUDIT-1', paidOn: '2024-12-01' }],
        [`/projects/${P3}/funding/${FY}/adjustments`, { deltaFen: -100, reason: '审计调整', docNo: '乳审〔2024〕1号', effectiveOn: '2024-12-01' }],
        [`/projects/${P3}/funding/${FY}/suspensions`, { basis: { kind: 'RECTIFICATION_CASE', caseId: P4_CASE }, effectiveOn: '2024-12-01', docNo: '乳审〔2024〕2号', reason: '暂缓' }],
        [`/projects/${P3}/funding/${FY}/recovery-proposals`, { amountFen: 100, reallocationRef: 'UNALLOCATED_POOL', reason: '收回', docNo: '乳审〔2024〕3号' }],
        [`/projects/${P3}/funding/${FY}/closing`, { carryOverFen: 0 }],
        ['/monitoring-tasks', { taskId: 'MT-2024-A1', fiscalYear: FY, mode: 'KEY', title: '审计监控', asOfDate: '2024-11-30', dueDate: '2024-12-31' }],
        [
          '/rectification-cases',
          { caseId: 'RC-2024-AUD-01', proCode: P3, fiscalYear: FY, origin: 'AUDIT', findings: ['f'], requirements: ['r'], deadline: '2024-12-31', docNo: '乳审〔2024〕4号', basisEvents: [cite(P3_SNAPSHOT, monitoringStream(P3))] },
        ],
        [`/projects/${P3}/targets/revision-requests/TR-2024-1/approvals`, { opinion: '同意' }],
        [`/projects/${P3}/budget-approvals`, { fiscalYear: FY, approvedFen: 1, targetVersion: 3, approvalDocNo: '乳审〔2024〕5号' }],
        ['/disclosures', { fiscalYear: FY, kind: 'TARGETS', items: [P3], channel: '网站', url: 'https://example.org/x', publishedOn: '2024-12-01' }],
      ];
      for (const [path, body] of writes) {
        const res = await refused(() => post('audit', path, body), 403, 'ROLE_NOT_ALLOWED');
        expect({ path, details: res.details }).toMatchObject({ path, details: { role: 'AUDIT_BUREAU' } });
      }
      await refused(() => post('treasury', `/projects/${P3}/funding/${FY}/suspensions`, writes[2][1]), 403, 'ROLE_NOT_ALLOWED');
    });

    it('lets audit read every stream and record a finding of its own', async () => {
      for (const path of [`/streams/${fundingStream(P4)}`, `/projects/${P4}/funding/${FY}`, `/projects/${P3}/monitoring/${FY}`, `/rectification-cases/${P4_CASE}`]) await read(path);
      await post('audit', '/audit-findings', {
        findingId: 'SJ-2024-E2E',
        proCode: P4,
        fiscalYear: FY,
        category: 'IDLE_FUNDS',
        text: '已拨付资金闲置',
        evidence: [{ name: '审计底稿.pdf', sha256: 'a'.repeat(64) }],
      }).expect(201);
      expect((await events('audit-SJ-2024-E2E'))[0]).toMatchObject({ type: 'AuditFindingRecorded', metadata: { actor: { role: 'AUDIT_BUREAU' } } });
    });

    it('lets a third party read a project only under its commission: TP-001 (P3 ex-ante) yes, P1 no', async () => {
      expect((await get('accountingFirm', `/projects/${P3}`)).status).toBe(200);
      const res = await get('accountingFirm', `/projects/${P1}`);
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'NOT_YOUR_PROJECT' });
    });
  });
});

// =========================================================================================================
// Invariants 9, 10, 12, 13 — after execution (事后): the demo played up to the P4 key-evaluation commission,
// every self-evaluation submitted, none filed yet.
// =========================================================================================================
describe('after execution (事后), through HTTP', () => {
  let t: TestApp;
  const clock = new SimulatedClock(DEMO_START);
  const { post, get, read, events, refused } = driver(() => t);
  const evaluationPath = (proCode: string) => `/projects/${proCode}/evaluations/${FY}`;
  const selfEvaluationStep = (label: string) => stepOf(EX_POST_STEPS, `${label}/self-evaluation`);
  const submissionOf = (label: string, proCode: string) => cite(selfEvaluationStep(label), evaluationStream(proCode)).eventId;

  beforeAll(async () => {
    t = await createTestApp({ clock });
    await t.play(until(DEMO_STEPS, 'P4/key-evaluation-commission'));
  }, 60_000);
  afterAll(() => t.close());

  describe('invariant 9: self-evaluation against the version in force at year end, scored by the rule set', () => {
    const PROJECTS = [
      { label: 'P1', proCode: P1, inForce: 1 },
      { label: 'P2', proCode: P2, inForce: 1 },
      { label: 'P3', proCode: P3, inForce: 3 },
      { label: 'P4', proCode: P4, inForce: 1 },
    ];

    it.each(PROJECTS)('$label is scored against v$inForce, citing the event that put it in force and the 决算', async ({ label, proCode, inForce }) => {
      const project = await events(projectStream(proCode));
      // The version in force read straight from the stream: the approval, or the last approved revision (P3's flood revision).
      const putInForce = lastOf(project, 'PerformanceTargetRevised') ?? lastOf(project, 'BudgetAndTargetsApproved');
      const indicators = (putInForce?.type === 'PerformanceTargetRevised' ? lastOf(project, 'PerformanceTargetRevisionRequested') : lastOf(project, 'PerformanceTargetSet'))?.data.indicators as {
        kpiId: string;
        targetValue: string;
        weight: number;
        direction: string;
      }[];
      const closed = lastOf(await events(fundingStream(proCode)), 'BudgetExecutionClosed');
      const submitted = lastOf(await events(evaluationStream(proCode)), 'SelfEvaluationSubmitted');
      expect(submitted?.metadata.eventId).toBe(submissionOf(label, proCode));
      expect(submitted?.data.targetVersion).toBe(inForce);
      expect(submitted?.data.basisEvents).toEqual([
        { stream: fundingStream(proCode), eventId: closed?.metadata.eventId },
        { stream: projectStream(proCode), eventId: putInForce?.metadata.eventId },
      ]);
      const scored = (submitted?.data.indicators as { kpiId: string; targetValue: string; weight: number; direction: string }[]).map(({ kpiId, targetValue, weight, direction }) => ({ kpiId, targetValue, weight, direction }));
      expect(scored).toEqual(indicators.map(({ kpiId, targetValue, weight, direction }) => ({ kpiId, targetValue, weight, direction })));
    });

    it('P3’s timeliness target is v3’s 20 December, not v2’s 30 November', async () => {
      const submitted = lastOf(await events(evaluationStream(P3)), 'SelfEvaluationSubmitted');
      const timeliness = (submitted?.data.indicators as { kpiId: string; targetValue: string }[]).find((i) => i.kpiId === 'P3-OUT-03');
      expect(timeliness?.targetValue).toBe('2024年12月20日前完成建设任务');
    });

    it.each(PROJECTS)('$label: quantitative scores equal the rule set’s, qualitative ones lie in their band, weights make 100, total = execution + indicators', async ({ proCode }) => {
      const data = lastOf(await events(evaluationStream(proCode)), 'SelfEvaluationSubmitted')?.data as {
        budget: { adjustedBudgetFen: number; executedFen: number };
        indicators: { kpiId: string; direction: Direction; targetValue: string; weight: number; actualValue?: string; attainment?: Attainment; score: number }[];
        executionPoints: number;
        indicatorPoints: number;
        totalScore: number;
        grade: string;
      };
      const closed = lastOf(await events(fundingStream(proCode)), 'BudgetExecutionClosed')?.data;
      expect(data.budget).toMatchObject({ adjustedBudgetFen: closed?.adjustedBudgetFen, executedFen: closed?.executedFen });
      expect(data.executionPoints).toBe(budgetExecutionPoints(data.budget.executedFen, data.budget.adjustedBudgetFen, DEFAULT_RULE_SET));
      for (const i of data.indicators) {
        if (i.attainment) expect({ kpiId: i.kpiId, inBand: inBand(i.score, qualitativeBand(i.attainment, i.weight)) }).toEqual({ kpiId: i.kpiId, inBand: true });
        else expect({ kpiId: i.kpiId, score: i.score }).toEqual({ kpiId: i.kpiId, score: quantitativeScore(i.direction, Number(i.targetValue), Number(i.actualValue), i.weight) });
      }
      expect(data.indicators.reduce((sum, i) => sum + i.weight, 0) + DEFAULT_RULE_SET.targetWeights.budgetExecution).toBe(100);
      expect(totalScore(data.executionPoints, data.indicators.map((i) => i.score), DEFAULT_RULE_SET)).toEqual({
        executionPoints: data.executionPoints,
        indicatorPoints: data.indicatorPoints,
        totalScore: data.totalScore,
        grade: data.grade,
      });
    });

    it('gives the totals of domain.md §9: P1 94.35 优, P2 96 优, P3 88 良', async () => {
      const totals = await Promise.all([P1, P2, P3].map(async (p) => lastOf(await events(evaluationStream(p)), 'SelfEvaluationSubmitted')?.data));
      expect(totals.map((d) => [d?.totalScore, d?.grade])).toEqual([
        [94.35, 'EXCELLENT'],
        [96, 'EXCELLENT'],
        [88, 'GOOD'],
      ]);
    });

    it('refuses a correction claiming a quantitative score other than the rule set’s, or a qualitative score outside its band, storing nothing', async () => {
      const step = selfEvaluationStep('P1');
      const supersedes = submissionOf('P1', P1);
      const claimed = await refused(
        () => post('education', step.path, { ...step.body, claimedScores: [{ kpiId: 'P1-OUT-01', score: 15 }], supersedes }),
        422,
        'QUANTITATIVE_SCORE_MISMATCH',
        [evaluationStream(P1)],
      );
      expect(claimed.details).toEqual({ kpiId: 'P1-OUT-01', computed: 14.25, claimed: 15, ruleSetVersion: 'v1' });

      const indicators = (step.body.indicators as { kpiId: string }[]).map((i) => (i.kpiId === 'P1-OUT-03' ? { kpiId: 'P1-OUT-03', attainment: 'PARTLY_ACHIEVED', score: 8 } : i));
      const { claimedTotal: _c, ...body } = step.body;
      const band = await refused(() => post('education', step.path, { ...body, indicators, supersedes }), 422, 'SCORE_OUTSIDE_BAND', [evaluationStream(P1)]);
      expect(band.details).toEqual({ outside: [{ kpiId: 'P1-OUT-03', attainment: 'PARTLY_ACHIEVED', score: 8, band: { min: 6, max: 8, maxInclusive: false } }] });
      await refused(() => post('education', step.path, { ...step.body, claimedTotal: 94.36, supersedes }), 422, 'TOTAL_MISMATCH', [evaluationStream(P1)]);
    });
  });

  describe('invariant 10: a spot-check reviews a filed self-evaluation; a third party reports only under its own commission for that project', () => {
    const spotCheck = { reviewScore: 80, findings: ['抽查复核发现部分数据不实'] };
    const commission = (institutionId: string, institutionName: string) => ({
      scope: 'SPOT_CHECK',
      institutionId,
      institutionName,
      contractRef: '乳财委〔2025〕5号',
      conflictDeclarationRef: `${institutionId}利益冲突声明`,
    });
    const keyReport = { frameworkScores: { DECISION: 15, PROCESS: 15, OUTPUT: 30, BENEFIT: 15 }, findings: ['f'], recommendations: ['r'], reportRef: '评价报告', evidence: [{ name: '评价报告.pdf', sha256: 'b'.repeat(64) }] };

    it('refuses finance’s spot-check of P1 before filing: SELF_EVALUATION_NOT_FILED', async () => {
      const problem = await refused(() => post('finance', `${evaluationPath(P1)}/spot-checks`, spotCheck), 422, 'SELF_EVALUATION_NOT_FILED', [evaluationStream(P1)]);
      expect(problem.details).toEqual({ proCode: P1, fiscalYear: FY, submitted: true });
    });

    it('lets TP-002 read and act on P2 only once commissioned, and then only after filing', async () => {
      const denied = await get('engineeringFirm', evaluationPath(P2));
      expect({ status: denied.status, code: denied.body.code }).toEqual({ status: 403, code: 'NOT_YOUR_PROJECT' });
      await refused(() => post('engineeringFirm', `${evaluationPath(P2)}/spot-checks`, spotCheck), 403, 'NO_ACTIVE_COMMISSION', [evaluationStream(P2)]);

      await post('finance', `${evaluationPath(P2)}/commissions`, commission('TP-002', '山东海岳工程咨询有限公司（虚构）')).expect(201);
      expect((await get('engineeringFirm', evaluationPath(P2))).status).toBe(200);
      await refused(() => post('engineeringFirm', `${evaluationPath(P2)}/spot-checks`, spotCheck), 422, 'SELF_EVALUATION_NOT_FILED', [evaluationStream(P2)]);
    });

    it('refuses TP-001 on P2 (the commission is TP-002’s), TP-002 on P3 (its commission is for P2), TP-001 on P4 (its commission there is a key evaluation)', async () => {
      await t.play([stepOf(EX_POST_STEPS, 'P2/self-evaluation-filing')]);
      await refused(() => post('accountingFirm', `${evaluationPath(P2)}/spot-checks`, spotCheck), 403, 'NO_ACTIVE_COMMISSION', [evaluationStream(P2)]);
      await refused(() => post('engineeringFirm', `${evaluationPath(P3)}/spot-checks`, spotCheck), 403, 'NO_ACTIVE_COMMISSION', [evaluationStream(P3)]);
      await refused(() => post('accountingFirm', `${evaluationPath(P4)}/spot-checks`, spotCheck), 403, 'NO_ACTIVE_COMMISSION', [evaluationStream(P4)]);
    });

    it('refuses key-evaluation reports outside the commission: TP-001 on P3, TP-002 on P4; and an ex-ante assessment of P1 by TP-001', async () => {
      await refused(() => post('accountingFirm', `${evaluationPath(P3)}/key-evaluation/reports`, keyReport), 403, 'NO_ACTIVE_COMMISSION', [projectStream(P3)]);
      expect(await events(keyEvaluationStream(P3))).toEqual([]);
      await refused(() => post('engineeringFirm', `${evaluationPath(P4)}/key-evaluation/reports`, keyReport), 403, 'NO_ACTIVE_COMMISSION', [keyEvaluationStream(P4)]);
      const exAnte = stepOf(EX_ANTE_STEPS, 'P1/ex-ante');
      await refused(() => post('accountingFirm', exAnte.path, exAnte.body), 403, 'NO_ACTIVE_COMMISSION', [projectStream(P1)]);
    });

    it('records TP-002’s spot-check of the filed P2 under its commission, which then ends', async () => {
      await post('engineeringFirm', `${evaluationPath(P2)}/spot-checks`, { ...spotCheck, reviewScore: 78 }).expect(201);
      const reviewed = lastOf(await events(evaluationStream(P2)), 'SpotCheckReviewed');
      expect(reviewed?.data).toMatchObject({ reviewer: 'THIRD_PARTY', institutionId: 'TP-002', commissionId: 'SCC-1', selfScore: 96, reviewScore: 78, reviewGrade: 'FAIR' });
      await refused(() => post('engineeringFirm', `${evaluationPath(P2)}/spot-checks`, spotCheck), 403, 'NO_ACTIVE_COMMISSION', [evaluationStream(P2)]);
    });
  });

  describe('invariant 12 after execution: the owning department only; reviews by the competent department; audit never files', () => {
    it('refuses D101 a self-evaluation of P4, a review of P3 and a disclosure of P4; the unit D102-01 may not review its own P2', async () => {
      const p4 = selfEvaluationStep('P4');
      await refused(() => post('education', p4.path, { ...p4.body, supersedes: submissionOf('P4', P4) }), 403, 'NOT_YOUR_PROJECT', [evaluationStream(P4)]);
      await refused(() => post('education', `${evaluationPath(P3)}/self-evaluation/reviews`, { deptScore: 90, opinion: '同意' }), 403, 'NOT_YOUR_PROJECT', [evaluationStream(P3)]);
      await refused(() => post('cdc', `${evaluationPath(P2)}/self-evaluation/reviews`, { deptScore: 99, opinion: '自评客观' }), 403, 'ROLE_NOT_ALLOWED', [evaluationStream(P2)]);
      const disclosure = { fiscalYear: FY, kind: 'EVALUATION_RESULTS', items: [P4], channel: '乳山市教育和体育局网站', url: 'https://example.org/p4', publishedOn: '2025-03-02' };
      await refused(() => post('education', '/disclosures', disclosure), 403, 'NOT_YOUR_PROJECT');
      expect(await events(`disclosure-${FY}`)).toEqual([]);
    });

    it('refuses D101 the overall targets of D103 (NOT_YOUR_DEPARTMENT), and audit the filing and the key-evaluation completion (ROLE_NOT_ALLOWED)', async () => {
      const targets = stepOf(EX_POST_STEPS, 'D101/overall-targets-2024');
      await refused(() => post('education', '/departments/D103/overall-targets', targets.body), 403, 'NOT_YOUR_DEPARTMENT');
      expect(await events('department-D103-2024')).toEqual([]);
      await refused(() => post('audit', `${evaluationPath(P1)}/self-evaluation/filing`, { opinion: '备案' }), 403, 'ROLE_NOT_ALLOWED', [evaluationStream(P1)]);
      await refused(() => post('audit', P4_KEY_COMPLETION.path, P4_KEY_COMPLETION.body), 403, 'ROLE_NOT_ALLOWED', [keyEvaluationStream(P4)]);
    });
  });

  describe('invariant 13: events are never changed; a correction is a new event naming the one it supersedes', () => {
    const step = () => selfEvaluationStep('P3');
    const rerated = () => (step().body.indicators as { kpiId: string }[]).map((i) => (i.kpiId === 'P3-OUT-03' ? { kpiId: 'P3-OUT-03', attainment: 'PARTLY_ACHIEVED', score: 7.5 } : i));

    it('corrects P3’s self-evaluation by a new event: the whole log before it is unchanged, the original keeps its score', async () => {
      const original = submissionOf('P3', P3);
      const logBefore = await t.store.readAll();
      await post('agriculture', step().path, { ...step().body, indicators: rerated(), supersedes: original }).expect(201);

      const logAfter = await t.store.readAll();
      expect(logAfter.slice(0, logBefore.length)).toEqual(logBefore);
      expect(logAfter.slice(logBefore.length).map((e) => [e.stream, e.type, e.metadata.supersedes])).toEqual([[evaluationStream(P3), 'SelfEvaluationSubmitted', original]]);

      const stream = await events(evaluationStream(P3));
      const [first, second] = stream.filter((e) => e.type === 'SelfEvaluationSubmitted');
      expect(first.metadata.eventId).toBe(original);
      expect([first.data.totalScore, second.data.totalScore]).toEqual([88, 88.5]);
      const view = await read(evaluationPath(P3));
      expect(view).toMatchObject({ supersededSubmissions: [original], selfEvaluation: { eventId: second.metadata.eventId, totalScore: 88.5 } });
      expect(await verifyChains(t.store)).toMatchObject({ ok: true });
    });

    it('refuses to correct the original twice (ALREADY_SUPERSEDED), an event of another stream (SUPERSEDED_EVENT_NOT_FOUND) or of a type the command does not correct (CORRECTION_NOT_ALLOWED)', async () => {
      const body = { ...step().body, indicators: rerated() };
      const twice = await refused(() => post('agriculture', step().path, { ...body, supersedes: submissionOf('P3', P3) }), 422, 'ALREADY_SUPERSEDED', [evaluationStream(P3)]);
      expect(twice.details).toEqual({ by: lastOf(await events(evaluationStream(P3)), 'SelfEvaluationSubmitted')?.metadata.eventId });
      await refused(() => post('agriculture', step().path, { ...body, supersedes: submissionOf('P1', P1) }), 422, 'SUPERSEDED_EVENT_NOT_FOUND', [evaluationStream(P3)]);
      const review = lastOf(await events(evaluationStream(P2)), 'SelfEvaluationReviewedByCompetentDepartment');
      const p2 = selfEvaluationStep('P2');
      await refused(() => post('cdc', p2.path, { ...p2.body, supersedes: review?.metadata.eventId }), 422, 'CORRECTION_NOT_ALLOWED', [evaluationStream(P2)]);
    });

    it('refuses any correction once finance filed the self-evaluation: SELF_EVALUATION_ALREADY_FILED', async () => {
      await t.play([stepOf(EX_POST_STEPS, 'P1/self-evaluation-filing')]);
      const p1 = selfEvaluationStep('P1');
      const problem = await refused(() => post('education', p1.path, { ...p1.body, supersedes: submissionOf('P1', P1) }), 422, 'SELF_EVALUATION_ALREADY_FILED', [evaluationStream(P1)]);
      expect(problem.details).toEqual({ filingEventId: lastOf(await events(evaluationStream(P1)), 'SelfEvaluationFiled')?.metadata.eventId });
    });
  });
});
