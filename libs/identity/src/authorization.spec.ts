import { AccessDenied } from '../../event-sourcing/src/command-errors.js';
import type { Actor, Role } from '../../event-store/src/event-store.port.js';
import { COMMAND_ROLES, type CommandName, actsForOwner, assertActsForOwner, assertMayIssue } from './authorization.js';

// The role table of domain.md §1, written out by hand: deriving it from COMMAND_ROLES would make the spec
// agree with whatever the code says. Columns, in order:
//   FIN  = FINANCE_AUTHORITY   DEPT = BUDGET_DEPARTMENT   UNIT = BUDGET_UNIT   TP = THIRD_PARTY
//   AUD  = AUDIT_BUREAU        INT  = INTEGRATION         SYS  = SYSTEM
// 'Y' may issue the command, '.' is refused with 403 ROLE_NOT_ALLOWED.
const ROLE_COLUMNS: Role[] = ['FINANCE_AUTHORITY', 'BUDGET_DEPARTMENT', 'BUDGET_UNIT', 'THIRD_PARTY', 'AUDIT_BUREAU', 'INTEGRATION', 'SYSTEM'];

const EXPECTED: Record<CommandName, string> = {
  //                            FIN DEPT UNIT TP AUD INT SYS
  DeclareProject: '              .   Y    Y   .   .   .   .',
  CommissionExAnteAssessment: '  Y   .    .   .   .   .   .',
  RecordExAnteAssessment: '      .   Y    Y   Y   .   .   .',
  ReviewExAnteAssessment: '      Y   .    .   .   .   .   .',
  SetPerformanceTargets: '       .   Y    Y   .   .   .   .',
  ReviewPerformanceTargets: '    Y   .    .   .   .   .   .',
  AdmitProjectToLibrary: '       Y   .    .   .   .   .   .',
  RejectProjectFromLibrary: '    Y   .    .   .   .   .   .',
  IncludeProjectInBudgetDraft: ' Y   .    .   .   .   .   .',
  ApproveBudgetAndTargets: '     Y   .    .   .   .   .   .',
  PublishRuleSet: 'Y . . . . . .',
  RecordDisbursement: 'Y . . . . Y .',
  AdjustBudget: 'Y . . . . . .',
  IssueMonitoringTask: 'Y . . . . . .',
  RecordMonitoringSnapshot: '. Y Y . . . .',
  ConductKeyMonitoring: 'Y . . . . . .',
  IssueRectificationNotice: 'Y . . . . . .',
  ReportRectification: '. Y Y . . . .',
  AcceptRectification: 'Y . . . . . .',
  RejectRectification: 'Y . . . . . .',
  MarkRectificationOverdue: '. . . . . . Y',
  SuspendDisbursement: 'Y . . . . . .',
  ProposeFundingStop: 'Y . . . . . .',
  ApproveFundingStop: 'Y . . . . . .',
  ResumeDisbursement: 'Y . . . . . .',
  ProposeFundsRecovery: 'Y . . . . . .',
  ApproveFundsRecovery: 'Y . . . . . .',
  ProposeNextYearBudgetReduction: 'Y . . . . . Y',
  RequestTargetRevision: '. Y Y . . . .',
  ApproveTargetRevision: 'Y . . . . . .',
  RejectTargetRevision: 'Y . . . . . .',
  CloseBudgetExecution: 'Y . . . . Y .',
  SubmitSelfEvaluation: '. Y Y . . . .',
  ReviewSelfEvaluation: '. Y . . . . .',
  FileSelfEvaluation: 'Y . . . . . .',
  RecordSpotCheck: 'Y . . Y . . .',
  IssueCirculationNotice: 'Y . . . . . .',
  CommissionThirdParty: 'Y . . . . . .',
  SubmitKeyEvaluationReport: '. . . Y . . .',
  CompleteKeyEvaluation: 'Y . . . . . .',
  FeedBackEvaluationResult: 'Y . . . . . .',
  AdjustNextYearBudget: 'Y . . . . . .',
  AdjustPerformancePayment: 'Y . . . . . .',
  DiscloseResults: 'Y Y . . . . .',
  ReportToPeoplesCongress: 'Y . . . . . .',
  RecordAuditFinding: '. . . . Y . .',
  ReferForAccountability: 'Y . . . Y . .',
  TerminateProject: 'Y . . . . . .',
  SetDepartmentOverallTargets: '. Y . . . . .',
  SubmitDepartmentSelfEvaluation: '. Y . . . . .',
  ReportDepartmentPerformance: '. Y . . . . .',
};

const actorFor = (role: Role): Actor => ({
  userId: `user-${role.toLowerCase()}`,
  role,
  orgCode: 'ORG',
  orgName: 'some organisation',
  // Scope claims do not open a door the role keeps shut: give every actor all of them.
  deptCode: 'D101',
  unitCode: 'D101-01',
  institutionId: 'TP-001',
});

