import { EX_ANTE_STEPS } from '../apps/cli/src/demo/rushan-2024.scenario.js';
import { DEFAULT_RULE_SET } from '../libs/rule-sets/src/rule-set.js';
import { type TestApp, createTestApp } from '../libs/testing/src/test-app.js';

/** Rule sets are published data: a new version decides what comes after it and rewrites nothing before it. */
describe('rule sets through HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const auth = (who: Parameters<TestApp['tokenFor']>[0]) => `Bearer ${t.tokenFor(who)}`;
  const step = (key: string) => EX_ANTE_STEPS.find((s) => s.key === `demo-fy2024/${key}`)!;

  it('serves the built-in default v1 before anything is published', async () => {
    const res = await t.http().get('/rule-sets/default').set('Authorization', auth('education')).expect(200);
    expect(res.body).toMatchObject({ id: 'default', current: { version: 'v1' }, versions: [] });
  });

  it('grades by the version in force when the decision is made, and keeps earlier grades as they were', async () => {
    const p3 = step('P3/declare');
    await t.http().post('/projects').set('Authorization', auth('agriculture')).send(p3.body).expect(201);
    const p4 = step('P4/declare');
    await t.http().post('/projects').set('Authorization', auth('housing')).send(p4.body).expect(201);
    // P4 scores 81: 良 under v1.
    await t.http().post(step('P4/ex-ante').path).set('Authorization', auth('housing')).send(step('P4/ex-ante').body).expect(201);

    const v2 = { ...structuredClone(DEFAULT_RULE_SET), version: 'v2', gradeScale: [
      { grade: 'EXCELLENT', min: 80 }, { grade: 'GOOD', min: 70 }, { grade: 'FAIR', min: 60 }, { grade: 'POOR', min: 0 },
    ] };
    expectProblem(await t.http().post('/rule-sets/default/versions').set('Authorization', auth('education')).send({ ruleSet: v2, effectiveFrom: '2024-01-01', note: 'x' }), 403);
    const published = await t.http().post('/rule-sets/default/versions').set('Authorization', auth('finance')).send({ ruleSet: v2, effectiveFrom: '2024-01-01', note: '采用80/70/60等级标准' }).expect(201);
    expect(published.body.id).toBe('v2');

    // P3 would score 84 (良 under v1), but is recorded under v2: 优.
    await t.http().post(`/projects/${p3.body.proCode}/ex-ante/assessments`).set('Authorization', auth('agriculture')).send(step('P4/ex-ante').body).expect(201);
    const p3Events = await t.http().get(`/projects/${p3.body.proCode}/events`).set('Authorization', auth('audit')).expect(200);
    const p3Assessment = p3Events.body.events.find((e: { type: string }) => e.type === 'ExAnteAssessmentRecorded');
    expect(p3Assessment.data).toMatchObject({ totalScore: 81, grade: 'EXCELLENT' });
    expect(p3Assessment.metadata.ruleSetVersion).toBe('v2');

    const p4Events = await t.http().get(`/projects/${p4.body.proCode}/events`).set('Authorization', auth('audit')).expect(200);
    const p4Assessment = p4Events.body.events.find((e: { type: string }) => e.type === 'ExAnteAssessmentRecorded');
    expect(p4Assessment.data).toMatchObject({ totalScore: 81, grade: 'GOOD' });
    expect(p4Assessment.metadata.ruleSetVersion).toBe('v1');

    const ruleSet = await t.http().get('/rule-sets/default').set('Authorization', auth('audit')).expect(200);
    expect(ruleSet.body.current.version).toBe('v2');
    expect(ruleSet.body.versions.map((v: { version: string }) => v.version)).toEqual(['v2']);
  });

  it('refuses an inconsistent rule set with the problems listed, publishing nothing', async () => {
    const broken = { ...structuredClone(DEFAULT_RULE_SET), version: 'v3', targetWeights: { outputAndCost: 60, benefit: 30, satisfaction: 10, budgetExecution: 10 } };
    const res = await t.http().post('/rule-sets/default/versions').set('Authorization', auth('finance')).send({ ruleSet: broken, effectiveFrom: '2025-01-01', note: '错误' }).expect(422);
    expect(res.body).toMatchObject({ code: 'RULE_SET_INVALID', details: { problems: ['targetWeights must add up to 100'] } });
    const ruleSet = await t.http().get('/rule-sets/default').set('Authorization', auth('audit')).expect(200);
    expect(ruleSet.body.versions).toHaveLength(1);
  });
});

function expectProblem(res: { status: number; body: { code: string } }, status: number) {
  expect(res.status).toBe(status);
  expect(res.body.code).toBe('ROLE_NOT_ALLOWED');
}
