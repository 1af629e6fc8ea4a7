import { CommandRejected, NotFound } from '../../event-sourcing/src/command-errors.js';
import { projectStream } from '../../projects/src/project.events.js';
import { type ProjectState, projectModel } from '../../projects/src/project.state.js';
import { type BasisEventRef, type CitedEvent, resolveBasisEvents } from '../../event-sourcing/src/basis-events.js';
import type { ReadStream } from '../../event-sourcing/src/stream-command-handler.js';

/** Document numbers the issuer gives: 3–40 letters, digits, _ . or -, e.g. TB-2024-03. */
export const DOCUMENT_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{2,39}$/;

/** The projects a document names and the events it cites, as the store knows them. */
export interface AccountabilityFacts {
  projects: Record<string, ProjectState>;
  cited: CitedEvent[];
}

export async function accountabilityFacts<P>(payload: P, proCodes: (string | undefined)[], basisEvents: BasisEventRef[] | undefined, read: ReadStream): Promise<P & AccountabilityFacts> {
  const codes = [...new Set(proCodes.filter((c): c is string => Boolean(c)))];
  const projects = await Promise.all(codes.map(async (code) => [code, await read(projectStream(code), projectModel)] as const));
  return { ...payload, projects: Object.fromEntries(projects), cited: await resolveBasisEvents(basisEvents, read) };
}

/** The department of a named project; it must be declared, and be of the department named with it, if any. */
export function projectDepartment(facts: AccountabilityFacts, proCode: string, deptCode?: string): string {
  const project = facts.projects[proCode]?.declaration;
  if (!project) throw new NotFound('PROJECT_NOT_FOUND', `no project ${proCode} has been declared`, { proCode });
  if (deptCode && deptCode !== project.deptCode) {
    throw new CommandRejected('SUBJECT_DEPT_MISMATCH', `${proCode} belongs to department ${project.deptCode}, not ${deptCode}`, { proCode, deptCode: project.deptCode });
  }
  return project.deptCode;
}

/** A document is issued once; a second command on its stream must name the event it corrects. */
export function assertNotIssued(issued: { eventId?: string } | undefined, supersedes: { eventId: string } | undefined, code: string, what: string): void {
  if (issued && !supersedes) throw new CommandRejected(code, `${what} was already issued; a correction names its event (${issued.eventId}) in supersedes`, { eventId: issued.eventId });
}
