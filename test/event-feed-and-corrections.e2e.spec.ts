import { DEMO_START } from '../apps/cli/src/demo/rushan-2024.demo.js';
import { IN_PROCESS_STEPS } from '../apps/cli/src/demo/rushan-2024.in-process.js';
import { EX_ANTE_STEPS, P1 } from '../apps/cli/src/demo/rushan-2024.scenario.js';
import { SimulatedClock } from '../apps/cli/src/demo/simulated-clock.js';
import { type TestApp, createTestApp } from '../libs/testing/src/test-app.js';

/** The event feeds integrations consume and auditors replay, and corrections that keep what they correct. */
describe('event feeds and corrections', () => {
  let t: TestApp;
  const FIRST_P1_PAYMENTS = IN_PROCESS_STEPS.filter((s) => s.kind !== 'watch-deadlines' && s.path === `/projects/${P1}/funding/2024/disbursements`).slice(0, 2);

  beforeAll(async () => {
    t = await createTestApp({ clock: new SimulatedClock(DEMO_START) });
    await t.play([...EX_ANTE_STEPS, ...FIRST_P1_PAYMENTS]);
  }, 30_000);
  afterAll(() => t.close());

  const as = (who: Parameters<TestApp['tokenFor']>[0]) => `Bearer ${t.tokenFor(who)}`;

  it('pages through the global log, filtered by category and type, for integrations and audit only', async () => {
    const first = await t.http().get('/events?category=project&type=BudgetProjectDeclared&limit=3').set('Authorization', as('treasury')).expect(200);
    expect(first.body.events.map((e: { type: string }) => e.type)).toEqual(['BudgetProjectDeclared', 'BudgetProjectDeclared', 'BudgetProjectDeclared']);
    expect(first.body.next).toEqual(first.body.events[2].position);
    const rest = await t.http().get(`/events?category=project&type=BudgetProjectDeclared&after=${first.body.next}`).set('Authorization', as('audit')).expect(200);
    expect(rest.body.events).toHaveLength(2);
    expect(rest.body.next).toBeNull();
    const all = [...first.body.events, ...rest.body.events].map((e: { data: { proCode: string } }) => e.data.proCode);
    expect(new Set(all).size).toBe(5);
    await t.http().get('/events').set('Authorization', as('education')).expect(403);
    await t.http().get('/events?after=yesterday').set('Authorization', as('audit')).expect(400);
    await t.http().get('/streams/no-such-stream').set('Authorization', as('audit')).expect(404);
  });

  it('corrects a disbursement by a new event that names it; both stay, the ledger counts the correction', async () => {
    const stream = `funding-${P1}-2024`;
    const before = await t.http().get(`/streams/${stream}`).set('Authorization', as('audit')).expect(200);
    const [first] = before.body.events;
    expect(first.data.amountFen).toBe(150_000_000);
    const correction = { amountFen: 145_000_000, paymentRef: first.data.paymentRef, paidOn: first.data.paidOn, supersedes: first.metadata.eventId };
    await t.http().post(`/projects/${P1}/funding/2024/disbursements`).set('Authorization', as('treasury')).send(correction).expect(201);

    const after = await t.http().get(`/streams/${stream}`).set('Authorization', as('audit')).expect(200);
    expect(after.body.events).toHaveLength(3);
    expect(after.body.events[2].metadata.supersedes).toBe(first.metadata.eventId);
    expect(after.body.events[0].data.amountFen).toBe(150_000_000);
    const ledger = await t.http().get(`/projects/${P1}/funding/2024`).set('Authorization', as('audit')).expect(200);
    expect(ledger.body.disbursedFen).toBe(145_000_000 + 140_000_000);

    const again = await t.http().post(`/projects/${P1}/funding/2024/disbursements`).set('Authorization', as('treasury')).send({ ...correction, amountFen: 144_000_000 }).expect(422);
    expect(again.body.code).toBe('ALREADY_SUPERSEDED');
    const foreign = await t.http().post(`/projects/${P1}/funding/2024/disbursements`).set('Authorization', as('treasury')).send({ ...correction, supersedes: '00000000-0000-4000-8000-000000000000' }).expect(422);
    expect(foreign.body.code).toBe('SUPERSEDED_EVENT_NOT_FOUND');
    const declared = (await t.http().get(`/streams/project-${P1}`).set('Authorization', as('audit'))).body.events[0];
    const notAllowed = await t.http().post(`/projects/${P1}/targets`).set('Authorization', as('education')).send({ ...EX_ANTE_STEPS.find((s) => s.key === 'demo-fy2024/P1/targets-v1')!.body, supersedes: declared.metadata.eventId }).expect(422);
    expect(notAllowed.body.code).toBe('CORRECTION_NOT_ALLOWED');
    expect((await t.http().get(`/streams/${stream}`).set('Authorization', as('audit'))).body.events).toHaveLength(3);
  });
});
