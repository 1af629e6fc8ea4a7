import { randomInt } from 'node:crypto';
import { EX_ANTE_STEPS } from '../apps/cli/src/demo/rushan-2024.scenario.js';
import { type TestApp, createTestApp } from '../libs/testing/src/test-app.js';

/** design.md §6: status codes, problem+json, If-Match, Idempotency-Key — and nothing appended on any error. */
describe('HTTP conventions', () => {
  let t: TestApp;
  let education: string;
  let culture: string;
  let finance: string;

  beforeAll(async () => {
    t = await createTestApp();
    education = t.tokenFor('education');
    culture = t.tokenFor('culture');
    finance = t.tokenFor('finance');
  });
  afterAll(() => t.close());

  const declareBody = () => {
    const declare = EX_ANTE_STEPS.find((s) => s.key === 'demo-fy2024/P1/declare')!;
    return { ...declare.body, proCode: `371083-2024-D101-${String(randomInt(100000, 999999))}` };
  };
  const declared = async () => {
    const body = declareBody();
    await t.http().post('/projects').set('Authorization', `Bearer ${education}`).send(body).expect(201);
    return body.proCode as string;
  };
  const eventCount = async (proCode: string) => (await t.store.readStream(`project-${proCode}`)).length;
  const expectProblem = (res: { headers: Record<string, string>; body: Record<string, unknown> }, status: number, code: string) => {
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, code, type: `urn:budgetloop:problem:${code}` });
    expect(typeof res.body.detail).toBe('string');
  };

  it('answers a command with 201, {id, revision, position}, an ETag and a Location', async () => {
    const body = declareBody();
    const res = await t.http().post('/projects').set('Authorization', `Bearer ${education}`).send(body).expect(201);
    expect(res.body).toMatchObject({ id: body.proCode, revision: 0, replayed: false, stream: `project-${body.proCode}` });
    expect(res.body.position).toMatch(/^\d+$/);
    expect(res.headers.etag).toBe('"0"');
    expect(res.headers.location).toBe(`/projects/${body.proCode}`);
  });

  it('refuses a malformed command with 400 and the fields at fault, appending nothing', async () => {
    const proCode = await declared();
    const res = await t.http()
      .post(`/projects/${proCode}/targets`)
      .set('Authorization', `Bearer ${education}`)
      .send({ fiscalYear: 'next year', overallObjective: '', indicators: [{ kpiId: 'x y' }] })
      .expect(400);
    expectProblem(res, 400, 'INVALID_INPUT');
    const fields = (res.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['fiscalYear', 'overallObjective', 'annualObjective', 'indicators[0].kpiId', 'indicators[0].weight']));
    expect(await eventCount(proCode)).toBe(1);
  });

  it('refuses unknown fields, malformed JSON and a body over the limit', async () => {
    const unknown = await t.http().post('/projects').set('Authorization', `Bearer ${education}`).send({ ...declareBody(), approvedBySelf: true }).expect(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'approvedBySelf' })]);
    const malformed = await t.http().post('/projects').set('Authorization', `Bearer ${education}`).set('Content-Type', 'application/json').send('{"proCode": ').expect(400);
    expectProblem(malformed, 400, 'MALFORMED_JSON');
    const huge = await t.http().post('/projects').set('Authorization', `Bearer ${education}`).send({ ...declareBody(), proName: 'x'.repeat(100_000) }).expect(413);
    expectProblem(huge, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('needs a valid token: missing, forged and expired ones get 401', async () => {
    const proCode = await declared();
    const missing = await t.http().get(`/projects/${proCode}`).expect(401);
    expectProblem(missing, 401, 'TOKEN_MISSING');
    expect(missing.headers['www-authenticate']).toBe('Bearer');
    const forged = `${education.slice(0, -4)}AAAA`;
    expectProblem(await t.http().get(`/projects/${proCode}`).set('Authorization', `Bearer ${forged}`).expect(401), 401, 'TOKEN_INVALID');
    const expired = t.tokenFor('education', -60);
    expectProblem(await t.http().get(`/projects/${proCode}`).set('Authorization', `Bearer ${expired}`).expect(401), 401, 'TOKEN_INVALID');
    const body = declareBody();
    expectProblem(await t.http().post('/projects').send(body).expect(401), 401, 'TOKEN_MISSING');
    expect(await eventCount(body.proCode)).toBe(0);
  });

  it('forbids a department to act on or read another department’s project (403), appending nothing', async () => {
    const proCode = await declared();
    const targets = EX_ANTE_STEPS.find((s) => s.key === 'demo-fy2024/P1/targets-v1')!.body;
    const res = await t.http().post(`/projects/${proCode}/targets`).set('Authorization', `Bearer ${culture}`).send(targets).expect(403);
    expectProblem(res, 403, 'NOT_YOUR_PROJECT');
    expectProblem(await t.http().get(`/projects/${proCode}`).set('Authorization', `Bearer ${culture}`).expect(403), 403, 'NOT_YOUR_PROJECT');
    expect(await eventCount(proCode)).toBe(1);
  });

  it('forbids a role a command is not for (403), and lets audit read but not write', async () => {
    const proCode = await declared();
    const review = { fiscalYear: 2024, outcome: 'PASSED', checks: { formatCompliant: true, complete: true, matchesFunding: true } };
    expectProblem(await t.http().post(`/projects/${proCode}/targets/1/reviews`).set('Authorization', `Bearer ${education}`).send(review).expect(403), 403, 'ROLE_NOT_ALLOWED');
    const auditor = t.tokenFor('audit');
    expectProblem(await t.http().post(`/projects/${proCode}/library/admissions`).set('Authorization', `Bearer ${auditor}`).send({ fiscalYear: 2024 }).expect(403), 403, 'ROLE_NOT_ALLOWED');
    await t.http().get(`/projects/${proCode}`).set('Authorization', `Bearer ${auditor}`).expect(200);
    expect(await eventCount(proCode)).toBe(1);
  });

  it('refuses a stale If-Match with 409 and honours a current one', async () => {
    const proCode = await declared();
    const assessment = EX_ANTE_STEPS.find((s) => s.key === 'demo-fy2024/P1/ex-ante')!.body;
    const stale = await t.http().post(`/projects/${proCode}/ex-ante/assessments`).set('Authorization', `Bearer ${education}`).set('If-Match', '"3"').send(assessment).expect(409);
    expectProblem(stale, 409, 'STALE_REVISION');
    expect(stale.body.details).toMatchObject({ expected: 3, actual: 0 });
    expect(await eventCount(proCode)).toBe(1);
    const current = await t.http().post(`/projects/${proCode}/ex-ante/assessments`).set('Authorization', `Bearer ${education}`).set('If-Match', '"0"').send(assessment).expect(201);
    expect(current.headers.etag).toBe('"1"');
    expectProblem(await t.http().post(`/projects/${proCode}/ex-ante/assessments`).set('Authorization', `Bearer ${education}`).set('If-Match', 'yesterday').send(assessment).expect(400), 400, 'INVALID_IF_MATCH');
  });

  it('answers a repeated Idempotency-Key with the first answer and writes nothing new', async () => {
    const body = declareBody();
    const send = () => t.http().post('/projects').set('Authorization', `Bearer ${education}`).set('Idempotency-Key', `declare-${body.proCode}`).send(body);
    const first = await send().expect(201);
    const again = await send().expect(201);
    expect(again.body).toEqual({ ...first.body, replayed: true });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await eventCount(body.proCode)).toBe(1);
    // Without the key the same body is a new command, refused by the rules.
    const fresh = await t.http().post('/projects').set('Authorization', `Bearer ${education}`).send(body).expect(422);
    expectProblem(fresh, 422, 'PROJECT_ALREADY_DECLARED');
  });

  it('refuses an Idempotency-Key reused for another request, on another stream or by another command (422)', async () => {
    const first = declareBody();
    const key = `reused-${first.proCode}`;
    await t.http().post('/projects').set('Authorization', `Bearer ${education}`).set('Idempotency-Key', key).send(first).expect(201);
    const otherProject = declareBody();
    const reused = await t.http().post('/projects').set('Authorization', `Bearer ${education}`).set('Idempotency-Key', key).send(otherProject).expect(422);
    expectProblem(reused, 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(await eventCount(otherProject.proCode)).toBe(0);
    const targets = EX_ANTE_STEPS.find((s) => s.key === 'demo-fy2024/P1/targets-v1')!.body;
    const otherCommand = await t.http().post(`/projects/${first.proCode}/targets`).set('Authorization', `Bearer ${education}`).set('Idempotency-Key', key).send(targets).expect(422);
    expectProblem(otherCommand, 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(await eventCount(first.proCode)).toBe(1);
  });

  it('refuses dates that do not exist and codes too long to be names, appending nothing', async () => {
    const body = declareBody();
    for (const occurredAt of ['2024-02-31', '2023-02-29', '2024-01-01T99:99Z', '2024-13-01']) {
      const res = await t.http().post('/projects').set('Authorization', `Bearer ${education}`).send({ ...body, occurredAt }).expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'occurredAt' })]);
    }
    await t.http().post('/projects').set('Authorization', `Bearer ${education}`).send({ ...body, occurredAt: '2024-02-29' }).expect(201);
    const proCode = body.proCode as string;
    const commission = await t.http().post(`/projects/${proCode}/ex-ante/commissions`).set('Authorization', `Bearer ${finance}`).send({ institutionId: 'TP-001', institutionName: '威海正信', dueDate: '2023-11-31' }).expect(400);
    expect(commission.body.errors).toEqual([expect.objectContaining({ field: 'dueDate', messages: ['dueDate must be a date that exists in the calendar'] })]);
    const long = await t.http().post('/projects').set('Authorization', `Bearer ${education}`).send({ ...declareBody(), proCode: `371083-2024-D101-${'A'.repeat(60)}` }).expect(400);
    expect(long.body.errors).toEqual([expect.objectContaining({ field: 'proCode' })]);
    await t.http().get(`/projects/371083-2024-D101-${'A'.repeat(60)}`).set('Authorization', `Bearer ${finance}`).expect(400);
    await t.http().get(`/projects/${proCode}/funding/-5`).set('Authorization', `Bearer ${finance}`).expect(400);
    expect(await eventCount(proCode)).toBe(1);
  });

  it('refuses a business rule with 422 and a stable code, appending nothing', async () => {
    const proCode = await declared();
    const res = await t.http().post(`/projects/${proCode}/library/admissions`).set('Authorization', `Bearer ${finance}`).send({ fiscalYear: 2024 }).expect(422);
    expectProblem(res, 422, 'EX_ANTE_REQUIRED');
    expect(await eventCount(proCode)).toBe(1);
  });

  it('answers 404 for an unknown project and 400 for a malformed project code', async () => {
    expectProblem(await t.http().get('/projects/371083-2024-D999-999').set('Authorization', `Bearer ${finance}`).expect(404), 404, 'PROJECT_NOT_FOUND');
    expectProblem(await t.http().get('/projects/not-a-code').set('Authorization', `Bearer ${finance}`).expect(400), 400, 'INVALID_PRO_CODE');
  });

  it('serves health and the OpenAPI description without a token', async () => {
    const health = await t.http().get('/health').expect(200);
    expect(health.body.status).toBe('ok');
    const openApi = await t.http().get('/docs-json').expect(200);
    expect(Object.keys(openApi.body.paths)).toEqual(expect.arrayContaining(['/projects', '/projects/{proCode}/targets', '/projects/{proCode}/events']));
    // Request bodies are described from the same class-validator rules the API enforces.
    const declare = openApi.body.components.schemas.DeclareProjectDto;
    expect(declare.required).toEqual(expect.arrayContaining(['proCode', 'proName', 'fundingPlan', 'totalAmountFen']));
    expect(declare.properties.fundingPlan.items).toEqual({ $ref: '#/components/schemas/FundingPlanLineDto' });
    expect(declare.properties.budgetBook.enum).toContain('GOVERNMENT_FUND');
    expect(declare.properties.occurredAt).toMatchObject({ type: 'string' });
    expect(openApi.body.components.schemas.FundingPlanLineDto.properties.amountFen).toMatchObject({ type: 'integer', minimum: 0 });
  });
});
