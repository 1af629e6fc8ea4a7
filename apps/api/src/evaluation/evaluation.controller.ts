import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CommissionThirdPartyCommand, CommissionThirdPartyDto } from '../../../../libs/evaluation/src/commission-third-party.command.js';
import { CompleteKeyEvaluationCommand, CompleteKeyEvaluationDto } from '../../../../libs/evaluation/src/complete-key-evaluation.command.js';
import { FileSelfEvaluationCommand, FileSelfEvaluationDto } from '../../../../libs/evaluation/src/file-self-evaluation.command.js';
import { type EvaluationView, GetEvaluationQuery } from '../../../../libs/evaluation/src/get-evaluation.query.js';
import { RecordSpotCheckCommand, RecordSpotCheckDto } from '../../../../libs/evaluation/src/record-spot-check.command.js';
import { ReviewSelfEvaluationCommand, ReviewSelfEvaluationDto } from '../../../../libs/evaluation/src/review-self-evaluation.command.js';
import {
  SubmitKeyEvaluationReportCommand,
  SubmitKeyEvaluationReportDto,
} from '../../../../libs/evaluation/src/submit-key-evaluation-report.command.js';
import { SubmitSelfEvaluationCommand, SubmitSelfEvaluationDto } from '../../../../libs/evaluation/src/submit-self-evaluation.command.js';
import type { CommandResult } from '../../../../libs/event-sourcing/src/command-pipeline.js';
import type { AuthenticatedRequest } from '../http/auth.guard.js';
import { type Issuer, IssuerOf, answer, envelopeFor } from '../http/command-envelope.js';
import { ProCodePipe } from '../projects/pro-code.pipe.js';
import { FiscalYearPipe } from '../http/fiscal-year.pipe.js';

/** The ex-post half of the loop (domain.md §4 steps 14–17) for one project and fiscal year, one task-based URL per command. */
@ApiTags('evaluation')
@ApiBearerAuth()
@Controller('projects/:proCode/evaluations/:fiscalYear')
export class EvaluationController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('self-evaluation')
  @HttpCode(201)
  @ApiOperation({ summary: 'Submit the self-evaluation (单位自评), or correct it with supersedes until filed — the owning department or unit' })
  async submitSelfEvaluation(
    @Param('proCode', ProCodePipe) proCode: string,
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: number,
    @Body() body: SubmitSelfEvaluationDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new SubmitSelfEvaluationCommand({ ...body, proCode, fiscalYear }, envelopeFor(issuer, body))));
  }

  @Post('self-evaluation/reviews')
  @HttpCode(201)
  @ApiOperation({ summary: 'Review the self-evaluation with a department score (主管部门评分) — the competent budget department' })
  async reviewSelfEvaluation(
    @Param('proCode', ProCodePipe) proCode: string,
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: number,
    @Body() body: ReviewSelfEvaluationDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new ReviewSelfEvaluationCommand({ ...body, proCode, fiscalYear }, envelopeFor(issuer, body))));
  }

  @Post('self-evaluation/filing')
  @HttpCode(201)
  @ApiOperation({ summary: 'File the self-evaluation (审核备案) — finance' })
  async fileSelfEvaluation(
    @Param('proCode', ProCodePipe) proCode: string,
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: number,
    @Body() body: FileSelfEvaluationDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new FileSelfEvaluationCommand({ ...body, proCode, fiscalYear }, envelopeFor(issuer, body))));
  }

  @Post('commissions')
  @HttpCode(201)
  @ApiOperation({ summary: 'Commission a third party for the spot-check (scope SPOT_CHECK) or the key evaluation (scope KEY_EVALUATION) — finance' })
  async commissionThirdParty(
    @Param('proCode', ProCodePipe) proCode: string,
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: number,
    @Body() body: CommissionThirdPartyDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new CommissionThirdPartyCommand({ ...body, proCode, fiscalYear }, envelopeFor(issuer, body))));
  }

  @Post('spot-checks')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record the spot-check review (抽查复核) of a filed self-evaluation; flags a discrepancy — finance, or the commissioned third party' })
  async recordSpotCheck(
    @Param('proCode', ProCodePipe) proCode: string,
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: number,
    @Body() body: RecordSpotCheckDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new RecordSpotCheckCommand({ ...body, proCode, fiscalYear }, envelopeFor(issuer, body))));
  }

  @Post('key-evaluation/reports')
  @HttpCode(201)
  @ApiOperation({ summary: 'Submit the key-evaluation report (重点评价) — the third party under an active KEY_EVALUATION commission' })
  async submitKeyEvaluationReport(
    @Param('proCode', ProCodePipe) proCode: string,
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: number,
    @Body() body: SubmitKeyEvaluationReportDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new SubmitKeyEvaluationReportCommand({ ...body, proCode, fiscalYear }, envelopeFor(issuer, body))));
  }

  @Post('key-evaluation/completion')
  @HttpCode(201)
  @ApiOperation({ summary: 'Accept a key-evaluation report and complete the key evaluation — finance' })
  async completeKeyEvaluation(
    @Param('proCode', ProCodePipe) proCode: string,
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: number,
    @Body() body: CompleteKeyEvaluationDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new CompleteKeyEvaluationCommand({ ...body, proCode, fiscalYear }, envelopeFor(issuer, body))));
  }

  @Get()
  @ApiOperation({ summary: 'The evaluation of the project and year: self-evaluation, reviews, filing, spot-check, discrepancy, key evaluation' })
  async get(
    @Param('proCode', ProCodePipe) proCode: string,
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: number,
    @Req() req: AuthenticatedRequest,
  ): Promise<EvaluationView> {
    return this.queries.execute(new GetEvaluationQuery(proCode, fiscalYear, req.actor));
  }
}
