import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { BUSINESS_DATE, IsRealDate, CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { EnvelopedCommand, StreamCommandHandler } from '../../event-sourcing/src/stream-command-handler.js';
import { PRO_CODE } from '../../projects/src/declare-project.command.js';
import { seedClause } from '../../projects/src/legal-basis.js';
import { type MonitoringTaskEvent, taskStream } from './monitoring.events.js';
import { type TaskState, taskModel } from './monitoring.state.js';

/** MT-{year}-{serial}, e.g. MT-2024-07: the year is the fiscal year the task monitors. */
export const TASK_ID = /^(?=.{1,60}$)MT-(\d{4})-[A-Z0-9]+(-[A-Z0-9]+)*$/;

class TaskScopeDto {
  @IsOptional() @IsArray() @ArrayMaxSize(500) @Matches(PRO_CODE, { each: true, message: 'each proCode must look like 371083-2024-D101-001' })
  proCodes?: string[];
  @IsOptional() @IsArray() @ArrayMaxSize(200) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(40, { each: true })
  deptCodes?: string[];
}

export class IssueMonitoringTaskDto extends CommandBodyDto {
  @Matches(TASK_ID, { message: 'taskId must look like MT-2024-07' }) taskId: string;
  @IsInt() @Min(2000) @Max(2100) fiscalYear: number;
  @IsIn(['SELF', 'KEY']) mode: 'SELF' | 'KEY';
  @IsString() @IsNotEmpty() @MaxLength(300) title: string;
  /** The data cut-off every snapshot of the task reports as of (e.g. 2024-07-31 for January–July). */
  @IsRealDate() @Matches(BUSINESS_DATE, { message: 'asOfDate must be YYYY-MM-DD' }) asOfDate: string;
  @IsRealDate() @Matches(BUSINESS_DATE, { message: 'dueDate must be YYYY-MM-DD' }) dueDate: string;
  /** Projects and departments the task covers; absent or empty: every executing project. */
  @IsOptional() @ValidateNested() @Type(() => TaskScopeDto) scope?: TaskScopeDto;
}

type Payload = IssueMonitoringTaskDto;
export class IssueMonitoringTaskCommand extends EnvelopedCommand<Payload> {}

const distinct = (values: string[] | undefined) => [...new Set((values ?? []).map((v) => v.trim()).filter(Boolean))];

/** Step 6: finance issues a monitoring task (自行跟踪 SELF or 重点跟踪 KEY) with its cut-off, due date and scope. */
export const decideIssueMonitoringTask: Decide<Payload, TaskState, MonitoringTaskEvent> = (cmd, state) => {
  if (state.task) throw new CommandRejected('TASK_EXISTS', `monitoring task ${cmd.taskId} was already issued; issue a new task id for another round`, { taskId: cmd.taskId });
  const idYear = Number(TASK_ID.exec(cmd.taskId)?.[1]);
  if (idYear !== cmd.fiscalYear) {
    throw new CommandRejected('TASK_ID_YEAR_MISMATCH', `task id ${cmd.taskId} names ${idYear}, but the task monitors ${cmd.fiscalYear}`, { taskId: cmd.taskId });
  }
  if (!cmd.asOfDate.startsWith(`${cmd.fiscalYear}-`)) {
    throw new CommandRejected('AS_OF_DATE_OUTSIDE_FISCAL_YEAR', `the cut-off ${cmd.asOfDate} is not in fiscal year ${cmd.fiscalYear}`, { asOfDate: cmd.asOfDate });
  }
  if (cmd.dueDate < cmd.asOfDate) {
    throw new CommandRejected('DUE_DATE_BEFORE_AS_OF_DATE', `the due date ${cmd.dueDate} is before the data cut-off ${cmd.asOfDate}: departments report after the cut-off`, {
      asOfDate: cmd.asOfDate,
      dueDate: cmd.dueDate,
    });
  }
  const proCodes = distinct(cmd.scope?.proCodes);
  const deptCodes = distinct(cmd.scope?.deptCodes);
  return [
    {
      type: 'MonitoringTaskIssued',
      data: {
        taskId: cmd.taskId,
        fiscalYear: cmd.fiscalYear,
        mode: cmd.mode,
        title: cmd.title.trim(),
        asOfDate: cmd.asOfDate,
        dueDate: cmd.dueDate,
        scope: { ...(proCodes.length ? { proCodes } : {}), ...(deptCodes.length ? { deptCodes } : {}) },
      },
      legalBasis: seedClause(cmd.mode === 'KEY' ? '三(三)2' : '三(三)1'),
    },
  ];
};

@CommandHandler(IssueMonitoringTaskCommand)
export class IssueMonitoringTaskHandler extends StreamCommandHandler<Payload, Payload, TaskState, MonitoringTaskEvent> {
  protected readonly spec = {
    name: 'IssueMonitoringTask',
    stream: (p: Payload) => taskStream(p.taskId),
    model: taskModel,
    decide: decideIssueMonitoringTask,
    id: (data: Record<string, unknown>) => String(data.taskId),
  } as const;
}
