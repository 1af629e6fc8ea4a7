import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandResult } from '../../../../libs/event-sourcing/src/command-pipeline.js';
import { ApproveTargetRevisionCommand, ApproveTargetRevisionDto } from '../../../../libs/projects/src/approve-target-revision.command.js';
import { RejectTargetRevisionCommand, RejectTargetRevisionDto } from '../../../../libs/projects/src/reject-target-revision.command.js';
import { RequestTargetRevisionCommand, RequestTargetRevisionDto } from '../../../../libs/projects/src/request-target-revision.command.js';
import { TerminateProjectCommand, TerminateProjectDto } from '../../../../libs/projects/src/terminate-project.command.js';
import { type Issuer, IssuerOf, answer, envelopeFor } from '../http/command-envelope.js';
import { ProCodePipe } from './pro-code.pipe.js';

/** The project during and after execution (domain.md §4 steps 11 and 20): target revisions and termination. */
@ApiTags('projects')
@ApiBearerAuth()
@Controller('projects')
export class ProjectExecutionController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':proCode/targets/revision-requests')
  @HttpCode(201)
  @ApiOperation({ summary: 'Request a target revision during execution, with the full revised set — the owning department or unit' })
  async requestRevision(
    @Param('proCode', ProCodePipe) proCode: string,
    @Body() body: RequestTargetRevisionDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new RequestTargetRevisionCommand({ ...body, proCode }, envelopeFor(issuer, body))));
  }

  @Post(':proCode/targets/revision-requests/:requestId/approvals')
  @HttpCode(201)
  @ApiOperation({ summary: 'Approve a target revision: a new version comes in force — finance' })
  async approveRevision(
    @Param('proCode', ProCodePipe) proCode: string,
    @Param('requestId') requestId: string,
    @Body() body: ApproveTargetRevisionDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new ApproveTargetRevisionCommand({ ...body, proCode, requestId }, envelopeFor(issuer, body))));
  }

  @Post(':proCode/targets/revision-requests/:requestId/rejections')
  @HttpCode(201)
  @ApiOperation({ summary: 'Reject a target revision with an opinion — finance' })
  async rejectRevision(
    @Param('proCode', ProCodePipe) proCode: string,
    @Param('requestId') requestId: string,
    @Body() body: RejectTargetRevisionDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new RejectTargetRevisionCommand({ ...body, proCode, requestId }, envelopeFor(issuer, body))));
  }

  @Post(':proCode/terminations')
  @HttpCode(201)
  @ApiOperation({ summary: 'Terminate a project (清理退出); low performance cites its basis events — finance' })
  async terminate(
    @Param('proCode', ProCodePipe) proCode: string,
    @Body() body: TerminateProjectDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new TerminateProjectCommand({ ...body, proCode }, envelopeFor(issuer, body))));
  }
}
