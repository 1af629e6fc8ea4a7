import type { Actor } from '../../event-store/src/event-store.port.js';
import { AccessDenied, CommandRejected } from '../../event-sourcing/src/command-errors.js';
import { type DepartmentState, departmentTargetsInForce } from './department.state.js';

/** A department sets, evaluates and reports its own overall performance only (invariant 12). */
export function assertOwnDepartment(actor: Actor, deptCode: string): void {
  if (actor.deptCode !== deptCode) {
    throw new AccessDenied('NOT_YOUR_DEPARTMENT', `${actor.orgCode} acts for department ${actor.deptCode ?? '(none)'}, not ${deptCode}`, { deptCode });
  }
}

export function requireTargets(state: DepartmentState, deptCode: string, fiscalYear: number, step: string): NonNullable<ReturnType<typeof departmentTargetsInForce>> {
  const targets = departmentTargetsInForce(state);
  if (!targets) {
    throw new CommandRejected('TARGETS_REQUIRED', `${deptCode} has set no overall performance targets (部门整体绩效目标) for ${fiscalYear}: ${step} needs them`, {
      deptCode,
      fiscalYear,
    });
  }
  return targets;
}
