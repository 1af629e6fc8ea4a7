import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsNotEmpty, IsNumber, IsOptional, IsString, Min, MaxLength, ValidateNested } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { AccessDenied, CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { assertActsForOwner } from '../../identity/src/authorization.js';
import { type ExAnteDimension, gradeFor, round2 } from '../../rule-sets/src/rule-set.js';
import { seedClause } from './legal-basis.js';
import { ProjectCommand, ProjectCommandHandler } from './project-command.js';
import type { ExAnteAssessmentRecorded, ProjectEvent } from './project.events.js';
import { declared } from './project-guards.js';
import { type ProjectState, latestAssessment } from './project.state.js';

class DimensionScoreDto {
  @IsIn(['NECESSITY', 'INPUT_ECONOMY', 'TARGET_REASONABLENESS', 'PLAN_FEASIBILITY', 'FINANCING_COMPLIANCE']) dimension: ExAnteDimension;
  @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) score: number;
  @IsOptional() @IsString() @MaxLength(2000) comment?: string;
}

export class RecordExAnteAssessmentDto extends CommandBodyDto {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(10) @ValidateNested({ each: true }) @Type(() => DimensionScoreDto)
  dimensions: DimensionScoreDto[];
  /** The assessment report, a mandatory document (必备要件); its hash travels in evidence. */
  @IsString() @IsNotEmpty() @MaxLength(500) reportRef: string;
}

type Payload = RecordExAnteAssessmentDto & { proCode: string };
export class RecordExAnteAssessmentCommand extends ProjectCommand<Payload> {}

/** Step 2 (事前绩效评估): the five dimensions are scored; total, grade and conclusion follow from the rule set. */
export const decideRecordExAnteAssessment: Decide<Payload, ProjectState, ProjectEvent> = (cmd, state, { actor, ruleSet }) => {
  const project = declared(state, cmd.proCode);
  let assessor: Pick<ExAnteAssessmentRecorded['data'], 'assessorType' | 'institutionId' | 'commissionId'>;
  if (actor.role === 'THIRD_PARTY') {
    const commission = state.commissions.find((c) => c.institutionId === actor.institutionId && c.status === 'ACTIVE');
    if (!commission) {
      throw new AccessDenied('NO_ACTIVE_COMMISSION', `${actor.institutionId} holds no active ex-ante commission for ${cmd.proCode}`, { proCode: cmd.proCode });
    }
    assessor = { assessorType: 'THIRD_PARTY', institutionId: commission.institutionId, commissionId: commission.commissionId };
  } else {
    assertActsForOwner(actor, project);
    assessor = { assessorType: 'DEPARTMENT' };
  }
  const latest = latestAssessment(state);
  if (latest && !latest.review) {
    throw new CommandRejected('EX_ANTE_PENDING_REVIEW', `assessment ${latest.assessmentId} awaits finance review; a new one can follow a failed review only`);
  }
  if (latest?.review?.outcome === 'PASSED') throw new CommandRejected('EX_ANTE_ALREADY_PASSED', `assessment ${latest.assessmentId} has already passed review`);
  if (!cmd.evidence?.length) {
    throw new CommandRejected('EVIDENCE_REQUIRED', 'the assessment report is a mandatory document (必备要件): give its sha256 in evidence');
  }

  const problems: string[] = [];
  const dimensions = ruleSet.exAnte.dimensions.map(({ dimension, maxScore }) => {
    const given = cmd.dimensions.filter((d) => d.dimension === dimension);
    if (given.length !== 1) problems.push(`${dimension} must be scored exactly once (found ${given.length})`);
    const score = given[0]?.score ?? 0;
    if (score > maxScore) problems.push(`${dimension} scored ${score}, above its maximum ${maxScore}`);
    return { dimension, score, maxScore, ...(given[0]?.comment ? { comment: given[0].comment } : {}) };
  });
  const unknown = cmd.dimensions.filter((d) => !ruleSet.exAnte.dimensions.some((r) => r.dimension === d.dimension));
  if (unknown.length) problems.push(`rule set ${ruleSet.version} has no dimension ${unknown.map((d) => d.dimension).join(', ')}`);
  if (problems.length) throw new CommandRejected('EX_ANTE_SCORES_INVALID', problems.join('; '), { problems });

  const totalScore = round2(dimensions.reduce((total, d) => total + d.score, 0));
  const grade = gradeFor(totalScore, ruleSet);
  return [
    {
      type: 'ExAnteAssessmentRecorded',
      data: {
        proCode: cmd.proCode,
        assessmentId: `EA-${state.assessments.length + 1}`,
        ...assessor,
        dimensions,
        totalScore,
        grade,
        conclusion: ruleSet.exAnte.conclusionByGrade[grade],
        reportRef: cmd.reportRef,
      },
      ruleSetVersion: ruleSet.version,
      legalBasis: seedClause('三(一)'),
    },
  ];
};

@CommandHandler(RecordExAnteAssessmentCommand)
export class RecordExAnteAssessmentHandler extends ProjectCommandHandler<Payload> {
  protected readonly useCase = {
    name: 'RecordExAnteAssessment',
    decide: decideRecordExAnteAssessment,
    id: (data: Record<string, unknown>) => String(data.assessmentId),
  } as const;
}
