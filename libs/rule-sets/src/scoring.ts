import { type Grade, type RuleSet, gradeFor, round2 } from './rule-set.js';

// Self-evaluation scoring (domain.md §6.2): pure functions of the rule set, so a replay gives the same answer.

export type Direction = 'POSITIVE' | 'REVERSE' | 'EQUAL';
export type Attainment = 'ACHIEVED' | 'PARTLY_ACHIEVED' | 'NOT_ACHIEVED';

/** min(executed ÷ adjusted budget, 1) × the execution weight (10 by default). */
export function budgetExecutionPoints(executedFen: number, adjustedBudgetFen: number, ruleSet: RuleSet): number {
  if (adjustedBudgetFen <= 0) return 0;
  return round2(Math.min(executedFen / adjustedBudgetFen, 1) * ruleSet.targetWeights.budgetExecution);
}

/** Exceeding the target earns the weight, no more; a reverse indicator at twice its limit earns nothing. */
export function quantitativeScore(direction: Direction, target: number, actual: number, weight: number): number {
  const positive = () => (actual >= target ? weight : Math.max(actual, 0) / target * weight);
  switch (direction) {
    case 'POSITIVE':
      return round2(target <= 0 ? (actual >= target ? weight : 0) : positive());
    case 'EQUAL':
      return round2(target === 0 ? (actual <= 0 ? weight : 0) : positive());
    case 'REVERSE':
      if (actual <= target) return weight;
      if (target <= 0 || actual >= 2 * target) return 0;
      return round2((1 - (actual - target) / target) * weight);
  }
}

/** The band a qualitative score must lie in: ACHIEVED [0.8w, w], PARTLY [0.6w, 0.8w), NOT [0, 0.6w). */
export function qualitativeBand(attainment: Attainment, weight: number): { min: number; max: number; maxInclusive: boolean } {
  switch (attainment) {
    case 'ACHIEVED':
      return { min: round2(0.8 * weight), max: weight, maxInclusive: true };
    case 'PARTLY_ACHIEVED':
      return { min: round2(0.6 * weight), max: round2(0.8 * weight), maxInclusive: false };
    case 'NOT_ACHIEVED':
      return { min: 0, max: round2(0.6 * weight), maxInclusive: false };
  }
}

export function inBand(score: number, band: ReturnType<typeof qualitativeBand>): boolean {
  return score >= band.min && (band.maxInclusive ? score <= band.max : score < band.max);
}

export interface ScoredTotal {
  executionPoints: number;
  indicatorPoints: number;
  totalScore: number;
  grade: Grade;
}

export function totalScore(executionPoints: number, indicatorScores: number[], ruleSet: RuleSet): ScoredTotal {
  const indicatorPoints = round2(indicatorScores.reduce((sum, score) => sum + score, 0));
  const total = round2(executionPoints + indicatorPoints);
  return { executionPoints, indicatorPoints, totalScore: total, grade: gradeFor(total, ruleSet) };
}

/** Spot-check discrepancy (domain.md §4 step 15): |Δ| at or above the threshold, or a different grade. */
export function isDiscrepant(selfScore: number, reviewScore: number, ruleSet: RuleSet): boolean {
  const { minScoreDelta, onGradeChange } = ruleSet.spotCheckDiscrepancy;
  return Math.abs(round2(selfScore - reviewScore)) >= minScoreDelta || (onGradeChange && gradeFor(selfScore, ruleSet) !== gradeFor(reviewScore, ruleSet));
}
