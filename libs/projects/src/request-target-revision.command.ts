import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { businessDate } from '../../event-sourcing/src/business-date.js';
import { CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { fundingStream } from '../../funding/src/funding.events.js';
import { fundingModel } from '../../funding/src/funding.state.js';
import { assertActsForOwner } from '../../identity/src/authorization.js';
import type { ReadStream } from '../../event-sourcing/src/stream-command-handler.js';
import { seedClause } from './legal-basis.js';
import { IndicatorDto, targetSetProblems, toIndicator } from './performance-targets.js';
import { ProjectCommand, ProjectCommandHandler } from './project-command.js';
import { type PerformanceIndicator, type ProjectEvent, type TargetRevisionReason, projectStream } from './project.events.js';
import { declared } from './project-guards.js';
import { type ProjectState, type TargetVersion, cycleOf, targetsInForce } from './project.state.js';
import { type RevisionRequestLedger, changedKpis, revisionRequestId, revisionRequestLedger } from './target-revision-requests.js';

export const REVISION_REASONS: TargetRevisionReason[] = ['POLICY_CHANGE', 'EMERGENCY', 'BUDGET_ADJUSTMENT', 'OTHER'];

export class RequestTargetRevisionDto extends CommandBodyDto {
  @IsInt() @Min(2000) @Max(2100) fiscalYear: number;
  @IsIn(REVISION_REASONS) reason: TargetRevisionReason;
  @IsString() @IsNotEmpty() @MaxLength(2000) reasonDetail: string;
  @IsString() @IsNotEmpty() @MaxLength(4000) overallObjective: string;
  @IsString() @IsNotEmpty() @MaxLength(4000) annualObjective: string;
  /** The full revised set, not a diff: the version it creates must stand on its own. */
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => IndicatorDto)
  indicators: IndicatorDto[];
  @IsOptional() @IsString() @MaxLength(1000) satisfactionExemptionReason?: string;
}

type Payload = RequestTargetRevisionDto & { proCode: string };
export type RequestTargetRevision = Payload & {
  /** Every earlier request of the project, rejected ones included, to number this one. */
  revisionRequests: RevisionRequestLedger;
  /** Whether the year's execution was closed (决算) in the funding stream: targets are then what evaluation scores against. */
  executionClosed: boolean;
};
export class RequestTargetRevisionCommand extends ProjectCommand<Payload> {}

/** The same kpiId must go on naming the same indicator in every version of the year; a new indicator takes a new kpiId. */
function identityProblems(revised: PerformanceIndicator[], versions: TargetVersion[]): string[] {
  return revised.flatMap((indicator) => {
    const earlier = versions
      .flatMap((v) => v.indicators)
      .filter((i) => i.kpiId === indicator.kpiId)
      .pop();
    if (!earlier || (earlier.tier1 === indicator.tier1 && earlier.tier2 === indicator.tier2 && earlier.name === indicator.name)) return [];
    return [`${indicator.kpiId} was ${earlier.tier1}/${earlier.tier2} "${earlier.name}", now ${indicator.tier1}/${indicator.tier2} "${indicator.name}"`];
  });
}

/**
 * Step 11 (事中 target adjustment, invariant 8): while the year's budget is being executed the department asks for a
 * new target version with a reason; finance decides. One request at a time, always from the version in force.
 */
