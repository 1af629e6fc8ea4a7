import { CommandRejected, NotFound } from '../../event-sourcing/src/command-errors.js';
import { departmentStream } from '../../departments/src/department.events.js';
import { type DepartmentState, departmentModel } from '../../departments/src/department.state.js';
import { DEPT_CODE } from '../../departments/src/set-department-overall-targets.command.js';
import { PRO_CODE } from '../../projects/src/declare-project.command.js';
import { type BudgetProjectDeclared, projectStream } from '../../projects/src/project.events.js';
import { type ProjectState, projectModel } from '../../projects/src/project.state.js';
import type { ReadStream } from '../../event-sourcing/src/stream-command-handler.js';
import type { ResultsKind } from './results.events.js';

/** What a disclosure or a 人大 report lists: projects, or departments for DEPT_OVERALL, as the store knows them. */
export interface ItemFacts {
  projects: Record<string, ProjectState>;
  departments: Record<string, DepartmentState>;
}

const isDepartmentKind = (kind: ResultsKind) => kind === 'DEPT_OVERALL';

export async function itemFacts<P extends { kind: ResultsKind; items: string[]; fiscalYear: number }>(payload: P, read: ReadStream): Promise<P & ItemFacts> {
  const codes = [...new Set(payload.items)];
  if (isDepartmentKind(payload.kind)) {
    const departments = await Promise.all(codes.map(async (code) => [code, await read(departmentStream(code, payload.fiscalYear), departmentModel)] as const));
    return { ...payload, projects: {}, departments: Object.fromEntries(departments) };
  }
  const projects = await Promise.all(codes.map(async (code) => [code, await read(projectStream(code), projectModel)] as const));
  return { ...payload, projects: Object.fromEntries(projects), departments: {} };
}

/** Projects for TARGETS and EVALUATION_RESULTS, departments for DEPT_OVERALL; each listed once. */
export function assertItemsOfKind(kind: ResultsKind, items: string[]): void {
  const wrong = isDepartmentKind(kind) ? items.filter((i) => PRO_CODE.test(i) || !DEPT_CODE.test(i)) : items.filter((i) => !PRO_CODE.test(i));
  if (wrong.length) {
    throw new CommandRejected('ITEM_KIND_MISMATCH', `${kind} lists ${isDepartmentKind(kind) ? 'department codes such as D103' : 'project codes such as 371083-2024-D103-002'}, not ${wrong.join(', ')}`, {
      items: wrong,
    });
  }
  const repeated = items.filter((item, i) => items.indexOf(item) !== i);
  if (repeated.length) throw new CommandRejected('ITEM_REPEATED', `${repeated.join(', ')} is listed more than once`, { items: repeated });
}

export function projectItem(facts: ItemFacts, proCode: string): BudgetProjectDeclared['data'] & { state: ProjectState } {
  const state = facts.projects[proCode];
  if (!state?.declaration) throw new NotFound('PROJECT_NOT_FOUND', `no project ${proCode} has been declared`, { proCode });
  return { ...state.declaration, state };
}
