import { IsNotEmpty, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { type BasisEventRef, resolveBasisEvents } from '../../event-sourcing/src/basis-events.js';
import { CommandRejected, NotFound } from '../../event-sourcing/src/command-errors.js';
import type { DomainEvent, EventContext, StateModel } from '../../event-sourcing/src/decider.js';
import type { Actor } from '../../event-store/src/event-store.port.js';
import { projectStream } from '../../projects/src/project.events.js';
import { cycleOf, projectModel } from '../../projects/src/project.state.js';
import { type FundingState, lastGateChangeOn } from './funding.state.js';

// Facts the funding rules need from other streams, read by the handlers (design §3) and handed to the pure
// deciders, with the guards those deciders share.

import type { ReadStream } from '../../event-sourcing/src/stream-command-handler.js';
export type { ReadStream };

/** What the funding gate needs to know of the project: whose it is, whether the year's budget is approved, whether it was terminated. */
export interface ProjectFacts {
  /** Absent when no project of that code was declared. */
  project?: {
    proCode: string;
    deptCode: string;
    unitCode?: string;
    approval?: { approvedFen: number; approvalDocNo: string; eventId?: string };
    terminatedOn?: string;
  };
}

export async function readProjectFacts(proCode: string, fiscalYear: number, read: ReadStream): Promise<ProjectFacts> {
  const state = await read(projectStream(proCode), projectModel);
  if (!state.declaration) return {};
  const { deptCode, unitCode } = state.declaration;
  const approval = cycleOf(state, fiscalYear).approval;
  return {
    project: {
      proCode,
      deptCode,
      ...(unitCode ? { unitCode } : {}),
      ...(approval ? { approval: { approvedFen: approval.approvedFen, approvalDocNo: approval.approvalDocNo, eventId: approval.eventId } } : {}),
      ...(state.termination ? { terminatedOn: state.termination.effectiveOn } : {}),
    },
  };
}

export function knownProject(cmd: ProjectFacts & { proCode: string }): NonNullable<ProjectFacts['project']> {
  if (!cmd.project) throw new NotFound('PROJECT_NOT_FOUND', `no project ${cmd.proCode} has been declared`, { proCode: cmd.proCode });
  return cmd.project;
}

/** The year's approved amount: money moves only under an approved budget (同步批复下达). */
export function approvedFen(cmd: ProjectFacts & { proCode: string; fiscalYear: number }): number {
  const approval = knownProject(cmd).approval;
  if (!approval) {
    throw new CommandRejected('NOT_APPROVED', `the ${cmd.fiscalYear} budget of ${cmd.proCode} has not been approved: there is nothing to execute yet`, {
      proCode: cmd.proCode,
      fiscalYear: cmd.fiscalYear,
    });
  }
  return approval.approvedFen;
}

/** After 决算 the year's figures are final: no disbursement, adjustment or gate decision changes them. */
export function assertExecutionOpen(state: FundingState, cmd: { proCode: string; fiscalYear: number }): void {
  if (state.closed) {
    throw new CommandRejected('EXECUTION_CLOSED', `budget execution of ${cmd.proCode} for ${cmd.fiscalYear} was closed (决算); its figures can no longer change`, {
      proCode: cmd.proCode,
      fiscalYear: cmd.fiscalYear,
    });
  }
}

export function assertInFiscalYear(date: string, fiscalYear: number, field: string): void {
  if (!date.startsWith(`${fiscalYear}-`)) {
    throw new CommandRejected('DATE_OUTSIDE_FISCAL_YEAR', `${field} ${date} is not in fiscal year ${fiscalYear} (1 January – 31 December)`, { field, date, fiscalYear });
  }
}

/** A terminated project (清理退出) takes no money from its termination date on. */
export function assertNotTerminated(cmd: ProjectFacts & { proCode: string }, on: string, what: string): void {
  const terminatedOn = knownProject(cmd).terminatedOn;
  if (terminatedOn !== undefined && terminatedOn <= on) {
    throw new CommandRejected('PROJECT_TERMINATED', `${cmd.proCode} was terminated (清理退出) on ${terminatedOn}: ${what} on ${on} is refused`, { terminatedOn });
  }
}

/** Gate decisions follow one another in time: a new one cannot take effect before the last one did. */
export function assertAfterLastGateChange(state: FundingState, effectiveOn: string): void {
  const last = lastGateChangeOn(state);
  if (last !== undefined && effectiveOn < last) {
    throw new CommandRejected('EFFECTIVE_DATE_BEFORE_LAST_GATE_CHANGE', `effectiveOn ${effectiveOn} precedes the last gate decision, effective ${last}`, { lastGateChangeOn: last });
  }
}

/** Four-eyes (domain.md §4 step 10): the officer who proposed a stop or a recovery cannot also approve it. */
export function assertSecondOfficer(actor: Actor, proposal: { proposalId: string; proposedBy: string }): void {
  if (actor.userId === proposal.proposedBy) {
    throw new CommandRejected('FOUR_EYES_REQUIRED', `${proposal.proposalId} was proposed by ${proposal.proposedBy}: another finance officer must approve it`, {
      proposalId: proposal.proposalId,
      proposedBy: proposal.proposedBy,
    });
  }
}

// Cited events ---------------------------------------------------------------------------------------------

export const STREAM_NAME = /^[a-z][a-z-]*-[A-Za-z0-9][A-Za-z0-9-]*$/;

export class EventRefDto {
  @IsString() @IsNotEmpty() @MaxLength(200) @Matches(STREAM_NAME, { message: 'stream must be a stream name such as monitoring-371083-2024-D104-005-2024' })
  stream: string;
  @IsUUID() eventId: string;
}

interface EventFacts {
  type: string;
  proCode?: string;
}

/** Every event of a stream by id, with the project its data names: enough to check a citation. */
export interface CitedEvent {
  stream: string;
  eventId: string;
  /** Absent when the stream holds no such event. */
  found?: EventFacts;
}

/** The cited events, read with the shared reader, as the funding rules look at them: type and project. */
export async function readCitedEvents(refs: BasisEventRef[], read: ReadStream): Promise<CitedEvent[]> {
  return (await resolveBasisEvents(refs, read)).map(({ stream, eventId, ...rest }) => {
    if (!rest.found) return { stream, eventId };
    const proCode = rest.data.proCode;
    return { stream, eventId, found: { type: rest.type, ...(typeof proCode === 'string' ? { proCode } : {}) } };
  });
}

/** Invariant 11: the events a next-year decision rests on exist, and concern this project. */
export function assertCitedEvents(cited: CitedEvent[], proCode: string): void {
  if (cited.length === 0) {
    throw new CommandRejected('BASIS_EVENTS_REQUIRED', 'a next-year budget decision must cite the events it rests on (e.g. the July monitoring snapshot)');
  }
  for (const { stream, eventId, found } of cited) {
    if (!found) throw new CommandRejected('BASIS_EVENT_NOT_FOUND', `stream ${stream} holds no event ${eventId}`, { stream, eventId });
    if (found.proCode !== undefined && found.proCode !== proCode) {
      throw new CommandRejected('BASIS_EVENT_OF_OTHER_PROJECT', `${found.type} ${eventId} concerns project ${found.proCode}, not ${proCode}`, { stream, eventId, proCode: found.proCode });
    }
  }
}
