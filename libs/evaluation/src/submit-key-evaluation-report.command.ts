import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsNotEmpty, IsNumber, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { AccessDenied, CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { EnvelopedCommand, type StreamCommandSpec, StreamCommandHandler } from '../../event-sourcing/src/stream-command-handler.js';
import { seedClause } from '../../projects/src/legal-basis.js';
import { gradeFor, round2 } from '../../rule-sets/src/rule-set.js';
import { type KeyEvaluationDimension, type KeyEvaluationEvent, keyEvaluationStream } from './evaluation.events.js';
import { type KeyEvaluationState, activeCommission, keyEvaluationModel } from './evaluation.state.js';

const DIMENSIONS: KeyEvaluationDimension[] = ['DECISION', 'PROCESS', 'OUTPUT', 'BENEFIT'];

class FrameworkScoresDto {
  @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100) DECISION: number;
  @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100) PROCESS: number;
  @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100) OUTPUT: number;
  @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100) BENEFIT: number;
}

export class SubmitKeyEvaluationReportDto extends CommandBodyDto {
  /** 决策 / 过程 / 产出 / 效益: each at most the rule set's framework maximum. */
  @ValidateNested() @Type(() => FrameworkScoresDto) frameworkScores: FrameworkScoresDto;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(2000, { each: true })
  findings: string[];
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(2000, { each: true })
  recommendations: string[];
  /** The evaluation report; its hash travels in evidence. */
  @IsString() @IsNotEmpty() @MaxLength(500) reportRef: string;
}

type Payload = SubmitKeyEvaluationReportDto & { proCode: string; fiscalYear: number };
export class SubmitKeyEvaluationReportCommand extends EnvelopedCommand<Payload> {}

/**
 * Step 17 (重点评价, 三(四)2): the third party under an active KEY_EVALUATION commission for this project and year
 * submits its report (invariant 10). One report per commission; a revised report supersedes the earlier one.
 */
export const decideSubmitKeyEvaluationReport: Decide<Payload, KeyEvaluationState, KeyEvaluationEvent> = (cmd, state, { actor, ruleSet, supersedes }) => {
  const commission = activeCommission(state.commissions, 'KEY_EVALUATION', actor.institutionId);
  if (!commission) {
    const why = state.completion ? `the key evaluation was completed on report ${state.completion.reportId}` : `${actor.institutionId ?? actor.orgCode} holds no active key-evaluation commission`;
    throw new AccessDenied('NO_ACTIVE_COMMISSION', `${why} for ${cmd.proCode} ${cmd.fiscalYear}: a key-evaluation report is refused`, {
      proCode: cmd.proCode,
      fiscalYear: cmd.fiscalYear,
      institutionId: actor.institutionId,
    });
  }
  const earlier = state.reports.find((r) => r.commissionId === commission.commissionId && !r.supersededBy);
  if (supersedes) {
    const corrected = state.reports.find((r) => r.eventId === supersedes.eventId);
    if (corrected && corrected.institutionId !== commission.institutionId) {
      throw new AccessDenied('NOT_YOUR_REPORT', `report ${corrected.reportId} was submitted by ${corrected.institutionId}: only it may revise it`, { reportId: corrected.reportId });
    }
  } else if (earlier) {
    throw new CommandRejected(
      'REPORT_ALREADY_SUBMITTED',
      `${commission.institutionId} already submitted report ${earlier.reportId} under ${commission.commissionId}; to revise it, send the new one with supersedes: "${earlier.eventId}"`,
      { reportId: earlier.reportId, eventId: earlier.eventId },
    );
  }
  if (!cmd.evidence?.length) {
    throw new CommandRejected('EVIDENCE_REQUIRED', 'the key-evaluation report is the basis of the result: give its sha256 in evidence');
  }
  const maxima = ruleSet.keyEvaluationFramework;
  const above = DIMENSIONS.filter((d) => cmd.frameworkScores[d] > maxima[d]);
  if (above.length) {
    throw new CommandRejected(
      'FRAMEWORK_SCORE_ABOVE_MAXIMUM',
      above.map((d) => `${d} scored ${cmd.frameworkScores[d]}, above its maximum ${maxima[d]} (rule set ${ruleSet.version})`).join('; '),
      { above: above.map((d) => ({ dimension: d, score: cmd.frameworkScores[d], maxScore: maxima[d] })), ruleSetVersion: ruleSet.version },
    );
  }
  const frameworkScores = Object.fromEntries(DIMENSIONS.map((d) => [d, cmd.frameworkScores[d]])) as Record<KeyEvaluationDimension, number>;
  const frameworkMaxScores = Object.fromEntries(DIMENSIONS.map((d) => [d, maxima[d]])) as Record<KeyEvaluationDimension, number>;
  const totalScore = round2(DIMENSIONS.reduce((sum, d) => sum + frameworkScores[d], 0));
  return [
    {
      type: 'KeyEvaluationReportSubmitted',
      data: {
        proCode: cmd.proCode,
        fiscalYear: cmd.fiscalYear,
        reportId: `KER-${state.reports.length + 1}`,
        commissionId: commission.commissionId,
        institutionId: commission.institutionId,
        institutionName: commission.institutionName,
        frameworkScores,
        frameworkMaxScores,
        totalScore,
        grade: gradeFor(totalScore, ruleSet),
        findings: cmd.findings.map((f) => f.trim()),
        recommendations: cmd.recommendations.map((r) => r.trim()),
        reportRef: cmd.reportRef,
        ruleSetVersion: ruleSet.version,
      },
      ruleSetVersion: ruleSet.version,
      legalBasis: seedClause('三(四)2'),
    },
  ];
};

@CommandHandler(SubmitKeyEvaluationReportCommand)
export class SubmitKeyEvaluationReportHandler extends StreamCommandHandler<Payload, Payload, KeyEvaluationState, KeyEvaluationEvent> {
  protected readonly spec: StreamCommandSpec<Payload, Payload, KeyEvaluationState, KeyEvaluationEvent> = {
    name: 'SubmitKeyEvaluationReport',
    stream: (p) => keyEvaluationStream(p.proCode, p.fiscalYear),
    model: keyEvaluationModel,
    decide: decideSubmitKeyEvaluationReport,
    id: (data) => String(data.reportId),
    corrects: ['KeyEvaluationReportSubmitted'],
  };
}
