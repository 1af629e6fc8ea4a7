// Writes the JSON Schema beside every event contract (design.md §7: events are declared once, as types in
// `*.events.ts`, with a JSON Schema beside them). The schemas are committed: the API serves the catalogue from
// them at run time without this generator, and event-catalogue.spec.ts fails when they are stale.
//
//   node scripts/generate-event-catalogue.mjs [--out <dir>]    (npm run catalogue; default: this repository)
//
// Each `libs/<context>/src/<name>.events.ts` gets `<name>.events.schema.json`: a draft-07 schema whose root
// accepts any event of the file (`anyOf` of its event interfaces, by type) and whose `definitions` hold every
// event interface, every exported union of them (FundingEvent …: which events share a stream) and the types
// they use. The store's own contracts get two more: the metadata of every event and the seal event.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const { createGenerator } = require('ts-json-schema-generator');
// The generator may bundle a TypeScript of its own; the syntax trees it is given must come from that one.
const ts = createRequire(require.resolve('ts-json-schema-generator'))('typescript');

const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

function parseArgs(argv) {
  const args = { out: ROOT };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--out' && argv[i + 1]) args.out = resolve(argv[(i += 1)]);
    else throw new Error(`unknown argument ${argv[i]}; usage: generate-event-catalogue.mjs [--out <dir>]`);
  }
  return args;
}

/** Repository-relative, with forward slashes, so the output does not depend on where the repository lies. */
const rel = (file) => relative(ROOT, file).split('\\').join('/');

function eventFiles() {
  const libs = join(ROOT, 'libs');
  const files = [];
  for (const lib of readdirSync(libs).sort()) {
    let names;
    try {
      names = readdirSync(join(libs, lib, 'src'));
    } catch {
      continue;
    }
    for (const name of names.sort()) if (name.endsWith('.events.ts')) files.push(join(libs, lib, 'src', name));
  }
  return files;
}

/** What each schema file is made of: the event contracts of one source file, or one named type. */
function targets() {
  const store = join(ROOT, 'libs/event-store/src');
  return [
    ...eventFiles().map((source) => ({ source, output: source.replace(/\.ts$/, '.schema.json'), kind: 'events' })),
    // Appended by the store itself (chain-verification.ts), so it has no *.events.ts of its own.
    { source: join(store, 'chain-verification.ts'), output: join(store, 'seal.events.schema.json'), kind: 'events' },
    { source: join(store, 'event-store.port.ts'), output: join(store, 'event-metadata.schema.json'), kind: 'type', name: 'EventMetadata' },
  ];
}

const isExported = (node) => (ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Export) !== 0;

/** An event contract: an exported interface with a string-literal `type` and a `data` member. */
function eventTypeOf(node, checker) {
  if (!ts.isInterfaceDeclaration(node) || !isExported(node)) return undefined;
  const member = (name) => node.members.find((m) => ts.isPropertySignature(m) && m.name.getText() === name);
  const type = member('type');
  if (!type || !member('data')) return undefined;
  const literal = checker.getTypeAtLocation(type);
  return literal.isStringLiteral() ? literal.value : undefined;
}

/** An exported alias of one event interface or a union of them, e.g. `FundingEvent`. */
function isEventUnion(node, eventNames) {
  if (!ts.isTypeAliasDeclaration(node) || !isExported(node)) return false;
  const members = ts.isUnionTypeNode(node.type) ? node.type.types : [node.type];
  return members.every((m) => ts.isTypeReferenceNode(m) && eventNames.has(m.typeName.getText()));
}

/** Objects with their keys sorted, arrays as they are: the same contracts always give the same bytes. */
function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys(value[key])]));
  }
  return value;
}

function schemaFor(generator, checker, target) {
  const file = generator.program.getSourceFile(target.source);
  if (!file) throw new Error(`${rel(target.source)} is not in the program`);
  const comment = `Generated from ${rel(target.source)} by \`npm run catalogue\` (scripts/generate-event-catalogue.mjs); do not edit.`;
  if (target.kind === 'type') {
    const node = file.statements.find((s) => (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)) && s.name.text === target.name);
    if (!node) throw new Error(`${rel(target.source)} declares no ${target.name}`);
    const { definitions } = generator.createSchemaFromNodes([node]);
    return { $comment: comment, $schema: DRAFT_07, $ref: `#/definitions/${target.name}`, definitions };
  }
  const events = [];
  for (const statement of file.statements) {
    const type = eventTypeOf(statement, checker);
    if (type) events.push({ type, node: statement, name: statement.name.text });
  }
  if (!events.length) throw new Error(`${rel(target.source)} declares no event (an exported interface with a literal \`type\` and \`data\`)`);
  const names = new Set(events.map((e) => e.name));
  const unions = file.statements.filter((s) => isEventUnion(s, names));
  const { definitions } = generator.createSchemaFromNodes([...events.map((e) => e.node), ...unions]);
  events.sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  return {
    $comment: comment,
    $schema: DRAFT_07,
    anyOf: events.map((e) => ({ $ref: `#/definitions/${e.name}` })),
    definitions,
  };
}

function main() {
  const { out } = parseArgs(process.argv.slice(2));
  const all = targets();
  const generator = createGenerator({
    path: join(ROOT, `{${all.map((t) => rel(t.source)).join(',')}}`),
    tsconfig: join(ROOT, 'tsconfig.json'),
    // tsc checks the sources; the generator only needs their shapes.
    skipTypeCheck: true,
    // Every object is closed: a field an event does not declare is an error, not silently accepted.
    additionalProperties: false,
    jsDoc: 'extended',
    sortProps: true,
    // A referenced type is a definition when it is exported; unexported ones are inlined.
    expose: 'export',
  });
  const checker = generator.program.getTypeChecker();
  for (const target of all) {
    const schema = sortKeys(schemaFor(generator, checker, target));
    const file = join(out, rel(target.output));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(schema, null, 2)}\n`);
    console.log(`wrote ${rel(target.output)}`);
  }
}

main();
