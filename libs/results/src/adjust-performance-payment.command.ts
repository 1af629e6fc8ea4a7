import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsNotEmpty, IsNumber, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { EnvelopedCommand, type StreamCommandSpec, StreamCommandHandler } from '../../event-sourcing/src/stream-command-handler.js';
import { seedClause } from '../../projects/src/legal-basis.js';
import { BasisEventDto, citedBasis } from '../../event-sourcing/src/basis-events.js';
import { type ProjectResultsFacts, assertBasisOfProject, executedProject, projectResultsFacts } from './results-guards.js';
import { type ResultsEvent, resultsStream } from './results.events.js';
import { type ResultsState, resultsModel } from './results.state.js';

/** scheduledFen × 120 (the factor in hundredths) must stay an exact integer. */
const MAX_SCHEDULED_FEN = Math.floor(Number.MAX_SAFE_INTEGER / 120);
const MAX_FACTOR = 1.2;

export class AdjustPerformancePaymentDto extends CommandBodyDto {
  @IsInt() @Min(2000) @Max(2100) fiscalYear: number;
  @IsString() @IsNotEmpty() @MaxLength(200) contractRef: string;
  @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100) periodScore: number;
  @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(MAX_FACTOR) paymentFactor: number;
  /** What the contract schedules for the period before performance is applied. */
  @IsInt() @Min(1) @Max(MAX_SCHEDULED_FEN) scheduledFen: number;
  @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) payableFen: number;
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => BasisEventDto) basisEvents?: BasisEventDto[];
}

type Payload = AdjustPerformancePaymentDto & { proCode: string };
export type AdjustPerformancePayment = Payload & ProjectResultsFacts;
export class AdjustPerformancePaymentCommand extends EnvelopedCommand<Payload> {}

/** The seed's 按效付费 is for government investment and financing projects: PPP and investment funds. */
export const PAY_FOR_PERFORMANCE = ['PPP', 'GOVERNMENT_INVESTMENT_FUND'] as const;

/** 三(五) 按效付费: the contract payment of the period is the scheduled amount times the performance factor. */
export const decideAdjustPerformancePayment: Decide<AdjustPerformancePayment, ResultsState, ResultsEvent> = (cmd, state, { supersedes }) => {
  const project = executedProject(cmd.project, cmd.proCode, cmd.fiscalYear);
  if (!project.fundingArrangements.some((a) => (PAY_FOR_PERFORMANCE as readonly string[]).includes(a))) {
    throw new CommandRejected(
      'NOT_PAY_FOR_PERFORMANCE',
      `${cmd.proCode} declares ${project.fundingArrangements.join(', ') || 'no funding arrangement'}: payment by performance applies to PPP and government investment fund projects`,
      { fundingArrangements: project.fundingArrangements },
    );
  }
  const hundredths = Math.round(cmd.paymentFactor * 100);
  if (Math.abs(cmd.paymentFactor * 100 - hundredths) > 1e-9 || hundredths < 0 || hundredths > MAX_FACTOR * 100) {
    throw new CommandRejected('FACTOR_OUT_OF_RANGE', `the payment factor is 0 to ${MAX_FACTOR} in steps of 0.01, not ${cmd.paymentFactor}`);
  }
  const expectedFen = Math.round((cmd.scheduledFen * hundredths) / 100);
  if (cmd.payableFen !== expectedFen) {
    throw new CommandRejected('PAYABLE_MISMATCH', `${cmd.scheduledFen} fen × ${cmd.paymentFactor} is ${expectedFen} fen payable, not ${cmd.payableFen}`, { expectedFen });
  }
  const basisEvents = citedBasis(cmd.cited, { required: false, what: 'a performance payment' });
  assertBasisOfProject(cmd.cited, cmd.proCode);
  const earlier = state.payments.find((p) => !p.superseded && p.eventId !== supersedes?.eventId && p.contractRef === cmd.contractRef);
  if (earlier) {
    throw new CommandRejected('PAYMENT_ALREADY_ADJUSTED', `${earlier.paymentId} already set the ${cmd.fiscalYear} payment of ${cmd.contractRef}; a correction names it in supersedes`, {
      paymentId: earlier.paymentId,
      eventId: earlier.eventId,
    });
  }
  return [
    {
      type: 'PerformancePaymentAdjusted',
      data: {
        proCode: cmd.proCode,
        fiscalYear: cmd.fiscalYear,
        paymentId: `PAY-${state.payments.length + 1}`,
        contractRef: cmd.contractRef,
        periodScore: cmd.periodScore,
        paymentFactor: hundredths / 100,
        scheduledFen: cmd.scheduledFen,
        payableFen: cmd.payableFen,
        basisEvents,
      },
      legalBasis: seedClause('三(五)'),
    },
  ];
};

@CommandHandler(AdjustPerformancePaymentCommand)
export class AdjustPerformancePaymentHandler extends StreamCommandHandler<Payload, AdjustPerformancePayment, ResultsState, ResultsEvent> {
  protected readonly spec: StreamCommandSpec<Payload, AdjustPerformancePayment, ResultsState, ResultsEvent> = {
    name: 'AdjustPerformancePayment',
    stream: (p) => resultsStream(p.proCode, p.fiscalYear),
    model: resultsModel,
    decide: decideAdjustPerformancePayment,
    id: (data) => String(data.paymentId),
    withFacts: projectResultsFacts<Payload>,
    corrects: ['PerformancePaymentAdjusted'],
  };
}
