// The event catalogue of design.md §6, served at /asyncapi.json: an AsyncAPI 3.0 document built from the JSON
// Schemas generated beside every *.events.ts (`npm run catalogue`). A channel is a stream category, a message an
// event type: its data is the payload, its metadata (design.md §4) the headers.
// The schemas are imported as JSON modules, so tsc copies them into dist/ with the code that reads them.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import accountability from '../../accountability/src/accountability.events.schema.json' with { type: 'json' };
import departments from '../../departments/src/department.events.schema.json' with { type: 'json' };
import evaluation from '../../evaluation/src/evaluation.events.schema.json' with { type: 'json' };
import funding from '../../funding/src/funding.events.schema.json' with { type: 'json' };
import monitoring from '../../monitoring/src/monitoring.events.schema.json' with { type: 'json' };
import projects from '../../projects/src/project.events.schema.json' with { type: 'json' };
import rectification from '../../rectification/src/rectification.events.schema.json' with { type: 'json' };
import results from '../../results/src/results.events.schema.json' with { type: 'json' };
import ruleSets from '../../rule-sets/src/rule-set.events.schema.json' with { type: 'json' };
import metadata from './event-metadata.schema.json' with { type: 'json' };
import seal from './seal.events.schema.json' with { type: 'json' };

export type JsonSchema = { [keyword: string]: unknown };

/** A generated *.schema.json: `anyOf` names the file's events, `definitions` holds them and what they use. */
interface SchemaFile {
  $comment: string;
  $ref?: string;
  anyOf?: { $ref: string }[];
  definitions: Record<string, JsonSchema>;
}

const EVENT_FILES = [accountability, departments, evaluation, funding, monitoring, projects, rectification, results, ruleSets, seal] as unknown as SchemaFile[];
const METADATA = metadata as unknown as SchemaFile;

interface ChannelSpec {
  id: string;
  address: string;
  description: string;
  parameters: Record<string, string>;
  /** The exported union of the events this stream holds (e.g. FundingEvent), or the event types themselves. */
  events: string | string[];
}

const PRO_CODE = '项目代码, e.g. 371083-2024-D104-005';
const FISCAL_YEAR = 'fiscal year, e.g. 2024';

/** Every stream category. `events` names the union the decider of that stream appends, so a new event joins its channel. */
const CHANNELS: ChannelSpec[] = [
  { id: 'project', address: 'project-{proCode}', description: 'A project from declaration to the approved budget and its performance targets (事前).', parameters: { proCode: PRO_CODE }, events: 'ProjectEvent' },
  { id: 'funding', address: 'funding-{proCode}-{fiscalYear}', description: "A project's funds in one fiscal year: disbursements, adjustments, suspension, stop, recovery, closure (决算).", parameters: { proCode: PRO_CODE, fiscalYear: FISCAL_YEAR }, events: 'FundingEvent' },
  { id: 'task', address: 'task-{taskId}', description: 'A monitoring task issued by finance (绩效运行监控).', parameters: { taskId: 'monitoring task id' }, events: 'MonitoringTaskEvent' },
  { id: 'monitoring', address: 'monitoring-{proCode}-{fiscalYear}', description: "A project's monitoring in one fiscal year: snapshots, the warning lights derived from them, key monitoring.", parameters: { proCode: PRO_CODE, fiscalYear: FISCAL_YEAR }, events: 'MonitoringEvent' },
  { id: 'rectification', address: 'rectification-{caseId}', description: 'A rectification case (整改): notice, reports, acceptance or rejection, overdue.', parameters: { caseId: 'rectification case id, e.g. RC-2024-P4-01' }, events: 'RectificationEvent' },
  { id: 'evaluation', address: 'evaluation-{proCode}-{fiscalYear}', description: '单位自评 of a project and year: submission, competent-department review, filing, spot check (抽查复核).', parameters: { proCode: PRO_CODE, fiscalYear: FISCAL_YEAR }, events: 'EvaluationEvent' },
  { id: 'keyevaluation', address: 'keyevaluation-{proCode}-{fiscalYear}', description: '重点评价 of a project and year by a commissioned third party.', parameters: { proCode: PRO_CODE, fiscalYear: FISCAL_YEAR }, events: 'KeyEvaluationEvent' },
  { id: 'results', address: 'results-{proCode}-{fiscalYear}', description: 'How the evaluation of a project and year is applied (结果应用): feedback, next-year budget, performance pay.', parameters: { proCode: PRO_CODE, fiscalYear: FISCAL_YEAR }, events: 'ResultsEvent' },
  { id: 'disclosure', address: 'disclosure-{fiscalYear}', description: 'The disclosure register of a fiscal year (信息公开).', parameters: { fiscalYear: FISCAL_YEAR }, events: 'DisclosureEvent' },
  { id: 'congress', address: 'congress-{fiscalYear}', description: "The fiscal year's package for the People's Congress (人大).", parameters: { fiscalYear: FISCAL_YEAR }, events: 'CongressEvent' },
  { id: 'notice', address: 'notice-{noticeId}', description: 'A circulated notice (通报).', parameters: { noticeId: 'notice number' }, events: ['CirculationNoticeIssued'] },
  { id: 'audit', address: 'audit-{findingId}', description: 'An audit finding (审计发现).', parameters: { findingId: 'audit finding id' }, events: ['AuditFindingRecorded'] },
  { id: 'referral', address: 'referral-{referralId}', description: 'An accountability referral (追责问责).', parameters: { referralId: 'referral id' }, events: ['AccountabilityReferred'] },
  { id: 'department', address: 'department-{deptCode}-{fiscalYear}', description: "A department's overall performance for a year (部门整体绩效): targets, self-evaluation, reports.", parameters: { deptCode: 'department code, e.g. D104', fiscalYear: FISCAL_YEAR }, events: 'DepartmentEvent' },
  { id: 'ruleset', address: 'ruleset-{ruleSetId}', description: 'Every published version of a rule set; scores, grades and warnings name the version that produced them.', parameters: { ruleSetId: 'rule set id, e.g. default' }, events: 'RuleSetEvent' },
  { id: 'seals', address: 'seals', description: "Periodic seals of every stream's hash-chain head, appended by the store.", parameters: {}, events: ['ChainHeadsSealed'] },
];

