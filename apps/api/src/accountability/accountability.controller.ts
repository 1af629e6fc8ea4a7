import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { IssueCirculationNoticeCommand, IssueCirculationNoticeDto } from '../../../../libs/accountability/src/issue-circulation-notice.command.js';
import { RecordAuditFindingCommand, RecordAuditFindingDto } from '../../../../libs/accountability/src/record-audit-finding.command.js';
import { ReferForAccountabilityCommand, ReferForAccountabilityDto } from '../../../../libs/accountability/src/refer-for-accountability.command.js';
import type { CommandResult } from '../../../../libs/event-sourcing/src/command-pipeline.js';
import { type Issuer, IssuerOf, answer, envelopeFor } from '../http/command-envelope.js';

/** 无效必问责 (domain.md §4 steps 16 and 19): each notice, finding and referral is a numbered document of its own. */
@ApiTags('accountability')
@ApiBearerAuth()
@Controller()
export class AccountabilityController {
  constructor(private readonly commands: CommandBus) {}

  @Post('circulation-notices')
  @HttpCode(201)
  @ApiOperation({ summary: 'Issue a circulated notice (通报) naming departments and projects, citing its basis — finance' })
  async issueNotice(@Body() body: IssueCirculationNoticeDto, @IssuerOf() issuer: Issuer, @Res({ passthrough: true }) res: Response): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new IssueCirculationNoticeCommand({ ...body }, envelopeFor(issuer, body))));
  }

  @Post('audit-findings')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record an audit finding with its evidence — audit bureau' })
  async recordFinding(@Body() body: RecordAuditFindingDto, @IssuerOf() issuer: Issuer, @Res({ passthrough: true }) res: Response): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new RecordAuditFindingCommand({ ...body }, envelopeFor(issuer, body))));
  }

  @Post('accountability-referrals')
  @HttpCode(201)
  @ApiOperation({ summary: 'Refer for accountability (追责问责), citing the basis events — finance or audit' })
  async refer(@Body() body: ReferForAccountabilityDto, @IssuerOf() issuer: Issuer, @Res({ passthrough: true }) res: Response): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new ReferForAccountabilityCommand({ ...body }, envelopeFor(issuer, body))));
  }
}
