import { CommandRejected, NotFound } from '../../event-sourcing/src/command-errors.js';
import type { DomainEvent, StateModel } from '../../event-sourcing/src/decider.js';
import { fundingStream } from '../../funding/src/funding.events.js';
import { type FundingState, fundingModel } from '../../funding/src/funding.state.js';
import type { PerformanceIndicator } from '../../projects/src/project.events.js';
import { projectStream } from '../../projects/src/project.events.js';
import { type ProjectState, cycleOf, projectModel, targetsInForce } from '../../projects/src/project.state.js';
import type { EventRef } from './evaluation.events.js';

// Facts the evaluation rules need from the project and funding streams (design §3): the handlers read them, these
// pure extractions shape them, and the deciders refuse on them, so every refusal stays in a tested pure function.

import type { ReadStream } from '../../event-sourcing/src/stream-command-handler.js';
export type { ReadStream };

export interface ProjectFacts {
  /** Absent when no project of that code was declared. */
  project?: {
    proCode: string;
    deptCode: string;
    unitCode?: string;
    /** The year's budget approval (同步批复下达), if any. */
    approval?: { approvedFen: number; targetVersion: number };
    /** The target version in force at year end (invariant 9), and the approval or revision that put it in force. */
    targets?: { version: number; annualObjective: string; indicators: PerformanceIndicator[]; inForceBy?: EventRef };
  };
}

export interface ExecutionFacts {
  /** The 决算 figures of BudgetExecutionClosed, absent while the year's execution is open. */
  closed?: { adjustedBudgetFen: number; executedFen: number; ref?: EventRef };
}

export function projectFactsOf(state: ProjectState, proCode: string, fiscalYear: number): ProjectFacts {
  if (!state.declaration) return {};
  const { deptCode, unitCode } = state.declaration;
  const cycle = cycleOf(state, fiscalYear);
  const inForce = targetsInForce(state, fiscalYear);
  const lastRevision = cycle.revisions[cycle.revisions.length - 1];
  const inForceEventId = lastRevision ? lastRevision.eventId : cycle.approval?.eventId;
  return {
    project: {
      proCode,
      deptCode,
      ...(unitCode ? { unitCode } : {}),
      ...(cycle.approval ? { approval: { approvedFen: cycle.approval.approvedFen, targetVersion: cycle.approval.targetVersion } } : {}),
      ...(inForce
        ? {
            targets: {
              version: inForce.version,
              annualObjective: inForce.annualObjective,
              indicators: inForce.indicators,
              ...(inForceEventId ? { inForceBy: { stream: projectStream(proCode), eventId: inForceEventId } } : {}),
            },
          }
        : {}),
    },
  };
}

export function executionFactsOf(state: FundingState, proCode: string, fiscalYear: number): ExecutionFacts {
  if (!state.closed) return {};
  const { adjustedBudgetFen, executedFen, eventId } = state.closed;
  return { closed: { adjustedBudgetFen, executedFen, ...(eventId ? { ref: { stream: fundingStream(proCode, fiscalYear), eventId } } : {}) } };
}

export async function readProjectFacts(proCode: string, fiscalYear: number, read: ReadStream): Promise<ProjectFacts> {
  return projectFactsOf(await read(projectStream(proCode), projectModel), proCode, fiscalYear);
}

export async function readExecutionFacts(proCode: string, fiscalYear: number, read: ReadStream): Promise<ExecutionFacts> {
  return executionFactsOf(await read(fundingStream(proCode, fiscalYear), fundingModel), proCode, fiscalYear);
}

export function knownProject(cmd: ProjectFacts & { proCode: string }): NonNullable<ProjectFacts['project']> {
  if (!cmd.project) throw new NotFound('PROJECT_NOT_FOUND', `no project ${cmd.proCode} has been declared`, { proCode: cmd.proCode });
  return cmd.project;
}

/** Only a year whose budget and targets were approved was executed, and so can be evaluated. */
export function approvedTargets(cmd: ProjectFacts & { proCode: string; fiscalYear: number }): NonNullable<NonNullable<ProjectFacts['project']>['targets']> {
  const project = knownProject(cmd);
  if (!project.approval || !project.targets) {
    throw new CommandRejected('BUDGET_NOT_APPROVED', `the ${cmd.fiscalYear} budget and targets of ${cmd.proCode} were never approved: there is no execution to evaluate`, {
      proCode: cmd.proCode,
      fiscalYear: cmd.fiscalYear,
    });
  }
  return project.targets;
}
