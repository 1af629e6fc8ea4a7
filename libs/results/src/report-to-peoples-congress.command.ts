import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { BUSINESS_DATE, IsRealDate, CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { EnvelopedCommand, StreamCommandHandler } from '../../event-sourcing/src/stream-command-handler.js';
import { seedClause } from '../../projects/src/legal-basis.js';
import { cycleOf } from '../../projects/src/project.state.js';
import { RESULTS_KINDS } from './disclose-results.command.js';
import { type ItemFacts, assertItemsOfKind, itemFacts, projectItem } from './results-items.js';
import { type CongressEvent, type ResultsKind, type ResultsReportedToPeoplesCongress, congressStream } from './results.events.js';
import { type CongressState, congressModel } from './results.state.js';

type Accompanies = ResultsReportedToPeoplesCongress['data']['accompanies'];

export class ReportToPeoplesCongressDto extends CommandBodyDto {
  /** The year the draft budget or final accounts are for. */
  @IsInt() @Min(2000) @Max(2100) fiscalYear: number;
  @IsIn(RESULTS_KINDS) kind: ResultsKind;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(200) @IsString({ each: true }) @MaxLength(60, { each: true }) items: string[];
  @IsIn(['DRAFT_BUDGET', 'DRAFT_FINAL_ACCOUNTS']) accompanies: Accompanies;
  @IsRealDate() @Matches(BUSINESS_DATE, { message: 'submittedOn must be YYYY-MM-DD' }) submittedOn: string;
  @IsOptional() @IsString() @MaxLength(200) sessionRef?: string;
}

type Payload = ReportToPeoplesCongressDto;
export type ReportToPeoplesCongress = Payload & ItemFacts;
export class ReportToPeoplesCongressCommand extends EnvelopedCommand<Payload> {}

/** 五(四): 重点项目绩效目标 go with the draft budget, 绩效评价结果 with the draft final accounts. */
const ACCOMPANIES: Record<ResultsKind, Accompanies[]> = {
  TARGETS: ['DRAFT_BUDGET'],
  EVALUATION_RESULTS: ['DRAFT_FINAL_ACCOUNTS'],
  DEPT_OVERALL: ['DRAFT_BUDGET', 'DRAFT_FINAL_ACCOUNTS'],
};

/**
 * 五(四) and 二.3: finance sends key projects' targets with the draft budget and evaluation results with the draft
 * final accounts to the 人大, and departments' overall targets and self-evaluations likewise; each item once per package.
 */
export const decideReportToPeoplesCongress: Decide<ReportToPeoplesCongress, CongressState, CongressEvent> = (cmd, state) => {
  assertItemsOfKind(cmd.kind, cmd.items);
  if (!ACCOMPANIES[cmd.kind].includes(cmd.accompanies)) {
    throw new CommandRejected('ACCOMPANIMENT_MISMATCH', `${cmd.kind} goes to the 人大 with the ${ACCOMPANIES[cmd.kind].join(' or ')}, not the ${cmd.accompanies}`, {
      expected: ACCOMPANIES[cmd.kind],
    });
  }
  for (const code of cmd.items) {
    if (cmd.kind === 'DEPT_OVERALL') {
      const department = cmd.departments[code];
      if (cmd.accompanies === 'DRAFT_BUDGET' && !department?.targets.length) {
        throw new CommandRejected('DEPT_TARGETS_NOT_SET', `${code} has no ${cmd.fiscalYear} overall performance targets to report`, { deptCode: code });
      }
      if (cmd.accompanies === 'DRAFT_FINAL_ACCOUNTS' && !department?.selfEvaluation) {
        throw new CommandRejected('DEPT_SELF_EVALUATION_MISSING', `${code} has not submitted its ${cmd.fiscalYear} overall self-evaluation to report`, { deptCode: code });
      }
      continue;
    }
    const cycle = cycleOf(projectItem(cmd, code).state, cmd.fiscalYear);
    if (cmd.kind === 'TARGETS' && !cycle.draft) {
      throw new CommandRejected('NOT_IN_BUDGET_DRAFT', `${code} is not in the ${cmd.fiscalYear} budget draft whose targets go to the 人大`, { proCode: code });
    }
    if (cmd.kind === 'EVALUATION_RESULTS' && !cycle.approval) {
      throw new CommandRejected('NOT_APPROVED_FOR_YEAR', `${code} had no approved ${cmd.fiscalYear} budget: there are no ${cmd.fiscalYear} results to report`, { proCode: code });
    }
  }
  const already = cmd.items.filter((item) => state.reports.some((r) => r.kind === cmd.kind && r.accompanies === cmd.accompanies && r.items.includes(item)));
  if (already.length) {
    throw new CommandRejected('ALREADY_REPORTED', `the ${cmd.fiscalYear} ${cmd.kind} of ${already.join(', ')} already went to the 人大 with the ${cmd.accompanies}`, { items: already });
  }
  return [
    {
      type: 'ResultsReportedToPeoplesCongress',
      data: {
        fiscalYear: cmd.fiscalYear,
        reportId: `NPC-${cmd.fiscalYear}-${state.reports.length + 1}`,
        kind: cmd.kind,
        items: cmd.items,
        accompanies: cmd.accompanies,
        submittedOn: cmd.submittedOn,
        ...(cmd.sessionRef ? { sessionRef: cmd.sessionRef } : {}),
      },
      legalBasis: seedClause(cmd.kind === 'DEPT_OVERALL' ? '二.3' : '五(四)'),
    },
  ];
};

@CommandHandler(ReportToPeoplesCongressCommand)
export class ReportToPeoplesCongressHandler extends StreamCommandHandler<Payload, ReportToPeoplesCongress, CongressState, CongressEvent> {
  protected readonly spec = {
    name: 'ReportToPeoplesCongress',
    stream: (p: Payload) => congressStream(p.fiscalYear),
    model: congressModel,
    decide: decideReportToPeoplesCongress,
    id: (data: Record<string, unknown>) => String(data.reportId),
    withFacts: itemFacts<Payload>,
  } as const;
}
