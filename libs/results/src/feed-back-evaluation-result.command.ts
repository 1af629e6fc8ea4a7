import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { BUSINESS_DATE, IsRealDate, CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { EnvelopedCommand, StreamCommandHandler } from '../../event-sourcing/src/stream-command-handler.js';
import { seedClause } from '../../projects/src/legal-basis.js';
import { BasisEventDto, citedBasis } from '../../event-sourcing/src/basis-events.js';
import { type ProjectResultsFacts, assertBasisOfProject, executedProject, projectResultsFacts } from './results-guards.js';
import { type ResultsEvent, resultsStream } from './results.events.js';
import { type ResultsState, resultsModel } from './results.state.js';

export class FeedBackEvaluationResultDto extends CommandBodyDto {
  /** The evaluated year. */
  @IsInt() @Min(2000) @Max(2100) fiscalYear: number;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(1000, { each: true }) requiredActions: string[];
  @IsOptional() @IsRealDate() @Matches(BUSINESS_DATE, { message: 'dueDate must be YYYY-MM-DD' }) dueDate?: string;
  @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => BasisEventDto) basisEvents: BasisEventDto[];
}

type Payload = FeedBackEvaluationResultDto & { proCode: string };
export type FeedBackEvaluationResult = Payload & ProjectResultsFacts;
export class FeedBackEvaluationResultCommand extends EnvelopedCommand<Payload> {}

/** 三(五) 反馈: finance returns an evaluation's result to the department with what it must do; it cites the result. */
export const decideFeedBackEvaluationResult: Decide<FeedBackEvaluationResult, ResultsState, ResultsEvent> = (cmd, state) => {
  const project = executedProject(cmd.project, cmd.proCode, cmd.fiscalYear);
  const requiredActions = cmd.requiredActions.map((a) => a.trim()).filter(Boolean);
  if (requiredActions.length === 0) throw new CommandRejected('ACTIONS_REQUIRED', 'feedback names at least one action the department must take');
  const basisEvents = citedBasis(cmd.cited, { required: true, what: 'feedback of an evaluation result' });
  assertBasisOfProject(cmd.cited, cmd.proCode);
  return [
    {
      type: 'EvaluationResultFedBack',
      data: {
        proCode: cmd.proCode,
        fiscalYear: cmd.fiscalYear,
        feedbackId: `FB-${state.feedbacks.length + 1}`,
        deptCode: project.deptCode,
        ...(project.unitCode ? { unitCode: project.unitCode } : {}),
        requiredActions,
        ...(cmd.dueDate ? { dueDate: cmd.dueDate } : {}),
        basisEvents,
      },
      legalBasis: seedClause('三(五)'),
    },
  ];
};

@CommandHandler(FeedBackEvaluationResultCommand)
export class FeedBackEvaluationResultHandler extends StreamCommandHandler<Payload, FeedBackEvaluationResult, ResultsState, ResultsEvent> {
  protected readonly spec = {
    name: 'FeedBackEvaluationResult',
    stream: (p: Payload) => resultsStream(p.proCode, p.fiscalYear),
    model: resultsModel,
    decide: decideFeedBackEvaluationResult,
    id: (data: Record<string, unknown>) => String(data.feedbackId),
    withFacts: projectResultsFacts<Payload>,
  } as const;
}
