import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandResult } from '../../../../libs/event-sourcing/src/command-pipeline.js';
import { AcceptRectificationCommand, AcceptRectificationDto } from '../../../../libs/rectification/src/accept-rectification.command.js';
import { GetRectificationCaseQuery, type RectificationCaseView } from '../../../../libs/rectification/src/get-rectification-case.query.js';
import { IssueRectificationNoticeCommand, IssueRectificationNoticeDto } from '../../../../libs/rectification/src/issue-rectification-notice.command.js';
import { RejectRectificationCommand, RejectRectificationDto } from '../../../../libs/rectification/src/reject-rectification.command.js';
import { ReportRectificationCommand, ReportRectificationDto } from '../../../../libs/rectification/src/report-rectification.command.js';
import type { AuthenticatedRequest } from '../http/auth.guard.js';
import { type Issuer, IssuerOf, answer, envelopeFor } from '../http/command-envelope.js';
import { CaseIdPipe } from './case-id.pipe.js';

/** Rectification cases (整改, domain.md §4 step 9). Overdue has no route: only the deadline watcher writes it. */
@ApiTags('rectification')
@ApiBearerAuth()
@Controller('rectification-cases')
export class RectificationController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Issue a rectification notice (整改通知) with findings, requirements, a deadline and the events it rests on — finance' })
  async issue(@Body() body: IssueRectificationNoticeDto, @IssuerOf() issuer: Issuer, @Res({ passthrough: true }) res: Response): Promise<CommandResult> {
    const result = await this.commands.execute(new IssueRectificationNoticeCommand(body, envelopeFor(issuer, body)));
    res.setHeader('Location', `/rectification-cases/${encodeURIComponent(result.id)}`);
    return answer(res, result);
  }

  @Post(':caseId/reports')
  @HttpCode(201)
  @ApiOperation({ summary: 'Report the rectification measures taken, with evidence — the owning department or unit' })
  async report(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: ReportRectificationDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new ReportRectificationCommand({ ...body, caseId }, envelopeFor(issuer, body))));
  }

  @Post(':caseId/acceptances')
  @HttpCode(201)
  @ApiOperation({ summary: 'Accept the reported measures; the case closes — finance' })
  async accept(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: AcceptRectificationDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new AcceptRectificationCommand({ ...body, caseId }, envelopeFor(issuer, body))));
  }

  @Post(':caseId/rejections')
  @HttpCode(201)
  @ApiOperation({ summary: 'Reject the reported measures with an opinion (and perhaps a new deadline); the case reopens — finance' })
  async reject(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: RejectRectificationDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new RejectRectificationCommand({ ...body, caseId }, envelopeFor(issuer, body))));
  }

  @Get(':caseId')
  @ApiOperation({ summary: 'A rectification case with its history — finance, audit, the owning department' })
  async get(@Param('caseId', CaseIdPipe) caseId: string, @Req() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response): Promise<RectificationCaseView> {
    const view = await this.queries.execute(new GetRectificationCaseQuery(caseId, req.actor));
    res.setHeader('ETag', `"${view.revision}"`);
    return view;
  }
}
