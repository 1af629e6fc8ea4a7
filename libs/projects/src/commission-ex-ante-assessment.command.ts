import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { BUSINESS_DATE, IsRealDate, CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { seedClause } from './legal-basis.js';
import { ProjectCommand, ProjectCommandHandler } from './project-command.js';
import type { ProjectEvent } from './project.events.js';
import { declared } from './project-guards.js';
import type { ProjectState } from './project.state.js';

export class CommissionExAnteAssessmentDto extends CommandBodyDto {
  @IsString() @IsNotEmpty() @MaxLength(40) institutionId: string;
  @IsString() @IsNotEmpty() @MaxLength(200) institutionName: string;
  @IsOptional() @IsString() @MaxLength(200) contractRef?: string;
  @IsOptional() @IsRealDate() @Matches(BUSINESS_DATE, { message: 'dueDate must be YYYY-MM-DD' }) dueDate?: string;
}

type Payload = CommissionExAnteAssessmentDto & { proCode: string };
export class CommissionExAnteAssessmentCommand extends ProjectCommand<Payload> {}

/** Finance may have a third party (第三方机构) carry out the ex-ante assessment (三(一): 必要时组织第三方机构). */
export const decideCommissionExAnteAssessment: Decide<Payload, ProjectState, ProjectEvent> = (cmd, state) => {
  declared(state, cmd.proCode);
  if (state.commissions.some((c) => c.institutionId === cmd.institutionId && c.status === 'ACTIVE')) {
    throw new CommandRejected('COMMISSION_ALREADY_ACTIVE', `${cmd.institutionId} already holds an active ex-ante commission for ${cmd.proCode}`);
  }
  if (state.assessments.some((a) => a.review?.outcome === 'PASSED')) {
    throw new CommandRejected('EX_ANTE_ALREADY_PASSED', `the ex-ante assessment of ${cmd.proCode} has already passed review`);
  }
  return [
    {
      type: 'ExAnteAssessmentCommissioned',
      data: {
        proCode: cmd.proCode,
        commissionId: `EAC-${state.commissions.length + 1}`,
        institutionId: cmd.institutionId,
        institutionName: cmd.institutionName,
        ...(cmd.contractRef ? { contractRef: cmd.contractRef } : {}),
        ...(cmd.dueDate ? { dueDate: cmd.dueDate } : {}),
      },
      legalBasis: seedClause('三(一)'),
    },
  ];
};

@CommandHandler(CommissionExAnteAssessmentCommand)
export class CommissionExAnteAssessmentHandler extends ProjectCommandHandler<Payload> {
  protected readonly useCase = {
    name: 'CommissionExAnteAssessment',
    decide: decideCommissionExAnteAssessment,
    id: (data: Record<string, unknown>) => String(data.commissionId),
  } as const;
}
