import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandResult } from '../../../../libs/event-sourcing/src/command-pipeline.js';
import { ConductKeyMonitoringCommand, ConductKeyMonitoringDto } from '../../../../libs/monitoring/src/conduct-key-monitoring.command.js';
import { GetMonitoringQuery, type MonitoringView } from '../../../../libs/monitoring/src/get-monitoring.query.js';
import { IssueMonitoringTaskCommand, IssueMonitoringTaskDto } from '../../../../libs/monitoring/src/issue-monitoring-task.command.js';
import { RecordMonitoringSnapshotCommand, RecordMonitoringSnapshotDto } from '../../../../libs/monitoring/src/record-monitoring-snapshot.command.js';
import type { AuthenticatedRequest } from '../http/auth.guard.js';
import { type Issuer, IssuerOf, answer, envelopeFor } from '../http/command-envelope.js';
import { ProCodePipe } from '../projects/pro-code.pipe.js';
import { FiscalYearPipe } from '../http/fiscal-year.pipe.js';

/** 事中 monitoring (domain.md §4 steps 6–8): tasks, the departments' snapshots with their lights, key monitoring. */
@ApiTags('monitoring')
@ApiBearerAuth()
@Controller()
export class MonitoringController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('monitoring-tasks')
  @HttpCode(201)
  @ApiOperation({ summary: 'Issue a monitoring task (自行跟踪 / 重点跟踪) with its data cut-off, due date and scope — finance' })
  async issueTask(@Body() body: IssueMonitoringTaskDto, @IssuerOf() issuer: Issuer, @Res({ passthrough: true }) res: Response): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new IssueMonitoringTaskCommand(body, envelopeFor(issuer, body))));
  }

  @Post('projects/:proCode/monitoring/:fiscalYear/snapshots')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record a monitoring snapshot (双监控) answering a task; warning lights are derived in the same append — the owning department or unit' })
  async recordSnapshot(
    @Param('proCode', ProCodePipe) proCode: string,
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: number,
    @Body() body: RecordMonitoringSnapshotDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new RecordMonitoringSnapshotCommand({ ...body, proCode, fiscalYear }, envelopeFor(issuer, body))));
  }

  @Post('projects/:proCode/monitoring/:fiscalYear/key-monitoring')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record key monitoring (重点跟踪: on-site checks, evidence collection) and its findings — finance' })
  async conductKeyMonitoring(
    @Param('proCode', ProCodePipe) proCode: string,
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: number,
    @Body() body: ConductKeyMonitoringDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new ConductKeyMonitoringCommand({ ...body, proCode, fiscalYear }, envelopeFor(issuer, body))));
  }

  @Get('projects/:proCode/monitoring/:fiscalYear')
  @ApiOperation({ summary: "A project's monitoring of a year: snapshots with their lights, key monitoring findings — finance, audit, the owning department" })
  async get(
    @Param('proCode', ProCodePipe) proCode: string,
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: number,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MonitoringView> {
    const view = await this.queries.execute(new GetMonitoringQuery(proCode, fiscalYear, req.actor));
    res.setHeader('ETag', `"${view.revision}"`);
    return view;
  }
}
