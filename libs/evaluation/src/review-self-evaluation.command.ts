import { IsNotEmpty, IsNumber, IsString, Max, MaxLength, Min } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { AccessDenied, CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { EnvelopedCommand, type StreamCommandSpec, StreamCommandHandler } from '../../event-sourcing/src/stream-command-handler.js';
import { assertActsForOwner } from '../../identity/src/authorization.js';
import { seedClause } from '../../projects/src/legal-basis.js';
import { gradeFor } from '../../rule-sets/src/rule-set.js';
import { type ProjectFacts, knownProject, readProjectFacts } from './evaluation-facts.js';
import { type EvaluationEvent, evaluationStream } from './evaluation.events.js';
import { type SelfEvaluationState, evaluationModel, eventIdOf } from './evaluation.state.js';

export class ReviewSelfEvaluationDto extends CommandBodyDto {
  /** 主管部门评分, on the same 100-point scale as the self-evaluation. */
  @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100) deptScore: number;
  /** 主管部门意见. */
  @IsString() @IsNotEmpty() @MaxLength(4000) opinion: string;
}

type Payload = ReviewSelfEvaluationDto & { proCode: string; fiscalYear: number };
type Command = Payload & ProjectFacts;
export class ReviewSelfEvaluationCommand extends EnvelopedCommand<Payload> {}

/**
 * The competent department (主管部门) reviews the submission in force before finance files it: the department of
 * the project, also when one of its units submitted. Once per submission; a correction asks for a new review.
 */
export const decideReviewSelfEvaluation: Decide<Command, SelfEvaluationState, EvaluationEvent> = (cmd, state, { actor, ruleSet }) => {
  const project = knownProject(cmd);
  // The role table already admits departments only; a unit must not review its own submission even if wired otherwise.
  if (actor.role !== 'BUDGET_DEPARTMENT') {
    throw new AccessDenied('NOT_COMPETENT_DEPARTMENT', `the competent department ${project.deptCode} reviews self-evaluations of its projects, not a ${actor.role}`, {
      deptCode: project.deptCode,
    });
  }
  assertActsForOwner(actor, project);
  const submission = state.submission;
  if (!submission) {
    throw new CommandRejected('SELF_EVALUATION_NOT_SUBMITTED', `${project.unitCode ?? project.deptCode} has not submitted the ${cmd.fiscalYear} self-evaluation of ${cmd.proCode} yet: there is nothing to review`);
  }
  if (state.filing) {
    throw new CommandRejected('SELF_EVALUATION_ALREADY_FILED', `the ${cmd.fiscalYear} self-evaluation of ${cmd.proCode} was already filed by finance (审核备案): the competent review came too late`, {
      filingEventId: state.filing.eventId,
    });
  }
  if (state.review) {
    throw new CommandRejected('SELF_EVALUATION_ALREADY_REVIEWED', `the submission ${submission.eventId} was already reviewed with a department score of ${state.review.deptScore}`, {
      reviewEventId: state.review.eventId,
    });
  }
  return [
    {
      type: 'SelfEvaluationReviewedByCompetentDepartment',
      data: {
        proCode: cmd.proCode,
        fiscalYear: cmd.fiscalYear,
        deptCode: project.deptCode,
        submissionEventId: eventIdOf(submission, 'self-evaluation submission'),
        deptScore: cmd.deptScore,
        deptGrade: gradeFor(cmd.deptScore, ruleSet),
        opinion: cmd.opinion.trim(),
        ruleSetVersion: ruleSet.version,
      },
      ruleSetVersion: ruleSet.version,
      legalBasis: seedClause('三(四)1'),
    },
  ];
};

@CommandHandler(ReviewSelfEvaluationCommand)
export class ReviewSelfEvaluationHandler extends StreamCommandHandler<Payload, Command, SelfEvaluationState, EvaluationEvent> {
  protected readonly spec: StreamCommandSpec<Payload, Command, SelfEvaluationState, EvaluationEvent> = {
    name: 'ReviewSelfEvaluation',
    stream: (p) => evaluationStream(p.proCode, p.fiscalYear),
    model: evaluationModel,
    decide: decideReviewSelfEvaluation,
    withFacts: async (p, read) => ({ ...p, ...(await readProjectFacts(p.proCode, p.fiscalYear, read)) }),
  };
}
