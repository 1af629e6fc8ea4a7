import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { BUSINESS_DATE, IsRealDate, CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { EnvelopedCommand, type StreamCommandSpec, StreamCommandHandler } from '../../event-sourcing/src/stream-command-handler.js';
import { fundingStream } from '../../funding/src/funding.events.js';
import { fundingModel } from '../../funding/src/funding.state.js';
import { seedClause } from '../../projects/src/legal-basis.js';
import { projectStream } from '../../projects/src/project.events.js';
import { projectModel } from '../../projects/src/project.state.js';
import { businessDate } from '../../event-sourcing/src/business-date.js';
import { TASK_ID } from './issue-monitoring-task.command.js';
import { type ExecutionFacts, assertExecuting, assertTaskCovers } from './monitoring-guards.js';
import { type KeyMonitoringConducted, type MonitoringEvent, monitoringStream, taskStream } from './monitoring.events.js';
import { type MonitoringState, type TaskState, monitoringModel, taskModel } from './monitoring.state.js';

type Method = KeyMonitoringConducted['data']['methods'][number];
const METHODS: Method[] = ['ON_SITE', 'EVIDENCE_COLLECTION', 'EXPERT_PANEL', 'INTERMEDIARY'];

class FindingDto {
  @IsIn(['MINOR', 'SERIOUS']) severity: 'MINOR' | 'SERIOUS';
  @IsString() @IsNotEmpty() @MaxLength(4000) text: string;
}

export class ConductKeyMonitoringDto extends CommandBodyDto {
  /** 实地核查、调查取证 … */
  @IsArray() @ArrayMinSize(1) @ArrayUnique() @IsIn(METHODS, { each: true }) methods: Method[];
  @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => FindingDto) findings: FindingDto[];
  /** An explicit statement that the check found nothing, so that an empty list is never an omission. */
  @IsOptional() @IsBoolean() noFindings?: boolean;
  @IsRealDate() @Matches(BUSINESS_DATE, { message: 'conductedOn must be YYYY-MM-DD' }) conductedOn: string;
  /** The monitoring task the check belongs to, if any. */
  @IsOptional() @Matches(TASK_ID, { message: 'taskId must look like MT-2024-07' }) taskId?: string;
}

type Payload = ConductKeyMonitoringDto & { proCode: string; fiscalYear: number };
export interface KeyMonitoringFacts extends ExecutionFacts {
  task?: TaskState;
}
export type ConductKeyMonitoring = Payload & { facts: KeyMonitoringFacts };
export class ConductKeyMonitoringCommand extends EnvelopedCommand<Payload> {}

/**
 * Step 8 (重点跟踪, 三(三)2): finance checks a project on site or by collecting evidence and records its
 * findings; a SERIOUS finding is what a suspension or stop of funds may rest on (invariant 5).
 */
export const decideConductKeyMonitoring: Decide<ConductKeyMonitoring, MonitoringState, MonitoringEvent> = (cmd, _state, { now }) => {
  const { facts, proCode, fiscalYear } = cmd;
  const { declaration } = assertExecuting(facts, proCode, fiscalYear);
  if (cmd.taskId) assertTaskCovers(facts.task ?? {}, cmd.taskId, declaration, fiscalYear);
  if (cmd.conductedOn < `${fiscalYear}-01-01`) {
    throw new CommandRejected('CONDUCTED_BEFORE_FISCAL_YEAR', `key monitoring of the ${fiscalYear} budget cannot have been conducted on ${cmd.conductedOn}`, { conductedOn: cmd.conductedOn });
  }
  const today = businessDate(now);
  if (cmd.conductedOn > today) {
    throw new CommandRejected('CONDUCTED_IN_FUTURE', `key monitoring is recorded after it was conducted; ${cmd.conductedOn} is after today (${today})`, { conductedOn: cmd.conductedOn, today });
  }
  const findings = cmd.findings.map(({ severity, text }) => ({ severity, text: text.trim() })).filter((f) => f.text);
  if (findings.length === 0 && !cmd.noFindings) {
    throw new CommandRejected('FINDINGS_REQUIRED', 'record at least one finding (MINOR or SERIOUS), or state noFindings: true when the check found nothing');
  }
  if (findings.length > 0 && cmd.noFindings) {
    throw new CommandRejected('FINDINGS_CONTRADICT_NONE', `noFindings is stated, yet ${findings.length} finding(s) are given: send one or the other`);
  }
  return [
    {
      type: 'KeyMonitoringConducted',
      data: {
        proCode,
        fiscalYear,
        ...(cmd.taskId ? { taskId: cmd.taskId } : {}),
        methods: [...cmd.methods],
        findings,
        conductedOn: cmd.conductedOn,
      },
      legalBasis: seedClause('三(三)2'),
    },
  ];
};

@CommandHandler(ConductKeyMonitoringCommand)
export class ConductKeyMonitoringHandler extends StreamCommandHandler<Payload, ConductKeyMonitoring, MonitoringState, MonitoringEvent> {
  protected readonly spec: StreamCommandSpec<Payload, ConductKeyMonitoring, MonitoringState, MonitoringEvent> = {
    name: 'ConductKeyMonitoring',
    stream: (p) => monitoringStream(p.proCode, p.fiscalYear),
    model: monitoringModel,
    decide: decideConductKeyMonitoring,
    withFacts: async (p, read) => ({
      ...p,
      facts: {
        project: await read(projectStream(p.proCode), projectModel),
        funding: await read(fundingStream(p.proCode, p.fiscalYear), fundingModel),
        ...(p.taskId ? { task: await read(taskStream(p.taskId), taskModel) } : {}),
      },
    }),
  };
}
