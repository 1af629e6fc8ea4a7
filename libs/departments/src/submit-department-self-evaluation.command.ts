import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNumber, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { EnvelopedCommand, type StreamCommandSpec, StreamCommandHandler } from '../../event-sourcing/src/stream-command-handler.js';
import { seedClause } from '../../projects/src/legal-basis.js';
import { gradeFor, round2 } from '../../rule-sets/src/rule-set.js';
import { DEPARTMENT_DIMENSIONS, type DepartmentDimension, type DepartmentEvent, departmentStream } from './department.events.js';
import { assertOwnDepartment, requireTargets } from './department-guards.js';
import { type DepartmentState, departmentModel } from './department.state.js';

class DimensionScoreDto {
  @IsIn(DEPARTMENT_DIMENSIONS) dimension: DepartmentDimension;
  @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100) score: number;
  @IsOptional() @IsString() @MaxLength(2000) comment?: string;
}

export class SubmitDepartmentSelfEvaluationDto extends CommandBodyDto {
  @IsInt() @Min(2000) @Max(2100) fiscalYear: number;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => DimensionScoreDto)
  dimensions: DimensionScoreDto[];
  @IsOptional() @IsString() @MaxLength(300) reportRef?: string;
}

type Payload = SubmitDepartmentSelfEvaluationDto & { deptCode: string };
export class SubmitDepartmentSelfEvaluationCommand extends EnvelopedCommand<Payload> {}

/**
 * 二.3 自评: the department scores each dimension against the targets in force, at most the weight its indicators
 * carry; the total and the grade are the rule set's, never the department's say.
 */
export const decideSubmitDepartmentSelfEvaluation: Decide<Payload, DepartmentState, DepartmentEvent> = (cmd, state, { actor, ruleSet, supersedes }) => {
  assertOwnDepartment(actor, cmd.deptCode);
  const targets = requireTargets(state, cmd.deptCode, cmd.fiscalYear, 'a self-evaluation');
  if (state.selfEvaluation && !supersedes) {
    throw new CommandRejected('SELF_EVALUATION_ALREADY_SUBMITTED', `${cmd.deptCode} already submitted its ${cmd.fiscalYear} self-evaluation (${state.selfEvaluation.totalScore}); a correction names it in supersedes`, {
      eventId: state.selfEvaluation.eventId,
    });
  }
  const named = cmd.dimensions.map((d) => d.dimension);
  const missing = DEPARTMENT_DIMENSIONS.filter((d) => !named.includes(d));
  const repeated = named.filter((d, i) => named.indexOf(d) !== i);
  if (missing.length || repeated.length) {
    throw new CommandRejected('DIMENSION_SCORES_INCOMPLETE', `score each of the six dimensions once${missing.length ? `; missing: ${missing.join(', ')}` : ''}${repeated.length ? `; repeated: ${repeated.join(', ')}` : ''}`, {
      missing,
      repeated,
    });
  }
  const dimensions = DEPARTMENT_DIMENSIONS.map((dimension) => {
    const given = cmd.dimensions.find((d) => d.dimension === dimension)!;
    const maxScore = round2(targets.indicators.filter((i) => i.dimension === dimension).reduce((sum, i) => sum + i.weight, 0));
    if (given.score > maxScore) {
      throw new CommandRejected('SCORE_OUT_OF_RANGE', `${dimension} scores at most ${maxScore} (the weights of its indicators in v${targets.version}), not ${given.score}`, {
        dimension,
        maxScore,
      });
    }
    return { dimension, score: given.score, maxScore, ...(given.comment?.trim() ? { comment: given.comment.trim() } : {}) };
  });
  const totalScore = round2(dimensions.reduce((sum, d) => sum + d.score, 0));
  return [
    {
      type: 'DepartmentOverallSelfEvaluationSubmitted',
      data: {
        deptCode: cmd.deptCode,
        fiscalYear: cmd.fiscalYear,
        targetVersion: targets.version,
        dimensions,
        totalScore,
        grade: gradeFor(totalScore, ruleSet),
        ...(cmd.reportRef ? { reportRef: cmd.reportRef } : {}),
      },
      ruleSetVersion: ruleSet.version,
      legalBasis: seedClause('二.3'),
    },
  ];
};

@CommandHandler(SubmitDepartmentSelfEvaluationCommand)
export class SubmitDepartmentSelfEvaluationHandler extends StreamCommandHandler<Payload, Payload, DepartmentState, DepartmentEvent> {
  protected readonly spec: StreamCommandSpec<Payload, Payload, DepartmentState, DepartmentEvent> = {
    name: 'SubmitDepartmentSelfEvaluation',
    stream: (p: Payload) => departmentStream(p.deptCode, p.fiscalYear),
    model: departmentModel,
    decide: decideSubmitDepartmentSelfEvaluation,
    corrects: ['DepartmentOverallSelfEvaluationSubmitted'],
  };
}