interface DeclaredEvent {
  type: string;
  description?: string;
  /** The `data` member, with references into the catalogue's components. */
  payload: JsonSchema;
}

const definitionName = (ref: string) => ref.replace(/^#\/definitions\//, '');

/** Points the generated `#/definitions/X` references at `#/components/schemas/X`, and collects what they name. */
function relocate(schema: unknown, referenced: Set<string>): unknown {
  if (Array.isArray(schema)) return schema.map((s) => relocate(s, referenced));
  if (!schema || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/definitions/')) {
        referenced.add(definitionName(value));
        return [key, `#/components/schemas/${definitionName(value)}`];
      }
      return [key, relocate(value, referenced)];
    }),
  );
}

/** Every definition of every file by name; the same name must mean the same schema everywhere. */
function mergeDefinitions(files: SchemaFile[]): Map<string, JsonSchema> {
  const all = new Map<string, JsonSchema>();
  for (const file of files) {
    for (const [name, schema] of Object.entries(file.definitions)) {
      const known = all.get(name);
      if (known && JSON.stringify(known) !== JSON.stringify(schema)) throw new Error(`the event schemas define ${name} twice, differently (${file.$comment})`);
      all.set(name, schema);
    }
  }
  return all;
}

function eventTypeOf(definitions: Map<string, JsonSchema>, name: string): string {
  const properties = definitions.get(name)?.properties as { type?: { const?: unknown } } | undefined;
  const type = properties?.type?.const;
  if (typeof type !== 'string') throw new Error(`${name} is not an event: it has no literal type`);
  return type;
}

/** 'FundsDisbursed' → 'Funds disbursed'. */
const titleOf = (type: string) => type.replace(/(?<=[a-z0-9])(?=[A-Z])/g, ' ').replace(/ [A-Z](?=[a-z])/g, (s) => s.toLowerCase());

/** The stream names of a channel: its address with each {parameter} standing for one or more characters. */
export function channelPattern(address: string): RegExp {
  return new RegExp(`^${address.split(/\{[A-Za-z]+\}/).map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')).join('.+')}$`);
}

function packageVersion(): string {
  // From the source tree and from dist/ alike: the nearest package.json of this project.
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'budgetloop' && pkg.version) return pkg.version;
    }
    if (dirname(dir) === dir) return '0.0.0';
  }
}

export type AsyncApiDocument = JsonSchema & {
  asyncapi: '3.0.0';
  channels: Record<string, JsonSchema & { address: string; messages: Record<string, { $ref: string }> }>;
  components: {
    schemas: Record<string, JsonSchema>;
    messages: Record<string, JsonSchema & { payload: JsonSchema; headers: JsonSchema }>;
    correlationIds: Record<string, JsonSchema>;
  };
};

