import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { assertActsForOwner } from '../../identity/src/authorization.js';
import { seedClause } from './legal-basis.js';
import { IndicatorDto, targetSetProblems, toIndicator } from './performance-targets.js';
import { ProjectCommand, ProjectCommandHandler } from './project-command.js';
import type { ProjectEvent } from './project.events.js';
import { declared } from './project-guards.js';
import { type ProjectState, currentTargets, cycleOf } from './project.state.js';

export class SetPerformanceTargetsDto extends CommandBodyDto {
  @IsInt() @Min(2000) @Max(2100) fiscalYear: number;
  @IsString() @IsNotEmpty() @MaxLength(4000) overallObjective: string;
  @IsString() @IsNotEmpty() @MaxLength(4000) annualObjective: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => IndicatorDto)
  indicators: IndicatorDto[];
  @IsOptional() @IsString() @MaxLength(1000) satisfactionExemptionReason?: string;
}

type Payload = SetPerformanceTargetsDto & { proCode: string };
export class SetPerformanceTargetsCommand extends ProjectCommand<Payload> {}

/** Step 3 (谁申请资金、谁设置目标): the department submits a target set; each submission is a new version. */
export const decideSetPerformanceTargets: Decide<Payload, ProjectState, ProjectEvent> = (cmd, state, { actor, ruleSet }) => {
  const project = declared(state, cmd.proCode);
  assertActsForOwner(actor, project);
  if (cmd.fiscalYear < project.startYear || cmd.fiscalYear > project.endYear) {
    throw new CommandRejected('FISCAL_YEAR_OUTSIDE_PROJECT', `${cmd.proCode} runs ${project.startYear}–${project.endYear}, not ${cmd.fiscalYear}`);
  }
  if (cycleOf(state, cmd.fiscalYear).approval) {
    throw new CommandRejected('TARGETS_APPROVED', `the targets of ${cmd.fiscalYear} were approved with the budget; change them by a target revision`);
  }
  const current = currentTargets(state, cmd.fiscalYear);
  if (current?.status === 'SUBMITTED') {
    throw new CommandRejected('TARGETS_PENDING_REVIEW', `target version v${current.version} awaits finance review`, { version: current.version });
  }
  const indicators = cmd.indicators.map(toIndicator);
  const problems = targetSetProblems(indicators, cmd.satisfactionExemptionReason, ruleSet);
  if (problems.length) throw new CommandRejected('TARGETS_INCOMPLETE', `the target set is incomplete: ${problems.join('; ')}`, { problems });
  return [
    {
      type: 'PerformanceTargetSet',
      data: {
        proCode: cmd.proCode,
        fiscalYear: cmd.fiscalYear,
        version: (current?.version ?? 0) + 1,
        overallObjective: cmd.overallObjective,
        annualObjective: cmd.annualObjective,
        indicators,
        ...(cmd.satisfactionExemptionReason?.trim() ? { satisfactionExemptionReason: cmd.satisfactionExemptionReason.trim() } : {}),
      },
      ruleSetVersion: ruleSet.version,
      legalBasis: seedClause('三(二)'),
    },
  ];
};

@CommandHandler(SetPerformanceTargetsCommand)
export class SetPerformanceTargetsHandler extends ProjectCommandHandler<Payload> {
  protected readonly useCase = {
    name: 'SetPerformanceTargets',
    decide: decideSetPerformanceTargets,
    id: (data: Record<string, unknown>) => `v${String(data.version)}`,
  } as const;
}
