import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { seedClause } from './legal-basis.js';
import { ProjectCommand, ProjectCommandHandler } from './project-command.js';
import type { LibraryRejectionReason, ProjectEvent } from './project.events.js';
import { declared } from './project-guards.js';
import type { ProjectState } from './project.state.js';

export class RejectProjectFromLibraryDto extends CommandBodyDto {
  @IsIn(['NO_EX_ANTE', 'EX_ANTE_FAILED', 'TARGETS_NONCOMPLIANT', 'OTHER']) reason: LibraryRejectionReason;
  @IsString() @IsNotEmpty() @MaxLength(4000) detail: string;
}

type Payload = RejectProjectFromLibraryDto & { proCode: string };
export class RejectProjectFromLibraryCommand extends ProjectCommand<Payload> {}

/** Finance records why a project stays out of the library, so the refusal is part of its history. */
export const decideRejectProjectFromLibrary: Decide<Payload, ProjectState, ProjectEvent> = (cmd, state) => {
  declared(state, cmd.proCode);
  if (state.library.status === 'ADMITTED') throw new CommandRejected('ALREADY_IN_LIBRARY', `${cmd.proCode} is already in the project library`);
  if (state.library.status === 'REJECTED' && state.library.reason === cmd.reason && state.library.detail === cmd.detail) {
    throw new CommandRejected('ALREADY_REJECTED', `${cmd.proCode} was already refused admission for the same reason`);
  }
  return [{ type: 'ProjectRejectedFromLibrary', data: { proCode: cmd.proCode, reason: cmd.reason, detail: cmd.detail }, legalBasis: seedClause('三(一)') }];
};

@CommandHandler(RejectProjectFromLibraryCommand)
export class RejectProjectFromLibraryHandler extends ProjectCommandHandler<Payload> {
  protected readonly useCase = { name: 'RejectProjectFromLibrary', decide: decideRejectProjectFromLibrary } as const;
}
