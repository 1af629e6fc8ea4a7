import { type RuleSet, type WarningLight, round2 } from './rule-set.js';
import type { Attainment, Direction } from './scoring.js';

// Monitoring warning lights (domain.md §6.3). m is the month of the data cut-off (7 for 31 July).

export interface Light {
  light: WarningLight;
  ruleId: string;
  computedValue?: number;
}

const SEVERITY: Record<WarningLight, number> = { RED: 3, YELLOW: 2, GREEN: 1, BLUE: 0 };

export function monthOf(asOfDate: string): number {
  return Number(asOfDate.slice(5, 7));
}

/** v = (executed ÷ budget) ÷ (m ÷ 12) × 100: below 60 RED, below 80 YELLOW, else GREEN. */
export function budgetExecutionLight(executedFen: number, budgetFen: number, asOfDate: string, ruleSet: RuleSet): Light {
  const { red, yellow } = ruleSet.monitoring.budgetExecution;
  // Thresholds compare the exact value; only the recorded one is rounded (59.997 is below 60, RED).
  const value = budgetFen <= 0 ? 100 : (executedFen / budgetFen / (monthOf(asOfDate) / 12)) * 100;
  return { light: value < red ? 'RED' : value < yellow ? 'YELLOW' : 'GREEN', ruleId: 'BUDGET_EXECUTION_PACE', computedValue: round2(value) };
}

export interface IndicatorProgress {
  direction: Direction;
  comparator: string;
  target: string;
  unit?: string;
  actualToDate: string;
  attainment?: Attainment;
}

/**
 * Positive indicators against the target pro rata to the month (rates such as % as they are): below 60 RED,
 * 60–80 YELLOW, 80–120 GREEN, from 120 BLUE (over-achieving: the target may be too low). Reverse: within the
 * limit GREEN, else RED. Equal: GREEN on target, else YELLOW. Qualitative: achieved GREEN, partly YELLOW, not RED.
 */
export function indicatorLight(progress: IndicatorProgress, asOfDate: string, ruleSet: RuleSet): Light {
  if (progress.comparator === 'QUALITATIVE') {
    const light: WarningLight = progress.attainment === 'ACHIEVED' ? 'GREEN' : progress.attainment === 'PARTLY_ACHIEVED' ? 'YELLOW' : 'RED';
    return { light, ruleId: 'INDICATOR_QUALITATIVE' };
  }
  const target = Number(progress.target);
  const actual = Number(progress.actualToDate);
  if (progress.direction === 'REVERSE') return { light: actual <= target ? 'GREEN' : 'RED', ruleId: 'INDICATOR_REVERSE_LIMIT', computedValue: actual };
  if (progress.direction === 'EQUAL') return { light: actual === target ? 'GREEN' : 'YELLOW', ruleId: 'INDICATOR_EQUAL_TARGET', computedValue: actual };
  const { red, yellow, blue } = ruleSet.monitoring.positiveIndicator;
  const prorated = progress.unit !== undefined && ruleSet.monitoring.unproratedUnits.includes(progress.unit) ? target : (target * monthOf(asOfDate)) / 12;
  const value = prorated <= 0 ? 100 : (actual / prorated) * 100;
  const light: WarningLight = value < red ? 'RED' : value < yellow ? 'YELLOW' : value < blue ? 'GREEN' : 'BLUE';
  return { light, ruleId: 'INDICATOR_PACE', computedValue: round2(value) };
}

/** The project's light is the worst of its lights: RED > YELLOW > GREEN > BLUE. */
export function worstLight(lights: WarningLight[]): WarningLight {
  return lights.reduce<WarningLight>((worst, light) => (SEVERITY[light] > SEVERITY[worst] ? light : worst), 'BLUE');
}
