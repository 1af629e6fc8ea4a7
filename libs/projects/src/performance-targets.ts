import { Type } from 'class-transformer';
import { IsIn, IsNotEmpty, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import type { RuleSet } from '../../rule-sets/src/rule-set.js';
import type { Comparator, Direction, PerformanceIndicator, Tier1, Tier2 } from './project.events.js';

/** Which tier-2 groups belong to which tier-1 group (domain.md §3). */
export const TIER2_OF: Record<Tier1, Tier2[]> = {
  OUTPUT: ['QUANTITY', 'QUALITY', 'TIMELINESS', 'OUTPUT_COST'],
  COST: ['ECONOMIC_COST', 'SOCIAL_COST', 'ECO_ENV_COST'],
  BENEFIT: ['ECONOMIC', 'SOCIAL', 'ECOLOGICAL', 'SUSTAINABILITY'],
  SATISFACTION: ['RECIPIENT_SATISFACTION'],
};

export function directionOf(comparator: Comparator): Direction {
  if (comparator === 'LTE' || comparator === 'LT') return 'REVERSE';
  if (comparator === 'EQ') return 'EQUAL';
  return 'POSITIVE';
}

class ValueBasisDto {
  @IsIn(['PLAN', 'INDUSTRY', 'HISTORICAL', 'PRIOR_YEAR', 'OTHER']) kind: 'PLAN' | 'INDUSTRY' | 'HISTORICAL' | 'PRIOR_YEAR' | 'OTHER';
  @IsString() @IsNotEmpty() @MaxLength(500) text: string;
}

export class IndicatorDto {
  @Matches(/^[A-Za-z0-9_.-]{1,40}$/, { message: 'kpiId must be 1–40 letters, digits, _ . or -' }) kpiId: string;
  @IsIn(Object.keys(TIER2_OF)) tier1: Tier1;
  @IsIn(Object.values(TIER2_OF).flat()) tier2: Tier2;
  @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @IsOptional() @IsString() @MaxLength(1000) definition?: string;
  @IsIn(['GTE', 'GT', 'LTE', 'LT', 'EQ', 'QUALITATIVE']) comparator: Comparator;
  @IsString() @IsNotEmpty() @MaxLength(200) targetValue: string;
  @IsOptional() @IsString() @MaxLength(40) unit?: string;
  @IsOptional() @IsIn(['POSITIVE', 'REVERSE', 'EQUAL']) direction?: Direction;
  @IsNumber({ maxDecimalPlaces: 2 }) @Min(0.01) @Max(100) weight: number;
  @IsString() @IsNotEmpty() @MaxLength(1000) scoringRule: string;
  @IsOptional() @ValidateNested() @Type(() => ValueBasisDto) valueBasis?: ValueBasisDto;
}

export function toIndicator(dto: IndicatorDto): PerformanceIndicator {
  return {
    kpiId: dto.kpiId,
    tier1: dto.tier1,
    tier2: dto.tier2,
    name: dto.name,
    ...(dto.definition ? { definition: dto.definition } : {}),
    comparator: dto.comparator,
    targetValue: dto.targetValue,
    ...(dto.unit ? { unit: dto.unit } : {}),
    direction: dto.direction ?? directionOf(dto.comparator),
    weight: dto.weight,
    scoringRule: dto.scoringRule,
    ...(dto.valueBasis ? { valueBasis: { kind: dto.valueBasis.kind, text: dto.valueBasis.text } } : {}),
  };
}

const DECIMAL = /^-?\d+(\.\d+)?$/;
const sum = (values: number[]) => Math.round(values.reduce((a, b) => a + b, 0) * 100) / 100;

/**
 * The completeness and weight rules of domain.md §3 (invariant I-4): what is wrong with a target set,
 * in words a department can act on; empty when it is complete.
 */
export function targetSetProblems(indicators: PerformanceIndicator[], satisfactionExemptionReason: string | undefined, ruleSet: RuleSet): string[] {
  const problems: string[] = [];
  const ofTier = (...tiers: Tier1[]) => indicators.filter((i) => tiers.includes(i.tier1));
  const seen = new Set<string>();
  for (const i of indicators) {
    if (seen.has(i.kpiId)) problems.push(`kpiId ${i.kpiId} is used twice`);
    seen.add(i.kpiId);
    if (!TIER2_OF[i.tier1].includes(i.tier2)) problems.push(`${i.kpiId}: ${i.tier2} is not a group of ${i.tier1}`);
    if (i.comparator !== 'QUALITATIVE' && i.direction !== directionOf(i.comparator)) {
      problems.push(`${i.kpiId}: direction ${i.direction} contradicts comparator ${i.comparator} (scoring follows ${directionOf(i.comparator)})`);
    }
    if (i.comparator !== 'QUALITATIVE') {
      if (!DECIMAL.test(i.targetValue)) problems.push(`${i.kpiId}: a quantitative indicator needs a decimal target value, not "${i.targetValue}"`);
      if (!i.unit) problems.push(`${i.kpiId}: a quantitative indicator needs a unit`);
    }
  }
  if (ofTier('OUTPUT', 'COST').length === 0) problems.push('at least one OUTPUT (产出) or COST (成本) indicator is required');
  if (ofTier('BENEFIT').length === 0) problems.push('at least one BENEFIT (效益) indicator is required');
  const exempt = Boolean(satisfactionExemptionReason?.trim());
  if (!exempt && ofTier('SATISFACTION').length === 0) {
    problems.push('a SATISFACTION (满意度) indicator is required unless an exemption reason is given');
  }
  if (exempt && ofTier('SATISFACTION').length > 0) problems.push('a satisfaction exemption was given, yet a SATISFACTION indicator is present');

  const w = ruleSet.targetWeights;
  const outputAndCost = sum(ofTier('OUTPUT', 'COST').map((i) => i.weight));
  const benefit = sum(ofTier('BENEFIT').map((i) => i.weight));
  const satisfaction = sum(ofTier('SATISFACTION').map((i) => i.weight));
  const indicatorPoints = 100 - w.budgetExecution;
  if (!exempt) {
    if (outputAndCost !== w.outputAndCost) problems.push(`OUTPUT+COST weights add up to ${outputAndCost}, the rule set asks ${w.outputAndCost}`);
    if (benefit !== w.benefit) problems.push(`BENEFIT weights add up to ${benefit}, the rule set asks ${w.benefit}`);
    if (satisfaction !== w.satisfaction) problems.push(`SATISFACTION weights add up to ${satisfaction}, the rule set asks ${w.satisfaction}`);
  } else {
    // The exempted satisfaction points move to OUTPUT/COST and BENEFIT, in any split.
    if (outputAndCost < w.outputAndCost) problems.push(`OUTPUT+COST weights add up to ${outputAndCost}, at least ${w.outputAndCost} are required`);
    if (benefit < w.benefit) problems.push(`BENEFIT weights add up to ${benefit}, at least ${w.benefit} are required`);
    if (sum([outputAndCost, benefit]) !== indicatorPoints) {
      problems.push(`indicator weights add up to ${sum([outputAndCost, benefit])}, with ${w.budgetExecution} for budget execution they must make 100`);
    }
  }
  return problems;
}
