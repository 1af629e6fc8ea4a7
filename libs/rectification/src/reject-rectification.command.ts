import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { BUSINESS_DATE, IsRealDate, CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { EnvelopedCommand, type StreamCommandSpec, StreamCommandHandler } from '../../event-sourcing/src/stream-command-handler.js';
import { businessDate } from '../../event-sourcing/src/business-date.js';
import { caseClause, noticeOf } from './rectification-guards.js';
import { type RectificationEvent, rectificationStream } from './rectification.events.js';
import { type RectificationState, rectificationModel } from './rectification.state.js';

export class RejectRectificationDto extends CommandBodyDto {
  /** Why the measures fall short, so that the department can act on it. */
  @IsString() @MaxLength(4000) opinion: string;
  /** A new deadline for the reopened case; without one, the deadline in force stays. */
  @IsOptional() @IsRealDate() @Matches(BUSINESS_DATE, { message: 'newDeadline must be YYYY-MM-DD' }) newDeadline?: string;
}

type Payload = RejectRectificationDto & { caseId: string };
export class RejectRectificationCommand extends EnvelopedCommand<Payload> {}

/** Finance rejects the reported measures (整改不到位): the case reopens and the department reports again. */
export const decideRejectRectification: Decide<Payload, RectificationState, RectificationEvent> = (cmd, state, { now }) => {
  const notice = noticeOf(state, cmd.caseId);
  if (state.status !== 'REPORTED') {
    throw new CommandRejected('CASE_NOT_REPORTED', `case ${cmd.caseId} is ${state.status}: only reported measures can be rejected`, { status: state.status });
  }
  const opinion = cmd.opinion?.trim();
  if (!opinion) throw new CommandRejected('OPINION_REQUIRED', 'a rejection needs an opinion that tells the department what is still missing');
  const rejectedOn = businessDate(cmd.occurredAt ?? now);
  if (cmd.newDeadline !== undefined && cmd.newDeadline <= rejectedOn) {
    throw new CommandRejected('NEW_DEADLINE_NOT_AFTER_REJECTION', `the new deadline ${cmd.newDeadline} must be after the rejection's date ${rejectedOn}`, {
      newDeadline: cmd.newDeadline,
      rejectedOn,
    });
  }
  return [
    {
      type: 'RectificationRejected',
      data: { caseId: cmd.caseId, opinion, ...(cmd.newDeadline ? { newDeadline: cmd.newDeadline } : {}) },
      legalBasis: caseClause(notice),
    },
  ];
};

@CommandHandler(RejectRectificationCommand)
export class RejectRectificationHandler extends StreamCommandHandler<Payload, Payload, RectificationState, RectificationEvent> {
  protected readonly spec: StreamCommandSpec<Payload, Payload, RectificationState, RectificationEvent> = {
    name: 'RejectRectification',
    stream: (p) => rectificationStream(p.caseId),
    model: rectificationModel,
    decide: decideRejectRectification,
    id: (data) => String(data.caseId),
  };
}
