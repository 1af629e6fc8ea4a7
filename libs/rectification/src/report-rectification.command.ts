import { ArrayMaxSize, ArrayMinSize, IsArray, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { BUSINESS_DATE, IsRealDate, CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { EnvelopedCommand, type StreamCommandSpec, StreamCommandHandler } from '../../event-sourcing/src/stream-command-handler.js';
import { assertActsForOwner } from '../../identity/src/authorization.js';
import { businessDate } from '../../event-sourcing/src/business-date.js';
import { caseClause, noticeOf } from './rectification-guards.js';
import { type RectificationEvent, rectificationStream } from './rectification.events.js';
import { type RectificationState, rectificationModel } from './rectification.state.js';

export class ReportRectificationDto extends CommandBodyDto {
  /** 整改措施: what was done; the proof travels in evidence (recommended). */
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(4000, { each: true }) measures: string[];
  @IsRealDate() @Matches(BUSINESS_DATE, { message: 'completedOn must be YYYY-MM-DD' }) completedOn: string;
}

type Payload = ReportRectificationDto & { caseId: string };
export class ReportRectificationCommand extends EnvelopedCommand<Payload> {}

/**
 * The department (or its unit) reports its measures. A case that is open, reopened by a rejection or overdue
 * takes a report; a late report still counts, but the event says it was late and the case keeps its overdue mark.
 */
export const decideReportRectification: Decide<Payload, RectificationState, RectificationEvent> = (cmd, state, { actor, now }) => {
  const notice = noticeOf(state, cmd.caseId);
  assertActsForOwner(actor, notice);
  if (state.status === 'REPORTED') {
    throw new CommandRejected('ALREADY_REPORTED', `case ${cmd.caseId} was reported and awaits finance's review; report again only after a rejection`);
  }
  if (state.status === 'CLOSED') throw new CommandRejected('CASE_CLOSED', `case ${cmd.caseId} was accepted and is closed`);
  const reportedOn = businessDate(cmd.occurredAt ?? now);
  if (state.issuedOn && cmd.completedOn < state.issuedOn) {
    throw new CommandRejected('COMPLETED_BEFORE_NOTICE', `measures completed on ${cmd.completedOn} predate the notice of ${state.issuedOn}`, { completedOn: cmd.completedOn, issuedOn: state.issuedOn });
  }
  if (cmd.completedOn > reportedOn) {
    throw new CommandRejected('COMPLETED_AFTER_REPORT', `measures reported on ${reportedOn} cannot have been completed on ${cmd.completedOn}; report them once done`, {
      completedOn: cmd.completedOn,
      reportedOn,
    });
  }
  const measures = cmd.measures.map((m) => m.trim()).filter(Boolean);
  if (!measures.length) throw new CommandRejected('MEASURES_REQUIRED', 'state at least one rectification measure taken');
  return [
    {
      type: 'RectificationReported',
      data: { caseId: cmd.caseId, measures, completedOn: cmd.completedOn, late: state.overdue || (state.deadline !== undefined && reportedOn > state.deadline) },
      legalBasis: caseClause(notice),
    },
  ];
};

@CommandHandler(ReportRectificationCommand)
export class ReportRectificationHandler extends StreamCommandHandler<Payload, Payload, RectificationState, RectificationEvent> {
  protected readonly spec: StreamCommandSpec<Payload, Payload, RectificationState, RectificationEvent> = {
    name: 'ReportRectification',
    stream: (p) => rectificationStream(p.caseId),
    model: rectificationModel,
    decide: decideReportRectification,
    id: (data) => String(data.caseId),
  };
}
