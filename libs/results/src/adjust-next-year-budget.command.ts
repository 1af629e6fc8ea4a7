import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { EnvelopedCommand, type StreamCommandSpec, StreamCommandHandler } from '../../event-sourcing/src/stream-command-handler.js';
import type { KeyEvaluationCompleted, SelfEvaluationDiscrepancyFlagged, SelfEvaluationFiled, SpotCheckReviewed } from '../../evaluation/src/evaluation.events.js';
import { seedClause } from '../../projects/src/legal-basis.js';
import type { Grade } from '../../rule-sets/src/rule-set.js';
import { BasisEventDto, type CitedEvent, citedBasis, foundEvents } from '../../event-sourcing/src/basis-events.js';
import { type ProjectResultsFacts, assertBasisOfProject, executedProject, projectResultsFacts } from './results-guards.js';
import { type BudgetAdjustedForNextYear, type NextYearAdjustmentBasis, type ResultsEvent, resultsStream } from './results.events.js';
import { type ResultsState, resultsModel } from './results.state.js';

const MAX_FEN = Number.MAX_SAFE_INTEGER;
type Direction = BudgetAdjustedForNextYear['data']['direction'];

export class AdjustNextYearBudgetDto extends CommandBodyDto {
  /** The evaluated or monitored year the adjustment follows from. */
  @IsInt() @Min(2000) @Max(2100) fiscalYear: number;
  @IsInt() @Min(2000) @Max(2100) targetFiscalYear: number;
  /** The later year's budget before the adjustment. */
  @IsInt() @Min(1) @Max(MAX_FEN) baseFen: number;
  /** Negative: a cut. */
  @IsInt() @Min(-MAX_FEN) @Max(MAX_FEN) adjustmentFen: number;
  @IsIn(['INCREASE', 'DECREASE', 'CANCEL']) direction: Direction;
  @IsIn(['EVALUATION_GRADE', 'SLOW_SPENDING', 'IDLE_BALANCE', 'COMPETITIVE_ALLOCATION']) basis: NextYearAdjustmentBasis;
  @IsOptional() @IsIn(['EXCELLENT', 'GOOD', 'FAIR', 'POOR']) grade?: Grade;
  @IsOptional() @IsString() @MaxLength(2000) deviationReason?: string;
  @IsString() @IsNotEmpty() @MaxLength(2000) reason: string;
  @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => BasisEventDto) basisEvents: BasisEventDto[];
}

type Payload = AdjustNextYearBudgetDto & { proCode: string };
export type AdjustNextYearBudget = Payload & ProjectResultsFacts;
export class AdjustNextYearBudgetCommand extends EnvelopedCommand<Payload> {}

/** What shows slow spending or an idle balance: the monitoring cut-off, its warning, finance's proposal, the 决算. */
export const SPENDING_FACTS = ['MonitoringSnapshotRecorded', 'DeviationFlagged', 'NextYearBudgetReductionProposed', 'BudgetExecutionClosed'];

type GradedEvent = KeyEvaluationCompleted | SelfEvaluationFiled | SpotCheckReviewed | SelfEvaluationDiscrepancyFlagged;

/**
 * Where each evaluation result states the grade that counts: the final grade of a key evaluation, the filed grade of
 * a self-evaluation, and the reviewer's grade of a spot-check (a discrepancy flag carries the claimed one too).
 */
export const GRADE_FIELD: { [T in GradedEvent['type']]: keyof Extract<GradedEvent, { type: T }>['data'] } = {
  KeyEvaluationCompleted: 'finalGrade',
  SelfEvaluationFiled: 'grade',
  SpotCheckReviewed: 'reviewGrade',
  SelfEvaluationDiscrepancyFlagged: 'reviewGrade',
};

/** The grades the cited evaluation results state. */
export const gradesStated = (cited: CitedEvent[]): string[] =>
  foundEvents(cited).flatMap((c) => {
    const field = GRADE_FIELD[c.type as GradedEvent['type']];
    const grade = field ? c.data[field] : undefined;
    return typeof grade === 'string' ? [grade] : [];
  });

function directionOf(adjustmentFen: number, baseFen: number): Direction {
  if (adjustmentFen > 0) return 'INCREASE';
  return adjustmentFen === -baseFen ? 'CANCEL' : 'DECREASE';
}

/**
 * 三(五) 与预算安排挂钩: finance adjusts a later year's budget on what this year showed — always a decision recorded
 * with the events it rests on (invariant 11), never an automatic edit. A grade-based adjustment follows the rule
 * set's linkage for the grade unless finance states why it deviates.
 */
