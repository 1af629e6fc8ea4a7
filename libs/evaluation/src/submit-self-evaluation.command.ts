import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsNotEmpty, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { EnvelopedCommand, type StreamCommandSpec, StreamCommandHandler } from '../../event-sourcing/src/stream-command-handler.js';
import { assertActsForOwner } from '../../identity/src/authorization.js';
import { seedClause } from '../../projects/src/legal-basis.js';
import type { PerformanceIndicator } from '../../projects/src/project.events.js';
import { round2 } from '../../rule-sets/src/rule-set.js';
import { type Attainment, budgetExecutionPoints, inBand, qualitativeBand, quantitativeScore, totalScore } from '../../rule-sets/src/scoring.js';
import { type ExecutionFacts, type ProjectFacts, approvedTargets, knownProject, readExecutionFacts, readProjectFacts } from './evaluation-facts.js';
import { type EvaluatedIndicator, type EvaluationEvent, type EventRef, evaluationStream } from './evaluation.events.js';
import { type SelfEvaluationState, evaluationModel } from './evaluation.state.js';

const KPI_ID = /^[A-Za-z0-9_.-]{1,40}$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;
const ATTAINMENTS: Attainment[] = ['ACHIEVED', 'PARTLY_ACHIEVED', 'NOT_ACHIEVED'];

class IndicatorResultDto {
  @Matches(KPI_ID, { message: 'kpiId must be 1–40 letters, digits, _ . or -' }) kpiId: string;
  /** Quantitative indicators: the year's actual value. */
  @IsOptional() @Matches(DECIMAL, { message: 'actualValue must be a decimal number written as a string, e.g. "11400" or "92.5"' }) actualValue?: string;
  /** Qualitative indicators: the band, and the evaluator's score inside it. */
  @IsOptional() @IsIn(ATTAINMENTS) attainment?: Attainment;
  @IsOptional() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100) score?: number;
  @IsOptional() @IsString() @MaxLength(2000) deviationAnalysis?: string;
}

class ClaimedScoreDto {
  @Matches(KPI_ID, { message: 'kpiId must be 1–40 letters, digits, _ . or -' }) kpiId: string;
  @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100) score: number;
}

export class SubmitSelfEvaluationDto extends CommandBodyDto {
  /** 年度总体目标完成情况: how the annual objective was met. */
  @IsString() @IsNotEmpty() @MaxLength(4000) annualObjectiveNarrative: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => IndicatorResultDto)
  indicators: IndicatorResultDto[];
  /** The scores the unit's own 自评表 shows; each must equal what the rule set gives. */
  @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => ClaimedScoreDto)
  claimedScores?: ClaimedScoreDto[];
  @IsOptional() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100) claimedTotal?: number;
}

type Payload = SubmitSelfEvaluationDto & { proCode: string; fiscalYear: number };
type Command = Payload & ProjectFacts & ExecutionFacts;
export class SubmitSelfEvaluationCommand extends EnvelopedCommand<Payload> {}

const SYMBOL: Record<PerformanceIndicator['comparator'], string> = { GTE: '≥', GT: '>', LTE: '≤', LT: '<', EQ: '=', QUALITATIVE: '' };
const label = (i: PerformanceIndicator) =>
  `${i.name} (${i.kpiId}${i.comparator === 'QUALITATIVE' ? ', 定性' : `, ${SYMBOL[i.comparator]} ${i.targetValue}${i.unit ? ` ${i.unit}` : ''}`}, weight ${i.weight})`;
const isQualitative = (i: PerformanceIndicator) => i.comparator === 'QUALITATIVE';

/** What is wrong with the result given for an indicator, in words the unit can act on. */
function resultProblem(indicator: PerformanceIndicator, result: IndicatorResultDto): string | undefined {
  if (isQualitative(indicator)) {
    if (result.actualValue !== undefined) return `${label(indicator)} is qualitative: give attainment and score, not actualValue`;
    if (!result.attainment || result.score === undefined) return `${label(indicator)} is qualitative: give its attainment (ACHIEVED, PARTLY_ACHIEVED or NOT_ACHIEVED) and score`;
    return undefined;
  }
  if (result.attainment !== undefined || result.score !== undefined) {
    return `${label(indicator)} is quantitative: give actualValue only, its score follows from the rule set (claim a score in claimedScores)`;
  }
  if (result.actualValue === undefined) return `${label(indicator)} is quantitative: give its actualValue`;
  if (!DECIMAL.test(indicator.targetValue)) return `${label(indicator)} has no numeric target value, so it cannot be scored`;
  return undefined;
}

