import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandResult } from '../../../../libs/event-sourcing/src/command-pipeline.js';
import { AdjustBudgetCommand, AdjustBudgetDto } from '../../../../libs/funding/src/adjust-budget.command.js';
import { ApproveFundingStopCommand, ApproveFundingStopDto } from '../../../../libs/funding/src/approve-funding-stop.command.js';
import { ApproveFundsRecoveryCommand, ApproveFundsRecoveryDto } from '../../../../libs/funding/src/approve-funds-recovery.command.js';
import { CloseBudgetExecutionCommand, CloseBudgetExecutionDto } from '../../../../libs/funding/src/close-budget-execution.command.js';
import { GetFundingLedgerQuery } from '../../../../libs/funding/src/get-funding-ledger.query.js';
import { ProposeFundingStopCommand, ProposeFundingStopDto } from '../../../../libs/funding/src/propose-funding-stop.command.js';
import { ProposeFundsRecoveryCommand, ProposeFundsRecoveryDto } from '../../../../libs/funding/src/propose-funds-recovery.command.js';
import {
  ProposeNextYearBudgetReductionCommand,
  ProposeNextYearBudgetReductionDto,
} from '../../../../libs/funding/src/propose-next-year-budget-reduction.command.js';
import { RecordDisbursementCommand, RecordDisbursementDto } from '../../../../libs/funding/src/record-disbursement.command.js';
import { ResumeDisbursementCommand, ResumeDisbursementDto } from '../../../../libs/funding/src/resume-disbursement.command.js';
import { SuspendDisbursementCommand, SuspendDisbursementDto } from '../../../../libs/funding/src/suspend-disbursement.command.js';
import type { AuthenticatedRequest } from '../http/auth.guard.js';
import { type Issuer, IssuerOf, answer, envelopeFor } from '../http/command-envelope.js';
import { HttpProblem } from '../http/problem-details.filter.js';
import { ProCodePipe } from '../projects/pro-code.pipe.js';
import { FiscalYearPipe } from '../http/fiscal-year.pipe.js';

const PROPOSAL_ID = /^(STOP|RECOVERY)-\d{1,6}$/;

function proposalId(value: string): string {
  if (!PROPOSAL_ID.test(value)) throw new HttpProblem(400, 'INVALID_PROPOSAL_ID', `${value} is not a proposal id such as STOP-1 or RECOVERY-1`);
  return value;
}

