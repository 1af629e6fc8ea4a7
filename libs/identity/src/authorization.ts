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
  // 事中 and 事后 (domain.md §4 steps 5–20)
  PublishRuleSet: ['FINANCE_AUTHORITY'],
  RecordDisbursement: ['FINANCE_AUTHORITY', 'INTEGRATION'],
  AdjustBudget: ['FINANCE_AUTHORITY'],
  IssueMonitoringTask: ['FINANCE_AUTHORITY'],
  RecordMonitoringSnapshot: ['BUDGET_DEPARTMENT', 'BUDGET_UNIT'],
  ConductKeyMonitoring: ['FINANCE_AUTHORITY'],
  IssueRectificationNotice: ['FINANCE_AUTHORITY'],
  ReportRectification: ['BUDGET_DEPARTMENT', 'BUDGET_UNIT'],
  AcceptRectification: ['FINANCE_AUTHORITY'],
  RejectRectification: ['FINANCE_AUTHORITY'],
  MarkRectificationOverdue: ['SYSTEM'],
  SuspendDisbursement: ['FINANCE_AUTHORITY'],
  ProposeFundingStop: ['FINANCE_AUTHORITY'],
  ApproveFundingStop: ['FINANCE_AUTHORITY'],
  ResumeDisbursement: ['FINANCE_AUTHORITY'],
  ProposeFundsRecovery: ['FINANCE_AUTHORITY'],
  ApproveFundsRecovery: ['FINANCE_AUTHORITY'],
  ProposeNextYearBudgetReduction: ['FINANCE_AUTHORITY', 'SYSTEM'],
  RequestTargetRevision: ['BUDGET_DEPARTMENT', 'BUDGET_UNIT'],
  ApproveTargetRevision: ['FINANCE_AUTHORITY'],
  RejectTargetRevision: ['FINANCE_AUTHORITY'],
  CloseBudgetExecution: ['FINANCE_AUTHORITY', 'INTEGRATION'],
  SubmitSelfEvaluation: ['BUDGET_DEPARTMENT', 'BUDGET_UNIT'],
  ReviewSelfEvaluation: ['BUDGET_DEPARTMENT'],
  FileSelfEvaluation: ['FINANCE_AUTHORITY'],
  RecordSpotCheck: ['FINANCE_AUTHORITY', 'THIRD_PARTY'],
  IssueCirculationNotice: ['FINANCE_AUTHORITY'],
  CommissionThirdParty: ['FINANCE_AUTHORITY'],
  SubmitKeyEvaluationReport: ['THIRD_PARTY'],
  CompleteKeyEvaluation: ['FINANCE_AUTHORITY'],
  FeedBackEvaluationResult: ['FINANCE_AUTHORITY'],
  AdjustNextYearBudget: ['FINANCE_AUTHORITY'],
  AdjustPerformancePayment: ['FINANCE_AUTHORITY'],
  DiscloseResults: ['FINANCE_AUTHORITY', 'BUDGET_DEPARTMENT'],
  ReportToPeoplesCongress: ['FINANCE_AUTHORITY'],
  RecordAuditFinding: ['AUDIT_BUREAU'],
  ReferForAccountability: ['FINANCE_AUTHORITY', 'AUDIT_BUREAU'],
  TerminateProject: ['FINANCE_AUTHORITY'],
  SetDepartmentOverallTargets: ['BUDGET_DEPARTMENT'],
  SubmitDepartmentSelfEvaluation: ['BUDGET_DEPARTMENT'],
  ReportDepartmentPerformance: ['BUDGET_DEPARTMENT'],
} as const satisfies Record<string, readonly Role[]>;

export type CommandName = keyof typeof COMMAND_ROLES;

/** Roles that read every project's data: finance, audit, the integrations and the system itself. */
export const READS_EVERYTHING: readonly Role[] = ['FINANCE_AUTHORITY', 'AUDIT_BUREAU', 'INTEGRATION', 'SYSTEM'];

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