/**
 * Step 14 (单位自评): the owning department or unit scores the year against the target version in force at year end
 * (invariant 9). The score is the rule set's, never the submitter's: claimed scores are checked, not taken.
 * A correction supersedes the submission in force until finance files it.
 */
export const decideSubmitSelfEvaluation: Decide<Command, SelfEvaluationState, EvaluationEvent> = (cmd, state, { actor, ruleSet, supersedes }) => {
  const project = knownProject(cmd);
  assertActsForOwner(actor, project);
  if (state.filing) {
    throw new CommandRejected('SELF_EVALUATION_ALREADY_FILED', `the ${cmd.fiscalYear} self-evaluation of ${cmd.proCode} was filed by finance (审核备案): it can no longer be submitted or corrected`, {
      filingEventId: state.filing.eventId,
    });
  }
  if (state.submission && !supersedes) {
    throw new CommandRejected(
      'SELF_EVALUATION_ALREADY_SUBMITTED',
      `the ${cmd.fiscalYear} self-evaluation of ${cmd.proCode} was already submitted; to correct it, send the corrected one with supersedes: "${state.submission.eventId}"`,
      { submissionEventId: state.submission.eventId },
    );
  }
  const targets = approvedTargets(cmd);
  if (!cmd.closed) {
    throw new CommandRejected('EXECUTION_NOT_CLOSED', `budget execution of ${cmd.proCode} for ${cmd.fiscalYear} is not closed (决算): self-evaluation starts from the final figures`, {
      proCode: cmd.proCode,
      fiscalYear: cmd.fiscalYear,
    });
  }

  const executionWeight = ruleSet.targetWeights.budgetExecution;
  const indicatorWeights = round2(targets.indicators.reduce((sum, i) => sum + i.weight, 0));
  if (round2(indicatorWeights + executionWeight) !== 100) {
    throw new CommandRejected(
      'WEIGHTS_NOT_100',
      `target version v${targets.version} weighs its indicators ${indicatorWeights} points; with ${executionWeight} for budget execution (rule set ${ruleSet.version}) that makes ${round2(indicatorWeights + executionWeight)}, not 100`,
      { targetVersion: targets.version, indicatorWeights, executionWeight },
    );
  }

  const byKpi = new Map(targets.indicators.map((i) => [i.kpiId, i]));
  const named = [...cmd.indicators.map((r) => r.kpiId), ...(cmd.claimedScores ?? []).map((c) => c.kpiId)];
  const unknown = [...new Set(named.filter((kpiId) => !byKpi.has(kpiId)))];
  if (unknown.length) {
    throw new CommandRejected('UNKNOWN_KPI', `target version v${targets.version} in force has no indicator ${unknown.join(', ')}`, { unknown, targetVersion: targets.version });
  }
  const count = (kpiId: string) => cmd.indicators.filter((r) => r.kpiId === kpiId).length;
  const missing = targets.indicators.filter((i) => count(i.kpiId) === 0).map((i) => i.kpiId);
  const repeated = targets.indicators.filter((i) => count(i.kpiId) > 1).map((i) => i.kpiId);
  if (missing.length || repeated.length) {
    const parts = [
      ...(missing.length ? [`missing ${missing.map((k) => label(byKpi.get(k) as PerformanceIndicator)).join(', ')}`] : []),
      ...(repeated.length ? [`given more than once: ${repeated.join(', ')}`] : []),
    ];
    throw new CommandRejected('INDICATORS_INCOMPLETE', `every indicator of target version v${targets.version} must be evaluated exactly once: ${parts.join('; ')}`, {
      missing,
      repeated,
      targetVersion: targets.version,
    });
  }

  const resultOf = (kpiId: string) => cmd.indicators.find((r) => r.kpiId === kpiId) as IndicatorResultDto;
  const problems = targets.indicators.map((i) => resultProblem(i, resultOf(i.kpiId))).filter((p): p is string => p !== undefined);
  if (problems.length) throw new CommandRejected('INDICATOR_RESULT_INVALID', problems.join('; '), { problems });

  const outside = targets.indicators
    .filter(isQualitative)
    .map((i) => ({ indicator: i, result: resultOf(i.kpiId), band: qualitativeBand(resultOf(i.kpiId).attainment as Attainment, i.weight) }))
    .filter(({ result, band }) => !inBand(result.score as number, band));
  if (outside.length) {
    throw new CommandRejected(
      'SCORE_OUTSIDE_BAND',
      outside
        .map(({ indicator, result, band }) => `${label(indicator)} is ${result.attainment}: its score must lie in [${band.min}, ${band.max}${band.maxInclusive ? ']' : ')'}, not ${result.score}`)
        .join('; '),
      { outside: outside.map(({ indicator, result, band }) => ({ kpiId: indicator.kpiId, attainment: result.attainment, score: result.score, band })) },
    );
  }

  const indicators: EvaluatedIndicator[] = targets.indicators.map((i) => {
    const result = resultOf(i.kpiId);
    const score = isQualitative(i) ? (result.score as number) : quantitativeScore(i.direction, Number(i.targetValue), Number(result.actualValue), i.weight);
    return {
      kpiId: i.kpiId,
      tier1: i.tier1,
      tier2: i.tier2,
      name: i.name,
      comparator: i.comparator,
      targetValue: i.targetValue,
      ...(i.unit ? { unit: i.unit } : {}),
      direction: i.direction,
      weight: i.weight,
      ...(isQualitative(i) ? { attainment: result.attainment } : { actualValue: result.actualValue }),
      score,
      ...(result.deviationAnalysis?.trim() ? { deviationAnalysis: result.deviationAnalysis.trim() } : {}),
    };
  });

  for (const claim of cmd.claimedScores ?? []) {
    const evaluated = indicators.find((i) => i.kpiId === claim.kpiId) as EvaluatedIndicator;
    if (evaluated.score === claim.score) continue;
    const indicator = byKpi.get(claim.kpiId) as PerformanceIndicator;
    if (isQualitative(indicator)) {
      throw new CommandRejected('QUALITATIVE_SCORE_MISMATCH', `${label(indicator)} is scored ${evaluated.score} in indicators but claimed ${claim.score} in claimedScores`, {
        kpiId: claim.kpiId,
        given: evaluated.score,
        claimed: claim.score,
      });
    }
    throw new CommandRejected(
      'QUANTITATIVE_SCORE_MISMATCH',
      `${label(indicator)}: an actual of ${evaluated.actualValue} scores ${evaluated.score} by rule set ${ruleSet.version}, not the claimed ${claim.score}`,
      { kpiId: claim.kpiId, computed: evaluated.score, claimed: claim.score, ruleSetVersion: ruleSet.version },
    );
  }

  const { adjustedBudgetFen, executedFen } = cmd.closed;
  const executionPoints = budgetExecutionPoints(executedFen, adjustedBudgetFen, ruleSet);
  const total = totalScore(executionPoints, indicators.map((i) => i.score), ruleSet);
  if (cmd.claimedTotal !== undefined && cmd.claimedTotal !== total.totalScore) {
    throw new CommandRejected(
      'TOTAL_MISMATCH',
      `budget execution ${executionPoints} + indicators ${total.indicatorPoints} make ${total.totalScore} by rule set ${ruleSet.version}, not the claimed ${cmd.claimedTotal}`,
      { computed: total.totalScore, claimed: cmd.claimedTotal, executionPoints, indicatorPoints: total.indicatorPoints, ruleSetVersion: ruleSet.version },
    );
  }

  const basisEvents: EventRef[] = [...(cmd.closed.ref ? [cmd.closed.ref] : []), ...(targets.inForceBy ? [targets.inForceBy] : [])];
  return [
    {
      type: 'SelfEvaluationSubmitted',
      data: {
        proCode: cmd.proCode,
        fiscalYear: cmd.fiscalYear,
        deptCode: project.deptCode,
        ...(project.unitCode ? { unitCode: project.unitCode } : {}),
        targetVersion: targets.version,
        annualObjective: targets.annualObjective,
        annualObjectiveNarrative: cmd.annualObjectiveNarrative.trim(),
        budget: { adjustedBudgetFen, executedFen, executionRate: adjustedBudgetFen > 0 ? round2((executedFen / adjustedBudgetFen) * 100) : 0 },
        indicators,
        executionPoints,
        indicatorPoints: total.indicatorPoints,
        totalScore: total.totalScore,
        grade: total.grade,
        ruleSetVersion: ruleSet.version,
        basisEvents,
      },
      ruleSetVersion: ruleSet.version,
      legalBasis: seedClause('三(四)1'),
    },
  ];
};

@CommandHandler(SubmitSelfEvaluationCommand)
export class SubmitSelfEvaluationHandler extends StreamCommandHandler<Payload, Command, SelfEvaluationState, EvaluationEvent> {
  protected readonly spec: StreamCommandSpec<Payload, Command, SelfEvaluationState, EvaluationEvent> = {
    name: 'SubmitSelfEvaluation',
    stream: (p) => evaluationStream(p.proCode, p.fiscalYear),
    model: evaluationModel,
    decide: decideSubmitSelfEvaluation,
    corrects: ['SelfEvaluationSubmitted'],
    withFacts: async (p, read) => ({ ...p, ...(await readProjectFacts(p.proCode, p.fiscalYear, read)), ...(await readExecutionFacts(p.proCode, p.fiscalYear, read)) }),
  };
}
