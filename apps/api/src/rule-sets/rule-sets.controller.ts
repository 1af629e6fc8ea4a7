import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandResult } from '../../../../libs/event-sourcing/src/command-pipeline.js';
import { GetRuleSetQuery } from '../../../../libs/rule-sets/src/get-rule-set.query.js';
import { PublishRuleSetCommand, PublishRuleSetDto } from '../../../../libs/rule-sets/src/publish-rule-set.command.js';
import { type Issuer, IssuerOf, answer, envelopeFor } from '../http/command-envelope.js';
import { HttpProblem } from '../http/problem-details.filter.js';

const RULE_SET_ID = /^[a-z0-9-]{1,40}$/;
const checkedId = (id: string) => {
  if (!RULE_SET_ID.test(id)) throw new HttpProblem(400, 'INVALID_RULE_SET_ID', 'a rule set id is 1–40 lowercase letters, digits or -');
  return id;
};

@ApiTags('rule-sets')
@ApiBearerAuth()
@Controller('rule-sets')
export class RuleSetsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post(':id/versions')
  @HttpCode(201)
  @ApiOperation({ summary: 'Publish a new version of a rule set (grades, weights, thresholds, linkage) — finance' })
  async publish(@Param('id') id: string, @Body() body: PublishRuleSetDto, @IssuerOf() issuer: Issuer, @Res({ passthrough: true }) res: Response): Promise<CommandResult> {
    return answer(res, await this.commands.execute(new PublishRuleSetCommand({ ...body, id: checkedId(id) }, envelopeFor(issuer, body))));
  }

  @Get(':id')
  @ApiOperation({ summary: 'The rule set in force and every published version' })
  get(@Param('id') id: string) {
    return this.queries.execute(new GetRuleSetQuery(checkedId(id)));
  }
}
