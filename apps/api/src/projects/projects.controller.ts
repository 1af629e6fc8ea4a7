import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandResult } from '../../../../libs/event-sourcing/src/command-pipeline.js';
import { AdmitProjectToLibraryCommand, AdmitProjectToLibraryDto } from '../../../../libs/projects/src/admit-project-to-library.command.js';
import { ApproveBudgetAndTargetsCommand, ApproveBudgetAndTargetsDto } from '../../../../libs/projects/src/approve-budget-and-targets.command.js';
import {
  CommissionExAnteAssessmentCommand,
  CommissionExAnteAssessmentDto,
} from '../../../../libs/projects/src/commission-ex-ante-assessment.command.js';
import { DeclareProjectCommand, DeclareProjectDto } from '../../../../libs/projects/src/declare-project.command.js';
import { GetProjectEventsQuery, GetProjectQuery } from '../../../../libs/projects/src/get-project.query.js';
import {
  IncludeProjectInBudgetDraftCommand,
  IncludeProjectInBudgetDraftDto,
} from '../../../../libs/projects/src/include-project-in-budget-draft.command.js';
import { RecordExAnteAssessmentCommand, RecordExAnteAssessmentDto } from '../../../../libs/projects/src/record-ex-ante-assessment.command.js';
import { RejectProjectFromLibraryCommand, RejectProjectFromLibraryDto } from '../../../../libs/projects/src/reject-project-from-library.command.js';
import { ReviewExAnteAssessmentCommand, ReviewExAnteAssessmentDto } from '../../../../libs/projects/src/review-ex-ante-assessment.command.js';
import {
  ReviewPerformanceTargetsCommand,
  ReviewPerformanceTargetsDto,
} from '../../../../libs/projects/src/review-performance-targets.command.js';
import { SetPerformanceTargetsCommand, SetPerformanceTargetsDto } from '../../../../libs/projects/src/set-performance-targets.command.js';
import type { AuthenticatedRequest } from '../http/auth.guard.js';
import { type Issuer, IssuerOf, answer, envelopeFor } from '../http/command-envelope.js';
import { ProCodePipe } from './pro-code.pipe.js';

/** The ex-ante half of the loop (domain.md §4 steps 1–4), one task-based URL per command. */
@ApiTags('projects')
@ApiBearerAuth()
@Controller('projects')
export class ProjectsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Declare a project (申报) — budget department or unit' })
  async declare(@Body() body: DeclareProjectDto, @IssuerOf() issuer: Issuer, @Res({ passthrough: true }) res: Response): Promise<CommandResult> {
    const result = await this.commands.execute(new DeclareProjectCommand(body, envelopeFor(issuer, body)));
    res.setHeader('Location', `/projects/${encodeURIComponent(result.id)}`);
    return answer(res, result);
  }

  @Post(':proCode/ex-ante/commissions')
  @HttpCode(201)
  @ApiOperation({ summary: 'Commission a third party for the ex-ante assessment — finance' })
  async commissionExAnte(
    @Param('proCode', ProCodePipe) proCode: string,
    @Body() body: CommissionExAnteAssessmentDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new CommissionExAnteAssessmentCommand({ ...body, proCode }, envelopeFor(issuer, body))));
  }

  @Post(':proCode/ex-ante/assessments')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record an ex-ante assessment (事前绩效评估) — the department, or the commissioned third party' })
  async recordExAnte(
    @Param('proCode', ProCodePipe) proCode: string,
    @Body() body: RecordExAnteAssessmentDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new RecordExAnteAssessmentCommand({ ...body, proCode }, envelopeFor(issuer, body))));
  }

  @Post(':proCode/ex-ante/assessments/:assessmentId/reviews')
  @HttpCode(201)
  @ApiOperation({ summary: 'Review an ex-ante assessment (passed / failed) — finance' })
  async reviewExAnte(
    @Param('proCode', ProCodePipe) proCode: string,
    @Param('assessmentId') assessmentId: string,
    @Body() body: ReviewExAnteAssessmentDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new ReviewExAnteAssessmentCommand({ ...body, proCode, assessmentId }, envelopeFor(issuer, body))));
  }

  @Post(':proCode/targets')
  @HttpCode(201)
  @ApiOperation({ summary: 'Submit performance targets (绩效目标), a new version — the department' })
  async setTargets(
    @Param('proCode', ProCodePipe) proCode: string,
    @Body() body: SetPerformanceTargetsDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new SetPerformanceTargetsCommand({ ...body, proCode }, envelopeFor(issuer, body))));
  }

  @Post(':proCode/targets/:version/reviews')
  @HttpCode(201)
  @ApiOperation({ summary: 'Review a target version (passed / returned with opinion) — finance' })
  async reviewTargets(
    @Param('proCode', ProCodePipe) proCode: string,
    @Param('version', ParseIntPipe) version: number,
    @Body() body: ReviewPerformanceTargetsDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new ReviewPerformanceTargetsCommand({ ...body, proCode, version }, envelopeFor(issuer, body))));
  }

  @Post(':proCode/library/admissions')
  @HttpCode(201)
  @ApiOperation({ summary: 'Admit to the project library (入库) — finance; needs ex-ante and targets passed' })
  async admit(
    @Param('proCode', ProCodePipe) proCode: string,
    @Body() body: AdmitProjectToLibraryDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new AdmitProjectToLibraryCommand({ ...body, proCode }, envelopeFor(issuer, body))));
  }

  @Post(':proCode/library/rejections')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record a refusal of library admission, with its reason — finance' })
  async reject(
    @Param('proCode', ProCodePipe) proCode: string,
    @Body() body: RejectProjectFromLibraryDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new RejectProjectFromLibraryCommand({ ...body, proCode }, envelopeFor(issuer, body))));
  }

  @Post(':proCode/budget-drafts')
  @HttpCode(201)
  @ApiOperation({ summary: 'Include in a budget draft — finance' })
  async includeInDraft(
    @Param('proCode', ProCodePipe) proCode: string,
    @Body() body: IncludeProjectInBudgetDraftDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new IncludeProjectInBudgetDraftCommand({ ...body, proCode }, envelopeFor(issuer, body))));
  }

  @Post(':proCode/budget-approvals')
  @HttpCode(201)
  @ApiOperation({ summary: 'Approve budget and targets together (同步批复下达) — finance' })
  async approve(
    @Param('proCode', ProCodePipe) proCode: string,
    @Body() body: ApproveBudgetAndTargetsDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new ApproveBudgetAndTargetsCommand({ ...body, proCode }, envelopeFor(issuer, body))));
  }

  @Get(':proCode')
  @ApiOperation({ summary: "The project's current state, folded from its stream" })
  async get(@Param('proCode', ProCodePipe) proCode: string, @Req() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    const view = await this.queries.execute(new GetProjectQuery(proCode, req.actor));
    res.setHeader('ETag', `"${view.revision}"`);
    return view;
  }

  @Get(':proCode/events')
  @ApiOperation({ summary: 'The stored events of the project stream, with metadata and hashes' })
  async events(@Param('proCode', ProCodePipe) proCode: string, @Req() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    const view = await this.queries.execute(new GetProjectEventsQuery(proCode, req.actor));
    res.setHeader('ETag', `"${view.revision}"`);
    return view;
  }
}
