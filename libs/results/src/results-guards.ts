import { CommandRejected } from '../../event-sourcing/src/command-errors.js';
import { type BudgetProjectDeclared, projectStream } from '../../projects/src/project.events.js';
import { declared } from '../../projects/src/project-guards.js';
import { type ProjectState, cycleOf, projectModel } from '../../projects/src/project.state.js';
import { type BasisEventRef, type CitedEvent, resolveBasisEvents } from '../../event-sourcing/src/basis-events.js';
import type { ReadStream } from '../../event-sourcing/src/stream-command-handler.js';

/** Results apply to a year the project was approved and executed in. */
export function executedProject(project: ProjectState, proCode: string, fiscalYear: number): BudgetProjectDeclared['data'] {
  const declaration = declared(project, proCode);
  if (!cycleOf(project, fiscalYear).approval) {
    throw new CommandRejected('NOT_APPROVED_FOR_YEAR', `${proCode} had no approved budget in ${fiscalYear}: there are no ${fiscalYear} results to apply`, { proCode, fiscalYear });
  }
  return declaration;
}

/** A citation that names a project must name this one: another project's evaluation is no basis for this one's budget. */
export function assertBasisOfProject(cited: CitedEvent[], proCode: string): void {
  const foreign = cited.filter((c) => c.found && typeof c.data.proCode === 'string' && c.data.proCode !== proCode);
  if (foreign.length) {
    throw new CommandRejected(
      'BASIS_OF_ANOTHER_PROJECT',
      `${foreign.map((c) => `${c.eventId} in ${c.stream}`).join(', ')} concern another project than ${proCode}`,
      { foreign: foreign.map(({ stream, eventId }) => ({ stream, eventId })) },
    );
  }
}

/** The facts every command on a results stream decides on: the project, and the events it cites. */
export interface ProjectResultsFacts {
  project: ProjectState;
  cited: CitedEvent[];
}

export async function projectResultsFacts<P extends { proCode: string; basisEvents?: BasisEventRef[] }>(payload: P, read: ReadStream): Promise<P & ProjectResultsFacts> {
  return { ...payload, project: await read(projectStream(payload.proCode), projectModel), cited: await resolveBasisEvents(payload.basisEvents, read) };
}
