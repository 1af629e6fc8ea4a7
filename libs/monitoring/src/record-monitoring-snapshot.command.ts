import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { BUSINESS_DATE, IsRealDate, CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide, Decided } from '../../event-sourcing/src/decider.js';
import { EnvelopedCommand, type StreamCommandSpec, StreamCommandHandler } from '../../event-sourcing/src/stream-command-handler.js';
import { fundingStream } from '../../funding/src/funding.events.js';
import { figuresAsOf, fundingModel } from '../../funding/src/funding.state.js';
import { assertActsForOwner } from '../../identity/src/authorization.js';
import { seedClause } from '../../projects/src/legal-basis.js';
import { declared } from '../../projects/src/project-guards.js';
import { projectStream } from '../../projects/src/project.events.js';
import { projectModel, targetsInForce } from '../../projects/src/project.state.js';
import type { WarningLight } from '../../rule-sets/src/rule-set.js';
import { type Light, budgetExecutionLight, indicatorLight, worstLight } from '../../rule-sets/src/warning-lights.js';
import { TASK_ID } from './issue-monitoring-task.command.js';
import { type ExecutionFacts, assertExecuting, assertTaskCovers } from './monitoring-guards.js';
import { type DeviationFlagged, type MonitoringEvent, type SnapshotIndicator, monitoringStream, taskStream } from './monitoring.events.js';
import { type MonitoringState, type TaskState, monitoringModel, snapshotsOfTask, taskModel } from './monitoring.state.js';

const DECIMAL = /^-?\d+(\.\d+)?$/;

class SnapshotBudgetDto {
  /** As the department reports it (预算执行情况). */
  @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) executedToDateFen: number;
  /** 全年预计执行. */
  @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) estimatedAnnualExecutedFen: number;
}

class SnapshotIndicatorDto {
  @IsString() @IsNotEmpty() @MaxLength(60) kpiId: string;
  /** A number in the indicator's unit; for a qualitative indicator, a short account of progress. */
  @IsString() @MaxLength(1000) actualToDate: string;
  @IsString() @MaxLength(1000) estimatedAnnual: string;
  @IsIn(['CERTAIN', 'LIKELY', 'UNLIKELY']) completionLikelihood: SnapshotIndicator['completionLikelihood'];
  /** Qualitative indicators only: the light follows from it. */
  @IsOptional() @IsIn(['ACHIEVED', 'PARTLY_ACHIEVED', 'NOT_ACHIEVED']) attainment?: NonNullable<SnapshotIndicator['attainment']>;
  @IsOptional() @IsString() @MaxLength(4000) deviationReason?: string;
  @IsOptional() @IsString() @MaxLength(4000) correctiveMeasures?: string;
}

export class RecordMonitoringSnapshotDto extends CommandBodyDto {
  @Matches(TASK_ID, { message: 'taskId must look like MT-2024-07' }) taskId: string;
  @IsRealDate() @Matches(BUSINESS_DATE, { message: 'asOfDate must be YYYY-MM-DD' }) asOfDate: string;
  @IsObject() @ValidateNested() @Type(() => SnapshotBudgetDto) budget: SnapshotBudgetDto;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => SnapshotIndicatorDto)
  indicators: SnapshotIndicatorDto[];
}

type Payload = RecordMonitoringSnapshotDto & { proCode: string; fiscalYear: number };
export interface SnapshotFacts extends ExecutionFacts {
  task: TaskState;
}
export type RecordMonitoringSnapshot = Payload & { facts: SnapshotFacts };
export class RecordMonitoringSnapshotCommand extends EnvelopedCommand<Payload> {}

const PROJECT_RULE = 'PROJECT_WORST_LIGHT';
const text = (value: string | undefined) => value?.trim() || undefined;

/**
 * Step 7 (双监控): the department reports budget execution and every indicator of the version in force as of
 * the task's cut-off; the warning lights of domain.md §6.3 are derived in the same append, each naming its
 * rule and the rule-set version, and the project's light is the worst of them.
 */
