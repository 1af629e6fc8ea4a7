import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected, NotFound } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { seedClause } from './legal-basis.js';
import { ProjectCommand, ProjectCommandHandler } from './project-command.js';
import type { ProjectEvent } from './project.events.js';
import { declared } from './project-guards.js';
import { type ProjectState, currentTargets } from './project.state.js';

class TargetChecksDto {
  @IsBoolean() formatCompliant: boolean;
  @IsBoolean() complete: boolean;
  @IsBoolean() matchesFunding: boolean;
}

export class ReviewPerformanceTargetsDto extends CommandBodyDto {
  @IsInt() @Min(2000) @Max(2100) fiscalYear: number;
  @IsIn(['PASSED', 'RETURNED']) outcome: 'PASSED' | 'RETURNED';
  @ValidateNested() @Type(() => TargetChecksDto) checks: TargetChecksDto;
  @IsOptional() @IsString() @MaxLength(4000) opinion?: string;
}

type Payload = ReviewPerformanceTargetsDto & { proCode: string; version: number };
export class ReviewPerformanceTargetsCommand extends ProjectCommand<Payload> {}

/** Finance reviews format, completeness and match with the funds; a returned set comes back as a new version. */
export const decideReviewPerformanceTargets: Decide<Payload, ProjectState, ProjectEvent> = (cmd, state) => {
  declared(state, cmd.proCode);
  const current = currentTargets(state, cmd.fiscalYear);
  if (!current) throw new NotFound('TARGETS_NOT_FOUND', `${cmd.proCode} has no targets for ${cmd.fiscalYear}`);
  if (current.version !== cmd.version) {
    throw new CommandRejected('TARGET_VERSION_NOT_CURRENT', `v${cmd.version} is not the current target version (v${current.version})`, { current: current.version });
  }
  if (current.status !== 'SUBMITTED') throw new CommandRejected('TARGETS_ALREADY_REVIEWED', `v${cmd.version} was already reviewed as ${current.status}`);
  const allChecksPass = cmd.checks.formatCompliant && cmd.checks.complete && cmd.checks.matchesFunding;
  if (cmd.outcome === 'PASSED' && !allChecksPass) {
    throw new CommandRejected('TARGET_CHECKS_FAILED', 'a target set that fails a check of format, completeness or match with the funds cannot pass');
  }
  if (cmd.outcome === 'RETURNED' && !cmd.opinion?.trim()) {
    throw new CommandRejected('OPINION_REQUIRED', 'returning a target set needs an opinion the department can act on');
  }
  return [
    {
      type: 'PerformanceTargetReviewed',
      data: {
        proCode: cmd.proCode,
        fiscalYear: cmd.fiscalYear,
        version: cmd.version,
        outcome: cmd.outcome,
        checks: { formatCompliant: cmd.checks.formatCompliant, complete: cmd.checks.complete, matchesFunding: cmd.checks.matchesFunding },
        opinion: cmd.opinion?.trim() ?? '',
      },
      legalBasis: seedClause('三(二)'),
    },
  ];
};

@CommandHandler(ReviewPerformanceTargetsCommand)
export class ReviewPerformanceTargetsHandler extends ProjectCommandHandler<Payload> {
  protected readonly useCase = {
    name: 'ReviewPerformanceTargets',
    decide: decideReviewPerformanceTargets,
    id: (data: Record<string, unknown>) => `v${String(data.version)}`,
  } as const;
}
