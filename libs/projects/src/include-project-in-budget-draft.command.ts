import { IsInt, Max, Min } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { seedClause } from './legal-basis.js';
import { ProjectCommand, ProjectCommandHandler } from './project-command.js';
import type { ProjectEvent } from './project.events.js';
import { assertExAnteCleared, assertTargetsPassed, declared } from './project-guards.js';
import { type ProjectState, cycleOf } from './project.state.js';

export class IncludeProjectInBudgetDraftDto extends CommandBodyDto {
  @IsInt() @Min(2000) @Max(2100) fiscalYear: number;
  @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) requestedFen: number;
  @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) proposedFen: number;
}

type Payload = IncludeProjectInBudgetDraftDto & { proCode: string };
export class IncludeProjectInBudgetDraftCommand extends ProjectCommand<Payload> {}

/** Budget draft inclusion: from the library, under the same ex-ante and target gates (invariants 1, 2). */
export const decideIncludeProjectInBudgetDraft: Decide<Payload, ProjectState, ProjectEvent> = (cmd, state, { ruleSet }) => {
  const project = declared(state, cmd.proCode);
  if (state.library.status !== 'ADMITTED') {
    throw new CommandRejected('NOT_IN_LIBRARY', `${cmd.proCode} is not in the project library (入库 comes before the budget draft)`, {
      libraryStatus: state.library.status,
    });
  }
  if (cmd.fiscalYear < project.startYear || cmd.fiscalYear > project.endYear) {
    throw new CommandRejected('FISCAL_YEAR_OUTSIDE_PROJECT', `${cmd.proCode} runs ${project.startYear}–${project.endYear}, not ${cmd.fiscalYear}`);
  }
  if (cycleOf(state, cmd.fiscalYear).draft) throw new CommandRejected('ALREADY_IN_BUDGET_DRAFT', `${cmd.proCode} is already in the ${cmd.fiscalYear} budget draft`);
  assertExAnteCleared(state, ruleSet, 'budget draft inclusion');
  const targets = assertTargetsPassed(state, cmd.fiscalYear, 'budget draft inclusion');
  const planned = project.fundingPlan.filter((line) => line.fiscalYear === cmd.fiscalYear).reduce((sum, line) => sum + line.amountFen, 0);
  if (cmd.requestedFen > planned) {
    throw new CommandRejected('REQUEST_EXCEEDS_FUNDING_PLAN', `${cmd.requestedFen} fen requested for ${cmd.fiscalYear}, but the declared funding plan has ${planned} fen`, { planned });
  }
  if (cmd.proposedFen > cmd.requestedFen) {
    throw new CommandRejected('PROPOSED_EXCEEDS_REQUESTED', `the proposed ${cmd.proposedFen} fen exceed the ${cmd.requestedFen} fen requested`);
  }
  return [
    {
      type: 'ProjectIncludedInBudgetDraft',
      data: {
        proCode: cmd.proCode,
        fiscalYear: cmd.fiscalYear,
        budgetBook: project.budgetBook,
        requestedFen: cmd.requestedFen,
        proposedFen: cmd.proposedFen,
        targetVersion: targets.version,
      },
      ruleSetVersion: ruleSet.version,
      legalBasis: seedClause('三(二)'),
    },
  ];
};

@CommandHandler(IncludeProjectInBudgetDraftCommand)
export class IncludeProjectInBudgetDraftHandler extends ProjectCommandHandler<Payload> {
  protected readonly useCase = { name: 'IncludeProjectInBudgetDraft', decide: decideIncludeProjectInBudgetDraft } as const;
}
