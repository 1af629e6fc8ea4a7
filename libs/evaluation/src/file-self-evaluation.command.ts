import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { EnvelopedCommand, type StreamCommandSpec, StreamCommandHandler } from '../../event-sourcing/src/stream-command-handler.js';
import { seedClause } from '../../projects/src/legal-basis.js';
import { type EvaluationEvent, evaluationStream } from './evaluation.events.js';
import { type SelfEvaluationState, evaluationModel, eventIdOf } from './evaluation.state.js';

export class FileSelfEvaluationDto extends CommandBodyDto {
  /** 财政审核意见. */
  @IsString() @IsNotEmpty() @MaxLength(4000) opinion: string;
}

type Payload = FileSelfEvaluationDto & { proCode: string; fiscalYear: number };
export class FileSelfEvaluationCommand extends EnvelopedCommand<Payload> {}

/**
 * 审核备案 (三(四)1: 评价结果报发改、财政部门审核备案): finance files the submission in force, once; after it no
 * correction. A unit's submission goes through its competent department first.
 */
export const decideFileSelfEvaluation: Decide<Payload, SelfEvaluationState, EvaluationEvent> = (cmd, state) => {
  const submission = state.submission;
  if (!submission) {
    throw new CommandRejected('SELF_EVALUATION_NOT_SUBMITTED', `no self-evaluation of ${cmd.proCode} for ${cmd.fiscalYear} was submitted: there is nothing to file`, {
      proCode: cmd.proCode,
      fiscalYear: cmd.fiscalYear,
    });
  }
  if (state.filing) {
    throw new CommandRejected('SELF_EVALUATION_ALREADY_FILED', `the ${cmd.fiscalYear} self-evaluation of ${cmd.proCode} was already filed`, { filingEventId: state.filing.eventId });
  }
  if (submission.unitCode && !state.review) {
    throw new CommandRejected(
      'COMPETENT_REVIEW_REQUIRED',
      `${cmd.proCode} belongs to unit ${submission.unitCode}: its competent department ${submission.deptCode} must review the self-evaluation before finance files it`,
      { deptCode: submission.deptCode, unitCode: submission.unitCode },
    );
  }
  return [
    {
      type: 'SelfEvaluationFiled',
      data: {
        proCode: cmd.proCode,
        fiscalYear: cmd.fiscalYear,
        submissionEventId: eventIdOf(submission, 'self-evaluation submission'),
        totalScore: submission.totalScore,
        grade: submission.grade,
        opinion: cmd.opinion.trim(),
      },
      legalBasis: seedClause('三(四)1'),
    },
  ];
};

@CommandHandler(FileSelfEvaluationCommand)
export class FileSelfEvaluationHandler extends StreamCommandHandler<Payload, Payload, SelfEvaluationState, EvaluationEvent> {
  protected readonly spec: StreamCommandSpec<Payload, Payload, SelfEvaluationState, EvaluationEvent> = {
    name: 'FileSelfEvaluation',
    stream: (p) => evaluationStream(p.proCode, p.fiscalYear),
    model: evaluationModel,
    decide: decideFileSelfEvaluation,
  };
}
