import { IsOptional, IsString, MaxLength } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { EnvelopedCommand, type StreamCommandSpec, StreamCommandHandler } from '../../event-sourcing/src/stream-command-handler.js';
import { caseClause, noticeOf } from './rectification-guards.js';
import { type RectificationEvent, rectificationStream } from './rectification.events.js';
import { type RectificationState, rectificationModel } from './rectification.state.js';

export class AcceptRectificationDto extends CommandBodyDto {
  @IsOptional() @IsString() @MaxLength(4000) opinion?: string;
}

type Payload = AcceptRectificationDto & { caseId: string };
export class AcceptRectificationCommand extends EnvelopedCommand<Payload> {}

/** Finance accepts the reported measures: the case closes (and a suspension resting on it may be lifted). */
export const decideAcceptRectification: Decide<Payload, RectificationState, RectificationEvent> = (cmd, state) => {
  const notice = noticeOf(state, cmd.caseId);
  if (state.status !== 'REPORTED') {
    throw new CommandRejected('CASE_NOT_REPORTED', `case ${cmd.caseId} is ${state.status}: only reported measures can be accepted`, { status: state.status });
  }
  return [{ type: 'RectificationAccepted', data: { caseId: cmd.caseId, opinion: cmd.opinion?.trim() ?? '' }, legalBasis: caseClause(notice) }];
};

@CommandHandler(AcceptRectificationCommand)
export class AcceptRectificationHandler extends StreamCommandHandler<Payload, Payload, RectificationState, RectificationEvent> {
  protected readonly spec: StreamCommandSpec<Payload, Payload, RectificationState, RectificationEvent> = {
    name: 'AcceptRectification',
    stream: (p) => rectificationStream(p.caseId),
    model: rectificationModel,
    decide: decideAcceptRectification,
    id: (data) => String(data.caseId),
  };
}