const cases = (Object.entries(EXPECTED) as [CommandName, string][]).flatMap(([command, row]) => {
  const marks = row.trim().split(/\s+/);
  if (marks.length !== ROLE_COLUMNS.length) throw new Error(`row ${command} has ${marks.length} marks`);
  return ROLE_COLUMNS.map((role, i) => ({ command, role, allowed: marks[i] === 'Y' }));
});

describe('assertMayIssue: every role × every command (domain.md §1)', () => {
  it('the table above covers exactly the commands of COMMAND_ROLES, so a new command needs its row', () => {
    expect(Object.keys(COMMAND_ROLES).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('the table has 51 commands × 7 roles with 65 allowed pairs', () => {
    expect(cases).toHaveLength(357);
    expect(cases.filter((c) => c.allowed)).toHaveLength(65);
  });

  it.each(cases.filter((c) => c.allowed))('$role may issue $command', ({ command, role }) => {
    expect(() => assertMayIssue(command, actorFor(role))).not.toThrow();
  });

  it.each(cases.filter((c) => !c.allowed))('$role may not issue $command: AccessDenied 403 ROLE_NOT_ALLOWED', ({ command, role }) => {
    let caught: unknown;
    try {
      assertMayIssue(command, actorFor(role));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AccessDenied);
    const denied = caught as AccessDenied;
    expect(denied.status).toBe(403);
    expect(denied.code).toBe('ROLE_NOT_ALLOWED');
    expect(denied.details).toMatchObject({ command, role });
  });

  it('audit (审计局) never changes budget data: it may only record findings and refer for accountability', () => {
    const audit = actorFor('AUDIT_BUREAU');
    const allowed = (Object.keys(EXPECTED) as CommandName[]).filter((command) => {
      try {
        assertMayIssue(command, audit);
        return true;
      } catch {
        return false;
      }
    });
    expect(allowed.sort()).toEqual(['RecordAuditFinding', 'ReferForAccountability']);
  });
});

describe('actsForOwner / assertActsForOwner (invariant 12)', () => {
  const P1 = { proCode: '371083-2024-D101-001', deptCode: 'D101' };
  const P2 = { proCode: '371083-2024-D102-003', deptCode: 'D102', unitCode: 'D102-01' };
  const D102_OWN = { proCode: '371083-2024-D102-009', deptCode: 'D102' };

  const dept = (deptCode: string): Actor => ({ userId: `u-${deptCode}`, role: 'BUDGET_DEPARTMENT', orgCode: deptCode, orgName: deptCode, deptCode });
  const unit = (deptCode: string, unitCode: string): Actor => ({ userId: `u-${unitCode}`, role: 'BUDGET_UNIT', orgCode: unitCode, orgName: unitCode, deptCode, unitCode });
  const other = (role: Role, deptCode?: string): Actor => ({ userId: `u-${role}`, role, orgCode: 'X', orgName: 'X', ...(deptCode ? { deptCode } : {}) });

  it.each([
    ['D101 教育和体育局 on its own P1', true, dept('D101'), P1],
    ['D102 卫生健康局 on P1 of D101', false, dept('D102'), P1],
    ['D102 on P2 of its own unit D102-01', true, dept('D102'), P2],
    ['unit D102-01 on its own P2', true, unit('D102', 'D102-01'), P2],
    ['unit D102-02 on P2 of unit D102-01', false, unit('D102', 'D102-02'), P2],
    ['unit D102-01 on a department-level D102 project', false, unit('D102', 'D102-01'), D102_OWN],
    ['a unit claiming D102-01 under department D101 on P2', false, unit('D101', 'D102-01'), P2],
    ['FINANCE_AUTHORITY on P1', false, other('FINANCE_AUTHORITY'), P1],
    ['THIRD_PARTY on P1', false, other('THIRD_PARTY'), P1],
    ['AUDIT_BUREAU carrying deptCode D101 on P1', false, other('AUDIT_BUREAU', 'D101'), P1],
    ['INTEGRATION carrying deptCode D101 on P1', false, other('INTEGRATION', 'D101'), P1],
    ['SYSTEM carrying deptCode D101 on P1', false, other('SYSTEM', 'D101'), P1],
  ] as const)('%s → %p', (_label, expected, actor, project) => {
    expect(actsForOwner(actor, project)).toBe(expected);
  });

  it('refuses a department acting on another department’s project with 403 NOT_YOUR_PROJECT, naming the project', () => {
    let caught: unknown;
    try {
      assertActsForOwner(dept('D102'), P1);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AccessDenied);
    expect((caught as AccessDenied).status).toBe(403);
    expect((caught as AccessDenied).code).toBe('NOT_YOUR_PROJECT');
    expect((caught as AccessDenied).details).toEqual({ proCode: '371083-2024-D101-001' });
    expect((caught as AccessDenied).message).toBe('project 371083-2024-D101-001 belongs to department D101');
  });

  it('names the unit in the refusal of a unit-owned project', () => {
    expect(() => assertActsForOwner(unit('D102', 'D102-02'), P2)).toThrow('project 371083-2024-D102-003 belongs to department D102, unit D102-01');
  });

  it('lets the owner through', () => {
    expect(() => assertActsForOwner(unit('D102', 'D102-01'), P2)).not.toThrow();
  });
});
