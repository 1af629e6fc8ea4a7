import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import Database from 'better-sqlite3';
import { SEAL_EVENT } from './chain-verification.js';
import { buildEventCatalogue, channelPattern } from './event-catalogue.js';
import type { EventMetadata } from './event-store.port.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const LIBS = join(ROOT, 'libs');
const run = promisify(execFile);

/** Every `type: '…'` literal of every *.events.ts: what the write side can append, read from its contracts. */
function declaredEventTypes(): string[] {
  const types = new Set<string>();
  for (const lib of readdirSync(LIBS)) {
    let files: string[];
    try {
      files = readdirSync(join(LIBS, lib, 'src')).filter((f) => f.endsWith('.events.ts'));
    } catch {
      continue;
    }
    for (const file of files) {
      for (const match of readFileSync(join(LIBS, lib, 'src', file), 'utf8').matchAll(/^\s+type: '([A-Za-z]+)';$/gm)) types.add(match[1]);
    }
  }
  return [...types].sort();
}

/** The committed schema files, repository-relative. */
function committedSchemaFiles(): string[] {
  const files: string[] = [];
  for (const lib of readdirSync(LIBS)) {
    let names: string[];
    try {
      names = readdirSync(join(LIBS, lib, 'src'));
    } catch {
      continue;
    }
    files.push(...names.filter((n) => n.endsWith('.schema.json')).map((n) => `libs/${lib}/src/${n}`));
  }
  return files.sort();
}

const CATALOGUE_ID = 'urn:budgetloop:event-catalogue';

/** Validators straight from the served document: a message's payload for data, EventMetadata for metadata. */
function validators(catalogue: ReturnType<typeof buildEventCatalogue>) {
  const ajv = new Ajv({ allErrors: true, strict: true });
  // The document's schemas live under components, which JSON Schema does not know as a keyword.
  ajv.addKeyword('components');
  ajv.addSchema({ $id: CATALOGUE_ID, components: { schemas: catalogue.components.schemas, messages: catalogue.components.messages } });
  const cache = new Map<string, ValidateFunction | undefined>();
  const at = (pointer: string) => {
    if (!cache.has(pointer)) cache.set(pointer, ajv.getSchema(`${CATALOGUE_ID}#${pointer}`));
    return cache.get(pointer);
  };
  return {
    data: (type: string) => (catalogue.components.messages[type] ? at(`/components/messages/${type}/payload`) : undefined),
    metadata: () => at('/components/schemas/EventMetadata')!,
  };
}

function valueAt(document: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), document);
}

function describeErrors(where: string, part: 'data' | 'metadata', document: unknown, errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const detail = e.keyword === 'additionalProperties' ? ` ${String(e.params.additionalProperty)}` : '';
    return `${where} ${part}${e.instancePath}: ${e.message}${detail} (value: ${JSON.stringify(valueAt(document, e.instancePath))})`;
  });
}

