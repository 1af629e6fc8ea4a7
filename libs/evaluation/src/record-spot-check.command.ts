import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsNotEmpty, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { AccessDenied, CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { EnvelopedCommand, type StreamCommandSpec, StreamCommandHandler } from '../../event-sourcing/src/stream-command-handler.js';
import { seedClause } from '../../projects/src/legal-basis.js';
import { gradeFor, round2 } from '../../rule-sets/src/rule-set.js';
import { isDiscrepant } from '../../rule-sets/src/scoring.js';
import { type EvaluationEvent, type SelfEvaluationDiscrepancyFlagged, type SpotCheckReviewed, evaluationStream } from './evaluation.events.js';
import { type SelfEvaluationState, activeCommission, evaluationModel, eventIdOf } from './evaluation.state.js';

class IndicatorAdjustmentDto {
  @Matches(/^[A-Za-z0-9_.-]{1,40}$/, { message: 'kpiId must be 1–40 letters, digits, _ . or -' }) kpiId: string;
  @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100) selfScore: number;
  @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100) reviewScore: number;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) verifiedValue?: string;
  @IsString() @IsNotEmpty() @MaxLength(2000) reason: string;
}

export class RecordSpotCheckDto extends CommandBodyDto {
  /** 抽评得分, on the same 100-point scale as the self-evaluation. */
  @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100) reviewScore: number;
  @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => IndicatorAdjustmentDto)
  indicatorAdjustments?: IndicatorAdjustmentDto[];
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(2000, { each: true })
  findings: string[];
}

type Payload = RecordSpotCheckDto & { proCode: string; fiscalYear: number };
export class RecordSpotCheckCommand extends EnvelopedCommand<Payload> {}

/**
 * Step 15 (抽查复核): finance, or a third party under an active SPOT_CHECK commission for this evaluation
 * (invariant 10), reviews a filed self-evaluation. When self and review differ a lot by the rule set, the flag is
 * written in the same append, so no spot-check is ever stored without its verdict.
 */
