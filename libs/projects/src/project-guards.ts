import { CommandRejected, NotFound } from '../../event-sourcing/src/command-errors.js';
import { type RuleSet, requiresExAnte } from '../../rule-sets/src/rule-set.js';
import type { BudgetProjectDeclared } from './project.events.js';
import { type ProjectState, type TargetVersion, currentTargets, latestAssessment } from './project.state.js';

export function declared(state: ProjectState, proCode: string): BudgetProjectDeclared['data'] {
  if (!state.declaration) throw new NotFound('PROJECT_NOT_FOUND', `no project ${proCode} has been declared`, { proCode });
  return state.declaration;
}

/**
 * Invariant 1: a project that needs an ex-ante assessment (事前绩效评估) enters neither the library nor a
 * budget draft until its latest assessment was reviewed as passed with a grade better than 差.
 */
export function assertExAnteCleared(state: ProjectState, ruleSet: RuleSet, step: string): void {
  const project = declared(state, '');
  if (!requiresExAnte(project, ruleSet)) return;
  const assessment = latestAssessment(state);
  if (!assessment) {
    throw new CommandRejected('EX_ANTE_REQUIRED', `${project.proCode} is a new major project: an ex-ante assessment (事前绩效评估) must pass review before ${step}`, {
      proCode: project.proCode,
      ruleSetVersion: ruleSet.version,
    });
  }
  if (!assessment.review) {
    throw new CommandRejected('EX_ANTE_NOT_REVIEWED', `ex-ante assessment ${assessment.assessmentId} has not been reviewed by finance yet; ${step} must wait`, {
      proCode: project.proCode,
      assessmentId: assessment.assessmentId,
    });
  }
  if (assessment.review.outcome !== 'PASSED' || assessment.review.grade === 'POOR') {
    throw new CommandRejected(
      'EX_ANTE_NOT_PASSED',
      `ex-ante assessment ${assessment.assessmentId} scored ${assessment.totalScore} (${assessment.review.grade}) and was reviewed as ${assessment.review.outcome}: ${step} is refused`,
      { proCode: project.proCode, assessmentId: assessment.assessmentId, grade: assessment.review.grade, outcome: assessment.review.outcome },
    );
  }
}

/** Invariant 2: the current target version of the year was reviewed as passed. */
export function assertTargetsPassed(state: ProjectState, fiscalYear: number, step: string): TargetVersion {
  const proCode = declared(state, '').proCode;
  const current = currentTargets(state, fiscalYear);
  if (!current) {
    throw new CommandRejected('TARGETS_REQUIRED', `${proCode} has no performance targets (绩效目标) for ${fiscalYear}: ${step} needs them reviewed as passed`, {
      proCode,
      fiscalYear,
    });
  }
  if (current.status !== 'PASSED') {
    throw new CommandRejected('TARGETS_NOT_PASSED', `target version v${current.version} of ${fiscalYear} is ${current.status}, not PASSED: ${step} is refused`, {
      proCode,
      fiscalYear,
      version: current.version,
      status: current.status,
    });
  }
  return current;
}
