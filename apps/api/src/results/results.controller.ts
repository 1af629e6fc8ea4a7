import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandResult } from '../../../../libs/event-sourcing/src/command-pipeline.js';
import { AdjustNextYearBudgetCommand, AdjustNextYearBudgetDto } from '../../../../libs/results/src/adjust-next-year-budget.command.js';
import { AdjustPerformancePaymentCommand, AdjustPerformancePaymentDto } from '../../../../libs/results/src/adjust-performance-payment.command.js';
import { DiscloseResultsCommand, DiscloseResultsDto } from '../../../../libs/results/src/disclose-results.command.js';
import { FeedBackEvaluationResultCommand, FeedBackEvaluationResultDto } from '../../../../libs/results/src/feed-back-evaluation-result.command.js';
import { ReportToPeoplesCongressCommand, ReportToPeoplesCongressDto } from '../../../../libs/results/src/report-to-peoples-congress.command.js';
import { type Issuer, IssuerOf, answer, envelopeFor } from '../http/command-envelope.js';
import { ProCodePipe } from '../projects/pro-code.pipe.js';

/** Results application (结果应用, domain.md §4 step 18): per project and evaluated year, and the yearly registers. */
@ApiTags('results')
@ApiBearerAuth()
@Controller()
export class ResultsController {
  constructor(private readonly commands: CommandBus) {}

  @Post('projects/:proCode/results/feedback')
  @HttpCode(201)
  @ApiOperation({ summary: 'Feed an evaluation result back to the department with required actions, citing it — finance' })
  async feedBack(
    @Param('proCode', ProCodePipe) proCode: string,
    @Body() body: FeedBackEvaluationResultDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new FeedBackEvaluationResultCommand({ ...body, proCode }, envelopeFor(issuer, body))));
  }

  @Post('projects/:proCode/results/next-year-budget-adjustments')
  @HttpCode(201)
  @ApiOperation({ summary: "Adjust a later year's budget on this year's results, citing the basis events — finance" })
  async adjustNextYearBudget(
    @Param('proCode', ProCodePipe) proCode: string,
    @Body() body: AdjustNextYearBudgetDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new AdjustNextYearBudgetCommand({ ...body, proCode }, envelopeFor(issuer, body))));
  }

  @Post('projects/:proCode/results/performance-payments')
  @HttpCode(201)
  @ApiOperation({ summary: 'Set the pay-for-performance factor of a PPP or investment-fund contract (按效付费) — finance' })
  async adjustPerformancePayment(
    @Param('proCode', ProCodePipe) proCode: string,
    @Body() body: AdjustPerformancePaymentDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new AdjustPerformancePaymentCommand({ ...body, proCode }, envelopeFor(issuer, body))));
  }

  @Post('disclosures')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record a public disclosure of targets or results in the year’s register — finance, or the department for its own' })
  async disclose(@Body() body: DiscloseResultsDto, @IssuerOf() issuer: Issuer, @Res({ passthrough: true }) res: Response): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new DiscloseResultsCommand({ ...body }, envelopeFor(issuer, body))));
  }

  @Post('peoples-congress-reports')
  @HttpCode(201)
  @ApiOperation({ summary: 'Send targets or results to the 人大 with the draft budget or final accounts — finance' })
  async reportToCongress(@Body() body: ReportToPeoplesCongressDto, @IssuerOf() issuer: Issuer, @Res({ passthrough: true }) res: Response): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new ReportToPeoplesCongressCommand({ ...body }, envelopeFor(issuer, body))));
  }
}