export const decideRecordSpotCheck: Decide<Payload, SelfEvaluationState, EvaluationEvent> = (cmd, state, { actor, ruleSet }) => {
  let reviewer: Pick<SpotCheckReviewed['data'], 'reviewer' | 'institutionId' | 'commissionId'> = { reviewer: 'FINANCE' };
  if (actor.role === 'THIRD_PARTY') {
    const commission = activeCommission(state.commissions, 'SPOT_CHECK', actor.institutionId);
    if (!commission) {
      throw new AccessDenied('NO_ACTIVE_COMMISSION', `${actor.institutionId} holds no active spot-check commission for the ${cmd.fiscalYear} evaluation of ${cmd.proCode}`, {
        proCode: cmd.proCode,
        fiscalYear: cmd.fiscalYear,
        institutionId: actor.institutionId,
      });
    }
    reviewer = { reviewer: 'THIRD_PARTY', institutionId: commission.institutionId, commissionId: commission.commissionId };
  }
  const submission = state.submission;
  if (!submission || !state.filing) {
    throw new CommandRejected(
      'SELF_EVALUATION_NOT_FILED',
      `the ${cmd.fiscalYear} self-evaluation of ${cmd.proCode} ${submission ? 'awaits filing by finance (审核备案)' : 'has not been submitted'}: a spot-check reviews a filed one`,
      { proCode: cmd.proCode, fiscalYear: cmd.fiscalYear, submitted: Boolean(submission) },
    );
  }
  if (state.spotCheck) {
    throw new CommandRejected('SPOT_CHECK_ALREADY_RECORDED', `the ${cmd.fiscalYear} self-evaluation of ${cmd.proCode} was already spot-checked with ${state.spotCheck.reviewScore}`, {
      spotCheckEventId: state.spotCheck.eventId,
    });
  }

  const adjustments = cmd.indicatorAdjustments ?? [];
  const problems: string[] = [];
  adjustments.forEach((a, index) => {
    const indicator = submission.indicators.find((i) => i.kpiId === a.kpiId);
    if (!indicator) return void problems.push(`${a.kpiId} is not an indicator of the self-evaluation (target version v${submission.targetVersion})`);
    if (adjustments.findIndex((other) => other.kpiId === a.kpiId) !== index) problems.push(`${a.kpiId} is adjusted more than once`);
    if (a.selfScore !== indicator.score) problems.push(`${indicator.name} (${a.kpiId}) scored ${indicator.score} in the self-evaluation, not ${a.selfScore}`);
    if (a.reviewScore > indicator.weight) problems.push(`${indicator.name} (${a.kpiId}) weighs ${indicator.weight}: a review score of ${a.reviewScore} exceeds it`);
  });
  if (problems.length) throw new CommandRejected('INDICATOR_ADJUSTMENTS_INVALID', problems.join('; '), { problems });

  const selfScore = submission.totalScore;
  const reviewGrade = gradeFor(cmd.reviewScore, ruleSet);
  const submissionEventId = eventIdOf(submission, 'self-evaluation submission');
  const reviewed: SpotCheckReviewed = {
    type: 'SpotCheckReviewed',
    data: {
      proCode: cmd.proCode,
      fiscalYear: cmd.fiscalYear,
      ...reviewer,
      submissionEventId,
      selfScore,
      reviewScore: cmd.reviewScore,
      reviewGrade,
      indicatorAdjustments: adjustments.map(({ kpiId, selfScore: self, reviewScore, verifiedValue, reason }) => ({
        kpiId,
        selfScore: self,
        reviewScore,
        ...(verifiedValue ? { verifiedValue } : {}),
        reason: reason.trim(),
      })),
      findings: cmd.findings.map((f) => f.trim()),
      ruleSetVersion: ruleSet.version,
    },
  };
  const legalBasis = seedClause('三(四)1');
  if (!isDiscrepant(selfScore, cmd.reviewScore, ruleSet)) return [{ ...reviewed, ruleSetVersion: ruleSet.version, legalBasis }];

  // Both grades by the rule set that judged the discrepancy, so the flag is consistent with its own version.
  const selfGrade = gradeFor(selfScore, ruleSet);
  const delta = round2(selfScore - cmd.reviewScore);
  const { minScoreDelta, onGradeChange } = ruleSet.spotCheckDiscrepancy;
  const reasons: SelfEvaluationDiscrepancyFlagged['data']['reasons'] = [
    ...(Math.abs(delta) >= minScoreDelta ? (['SCORE_DELTA'] as const) : []),
    ...(onGradeChange && selfGrade !== reviewGrade ? (['GRADE_CHANGE'] as const) : []),
  ];
  const flagged: SelfEvaluationDiscrepancyFlagged = {
    type: 'SelfEvaluationDiscrepancyFlagged',
    data: { proCode: cmd.proCode, fiscalYear: cmd.fiscalYear, selfScore, reviewScore: cmd.reviewScore, delta, selfGrade, reviewGrade, reasons, submissionEventId, ruleSetVersion: ruleSet.version },
  };
  return [
    { ...reviewed, ruleSetVersion: ruleSet.version, legalBasis },
    { ...flagged, ruleSetVersion: ruleSet.version, legalBasis },
  ];
};

@CommandHandler(RecordSpotCheckCommand)
export class RecordSpotCheckHandler extends StreamCommandHandler<Payload, Payload, SelfEvaluationState, EvaluationEvent> {
  protected readonly spec: StreamCommandSpec<Payload, Payload, SelfEvaluationState, EvaluationEvent> = {
    name: 'RecordSpotCheck',
    stream: (p) => evaluationStream(p.proCode, p.fiscalYear),
    model: evaluationModel,
    decide: decideRecordSpotCheck,
  };
}