export const decideRecordMonitoringSnapshot: Decide<RecordMonitoringSnapshot, MonitoringState, MonitoringEvent> = (cmd, state, { actor, ruleSet, supersedes }) => {
  const { facts, proCode, fiscalYear, taskId, asOfDate } = cmd;
  const project = declared(facts.project, proCode);
  assertActsForOwner(actor, project);
  const task = assertTaskCovers(facts.task, taskId, project, fiscalYear);
  const { approval } = assertExecuting(facts, proCode, fiscalYear);

  if (!asOfDate.startsWith(`${fiscalYear}-`)) {
    throw new CommandRejected('AS_OF_DATE_OUTSIDE_FISCAL_YEAR', `the cut-off ${asOfDate} is not in fiscal year ${fiscalYear}`, { asOfDate, fiscalYear });
  }
  if (asOfDate !== task.asOfDate) {
    throw new CommandRejected('AS_OF_DATE_NOT_TASK_CUTOFF', `monitoring task ${taskId} asks for data as of ${task.asOfDate}, not ${asOfDate}`, { taskAsOfDate: task.asOfDate });
  }
  const earlier = snapshotsOfTask(state, taskId);
  const latest = earlier.reduce<string | undefined>((max, s) => (max === undefined || s.snapshot.asOfDate > max ? s.snapshot.asOfDate : max), undefined);
  if (latest !== undefined && asOfDate < latest) {
    throw new CommandRejected('AS_OF_DATE_BEFORE_LAST_SNAPSHOT', `task ${taskId} already has a snapshot as of ${latest}; a snapshot as of ${asOfDate} would go back in time`, { latest });
  }
  const sameCutOff = earlier.find((s) => s.snapshot.asOfDate === asOfDate);
  if (sameCutOff && !supersedes) {
    throw new CommandRejected('SNAPSHOT_EXISTS', `task ${taskId} was answered for ${proCode} as of ${asOfDate}; to change it, send a correction naming it in supersedes`, {
      eventId: sameCutOff.eventId,
    });
  }
  if (supersedes && supersedes.eventId !== sameCutOff?.eventId) {
    throw new CommandRejected('CORRECTION_MISMATCH', `event ${supersedes.eventId} is not the snapshot of task ${taskId} as of ${asOfDate}; a correction replaces the snapshot of the same task and cut-off`, {
      supersedes: supersedes.eventId,
      ...(sameCutOff?.eventId ? { snapshot: sameCutOff.eventId } : {}),
    });
  }

  // The light is taken on the budget as it stood at the cut-off: an adjustment decided later does not rewrite July.
  const { adjustedBudgetFen: budgetFen, netDisbursedFen } = figuresAsOf(approval.approvedFen, facts.funding, asOfDate);
  const { executedToDateFen, estimatedAnnualExecutedFen } = cmd.budget;
  if (executedToDateFen > budgetFen) {
    throw new CommandRejected('EXECUTED_EXCEEDS_BUDGET', `${executedToDateFen} fen executed exceed the adjusted budget of ${budgetFen} fen`, { budgetFen, executedToDateFen });
  }
  if (estimatedAnnualExecutedFen < executedToDateFen) {
    throw new CommandRejected('ESTIMATE_BELOW_EXECUTED', `the estimate for the year (${estimatedAnnualExecutedFen} fen) is below what was executed already (${executedToDateFen} fen)`, {
      executedToDateFen,
      estimatedAnnualExecutedFen,
    });
  }

  const targets = targetsInForce(facts.project, fiscalYear);
  if (!targets) {
    throw new CommandRejected('TARGETS_NOT_IN_FORCE', `no target version of ${fiscalYear} is in force for ${proCode}: nothing to monitor the indicators against`);
  }
  const problems: string[] = [];
  for (const reported of cmd.indicators) {
    if (!targets.indicators.some((i) => i.kpiId === reported.kpiId)) problems.push(`${reported.kpiId} is not an indicator of target version v${targets.version}`);
  }
  const indicators: SnapshotIndicator[] = [];
  const lights: { kpiId?: string; light: Light }[] = [{ light: budgetExecutionLight(executedToDateFen, budgetFen, asOfDate, ruleSet) }];
  for (const indicator of targets.indicators) {
    const reports = cmd.indicators.filter((r) => r.kpiId === indicator.kpiId);
    const label = `${indicator.kpiId} (${indicator.name})`;
    if (reports.length !== 1) {
      problems.push(reports.length === 0 ? `${label} is not reported` : `${label} is reported ${reports.length} times`);
      continue;
    }
    const [reported] = reports;
    const qualitative = indicator.comparator === 'QUALITATIVE';
    if (qualitative && !reported.attainment) problems.push(`${label} is qualitative: give its attainment (ACHIEVED, PARTLY_ACHIEVED or NOT_ACHIEVED)`);
    if (!qualitative && reported.attainment) problems.push(`${label} is quantitative: its light follows from actualToDate, not from an attainment`);
    if (!qualitative && !DECIMAL.test(reported.actualToDate.trim())) problems.push(`${label}: actualToDate must be a number${indicator.unit ? ` in ${indicator.unit}` : ''}`);
    if (!qualitative && !DECIMAL.test(reported.estimatedAnnual.trim())) problems.push(`${label}: estimatedAnnual must be a number${indicator.unit ? ` in ${indicator.unit}` : ''}`);
    const entry: SnapshotIndicator = {
      kpiId: indicator.kpiId,
      actualToDate: reported.actualToDate.trim(),
      estimatedAnnual: reported.estimatedAnnual.trim(),
      completionLikelihood: reported.completionLikelihood,
      ...(reported.attainment ? { attainment: reported.attainment } : {}),
      ...(text(reported.deviationReason) ? { deviationReason: text(reported.deviationReason) } : {}),
      ...(text(reported.correctiveMeasures) ? { correctiveMeasures: text(reported.correctiveMeasures) } : {}),
    };
    indicators.push(entry);
    lights.push({
      kpiId: indicator.kpiId,
      light: indicatorLight(
        { direction: indicator.direction, comparator: indicator.comparator, target: indicator.targetValue, unit: indicator.unit, actualToDate: entry.actualToDate, attainment: entry.attainment },
        asOfDate,
        ruleSet,
      ),
    });
  }
  if (problems.length) throw new CommandRejected('SNAPSHOT_INDICATORS_INVALID', `the snapshot does not match target version v${targets.version}: ${problems.join('; ')}`, { problems });

  const legalBasis = seedClause('三(三)1');
  const projectLight: WarningLight = worstLight(lights.map((l) => l.light.light));
  // A correction's lights replace the lights of the snapshot it corrects, one for one.
  const replaced = (metric: DeviationFlagged['data']['metric'], kpiId?: string) =>
    sameCutOff?.lights.find((l) => l.metric === metric && l.kpiId === kpiId && l.eventId !== undefined)?.eventId;
  const flagged = (metric: DeviationFlagged['data']['metric'], light: Light, kpiId?: string): Decided<DeviationFlagged> => {
    const superseded = supersedes ? replaced(metric, kpiId) : undefined;
    return {
      type: 'DeviationFlagged',
      data: {
        proCode,
        fiscalYear,
        taskId,
        asOfDate,
        metric,
        ...(kpiId ? { kpiId } : {}),
        ...(light.computedValue !== undefined ? { computedValue: light.computedValue } : {}),
        light: light.light,
        ruleId: light.ruleId,
        ruleSetVersion: ruleSet.version,
      },
      ruleSetVersion: ruleSet.version,
      legalBasis,
      ...(superseded ? { supersedes: superseded } : {}),
    };
  };
  const [budgetLight, ...indicatorLights] = lights;
  return [
    {
      type: 'MonitoringSnapshotRecorded',
      data: {
        taskId,
        proCode,
        fiscalYear,
        asOfDate,
        targetVersion: targets.version,
        budget: { budgetFen, executedToDateFen, estimatedAnnualExecutedFen, netDisbursedFen },
        indicators,
      },
      legalBasis,
    },
    flagged('BUDGET_EXECUTION', budgetLight.light),
    ...indicatorLights.map((l) => flagged('INDICATOR', l.light, l.kpiId)),
    flagged('PROJECT', { light: projectLight, ruleId: PROJECT_RULE }),
  ];
};

@CommandHandler(RecordMonitoringSnapshotCommand)
export class RecordMonitoringSnapshotHandler extends StreamCommandHandler<Payload, RecordMonitoringSnapshot, MonitoringState, MonitoringEvent> {
  protected readonly spec: StreamCommandSpec<Payload, RecordMonitoringSnapshot, MonitoringState, MonitoringEvent> = {
    name: 'RecordMonitoringSnapshot',
    stream: (p) => monitoringStream(p.proCode, p.fiscalYear),
    model: monitoringModel,
    decide: decideRecordMonitoringSnapshot,
    corrects: ['MonitoringSnapshotRecorded'],
    withFacts: async (p, read) => ({
      ...p,
      facts: {
        task: await read(taskStream(p.taskId), taskModel),
        project: await read(projectStream(p.proCode), projectModel),
        funding: await read(fundingStream(p.proCode, p.fiscalYear), fundingModel),
      },
    }),
  };
}
