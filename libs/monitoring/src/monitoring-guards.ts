import { CommandRejected, NotFound } from '../../event-sourcing/src/command-errors.js';
import type { FundingState } from '../../funding/src/funding.state.js';
import type { BudgetProjectDeclared } from '../../projects/src/project.events.js';
import { declared } from '../../projects/src/project-guards.js';
import { type FiscalCycle, type ProjectState, cycleOf } from '../../projects/src/project.state.js';
import type { MonitoringTaskIssued } from './monitoring.events.js';
import type { TaskState } from './monitoring.state.js';

/** What monitoring reads from the project and funding streams before it decides. */
export interface ExecutionFacts {
  project: ProjectState;
  funding: FundingState;
}

/**
 * Invariant 7: monitoring happens only while the year's budget executes — approved, the project not
 * terminated, execution not closed (决算).
 */
export function assertExecuting(
  { project, funding }: ExecutionFacts,
  proCode: string,
  fiscalYear: number,
): { declaration: BudgetProjectDeclared['data']; approval: NonNullable<FiscalCycle['approval']> } {
  const declaration = declared(project, proCode);
  const approval = cycleOf(project, fiscalYear).approval;
  if (!approval) {
    throw new CommandRejected('NOT_EXECUTING', `the ${fiscalYear} budget of ${proCode} has not been approved: there is no execution to monitor`, {
      proCode,
      fiscalYear,
      reason: 'BUDGET_NOT_APPROVED',
    });
  }
  if (project.termination) {
    throw new CommandRejected('NOT_EXECUTING', `${proCode} was terminated (${project.termination.reason}) on ${project.termination.effectiveOn}: it is no longer executing`, {
      proCode,
      fiscalYear,
      reason: 'TERMINATED',
    });
  }
  if (funding.closed) {
    throw new CommandRejected('NOT_EXECUTING', `execution of the ${fiscalYear} budget of ${proCode} is closed (决算): monitoring has ended, evaluation follows`, {
      proCode,
      fiscalYear,
      reason: 'EXECUTION_CLOSED',
    });
  }
  return { declaration, approval };
}

/**
 * The task exists, is of the same fiscal year and covers the project. A scope lists projects and departments;
 * a project is covered when its code or its department is listed, and an empty scope covers every project.
 */
export function assertTaskCovers(facts: TaskState, taskId: string, project: BudgetProjectDeclared['data'], fiscalYear: number): MonitoringTaskIssued['data'] {
  const task = facts.task;
  if (!task) throw new NotFound('TASK_NOT_FOUND', `no monitoring task ${taskId} has been issued`, { taskId });
  if (task.fiscalYear !== fiscalYear) {
    throw new CommandRejected('TASK_OTHER_FISCAL_YEAR', `monitoring task ${taskId} is for ${task.fiscalYear}, not ${fiscalYear}`, { taskId, taskFiscalYear: task.fiscalYear });
  }
  const { proCodes = [], deptCodes = [] } = task.scope;
  const covered = (proCodes.length === 0 && deptCodes.length === 0) || proCodes.includes(project.proCode) || deptCodes.includes(project.deptCode);
  if (!covered) {
    throw new CommandRejected('PROJECT_NOT_IN_TASK_SCOPE', `monitoring task ${taskId} does not cover ${project.proCode} of department ${project.deptCode}`, {
      taskId,
      proCode: project.proCode,
      scope: task.scope,
    });
  }
  return task;
}
