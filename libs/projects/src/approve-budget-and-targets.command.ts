import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { seedClause } from './legal-basis.js';
import { ProjectCommand, ProjectCommandHandler } from './project-command.js';
import type { ProjectEvent } from './project.events.js';
import { assertTargetsPassed, declared } from './project-guards.js';
import { type ProjectState, cycleOf } from './project.state.js';

export class ApproveBudgetAndTargetsDto extends CommandBodyDto {
  @IsInt() @Min(2000) @Max(2100) fiscalYear: number;
  @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) approvedFen: number;
  @IsInt() @Min(1) targetVersion: number;
  @IsString() @IsNotEmpty() @MaxLength(200) approvalDocNo: string;
  @IsOptional() @IsString() @MaxLength(200) peoplesCongressSessionRef?: string;
}

type Payload = ApproveBudgetAndTargetsDto & { proCode: string };
export class ApproveBudgetAndTargetsCommand extends ProjectCommand<Payload> {}

/** 同步批复下达: one event carries the approved amount and the approved target version (invariant 3). */
export const decideApproveBudgetAndTargets: Decide<Payload, ProjectState, ProjectEvent> = (cmd, state) => {
  declared(state, cmd.proCode);
  const cycle = cycleOf(state, cmd.fiscalYear);
  if (!cycle.draft) throw new CommandRejected('NOT_IN_BUDGET_DRAFT', `${cmd.proCode} is not in the ${cmd.fiscalYear} budget draft`);
  if (cycle.approval) throw new CommandRejected('ALREADY_APPROVED', `the ${cmd.fiscalYear} budget of ${cmd.proCode} is already approved`);
  if (cmd.approvedFen > cycle.draft.proposedFen) {
    throw new CommandRejected('APPROVED_EXCEEDS_DRAFT', `the approved ${cmd.approvedFen} fen exceed the ${cycle.draft.proposedFen} fen of the budget draft`, {
      proposedFen: cycle.draft.proposedFen,
    });
  }
  const targets = assertTargetsPassed(state, cmd.fiscalYear, 'budget approval');
  if (targets.version !== cmd.targetVersion) {
    throw new CommandRejected('TARGET_VERSION_NOT_CURRENT', `the approval names target v${cmd.targetVersion}, but the passed current version is v${targets.version}`, {
      current: targets.version,
    });
  }
  return [
    {
      type: 'BudgetAndTargetsApproved',
      data: {
        proCode: cmd.proCode,
        fiscalYear: cmd.fiscalYear,
        approvedFen: cmd.approvedFen,
        targetVersion: cmd.targetVersion,
        approvalDocNo: cmd.approvalDocNo,
        ...(cmd.peoplesCongressSessionRef ? { peoplesCongressSessionRef: cmd.peoplesCongressSessionRef } : {}),
      },
      legalBasis: seedClause('三(二)'),
    },
  ];
};

@CommandHandler(ApproveBudgetAndTargetsCommand)
export class ApproveBudgetAndTargetsHandler extends ProjectCommandHandler<Payload> {
  protected readonly useCase = { name: 'ApproveBudgetAndTargets', decide: decideApproveBudgetAndTargets } as const;
}
