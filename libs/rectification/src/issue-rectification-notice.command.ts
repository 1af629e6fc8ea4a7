import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNotEmpty, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { BUSINESS_DATE, IsRealDate, CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide, DomainEvent, EventContext, StateModel } from '../../event-sourcing/src/decider.js';
import { EnvelopedCommand, type StreamCommandSpec, StreamCommandHandler } from '../../event-sourcing/src/stream-command-handler.js';
import { PRO_CODE } from '../../projects/src/declare-project.command.js';
import { declared } from '../../projects/src/project-guards.js';
import { projectStream } from '../../projects/src/project.events.js';
import { type ProjectState, projectModel } from '../../projects/src/project.state.js';
import { businessDate } from '../../event-sourcing/src/business-date.js';
import { CASE_ID, caseClause } from './rectification-guards.js';
import { type RectificationEvent, type RectificationOrigin, rectificationStream } from './rectification.events.js';
import { type RectificationState, rectificationModel } from './rectification.state.js';

const ORIGINS: RectificationOrigin[] = ['MONITORING', 'KEY_MONITORING', 'SPOT_CHECK', 'KEY_EVALUATION', 'AUDIT', 'CIRCULATION'];

class BasisEventDto {
  @Matches(/^[a-z]+-\S{1,200}$/, { message: 'stream must be a stream name such as monitoring-371083-2024-D104-005-2024' }) stream: string;
  @IsUUID() eventId: string;
}

export class IssueRectificationNoticeDto extends CommandBodyDto {
  @Matches(CASE_ID, { message: 'caseId must look like RC-2024-P4-01' }) caseId: string;
  @Matches(PRO_CODE, { message: 'proCode must look like 371083-2024-D101-001' }) proCode: string;
  @IsInt() @Min(2000) @Max(2100) fiscalYear: number;
  @IsIn(ORIGINS) origin: RectificationOrigin;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(4000, { each: true }) findings: string[];
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(4000, { each: true }) requirements: string[];
  /** 限期整改: the date by which the department reports its measures. */
  @IsRealDate() @Matches(BUSINESS_DATE, { message: 'deadline must be YYYY-MM-DD' }) deadline: string;
  @IsString() @IsNotEmpty() @MaxLength(200) docNo: string;
  /** The events the findings rest on (a warning light, a key-monitoring finding, a spot-check …). */
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => BasisEventDto) basisEvents: BasisEventDto[];
}

type Payload = IssueRectificationNoticeDto;

/** What a cited stream holds: its event ids, types and the project each event names, if any. */
export interface CitedStream {
  events: { eventId: string; type: string; proCode?: string }[];
}

export const citedStreamModel: StateModel<CitedStream, DomainEvent> = {
  initialState: () => ({ events: [] }),
  evolve(state, event, context?: EventContext) {
    if (!context) return state;
    const proCode = (event.data as { proCode?: unknown }).proCode;
    return { events: [...state.events, { eventId: context.eventId, type: event.type, ...(typeof proCode === 'string' ? { proCode } : {}) }] };
  },
};

export interface NoticeFacts {
  project: ProjectState;
  /** Each cited stream as read, by stream name. */
  cited: Record<string, CitedStream>;
}
export type IssueRectificationNotice = Payload & { facts: NoticeFacts };
export class IssueRectificationNoticeCommand extends EnvelopedCommand<Payload> {}

const texts = (values: string[]) => values.map((v) => v.trim()).filter(Boolean);

/** Step 9: finance notifies the department of findings, what it must do and by when (限期整改). */
export const decideIssueRectificationNotice: Decide<IssueRectificationNotice, RectificationState, RectificationEvent> = (cmd, state, { now }) => {
  if (state.notice) throw new CommandRejected('CASE_EXISTS', `rectification case ${cmd.caseId} was already issued; give a new case id`, { caseId: cmd.caseId });
  const project = declared(cmd.facts.project, cmd.proCode);
  if (cmd.fiscalYear < project.startYear || cmd.fiscalYear > project.endYear) {
    throw new CommandRejected('FISCAL_YEAR_OUTSIDE_PROJECT', `${cmd.proCode} runs ${project.startYear}–${project.endYear}, not ${cmd.fiscalYear}`, { fiscalYear: cmd.fiscalYear });
  }
  const issuedOn = businessDate(cmd.occurredAt ?? now);
  if (cmd.deadline <= issuedOn) {
    throw new CommandRejected('DEADLINE_NOT_AFTER_NOTICE', `the deadline ${cmd.deadline} must be after the notice's date ${issuedOn}`, { deadline: cmd.deadline, issuedOn });
  }
  const findings = texts(cmd.findings);
  const requirements = texts(cmd.requirements);
  if (!findings.length || !requirements.length) {
    throw new CommandRejected('NOTICE_INCOMPLETE', 'a rectification notice states at least one finding and one requirement the department can act on');
  }
  const basisEvents: { stream: string; eventId: string }[] = [];
  for (const { stream, eventId } of cmd.basisEvents) {
    if (basisEvents.some((b) => b.eventId === eventId)) continue;
    const cited = cmd.facts.cited[stream]?.events.find((e) => e.eventId === eventId);
    if (!cited) throw new CommandRejected('BASIS_EVENT_NOT_FOUND', `stream ${stream} holds no event ${eventId}: cite an event that was recorded`, { stream, eventId });
    if (cited.proCode !== undefined && cited.proCode !== cmd.proCode) {
      throw new CommandRejected('BASIS_EVENT_OF_OTHER_PROJECT', `${cited.type} ${eventId} concerns ${cited.proCode}, not ${cmd.proCode}`, { stream, eventId, proCode: cited.proCode });
    }
    basisEvents.push({ stream, eventId });
  }
  return [
    {
      type: 'RectificationNoticeIssued',
      data: {
        caseId: cmd.caseId,
        proCode: cmd.proCode,
        fiscalYear: cmd.fiscalYear,
        deptCode: project.deptCode,
        ...(project.unitCode ? { unitCode: project.unitCode } : {}),
        origin: cmd.origin,
        findings,
        requirements,
        deadline: cmd.deadline,
        docNo: cmd.docNo.trim(),
        basisEvents,
      },
      legalBasis: caseClause(cmd),
    },
  ];
};

@CommandHandler(IssueRectificationNoticeCommand)
export class IssueRectificationNoticeHandler extends StreamCommandHandler<Payload, IssueRectificationNotice, RectificationState, RectificationEvent> {
  protected readonly spec: StreamCommandSpec<Payload, IssueRectificationNotice, RectificationState, RectificationEvent> = {
    name: 'IssueRectificationNotice',
    stream: (p) => rectificationStream(p.caseId),
    model: rectificationModel,
    decide: decideIssueRectificationNotice,
    id: (data) => String(data.caseId),
    withFacts: async (p, read) => {
      const cited: Record<string, CitedStream> = {};
      for (const stream of new Set(p.basisEvents.map((b) => b.stream))) cited[stream] = await read(stream, citedStreamModel);
      return { ...p, facts: { project: await read(projectStream(p.proCode), projectModel), cited } };
    },
  };
}