export const decideAdjustNextYearBudget: Decide<AdjustNextYearBudget, ResultsState, ResultsEvent> = (cmd, state, { ruleSet, supersedes }) => {
  executedProject(cmd.project, cmd.proCode, cmd.fiscalYear);
  if (cmd.targetFiscalYear <= cmd.fiscalYear) {
    throw new CommandRejected('TARGET_YEAR_NOT_LATER', `results of ${cmd.fiscalYear} adjust a later year's budget, not ${cmd.targetFiscalYear}`);
  }
  if (!cmd.reason.trim()) throw new CommandRejected('REASON_REQUIRED', 'an adjustment states its reason');
  if (cmd.adjustmentFen === 0) throw new CommandRejected('ADJUSTMENT_ZERO', 'an adjustment of 0 fen changes nothing; feed the result back instead');
  if (cmd.adjustmentFen < -cmd.baseFen) {
    throw new CommandRejected('ADJUSTMENT_EXCEEDS_BASE', `a cut of ${-cmd.adjustmentFen} fen exceeds the ${cmd.baseFen} fen base; cancelling cuts exactly the base`, { baseFen: cmd.baseFen });
  }
  const direction = directionOf(cmd.adjustmentFen, cmd.baseFen);
  if (cmd.direction !== direction) {
    throw new CommandRejected('DIRECTION_MISMATCH', `an adjustment of ${cmd.adjustmentFen} fen on a ${cmd.baseFen} fen base is ${direction}, not ${cmd.direction}`, { expected: direction });
  }
  const basisEvents = citedBasis(cmd.cited, { required: true, what: 'a next-year budget adjustment' });
  assertBasisOfProject(cmd.cited, cmd.proCode);

  let linkage: { grade: Grade; linkagePercent: number } | undefined;
  if (cmd.basis === 'EVALUATION_GRADE') {
    if (!cmd.grade) throw new CommandRejected('GRADE_REQUIRED', 'an adjustment on an evaluation grade names the grade');
    if (!gradesStated(cmd.cited).includes(cmd.grade)) {
      throw new CommandRejected('GRADE_NOT_IN_BASIS', `none of the cited evaluation results (${Object.keys(GRADE_FIELD).join(', ')}) states the grade ${cmd.grade}; cite the one that gave it`, { stated: gradesStated(cmd.cited) });
    }
    const linkagePercent = ruleSet.budgetLinkage[cmd.grade].adjustmentPercent;
    const expectedFen = Math.round((cmd.baseFen * linkagePercent) / 100);
    if (cmd.adjustmentFen !== expectedFen && !cmd.deviationReason?.trim()) {
      throw new CommandRejected(
        'LINKAGE_MISMATCH',
        `rule set ${ruleSet.version} links ${cmd.grade} to ${linkagePercent} % (${expectedFen} fen on a ${cmd.baseFen} fen base), not ${cmd.adjustmentFen} fen; give a deviationReason to decide otherwise`,
        { grade: cmd.grade, linkagePercent, expectedFen, ruleSetVersion: ruleSet.version },
      );
    }
    linkage = { grade: cmd.grade, linkagePercent };
  } else if (cmd.grade) {
    throw new CommandRejected('GRADE_WITHOUT_EVALUATION_BASIS', `a grade belongs to an adjustment on the EVALUATION_GRADE basis, not ${cmd.basis}`);
  }
  if ((cmd.basis === 'SLOW_SPENDING' || cmd.basis === 'IDLE_BALANCE') && !foundEvents(cmd.cited).some((c) => SPENDING_FACTS.includes(c.type))) {
    throw new CommandRejected('BASIS_DOES_NOT_SHOW_SPENDING', `${cmd.basis} rests on a monitoring snapshot, warning, reduction proposal or 决算: cite one of ${SPENDING_FACTS.join(', ')}`);
  }
  const earlier = state.adjustments.find(
    (a) => !a.superseded && a.eventId !== supersedes?.eventId && a.targetFiscalYear === cmd.targetFiscalYear && a.basis === cmd.basis,
  );
  if (earlier) {
    throw new CommandRejected('ALREADY_ADJUSTED', `${earlier.adjustmentId} already adjusted ${cmd.targetFiscalYear} on ${cmd.basis}; a correction names it in supersedes`, {
      adjustmentId: earlier.adjustmentId,
      eventId: earlier.eventId,
    });
  }
  return [
    {
      type: 'BudgetAdjustedForNextYear',
      data: {
        proCode: cmd.proCode,
        fiscalYear: cmd.fiscalYear,
        adjustmentId: `ADJ-${state.adjustments.length + 1}`,
        targetFiscalYear: cmd.targetFiscalYear,
        baseFen: cmd.baseFen,
        adjustmentFen: cmd.adjustmentFen,
        adjustedFen: cmd.baseFen + cmd.adjustmentFen,
        direction,
        basis: cmd.basis,
        ...(linkage ?? {}),
        ...(cmd.deviationReason?.trim() ? { deviationReason: cmd.deviationReason.trim() } : {}),
        reason: cmd.reason.trim(),
        basisEvents,
      },
      ...(linkage ? { ruleSetVersion: ruleSet.version } : {}),
      legalBasis: seedClause('三(五)'),
    },
  ];
};

@CommandHandler(AdjustNextYearBudgetCommand)
export class AdjustNextYearBudgetHandler extends StreamCommandHandler<Payload, AdjustNextYearBudget, ResultsState, ResultsEvent> {
  protected readonly spec: StreamCommandSpec<Payload, AdjustNextYearBudget, ResultsState, ResultsEvent> = {
    name: 'AdjustNextYearBudget',
    stream: (p) => resultsStream(p.proCode, p.fiscalYear),
    model: resultsModel,
    decide: decideAdjustNextYearBudget,
    id: (data) => String(data.adjustmentId),
    withFacts: projectResultsFacts<Payload>,
    corrects: ['BudgetAdjustedForNextYear'],
  };
}