describe('the event catalogue', () => {
  const catalogue = buildEventCatalogue();

  it('has a message for every event type declared in a *.events.ts, and for the seal; no other', () => {
    const declared = declaredEventTypes();
    expect(declared.length).toBeGreaterThanOrEqual(53);
    expect(Object.keys(catalogue.components.messages).sort()).toEqual([...declared, SEAL_EVENT].sort());
  });

  it('puts every message on a channel, and every channel message is one of the catalogue', () => {
    const onChannels = new Set(Object.values(catalogue.channels).flatMap((c) => Object.keys(c.messages)));
    expect(Object.keys(catalogue.components.messages).filter((t) => !onChannels.has(t))).toEqual([]);
    const refs = Object.values(catalogue.channels).flatMap((c) => Object.values(c.messages).map((m) => m.$ref.replace('#/components/messages/', '')));
    expect(refs.filter((t) => !catalogue.components.messages[t])).toEqual([]);
  });

  it('describes a message by its data as payload and the event metadata as headers', () => {
    const message = catalogue.components.messages.FundsDisbursed;
    expect(message).toMatchObject({ name: 'FundsDisbursed', title: 'Funds disbursed', contentType: 'application/json', headers: { $ref: '#/components/schemas/EventMetadata' } });
    expect(message.payload).toMatchObject({ type: 'object', additionalProperties: false, required: expect.arrayContaining(['proCode', 'fiscalYear', 'amountFen', 'paymentRef', 'paidOn']) });
    const metadata = catalogue.components.schemas.EventMetadata as { properties: Record<string, unknown> };
    expect(Object.keys(metadata.properties)).toEqual(
      expect.arrayContaining(['eventId', 'schemaVersion', 'occurredAt', 'recordedAt', 'actor', 'correlationId', 'causationId', 'legalBasis', 'evidence', 'supersedes', 'ruleSetVersion', 'prevHash', 'hash']),
    );
    expect(catalogue.channels['keyevaluation'].messages).toHaveProperty('ThirdPartyCommissioned');
    expect(catalogue.channels.evaluation.messages).toHaveProperty('ThirdPartyCommissioned');
  });

  it('the committed schema files are what the generator makes of the *.events.ts today (npm run catalogue)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'budgetloop-catalogue-'));
    try {
      await run(process.execPath, [join(ROOT, 'scripts/generate-event-catalogue.mjs'), '--out', out], { cwd: ROOT });
      const generated = readdirSync(out, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.schema.json'))
        .map((f) => f.split('\\').join('/'))
        .sort();
      expect(generated).toEqual(committedSchemaFiles());
      const stale = generated.filter((f) => !readFileSync(join(out, f)).equals(readFileSync(join(ROOT, f))));
      expect(stale).toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);

  describe('every event of the demo (npm test builds the CLI first)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'budgetloop-catalogue-demo-'));
    let events: { stream: string; revision: number; type: string; data: unknown; metadata: EventMetadata }[] = [];

    beforeAll(async () => {
      await run(process.execPath, [join(ROOT, 'dist/apps/cli/src/main.js'), 'demo', '--data-dir', dir], { cwd: ROOT, env: { ...process.env, BUDGETLOOP_JWT_SECRET: '' } });
      const db = new Database(join(dir, 'events.sqlite'), { readonly: true });
      const rows = db.prepare('SELECT stream, revision, type, data, metadata FROM events ORDER BY position').all() as { stream: string; revision: number; type: string; data: string; metadata: string }[];
      db.close();
      events = rows.map((r) => ({ ...r, data: JSON.parse(r.data), metadata: JSON.parse(r.metadata) as EventMetadata }));
    }, 120_000);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('validates against its schema: data against its message payload, metadata against EventMetadata', () => {
      expect(events.length).toBeGreaterThan(100);
      const validate = validators(catalogue);
      const failures: string[] = [];
      for (const event of events) {
        const where = `${event.type} at ${event.stream}@${event.revision}:`;
        const data = validate.data(event.type);
        if (!data) failures.push(`${where} no message in the catalogue`);
        else if (!data(event.data)) failures.push(...describeErrors(where, 'data', event.data, data.errors));
        const metadata = validate.metadata();
        if (!metadata(event.metadata)) failures.push(...describeErrors(where, 'metadata', event.metadata, metadata.errors));
      }
      expect(failures).toEqual([]);
    });

    it('lies on the channel of its stream, which lists its type', () => {
      const channels = Object.entries(catalogue.channels).map(([id, c]) => ({ id, pattern: channelPattern(c.address), types: Object.keys(c.messages) }));
      const misplaced = new Set<string>();
      for (const event of events) {
        const channel = channels.find((c) => c.pattern.test(event.stream));
        if (!channel) misplaced.add(`${event.stream}: no channel`);
        else if (!channel.types.includes(event.type)) misplaced.add(`${event.type} on ${event.stream}: channel ${channel.id} does not list it`);
      }
      expect([...misplaced]).toEqual([]);
    });

    it('covers most of the catalogue: the demo is a whole fiscal year', () => {
      const seen = new Set(events.map((e) => e.type));
      expect(seen.size).toBeGreaterThan(Object.keys(catalogue.components.messages).length / 2);
    });
  });
});
