import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { DEMO_STEPS } from '../apps/cli/src/demo/rushan-2024.demo.js';
import { P5 } from '../apps/cli/src/demo/rushan-2024.scenario.js';
import { PROJECTIONS } from '../libs/projections/src/read-models.js';
import { SqliteReadStore } from '../libs/read-store/src/sqlite-read-store.js';

// Drives the built `budgetloop` binary, as a user would after `npm install` (npm test builds it first).
const CLI = resolve('dist/apps/cli/src/main.js');
const run = promisify(execFile);

async function budgetloop(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env: { ...process.env, BUDGETLOOP_JWT_SECRET: '' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('the budgetloop CLI', () => {
  const root = mkdtempSync(join(tmpdir(), 'budgetloop-cli-'));
  const demoDir = join(root, 'demo');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** A copy of the demo data that a test may damage. */
  const copyOfDemo = (name: string) => {
    const dir = join(root, name);
    cpSync(demoDir, dir, { recursive: true });
    return { dir, db: new Database(join(dir, 'events.sqlite')) };
  };

  beforeAll(async () => {
    const first = await budgetloop('demo', '--data-dir', demoDir);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('P5 library admission refused (invariant 1): refused as the rules require: EX_ANTE_NOT_PASSED');
    const commands = DEMO_STEPS.filter((s) => s.kind !== 'watch-deadlines' && !s.refusedWith);
    expect(first.stdout).toContain(`${commands.length} commands written`);
    expect(first.stdout).toContain('P4 disbursement 80万 on 2024-09-10: refused as the rules require: FUNDING_SUSPENDED');
    expect(first.stdout).toContain('Deadline watcher, 1 September: P4 has not reported: overdue: RC-2024-P4-01');
  }, 60_000);

  it('runs the demo a second time without writing anything', async () => {
    const again = await budgetloop('demo', '--data-dir', demoDir);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('0 commands written');
  });

  it('verifies the intact demo data: exit 0 and a count', async () => {
    const result = await budgetloop('verify', '--data-dir', demoDir);
    expect(result.code).toBe(0);
    const db = new Database(join(demoDir, 'events.sqlite'), { readonly: true });
    const { events, streams } = db.prepare('SELECT COUNT(*) AS events, COUNT(DISTINCT stream) AS streams FROM events').get() as { events: number; streams: number };
    db.close();
    expect(events).toBeGreaterThan(100);
    expect(result.stdout).toMatch(new RegExp(`^intact: ${events} events in ${streams} streams, 1 seals checked`));
  });

  it('exits 1 naming the stream and revision of an edited event', async () => {
    const { dir, db } = copyOfDemo('edited');
    const row = db.prepare("SELECT position, data FROM events WHERE stream = ? AND revision = 2").get(`project-${P5}`) as { position: number; data: string };
    db.prepare('UPDATE events SET data = ? WHERE position = ?').run(row.data.replace('"FAILED"', '"PASSED"'), row.position);
    db.close();
    const result = await budgetloop('verify', '--data-dir', dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`BROKEN: stream project-${P5} at revision 2: hash does not match the content`);
  });

  it('exits 1 when an event is removed from the middle or the tail of a stream, or reordered', async () => {
    const middle = copyOfDemo('middle');
    middle.db.prepare('DELETE FROM events WHERE stream = ? AND revision = 1').run(`project-${P5}`);
    middle.db.close();
    expect((await budgetloop('verify', '--data-dir', middle.dir)).stdout).toContain(`BROKEN: stream project-${P5} at revision 2`);

    const tail = copyOfDemo('tail');
    tail.db.prepare('DELETE FROM events WHERE stream = ? AND revision = 5').run(`project-${P5}`);
    tail.db.close();
    const tailResult = await budgetloop('verify', '--data-dir', tail.dir);
    expect(tailResult.code).toBe(1);
    expect(tailResult.stdout).toContain(`BROKEN: stream project-${P5} at revision 5: the seal`);

    const swapped = copyOfDemo('swapped');
    swapped.db.exec(`UPDATE events SET revision = -1 WHERE stream = 'project-${P5}' AND revision = 3;
      UPDATE events SET revision = 3 WHERE stream = 'project-${P5}' AND revision = 4;
      UPDATE events SET revision = 4 WHERE stream = 'project-${P5}' AND revision = -1;`);
    swapped.db.close();
    const swappedResult = await budgetloop('verify', '--data-dir', swapped.dir);
    expect(swappedResult.code).toBe(1);
    expect(swappedResult.stdout).toContain(`BROKEN: stream project-${P5} at revision`);
  });

  it('serves the API on the data dir, accepting the tokens `budgetloop token` prints for it', async () => {
    const { stdout: token } = await budgetloop('token', '--role', 'AUDIT_BUREAU', '--org', 'AUD-RS', '--data-dir', demoDir);
    const port = 20000 + Math.floor(Math.random() * 20000);
    const server: ChildProcess = spawn(process.execPath, [CLI, 'serve', '--port', String(port), '--data-dir', demoDir], {
      env: { ...process.env, BUDGETLOOP_JWT_SECRET: '' },
    });
    try {
      await new Promise<void>((ready, fail) => {
        server.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('BudgetLoop API on') && ready());
        server.once('exit', (code) => fail(new Error(`serve exited with ${code}`)));
      });
      const res = await fetch(`http://127.0.0.1:${port}/projects/${P5}`, { headers: { authorization: `Bearer ${token.trim()}` } });
      expect(res.status).toBe(200);
      const project = (await res.json()) as { library: { status: string; reason: string } };
      expect(project.library).toMatchObject({ status: 'REJECTED', reason: 'EX_ANTE_FAILED' });
      const anonymous = await fetch(`http://127.0.0.1:${port}/projects/${P5}`);
      expect(anonymous.status).toBe(401);
    } finally {
      const exited = new Promise((done) => server.once('exit', done));
      server.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });

  it('after serve is killed (SIGKILL) while projecting, a restart leaves read models equal to a fresh rebuild', async () => {
    const crashed = join(root, 'crashed');
    const fresh = join(root, 'fresh');
    for (const dir of [crashed, fresh]) {
      mkdirSync(dir, { recursive: true });
      for (const file of ['events.sqlite', 'jwt-secret']) cpSync(join(demoDir, file), join(dir, file));
    }
    const port = 20000 + Math.floor(Math.random() * 20000);
    const health = async () => {
      try {
        return (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as { projections: { lag: number }[] };
      } catch {
        return undefined;
      }
    };
    const serve = () => spawn(process.execPath, [CLI, 'serve', '--port', String(port), '--data-dir', crashed], { env: { ...process.env, BUDGETLOOP_JWT_SECRET: '' } });

    // The read models start empty, so the first serve is projecting the whole log when it is killed.
    const first = serve();
    const firstExit = new Promise((done) => first.once('exit', (_code, signal) => done(signal)));
    let answered;
    for (let i = 0; i < 200 && !answered; i++) {
      answered = await health();
      if (!answered) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    first.kill('SIGKILL');
    expect(await firstExit).toBe('SIGKILL');

    const second = serve();
    try {
      let lags: number[] = [];
      for (let i = 0; i < 400; i++) {
        lags = (await health())?.projections.map((p) => p.lag) ?? [];
        if (lags.length && lags.every((lag) => lag === 0)) break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(lags.length).toBeGreaterThan(0);
      expect(lags.every((lag) => lag === 0)).toBe(true);
    } finally {
      const exited = new Promise((done) => second.once('exit', done));
      second.kill('SIGTERM');
      await exited;
    }

    const rebuilt = await budgetloop('rebuild', '--data-dir', fresh);
    expect(rebuilt.code).toBe(0);
    const crashedReads = new SqliteReadStore({ file: join(crashed, 'read-models.sqlite') });
    const freshReads = new SqliteReadStore({ file: join(fresh, 'read-models.sqlite') });
    try {
      for (const projection of PROJECTIONS) {
        const docs = await crashedReads.find(projection.name, { limit: 10_000 });
        expect(docs.total).toBeGreaterThan(0);
        expect({ name: projection.name, docs }).toEqual({ name: projection.name, docs: await freshReads.find(projection.name, { limit: 10_000 }) });
      }
    } finally {
      await crashedReads.close();
      await freshReads.close();
    }
  }, 60_000);

  it('refuses unknown commands and options with a usage message', async () => {
    const unknown = await budgetloop('launch');
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toContain('Usage: budgetloop <command>');
    const badOption = await budgetloop('verify', '--data-dri', demoDir);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toContain("Unknown option '--data-dri'");
    const badRole = await budgetloop('token', '--role', 'MAYOR', '--org', 'X', '--data-dir', demoDir);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('--role must be one of');
  });
});
