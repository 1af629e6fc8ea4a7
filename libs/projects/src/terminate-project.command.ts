import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { BUSINESS_DATE, IsRealDate, CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { BasisEventDto, type CitedEvent, citedBasis, resolveBasisEvents } from '../../event-sourcing/src/basis-events.js';
import type { ReadStream } from '../../event-sourcing/src/stream-command-handler.js';
import { seedClause } from './legal-basis.js';
import { ProjectCommand, ProjectCommandHandler } from './project-command.js';
import type { ProjectEvent, ProjectTerminated } from './project.events.js';
import { declared } from './project-guards.js';
import type { ProjectState } from './project.state.js';

type TerminationReason = ProjectTerminated['data']['reason'];

export class TerminateProjectDto extends CommandBodyDto {
  @IsIn(['EXPIRED', 'LOW_PERFORMANCE', 'COMPLETED', 'DUPLICATED']) reason: TerminationReason;
  @IsString() @IsNotEmpty() @MaxLength(4000) detail: string;
  @IsRealDate() @Matches(BUSINESS_DATE, { message: 'effectiveOn must be YYYY-MM-DD' }) effectiveOn: string;
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => BasisEventDto)
  basisEvents?: BasisEventDto[];
}

type Payload = TerminateProjectDto & { proCode: string };
export type TerminateProject = Payload & { cited: CitedEvent[] };
export class TerminateProjectCommand extends ProjectCommand<Payload> {}

/**
 * Step 20 (清理退出, 二.4): finance takes an expired or low-performing project out of the library, once. Low
 * performance is a finding, so it must cite the evaluation or monitoring events that show it.
 */
export const decideTerminateProject: Decide<TerminateProject, ProjectState, ProjectEvent> = (cmd, state) => {
  const project = declared(state, cmd.proCode);
  if (state.termination) {
    throw new CommandRejected('ALREADY_TERMINATED', `${cmd.proCode} was already terminated (${state.termination.reason}) effective ${state.termination.effectiveOn}`, {
      reason: state.termination.reason,
      effectiveOn: state.termination.effectiveOn,
    });
  }
  if (state.library.status !== 'ADMITTED') {
    throw new CommandRejected('NOT_IN_LIBRARY', `${cmd.proCode} is not in the project library: there is nothing to clear out (清理退出)`, { library: state.library.status });
  }
  if (!cmd.detail.trim()) throw new CommandRejected('DETAIL_REQUIRED', 'a termination needs its grounds explained (detail)');
  if (cmd.reason === 'EXPIRED' && cmd.effectiveOn <= `${project.endYear}-12-31`) {
    throw new CommandRejected('NOT_EXPIRED', `${cmd.proCode} runs until the end of ${project.endYear}; it cannot have expired by ${cmd.effectiveOn}`, {
      endYear: project.endYear,
    });
  }
  const basisEvents = citedBasis(cmd.cited, { required: cmd.reason === 'LOW_PERFORMANCE', what: 'terminating a project for low performance' });
  return [
    {
      type: 'ProjectTerminated',
      data: { proCode: cmd.proCode, reason: cmd.reason, detail: cmd.detail.trim(), effectiveOn: cmd.effectiveOn, basisEvents },
      legalBasis: seedClause('二.4'),
    },
  ];
};

@CommandHandler(TerminateProjectCommand)
export class TerminateProjectHandler extends ProjectCommandHandler<Payload, TerminateProject> {
  protected readonly useCase = {
    name: 'TerminateProject',
    decide: decideTerminateProject,
    withFacts: async (payload: Payload, read: ReadStream) => ({ ...payload, cited: await resolveBasisEvents(payload.basisEvents, read) }),
  } as const;
}