/** The AsyncAPI 3.0 document of every event the write side appends. */
export function buildEventCatalogue(): AsyncApiDocument {
  const definitions = mergeDefinitions([...EVENT_FILES, METADATA]);
  const referenced = new Set<string>();
  const events = new Map<string, DeclaredEvent>();
  for (const file of EVENT_FILES) {
    for (const { $ref } of file.anyOf ?? []) {
      const name = definitionName($ref);
      const type = eventTypeOf(definitions, name);
      const event = definitions.get(name) as { description?: string; properties: { data: JsonSchema } };
      if (events.has(type)) throw new Error(`event type ${type} is declared twice`);
      events.set(type, { type, description: event.description, payload: relocate(event.properties.data, referenced) as JsonSchema });
    }
  }

  const typesOf = (channel: ChannelSpec): string[] => {
    if (Array.isArray(channel.events)) return channel.events;
    const union = definitions.get(channel.events);
    if (!union) throw new Error(`channel ${channel.id}: no event union ${channel.events} in the schemas`);
    const members = (union.anyOf as { $ref: string }[] | undefined) ?? [{ $ref: union.$ref as string }];
    return members.map((m) => eventTypeOf(definitions, definitionName(m.$ref)));
  };
  const channelTypes = new Map(CHANNELS.map((c) => [c.id, typesOf(c).sort()]));
  const addressesOf = (type: string) => CHANNELS.filter((c) => channelTypes.get(c.id)?.includes(type)).map((c) => c.address);

  const headers = relocate(METADATA.$ref ? { $ref: METADATA.$ref } : {}, referenced) as JsonSchema;
  const messages: AsyncApiDocument['components']['messages'] = {};
  for (const type of [...events.keys()].sort()) {
    const event = events.get(type)!;
    const streams = addressesOf(type);
    if (!streams.length) throw new Error(`event type ${type} belongs to no channel: add it to CHANNELS`);
    messages[type] = {
      name: type,
      title: titleOf(type),
      summary: `${titleOf(type)}: appended to ${streams.join(' and ')}.`,
      ...(event.description ? { description: event.description } : {}),
      contentType: 'application/json',
      correlationId: { $ref: '#/components/correlationIds/correlationId' },
      headers,
      payload: event.payload,
    };
  }

  // The referenced definitions, and those they reference in turn.
  const schemas: Record<string, JsonSchema> = {};
  const pending = [...referenced];
  while (pending.length) {
    const name = pending.pop()!;
    if (schemas[name]) continue;
    const schema = definitions.get(name);
    if (!schema) throw new Error(`the event schemas reference ${name} but do not define it`);
    const more = new Set<string>();
    schemas[name] = relocate(schema, more) as JsonSchema;
    pending.push(...more);
  }

  const channels: AsyncApiDocument['channels'] = {};
  const operations: Record<string, JsonSchema> = {};
  for (const channel of CHANNELS) {
    const types = channelTypes.get(channel.id)!;
    const missing = types.filter((t) => !messages[t]);
    if (missing.length) throw new Error(`channel ${channel.id} names events without a schema: ${missing.join(', ')}`);
    channels[channel.id] = {
      address: channel.address,
      title: channel.id,
      description: channel.description,
      ...(Object.keys(channel.parameters).length
        ? { parameters: Object.fromEntries(Object.entries(channel.parameters).map(([name, description]) => [name, { description }])) }
        : {}),
      messages: Object.fromEntries(types.map((t) => [t, { $ref: `#/components/messages/${t}` }])),
    };
    operations[`receive-${channel.id}`] = {
      action: 'receive',
      channel: { $ref: `#/channels/${channel.id}` },
      summary: `Read the ${channel.address} streams: GET /streams/{stream}, or GET /events filtered by category and type.`,
      messages: types.map((t) => ({ $ref: `#/channels/${channel.id}/messages/${t}` })),
    };
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'BudgetLoop event catalogue',
      version: packageVersion(),
      description:
        'Every event the write side appends, by stream category. An event is `type`, `data` (the message payload) and ' +
        '`metadata` (the message headers), hash-chained per stream. Event types are never renamed; a changed shape ' +
        'gets a new schemaVersion and an upcaster. Auditors, finance and integrations read the streams through ' +
        'GET /streams/{stream} and GET /events?after=&category=&type=.',
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: {
      schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => (a < b ? -1 : 1))),
      messages,
      correlationIds: { correlationId: { description: 'The business transaction of the event: the X-Correlation-Id of the request, or else the id of the command that appended it.', location: '$message.header#/correlationId' } },
    },
  };
}

let cached: AsyncApiDocument | undefined;

/** The catalogue, built once: the schemas are fixed at build time. */
export function eventCatalogue(): AsyncApiDocument {
  return (cached ??= buildEventCatalogue());
}
