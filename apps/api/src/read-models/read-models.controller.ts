import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReadModelQueries } from '../../../../libs/projections/src/read-model-queries.js';
import { READ_MODELS } from '../../../../libs/projections/src/read-models.js';
import type { AuthenticatedRequest } from '../http/auth.guard.js';
import { ProCodePipe } from '../projects/pro-code.pipe.js';
import { FiscalYearPipe } from '../http/fiscal-year.pipe.js';

type Params = Record<string, unknown>;

/**
 * The read models of domain.md §8. Lists take filters, page and pageSize; every query takes minPosition (the
 * position a command answered) and waits briefly until the read model reflects it, answering with the position
 * it reflects and whether it caught up.
 */
@ApiTags('read models')
@ApiBearerAuth()
@Controller()
export class ReadModelsController {
  constructor(private readonly queries: ReadModelQueries) {}

  @Get('projects/:proCode/timeline')
  @ApiOperation({ summary: 'Accountability timeline: every event of every stream of the project, with who, when, why, evidence, supersessions' })
  timeline(@Param('proCode', ProCodePipe) proCode: string, @Req() req: AuthenticatedRequest, @Query('minPosition') minPosition?: string) {
    return this.queries.one(READ_MODELS.timeline, req.actor, proCode, minPosition);
  }

  @Get('board')
  @ApiOperation({ summary: 'Closed-loop board: each step of the loop per project and year — filters fiscalYear, deptCode, unitCode, stage, status, overdue' })
  board(@Req() req: AuthenticatedRequest, @Query() params: Params) {
    return this.queries.list(READ_MODELS.board, req.actor, params);
  }

  @Get('board/:proCode/:fiscalYear')
  @ApiOperation({ summary: "One project's closed-loop board for a year" })
  boardOf(
    @Param('proCode', ProCodePipe) proCode: string,
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: number,
    @Req() req: AuthenticatedRequest,
    @Query('minPosition') minPosition?: string,
  ) {
    return this.queries.one(READ_MODELS.board, req.actor, `${proCode}:${fiscalYear}`, minPosition);
  }

  @Get('funding-ledgers')
  @ApiOperation({ summary: 'Funding ledgers: approved, adjusted, disbursed, recovered, the gate and its intervals — filters fiscalYear, deptCode, gate' })
  fundingLedgers(@Req() req: AuthenticatedRequest, @Query() params: Params) {
    return this.queries.list(READ_MODELS.fundingLedger, req.actor, params);
  }

  @Get('rectification-cases')
  @ApiOperation({ summary: 'Rectification tracker — filters fiscalYear, deptCode, status, overdue; ordered by deadline' })
  rectificationCases(@Req() req: AuthenticatedRequest, @Query() params: Params) {
    return this.queries.list(READ_MODELS.rectification, req.actor, params);
  }

  @Get('warnings')
  @ApiOperation({ summary: 'Warning board: lights by monitoring task and department — filters fiscalYear, taskId, deptCode, light' })
  warnings(@Req() req: AuthenticatedRequest, @Query() params: Params) {
    return this.queries.list(READ_MODELS.warnings, req.actor, params);
  }

  @Get('department-overviews')
  @ApiOperation({ summary: 'Department overview: projects, amounts, execution rate, grades, overall performance — filters fiscalYear, deptCode' })
  departmentOverviews(@Req() req: AuthenticatedRequest, @Query() params: Params) {
    return this.queries.list(READ_MODELS.departments, req.actor, params);
  }

  @Get('discrepancies')
  @ApiOperation({ summary: 'Discrepancy register: self-evaluation against spot-check, with notices and referrals — filters fiscalYear, deptCode, flagged, spotChecked' })
  discrepancies(@Req() req: AuthenticatedRequest, @Query() params: Params) {
    return this.queries.list(READ_MODELS.discrepancies, req.actor, params);
  }

  @Get('circulated-notices')
  @ApiOperation({ summary: 'Circulated notices (通报) and what followed them — filters fiscalYear, reason, deptCode' })
  notices(@Req() req: AuthenticatedRequest, @Query() params: Params) {
    return this.queries.list(READ_MODELS.notices, req.actor, params);
  }

  @Get('fiscal-years/:fiscalYear/register')
  @ApiOperation({ summary: 'The 人大 package and the disclosure register of a fiscal year' })
  fiscalYear(@Param('fiscalYear', FiscalYearPipe) fiscalYear: number, @Req() req: AuthenticatedRequest, @Query('minPosition') minPosition?: string) {
    return this.queries.one(READ_MODELS.fiscalYears, req.actor, String(fiscalYear), minPosition);
  }
}
