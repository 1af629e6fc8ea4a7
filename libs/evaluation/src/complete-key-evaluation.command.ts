import { IsNotEmpty, IsNumber, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected, NotFound } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { EnvelopedCommand, type StreamCommandSpec, StreamCommandHandler } from '../../event-sourcing/src/stream-command-handler.js';
import { seedClause } from '../../projects/src/legal-basis.js';
import { gradeFor } from '../../rule-sets/src/rule-set.js';
import { type KeyEvaluationEvent, keyEvaluationStream } from './evaluation.events.js';
import { type KeyEvaluationState, eventIdOf, keyEvaluationModel } from './evaluation.state.js';

export class CompleteKeyEvaluationDto extends CommandBodyDto {
  /** The event id of the KeyEvaluationReportSubmitted that finance accepts. */
  @IsUUID() reportEventId: string;
  /** Differs from the report's total only with an adjustmentReason; the grade always follows from the rule set. */
  @IsOptional() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100) finalScore?: number;
  @IsOptional() @IsString() @MaxLength(2000) adjustmentReason?: string;
  /** 验收意见. */
  @IsString() @IsNotEmpty() @MaxLength(4000) opinion: string;
}

type Payload = CompleteKeyEvaluationDto & { proCode: string; fiscalYear: number };
export class CompleteKeyEvaluationCommand extends EnvelopedCommand<Payload> {}

/** Finance accepts a key-evaluation report and closes the key evaluation; its commissions end with it. */
export const decideCompleteKeyEvaluation: Decide<Payload, KeyEvaluationState, KeyEvaluationEvent> = (cmd, state, { ruleSet }) => {
  if (state.completion) {
    throw new CommandRejected(
      'KEY_EVALUATION_ALREADY_COMPLETED',
      `the ${cmd.fiscalYear} key evaluation of ${cmd.proCode} was already completed with ${state.completion.finalScore} on report ${state.completion.reportId}`,
      { eventId: state.completion.eventId },
    );
  }
  const report = state.reports.find((r) => r.eventId === cmd.reportEventId);
  if (!report) {
    throw new NotFound('REPORT_NOT_FOUND', `the ${cmd.fiscalYear} key evaluation of ${cmd.proCode} holds no report with event id ${cmd.reportEventId}`, {
      reportEventId: cmd.reportEventId,
      reports: state.reports.filter((r) => !r.supersededBy).map((r) => ({ reportId: r.reportId, eventId: r.eventId })),
    });
  }
  if (report.supersededBy) {
    throw new CommandRejected('REPORT_SUPERSEDED', `report ${report.reportId} was revised by event ${report.supersededBy}: accept the revised report`, {
      supersededBy: report.supersededBy,
    });
  }
  const finalScore = cmd.finalScore ?? report.totalScore;
  const adjustmentReason = cmd.adjustmentReason?.trim();
  if (finalScore !== report.totalScore && !adjustmentReason) {
    throw new CommandRejected(
      'FINAL_SCORE_REASON_REQUIRED',
      `report ${report.reportId} scored ${report.totalScore}; a final score of ${finalScore} needs an adjustmentReason`,
      { reportScore: report.totalScore, finalScore },
    );
  }
  return [
    {
      type: 'KeyEvaluationCompleted',
      data: {
        proCode: cmd.proCode,
        fiscalYear: cmd.fiscalYear,
        acceptedReportEventId: eventIdOf(report, 'key-evaluation report'),
        reportId: report.reportId,
        institutionId: report.institutionId,
        reportScore: report.totalScore,
        reportGrade: report.grade,
        finalScore,
        finalGrade: gradeFor(finalScore, ruleSet),
        ...(adjustmentReason ? { adjustmentReason } : {}),
        opinion: cmd.opinion.trim(),
        ruleSetVersion: ruleSet.version,
      },
      ruleSetVersion: ruleSet.version,
      legalBasis: seedClause('三(四)2'),
    },
  ];
};

@CommandHandler(CompleteKeyEvaluationCommand)
export class CompleteKeyEvaluationHandler extends StreamCommandHandler<Payload, Payload, KeyEvaluationState, KeyEvaluationEvent> {
  protected readonly spec: StreamCommandSpec<Payload, Payload, KeyEvaluationState, KeyEvaluationEvent> = {
    name: 'CompleteKeyEvaluation',
    stream: (p) => keyEvaluationStream(p.proCode, p.fiscalYear),
    model: keyEvaluationModel,
    decide: decideCompleteKeyEvaluation,
  };
}
