import type { Actor, Role } from '../../event-store/src/event-store.port.js';
import { AccessDenied } from '../../event-sourcing/src/command-errors.js';

/** Which roles may issue which command (domain.md §1): the single table every command is checked against. */
export const COMMAND_ROLES = {
  DeclareProject: ['BUDGET_DEPARTMENT', 'BUDGET_UNIT'],
  CommissionExAnteAssessment: ['FINANCE_AUTHORITY'],
  RecordExAnteAssessment: ['BUDGET_DEPARTMENT', 'BUDGET_UNIT', 'THIRD_PARTY'],
  ReviewExAnteAssessment: ['FINANCE_AUTHORITY'],
  SetPerformanceTargets: ['BUDGET_DEPARTMENT', 'BUDGET_UNIT'],
  ReviewPerformanceTargets: ['FINANCE_AUTHORITY'],
  AdmitProjectToLibrary: ['FINANCE_AUTHORITY'],
  RejectProjectFromLibrary: ['FINANCE_AUTHORITY'],
  IncludeProjectInBudgetDraft: ['FINANCE_AUTHORITY'],
  ApproveBudgetAndTargets: ['FINANCE_AUTHORITY'],
} as const satisfies Record<string, readonly Role[]>;

export type CommandName = keyof typeof COMMAND_ROLES;

export function assertMayIssue(command: CommandName, actor: Actor): void {
  const allowed: readonly Role[] = COMMAND_ROLES[command];
  if (!allowed.includes(actor.role)) {
    throw new AccessDenied('ROLE_NOT_ALLOWED', `${actor.role} may not ${command}`, { command, role: actor.role, allowed });
  }
}

export interface OwnedByDepartment {
  proCode: string;
  deptCode: string;
  unitCode?: string;
}

/** Departments act only on their own department's projects, units only on their own unit's (invariant 12). */
export function actsForOwner(actor: Actor, project: OwnedByDepartment): boolean {
  if (actor.role === 'BUDGET_DEPARTMENT') return actor.deptCode === project.deptCode;
  if (actor.role === 'BUDGET_UNIT') return actor.deptCode === project.deptCode && actor.unitCode === project.unitCode;
  return false;
}

export function assertActsForOwner(actor: Actor, project: OwnedByDepartment): void {
  if (!actsForOwner(actor, project)) {
    throw new AccessDenied('NOT_YOUR_PROJECT', `project ${project.proCode} belongs to department ${project.deptCode}${project.unitCode ? `, unit ${project.unitCode}` : ''}`, {
      proCode: project.proCode,
    });
  }
}
