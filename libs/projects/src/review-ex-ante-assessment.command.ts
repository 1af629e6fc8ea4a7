import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected, NotFound } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { seedClause } from './legal-basis.js';
import { ProjectCommand, ProjectCommandHandler } from './project-command.js';
import type { ProjectEvent } from './project.events.js';
import { declared } from './project-guards.js';
import { type ProjectState, latestAssessment } from './project.state.js';

export class ReviewExAnteAssessmentDto extends CommandBodyDto {
  @IsIn(['PASSED', 'FAILED']) outcome: 'PASSED' | 'FAILED';
  @IsString() @IsNotEmpty() @MaxLength(4000) opinion: string;
}

type Payload = ReviewExAnteAssessmentDto & { proCode: string; assessmentId: string };
export class ReviewExAnteAssessmentCommand extends ProjectCommand<Payload> {}

/** Finance (财政/发改) reviews the latest assessment; a 差 grade cannot pass (invariant 1). */
export const decideReviewExAnteAssessment: Decide<Payload, ProjectState, ProjectEvent> = (cmd, state) => {
  declared(state, cmd.proCode);
  const assessment = state.assessments.find((a) => a.assessmentId === cmd.assessmentId);
  if (!assessment) throw new NotFound('ASSESSMENT_NOT_FOUND', `${cmd.proCode} has no ex-ante assessment ${cmd.assessmentId}`);
  if (assessment.review) throw new CommandRejected('ASSESSMENT_ALREADY_REVIEWED', `assessment ${cmd.assessmentId} was already reviewed as ${assessment.review.outcome}`);
  if (latestAssessment(state) !== assessment) throw new CommandRejected('ASSESSMENT_SUPERSEDED', `assessment ${cmd.assessmentId} is not the latest`);
  if (cmd.outcome === 'PASSED' && assessment.grade === 'POOR') {
    throw new CommandRejected('EX_ANTE_POOR_CANNOT_PASS', `assessment ${cmd.assessmentId} scored ${assessment.totalScore} (差): it cannot pass review`, {
      totalScore: assessment.totalScore,
    });
  }
  return [
    {
      type: 'ExAnteAssessmentReviewed',
      data: { proCode: cmd.proCode, assessmentId: cmd.assessmentId, outcome: cmd.outcome, grade: assessment.grade, opinion: cmd.opinion },
      legalBasis: seedClause('三(一)'),
    },
  ];
};

@CommandHandler(ReviewExAnteAssessmentCommand)
export class ReviewExAnteAssessmentHandler extends ProjectCommandHandler<Payload> {
  protected readonly useCase = { name: 'ReviewExAnteAssessment', decide: decideReviewExAnteAssessment, id: (data: Record<string, unknown>) => String(data.assessmentId) } as const;
}