export const decideRequestTargetRevision: Decide<RequestTargetRevision, ProjectState, ProjectEvent> = (cmd, state, { actor, ruleSet, now }) => {
  const project = declared(state, cmd.proCode);
  assertActsForOwner(actor, project);
  if (state.termination) {
    throw new CommandRejected('PROJECT_TERMINATED', `${cmd.proCode} was terminated (清理退出) effective ${state.termination.effectiveOn}; its targets are no longer revised`);
  }
  const cycle = cycleOf(state, cmd.fiscalYear);
  const inForce = targetsInForce(state, cmd.fiscalYear);
  // The version in force on 31 December is what the year is evaluated against (invariant 9): no revision after it.
  const decidedOn = businessDate(cmd.occurredAt ?? now);
  if (decidedOn > `${cmd.fiscalYear}-12-31`) {
    throw new CommandRejected('FISCAL_YEAR_ENDED', `the ${cmd.fiscalYear} fiscal year ended before ${decidedOn}: its targets are evaluated as they stood on 31 December`, { fiscalYear: cmd.fiscalYear });
  }

  if (!cycle.approval || !inForce) {
    throw new CommandRejected(
      'NOT_EXECUTING',
      `the ${cmd.fiscalYear} budget of ${cmd.proCode} is not approved: before approval, targets change by a new version (POST /projects/${cmd.proCode}/targets), not by a revision`,
      { proCode: cmd.proCode, fiscalYear: cmd.fiscalYear },
    );
  }
  if (cmd.executionClosed) {
    throw new CommandRejected('EXECUTION_CLOSED', `the ${cmd.fiscalYear} execution of ${cmd.proCode} is closed (决算): evaluation scores against v${inForce.version}`, {
      version: inForce.version,
    });
  }
  if (cycle.pendingRevision) {
    throw new CommandRejected('REVISION_PENDING', `revision request ${cycle.pendingRevision.requestId} awaits finance's decision; one request at a time`, {
      requestId: cycle.pendingRevision.requestId,
    });
  }
  if (!cmd.reasonDetail.trim()) throw new CommandRejected('REASON_DETAIL_REQUIRED', 'a target revision needs the reason explained (reasonDetail)');
  const indicators = cmd.indicators.map(toIndicator);
  const renamed = identityProblems(indicators, cycle.targets);
  if (renamed.length) {
    throw new CommandRejected('KPI_IDENTITY_CHANGED', `a kpiId keeps naming the same indicator across versions; give a new indicator a new kpiId: ${renamed.join('; ')}`, {
      problems: renamed,
    });
  }
  const problems = targetSetProblems(indicators, cmd.satisfactionExemptionReason, ruleSet);
  if (problems.length) throw new CommandRejected('TARGETS_INCOMPLETE', `the revised target set is incomplete: ${problems.join('; ')}`, { problems });
  const exemption = cmd.satisfactionExemptionReason?.trim() || undefined;
  const unchanged =
    changedKpis(inForce.indicators, indicators).length === 0 &&
    cmd.overallObjective === inForce.overallObjective &&
    cmd.annualObjective === inForce.annualObjective &&
    exemption === inForce.satisfactionExemptionReason;
  if (unchanged) throw new CommandRejected('REVISION_CHANGES_NOTHING', `the requested set equals v${inForce.version}, the version in force`);
  return [
    {
      type: 'PerformanceTargetRevisionRequested',
      data: {
        proCode: cmd.proCode,
        fiscalYear: cmd.fiscalYear,
        requestId: revisionRequestId(cmd.fiscalYear, cmd.revisionRequests),
        fromVersion: inForce.version,
        reason: cmd.reason,
        reasonDetail: cmd.reasonDetail.trim(),
        overallObjective: cmd.overallObjective,
        annualObjective: cmd.annualObjective,
        indicators,
        ...(exemption ? { satisfactionExemptionReason: exemption } : {}),
      },
      ruleSetVersion: ruleSet.version,
      legalBasis: seedClause('三(三)2'),
    },
  ];
};

@CommandHandler(RequestTargetRevisionCommand)
export class RequestTargetRevisionHandler extends ProjectCommandHandler<Payload, RequestTargetRevision> {
  protected readonly useCase = {
    name: 'RequestTargetRevision',
    decide: decideRequestTargetRevision,
    id: (data: Record<string, unknown>) => String(data.requestId),
    withFacts: async (payload: Payload, read: ReadStream) => ({
      ...payload,
      revisionRequests: await read(projectStream(payload.proCode), revisionRequestLedger),
      executionClosed: Boolean((await read(fundingStream(payload.proCode, payload.fiscalYear), fundingModel)).closed),
    }),
  } as const;
}
