import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { pendingRequest, revisionFacts } from './approve-target-revision.command.js';
import { seedClause } from './legal-basis.js';
import { ProjectCommand, ProjectCommandHandler } from './project-command.js';
import type { ProjectEvent } from './project.events.js';
import { declared } from './project-guards.js';
import type { ProjectState } from './project.state.js';
import type { RevisionRequestLedger } from './target-revision-requests.js';

export class RejectTargetRevisionDto extends CommandBodyDto {
  @IsString() @IsNotEmpty() @MaxLength(4000) opinion: string;
}

type Payload = RejectTargetRevisionDto & { proCode: string; requestId: string };
export type RejectTargetRevision = Payload & { revisionRequests: RevisionRequestLedger; executionClosed: boolean };
export class RejectTargetRevisionCommand extends ProjectCommand<Payload> {}

/** Finance refuses a revision with an opinion the department can act on; the version in force stays. */
export const decideRejectTargetRevision: Decide<RejectTargetRevision, ProjectState, ProjectEvent> = (cmd, state) => {
  declared(state, cmd.proCode);
  const cycle = pendingRequest(state, cmd.requestId, cmd.revisionRequests);
  if (!cmd.opinion.trim()) throw new CommandRejected('OPINION_REQUIRED', 'rejecting a target revision needs an opinion the department can act on');
  return [
    {
      type: 'PerformanceTargetRevisionRejected',
      data: { proCode: cmd.proCode, fiscalYear: cycle.fiscalYear, requestId: cmd.requestId, opinion: cmd.opinion.trim() },
      legalBasis: seedClause('三(三)2'),
    },
  ];
};

@CommandHandler(RejectTargetRevisionCommand)
export class RejectTargetRevisionHandler extends ProjectCommandHandler<Payload, RejectTargetRevision> {
  protected readonly useCase = {
    name: 'RejectTargetRevision',
    decide: decideRejectTargetRevision,
    id: (data: Record<string, unknown>) => String(data.requestId),
    withFacts: revisionFacts<Payload>,
  } as const;
}
