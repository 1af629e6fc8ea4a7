import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNotEmpty, IsString, IsUrl, Matches, Max, MaxLength, Min } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { BUSINESS_DATE, IsRealDate, CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { AccessDenied, CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { EnvelopedCommand, StreamCommandHandler } from '../../event-sourcing/src/stream-command-handler.js';
import { assertActsForOwner } from '../../identity/src/authorization.js';
import { seedClause } from '../../projects/src/legal-basis.js';
import { cycleOf } from '../../projects/src/project.state.js';
import { type ItemFacts, assertItemsOfKind, itemFacts, projectItem } from './results-items.js';
import { type DisclosureEvent, type ResultsKind, disclosureStream } from './results.events.js';
import { type DisclosureState, disclosureModel } from './results.state.js';

export const RESULTS_KINDS: ResultsKind[] = ['TARGETS', 'EVALUATION_RESULTS', 'DEPT_OVERALL'];

export class DiscloseResultsDto extends CommandBodyDto {
  @IsInt() @Min(2000) @Max(2100) fiscalYear: number;
  @IsIn(RESULTS_KINDS) kind: ResultsKind;
  /** Project codes, or department codes for DEPT_OVERALL. */
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(200) @IsString({ each: true }) @MaxLength(60, { each: true }) items: string[];
  @IsString() @IsNotEmpty() @MaxLength(200) channel: string;
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }) @MaxLength(1000) url: string;
  @IsRealDate() @Matches(BUSINESS_DATE, { message: 'publishedOn must be YYYY-MM-DD' }) publishedOn: string;
}

type Payload = DiscloseResultsDto;
export type DiscloseResults = Payload & ItemFacts;
export class DiscloseResultsCommand extends EnvelopedCommand<Payload> {}

/**
 * 五(四) 信息公开: targets and evaluation results are made public with the budget and final accounts, by finance or by
 * the department for its own projects. Only approved targets and executed years are disclosed.
 */
export const decideDiscloseResults: Decide<DiscloseResults, DisclosureState, DisclosureEvent> = (cmd, state, { actor }) => {
  assertItemsOfKind(cmd.kind, cmd.items);
  const byDepartment = actor.role !== 'FINANCE_AUTHORITY';
  for (const code of cmd.items) {
    if (cmd.kind === 'DEPT_OVERALL') {
      if (byDepartment && actor.deptCode !== code) {
        throw new AccessDenied('NOT_YOUR_DEPARTMENT', `${actor.orgCode} discloses the overall performance of its own department, not of ${code}`, { deptCode: code });
      }
      if (!cmd.departments[code]?.targets.length) {
        throw new CommandRejected('DEPT_TARGETS_NOT_SET', `${code} has no ${cmd.fiscalYear} overall performance targets to disclose`, { deptCode: code });
      }
      continue;
    }
    const project = projectItem(cmd, code);
    if (byDepartment) assertActsForOwner(actor, project);
    if (!cycleOf(project.state, cmd.fiscalYear).approval) {
      throw new CommandRejected('NOT_APPROVED_FOR_YEAR', `${code} had no approved ${cmd.fiscalYear} budget and targets: there is nothing of ${cmd.fiscalYear} to disclose`, {
        proCode: code,
      });
    }
  }
  return [
    {
      type: 'ResultsDisclosed',
      data: {
        fiscalYear: cmd.fiscalYear,
        disclosureId: `DSC-${cmd.fiscalYear}-${state.disclosures.length + 1}`,
        kind: cmd.kind,
        items: cmd.items,
        channel: cmd.channel.trim(),
        url: cmd.url,
        publishedOn: cmd.publishedOn,
      },
      legalBasis: seedClause('五(四)'),
    },
  ];
};

@CommandHandler(DiscloseResultsCommand)
export class DiscloseResultsHandler extends StreamCommandHandler<Payload, DiscloseResults, DisclosureState, DisclosureEvent> {
  protected readonly spec = {
    name: 'DiscloseResults',
    stream: (p: Payload) => disclosureStream(p.fiscalYear),
    model: disclosureModel,
    decide: decideDiscloseResults,
    id: (data: Record<string, unknown>) => String(data.disclosureId),
    withFacts: itemFacts<Payload>,
  } as const;
}
