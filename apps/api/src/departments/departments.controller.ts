import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  ReportDepartmentPerformanceCommand,
  ReportDepartmentPerformanceDto,
} from '../../../../libs/departments/src/report-department-performance.command.js';
import {
  SetDepartmentOverallTargetsCommand,
  SetDepartmentOverallTargetsDto,
} from '../../../../libs/departments/src/set-department-overall-targets.command.js';
import {
  SubmitDepartmentSelfEvaluationCommand,
  SubmitDepartmentSelfEvaluationDto,
} from '../../../../libs/departments/src/submit-department-self-evaluation.command.js';
import type { CommandResult } from '../../../../libs/event-sourcing/src/command-pipeline.js';
import { type Issuer, IssuerOf, answer, envelopeFor } from '../http/command-envelope.js';
import { DeptCodePipe } from './dept-code.pipe.js';

/** Department overall performance (部门整体绩效, seed 二.3), each the department's own. */
@ApiTags('departments')
@ApiBearerAuth()
@Controller('departments')
export class DepartmentsController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':deptCode/overall-targets')
  @HttpCode(201)
  @ApiOperation({ summary: "Set the department's overall performance targets for a year, a new version — the department itself" })
  async setTargets(
    @Param('deptCode', DeptCodePipe) deptCode: string,
    @Body() body: SetDepartmentOverallTargetsDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new SetDepartmentOverallTargetsCommand({ ...body, deptCode }, envelopeFor(issuer, body))));
  }

  @Post(':deptCode/overall-self-evaluations')
  @HttpCode(201)
  @ApiOperation({ summary: 'Submit the overall self-evaluation, scored by dimension; total and grade by the rule set — the department itself' })
  async selfEvaluate(
    @Param('deptCode', DeptCodePipe) deptCode: string,
    @Body() body: SubmitDepartmentSelfEvaluationDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new SubmitDepartmentSelfEvaluationCommand({ ...body, deptCode }, envelopeFor(issuer, body))));
  }

  @Post(':deptCode/overall-performance-reports')
  @HttpCode(201)
  @ApiOperation({ summary: 'Report the overall performance to the government and/or the 人大 — the department itself' })
  async report(
    @Param('deptCode', DeptCodePipe) deptCode: string,
    @Body() body: ReportDepartmentPerformanceDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new ReportDepartmentPerformanceCommand({ ...body, deptCode }, envelopeFor(issuer, body))));
  }
}
