import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { seedClause } from './legal-basis.js';
import { ProjectCommand, ProjectCommandHandler } from './project-command.js';
import type { ProjectEvent } from './project.events.js';
import { assertExAnteCleared, assertTargetsPassed, declared } from './project-guards.js';
import { type ProjectState, latestAssessment } from './project.state.js';

export class AdmitProjectToLibraryDto extends CommandBodyDto {
  @IsInt() @Min(2000) @Max(2100) fiscalYear: number;
  @IsOptional() @IsString() @MaxLength(100) libraryBatch?: string;
}

type Payload = AdmitProjectToLibraryDto & { proCode: string };
export class AdmitProjectToLibraryCommand extends ProjectCommand<Payload> {}

/** Step 4 (入库): only with a passed ex-ante assessment where one is needed and passed targets (invariants 1, 2). */
export const decideAdmitProjectToLibrary: Decide<Payload, ProjectState, ProjectEvent> = (cmd, state, { ruleSet }) => {
  declared(state, cmd.proCode);
  if (state.library.status === 'ADMITTED') throw new CommandRejected('ALREADY_IN_LIBRARY', `${cmd.proCode} is already in the project library`);
  assertExAnteCleared(state, ruleSet, 'library admission (入库)');
  const targets = assertTargetsPassed(state, cmd.fiscalYear, 'library admission (入库)');
  const assessment = latestAssessment(state);
  return [
    {
      type: 'ProjectAdmittedToLibrary',
      data: {
        proCode: cmd.proCode,
        fiscalYear: cmd.fiscalYear,
        targetVersion: targets.version,
        ...(cmd.libraryBatch ? { libraryBatch: cmd.libraryBatch } : {}),
        ...(assessment ? { exAnteAssessmentId: assessment.assessmentId } : {}),
      },
      ruleSetVersion: ruleSet.version,
      legalBasis: seedClause('三(一)'),
    },
  ];
};

@CommandHandler(AdmitProjectToLibraryCommand)
export class AdmitProjectToLibraryHandler extends ProjectCommandHandler<Payload> {
  protected readonly useCase = { name: 'AdmitProjectToLibrary', decide: decideAdmitProjectToLibrary } as const;
}
