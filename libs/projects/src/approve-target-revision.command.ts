import { IsOptional, IsString, MaxLength } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { businessDate } from '../../event-sourcing/src/business-date.js';
import { CommandRejected, NotFound } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { fundingStream } from '../../funding/src/funding.events.js';
import { fundingModel } from '../../funding/src/funding.state.js';
import type { ReadStream } from '../../event-sourcing/src/stream-command-handler.js';
import { seedClause } from './legal-basis.js';
import { targetSetProblems } from './performance-targets.js';
import { ProjectCommand, ProjectCommandHandler } from './project-command.js';
import { type ProjectEvent, projectStream } from './project.events.js';
import { declared } from './project-guards.js';
import { type FiscalCycle, type ProjectState, targetsInForce } from './project.state.js';
import { type RevisionRequestLedger, changedKpis, revisionRequestLedger } from './target-revision-requests.js';

export class ApproveTargetRevisionDto extends CommandBodyDto {
  @IsOptional() @IsString() @MaxLength(4000) opinion?: string;
}

type Payload = ApproveTargetRevisionDto & { proCode: string; requestId: string };
export type ApproveTargetRevision = Payload & { revisionRequests: RevisionRequestLedger; executionClosed: boolean };
export class ApproveTargetRevisionCommand extends ProjectCommand<Payload> {}

/** The year whose request awaits a decision, or the refusal that says why there is none. */
export function pendingRequest(state: ProjectState, requestId: string, ledger: RevisionRequestLedger): FiscalCycle & { pendingRevision: NonNullable<FiscalCycle['pendingRevision']> } {
  const proCode = declared(state, '').proCode;
  const cycle = Object.values(state.cycles).find((c) => c.pendingRevision?.requestId === requestId);
  if (cycle?.pendingRevision) return { ...cycle, pendingRevision: cycle.pendingRevision };
  const known = ledger.requests.find((r) => r.requestId === requestId);
  if (known) {
    throw new CommandRejected('REVISION_ALREADY_DECIDED', `revision request ${requestId} of ${proCode} was already ${known.outcome.toLowerCase()}`, { outcome: known.outcome });
  }
  throw new NotFound('REVISION_REQUEST_NOT_FOUND', `${proCode} has no target revision request ${requestId}`, { proCode, requestId });
}

/** Finance approves a revision: a new version comes in force; the older versions stay in the stream (invariant 8). */
export const decideApproveTargetRevision: Decide<ApproveTargetRevision, ProjectState, ProjectEvent> = (cmd, state, { ruleSet, now }) => {
  declared(state, cmd.proCode);
  const cycle = pendingRequest(state, cmd.requestId, cmd.revisionRequests);
  const request = cycle.pendingRevision;
  if (state.termination) {
    throw new CommandRejected('PROJECT_TERMINATED', `${cmd.proCode} was terminated (清理退出) effective ${state.termination.effectiveOn}; reject the request instead`);
  }
  // The version in force on 31 December is what the year is evaluated against (invariant 9): no revision after it.
  const decidedOn = businessDate(cmd.occurredAt ?? now);
  if (decidedOn > `${cycle.fiscalYear}-12-31`) {
    throw new CommandRejected('FISCAL_YEAR_ENDED', `the ${cycle.fiscalYear} fiscal year ended before ${decidedOn}: its targets are evaluated as they stood on 31 December`, { fiscalYear: cycle.fiscalYear });
  }
  if (cmd.executionClosed) {
    throw new CommandRejected('EXECUTION_CLOSED', `the ${cycle.fiscalYear} execution of ${cmd.proCode} is closed (决算); the targets can no longer change`);
  }
  // The rule set may have changed since the request: the version that comes in force must satisfy the one in force now.
  const problems = targetSetProblems(request.indicators, request.satisfactionExemptionReason, ruleSet);
  if (problems.length) {
    throw new CommandRejected('TARGETS_INCOMPLETE', `the requested set does not satisfy rule set ${ruleSet.version}: ${problems.join('; ')}`, { problems });
  }
  const inForce = targetsInForce(state, cycle.fiscalYear);
  const toVersion = Math.max(...cycle.targets.map((t) => t.version)) + 1;
  return [
    {
      type: 'PerformanceTargetRevised',
      data: {
        proCode: cmd.proCode,
        fiscalYear: cycle.fiscalYear,
        requestId: request.requestId,
        fromVersion: request.fromVersion,
        toVersion,
        reason: request.reason,
        changedKpis: changedKpis(inForce?.indicators ?? [], request.indicators),
        opinion: cmd.opinion?.trim() ?? '',
      },
      ruleSetVersion: ruleSet.version,
      legalBasis: seedClause('三(三)2'),
    },
  ];
};

/** The ledger of requests, and whether the request's year was closed (决算). */
export async function revisionFacts<P extends { proCode: string; requestId: string }>(payload: P, read: ReadStream) {
  const revisionRequests = await read(projectStream(payload.proCode), revisionRequestLedger);
  const fiscalYear = revisionRequests.requests.find((r) => r.requestId === payload.requestId)?.fiscalYear;
  const executionClosed = fiscalYear !== undefined && Boolean((await read(fundingStream(payload.proCode, fiscalYear), fundingModel)).closed);
  return { ...payload, revisionRequests, executionClosed };
}

@CommandHandler(ApproveTargetRevisionCommand)
export class ApproveTargetRevisionHandler extends ProjectCommandHandler<Payload, ApproveTargetRevision> {
  protected readonly useCase = {
    name: 'ApproveTargetRevision',
    decide: decideApproveTargetRevision,
    id: (data: Record<string, unknown>) => `v${String(data.toVersion)}`,
    withFacts: revisionFacts<Payload>,
  } as const;
}
