// A rule set is data with a version (domain.md §7): every grade, score and warning names the version that
// produced it, so a replay years later gives the same answer and a rule change never rewrites history.

export type Grade = 'EXCELLENT' | 'GOOD' | 'FAIR' | 'POOR';
export type ExAnteConclusion = 'SUPPORT' | 'SUPPORT_AFTER_REVISION' | 'NOT_SUPPORTED';
export type ExAnteDimension = 'NECESSITY' | 'INPUT_ECONOMY' | 'TARGET_REASONABLENESS' | 'PLAN_FEASIBILITY' | 'FINANCING_COMPLIANCE';
export type WarningLight = 'RED' | 'YELLOW' | 'GREEN' | 'BLUE';

export interface RuleSet {
  id: string;
  version: string;
  /** Lower bounds, best grade first; a score takes the first grade whose bound it reaches. */
  gradeScale: { grade: Grade; min: number }[];
  exAnte: {
    /** A project needs an ex-ante assessment when every listed flag has the listed value. */
    requiredWhen: { isNew?: boolean; isMajor?: boolean };
    dimensions: { dimension: ExAnteDimension; maxScore: number }[];
    conclusionByGrade: Record<Grade, ExAnteConclusion>;
  };
  targetWeights: {
    outputAndCost: number;
    benefit: number;
    satisfaction: number;
    budgetExecution: number;
  };
  monitoring: {
    budgetExecution: { red: number; yellow: number };
    positiveIndicator: { red: number; yellow: number; blue: number };
    /** Units of rates, compared with the target as they are rather than pro rata to the month. */
    unproratedUnits: string[];
  };
  spotCheckDiscrepancy: { minScoreDelta: number; onGradeChange: boolean };
  keyEvaluationFramework: { DECISION: number; PROCESS: number; OUTPUT: number; BENEFIT: number };
  budgetLinkage: Record<Grade, { adjustmentPercent: number; note: string }>;
}

/** The default rule set v1: domain.md §3, §4 and §6. */
export const DEFAULT_RULE_SET: RuleSet = {
  id: 'default',
  version: 'v1',
  gradeScale: [
    { grade: 'EXCELLENT', min: 90 },
    { grade: 'GOOD', min: 80 },
    { grade: 'FAIR', min: 60 },
    { grade: 'POOR', min: 0 },
  ],
  exAnte: {
    requiredWhen: { isNew: true, isMajor: true },
    dimensions: [
      { dimension: 'NECESSITY', maxScore: 20 },
      { dimension: 'INPUT_ECONOMY', maxScore: 20 },
      { dimension: 'TARGET_REASONABLENESS', maxScore: 20 },
      { dimension: 'PLAN_FEASIBILITY', maxScore: 20 },
      { dimension: 'FINANCING_COMPLIANCE', maxScore: 20 },
    ],
    conclusionByGrade: { EXCELLENT: 'SUPPORT', GOOD: 'SUPPORT', FAIR: 'SUPPORT_AFTER_REVISION', POOR: 'NOT_SUPPORTED' },
  },
  targetWeights: { outputAndCost: 50, benefit: 30, satisfaction: 10, budgetExecution: 10 },
  monitoring: {
    budgetExecution: { red: 60, yellow: 80 },
    positiveIndicator: { red: 60, yellow: 80, blue: 120 },
    unproratedUnits: ['%', '系数'],
  },
  spotCheckDiscrepancy: { minScoreDelta: 10, onGradeChange: true },
  keyEvaluationFramework: { DECISION: 20, PROCESS: 20, OUTPUT: 40, BENEFIT: 20 },
  budgetLinkage: {
    EXCELLENT: { adjustmentPercent: 0, note: 'priority support' },
    GOOD: { adjustmentPercent: 0, note: 'support as needed' },
    FAIR: { adjustmentPercent: -10, note: 'reduce by 10%' },
    POOR: { adjustmentPercent: -30, note: 'reduce by 30% or cancel' },
  },
};

export function gradeFor(score: number, ruleSet: RuleSet): Grade {
  const step = ruleSet.gradeScale.find((s) => score >= s.min);
  return step ? step.grade : ruleSet.gradeScale[ruleSet.gradeScale.length - 1].grade;
}

export function requiresExAnte(project: { isNew: boolean; isMajor: boolean }, ruleSet: RuleSet): boolean {
  const { isNew, isMajor } = ruleSet.exAnte.requiredWhen;
  return (isNew === undefined || project.isNew === isNew) && (isMajor === undefined || project.isMajor === isMajor);
}

/** Round half away from zero to 2 decimals without binary drift (94.345 → 94.35). */
export function round2(value: number): number {
  // Shift the decimal point in the 15-significant-digit decimal text, not by multiplying the binary value:
  // 10.075 is stored as 10.07499…, and 10.075 * 100 is 1007.4999999999999, which would round down.
  const [mantissa, exponent = '0'] = Math.abs(value).toPrecision(15).split('e');
  return (Math.sign(value) * Math.round(Number(`${mantissa}e${Number(exponent) + 2}`))) / 100;
}