/** The funding gate of one project and fiscal year (domain.md §4 steps 5, 10, 12, 13), one task-based URL per command. */
@ApiTags('funding')
@ApiBearerAuth()
@Controller('projects/:proCode/funding/:fiscalYear')
export class FundingController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('disbursements')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record a treasury disbursement (国库集中支付), or correct one with supersedes — integration or finance' })
  async disburse(
    @Param('proCode', ProCodePipe) proCode: string,
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: number,
    @Body() body: RecordDisbursementDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new RecordDisbursementCommand({ ...body, proCode, fiscalYear }, envelopeFor(issuer, body))));
  }

  @Post('adjustments')
  @HttpCode(201)
  @ApiOperation({ summary: 'Adjust the year’s budget in execution (预算调整) — finance' })
  async adjust(
    @Param('proCode', ProCodePipe) proCode: string,
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: number,
    @Body() body: AdjustBudgetDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new AdjustBudgetCommand({ ...body, proCode, fiscalYear }, envelopeFor(issuer, body))));
  }

  @Post('suspensions')
  @HttpCode(201)
  @ApiOperation({ summary: 'Suspend disbursement (暂缓拨款) citing an overdue/rejected rectification or a SERIOUS finding — finance' })
  async suspend(
    @Param('proCode', ProCodePipe) proCode: string,
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: number,
    @Body() body: SuspendDisbursementDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new SuspendDisbursementCommand({ ...body, proCode, fiscalYear }, envelopeFor(issuer, body))));
  }

  @Post('stop-proposals')
  @HttpCode(201)
  @ApiOperation({ summary: 'Propose to stop disbursement (停止拨款), first of two finance officers' })
  async proposeStop(
    @Param('proCode', ProCodePipe) proCode: string,
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: number,
    @Body() body: ProposeFundingStopDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new ProposeFundingStopCommand({ ...body, proCode, fiscalYear }, envelopeFor(issuer, body))));
  }

  @Post('stop-proposals/:proposalId/approvals')
  @HttpCode(201)
  @ApiOperation({ summary: 'Approve a stop proposal — a finance officer other than the proposer (four-eyes)' })
  async approveStop(
    @Param('proCode', ProCodePipe) proCode: string,
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: number,
    @Param('proposalId') id: string,
    @Body() body: ApproveFundingStopDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new ApproveFundingStopCommand({ ...body, proCode, fiscalYear, proposalId: proposalId(id) }, envelopeFor(issuer, body))));
  }

  @Post('resumptions')
  @HttpCode(201)
  @ApiOperation({ summary: 'Resume a suspended or stopped disbursement, optionally citing the closed rectification case — finance' })
  async resume(
    @Param('proCode', ProCodePipe) proCode: string,
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: number,
    @Body() body: ResumeDisbursementDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new ResumeDisbursementCommand({ ...body, proCode, fiscalYear }, envelopeFor(issuer, body))));
  }

  @Post('recovery-proposals')
  @HttpCode(201)
  @ApiOperation({ summary: 'Propose to recover disbursed funds (收回统筹使用), first of two finance officers' })
  async proposeRecovery(
    @Param('proCode', ProCodePipe) proCode: string,
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: number,
    @Body() body: ProposeFundsRecoveryDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new ProposeFundsRecoveryCommand({ ...body, proCode, fiscalYear }, envelopeFor(issuer, body))));
  }

  @Post('recovery-proposals/:proposalId/approvals')
  @HttpCode(201)
  @ApiOperation({ summary: 'Approve a recovery proposal — a finance officer other than the proposer (four-eyes)' })
  async approveRecovery(
    @Param('proCode', ProCodePipe) proCode: string,
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: number,
    @Param('proposalId') id: string,
    @Body() body: ApproveFundsRecoveryDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new ApproveFundsRecoveryCommand({ ...body, proCode, fiscalYear, proposalId: proposalId(id) }, envelopeFor(issuer, body))));
  }

  @Post('next-year-reduction-proposals')
  @HttpCode(201)
  @ApiOperation({ summary: 'Propose to cut next year’s budget for slow spending or idle balances, citing the basis events — finance or the rule engine' })
  async proposeReduction(
    @Param('proCode', ProCodePipe) proCode: string,
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: number,
    @Body() body: ProposeNextYearBudgetReductionDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new ProposeNextYearBudgetReductionCommand({ ...body, proCode, fiscalYear }, envelopeFor(issuer, body))));
  }

  @Post('closing')
  @HttpCode(201)
  @ApiOperation({ summary: 'Close the year’s budget execution (决算) with its carry-over — finance or integration' })
  async close(
    @Param('proCode', ProCodePipe) proCode: string,
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: number,
    @Body() body: CloseBudgetExecutionDto,
    @IssuerOf() issuer: Issuer,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new CloseBudgetExecutionCommand({ ...body, proCode, fiscalYear }, envelopeFor(issuer, body))));
  }

  @Get()
  @ApiOperation({ summary: 'The funding ledger: approved, adjusted, disbursed, recovered, the gate and its intervals, pending proposals, 决算' })
  async ledger(
    @Param('proCode', ProCodePipe) proCode: string,
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: number,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    const view = await this.queries.execute(new GetFundingLedgerQuery(proCode, fiscalYear, req.actor));
    res.setHeader('ETag', `"${view.revision}"`);
    return view;
  }
}
