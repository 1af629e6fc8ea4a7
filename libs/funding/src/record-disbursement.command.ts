import { IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { BUSINESS_DATE, IsRealDate, CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { seedClause } from '../../projects/src/legal-basis.js';
import { FundingCommand, FundingCommandHandler, type FundingScope } from './funding-command.js';
import { type ProjectFacts, type ReadStream, approvedFen, assertExecutionOpen, assertInFiscalYear, assertNotTerminated, knownProject, readProjectFacts } from './funding-facts.js';
import type { FundingEvent } from './funding.events.js';
import { type FundingState, type GateInterval, adjustedBudgetFen, disbursedFen, intervalOn } from './funding.state.js';

export class RecordDisbursementDto extends CommandBodyDto {
  @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) amountFen: number;
  /** The treasury payment voucher (国库集中支付凭证) number: one disbursement per voucher. */
  @IsString() @IsNotEmpty() @MaxLength(100) paymentRef: string;
  @IsRealDate() @Matches(BUSINESS_DATE, { message: 'paidOn must be a date (YYYY-MM-DD)' }) paidOn: string;
  @IsOptional() @IsString() @MaxLength(100) fundSource?: string;
}

type Payload = RecordDisbursementDto & FundingScope;
type Command = Payload & ProjectFacts;
export class RecordDisbursementCommand extends FundingCommand<Payload> {}

function gateRefusal(interval: GateInterval, cmd: Payload, current: boolean): CommandRejected {
  const suspended = interval.status === 'SUSPENDED';
  const span = interval.to ? `from ${interval.from} to ${interval.to}` : `since ${interval.from}`;
  const why = current
    ? `no disbursement until finance resumes it (invariant 4)`
    : `a payment dated ${cmd.paidOn} falls inside it (invariant 4)`;
  return new CommandRejected(
    suspended ? 'FUNDING_SUSPENDED' : 'FUNDING_STOPPED',
    `disbursement for ${cmd.proCode} in ${cmd.fiscalYear} was ${suspended ? 'suspended (暂缓拨款)' : 'stopped (停止拨款)'} ${span} (乳发〔2020〕3号 三(三)2): ${why}`,
    { status: interval.status, from: interval.from, ...(interval.to ? { to: interval.to } : {}), basis: interval.basis },
  );
}

/**
 * Step 5: a payment from the treasury (国库集中支付). Invariant 4: none while the gate is suspended or stopped,
 * and the net disbursement never exceeds the adjusted budget. A correction names the FundsDisbursed it replaces.
 */
export const decideRecordDisbursement: Decide<Command, FundingState, FundingEvent> = (cmd, state, { supersedes }) => {
  knownProject(cmd);
  if (!Number.isSafeInteger(cmd.amountFen) || cmd.amountFen <= 0) {
    throw new CommandRejected('AMOUNT_NOT_POSITIVE', `a disbursement is a positive whole number of fen, not ${cmd.amountFen}`);
  }
  const approved = approvedFen(cmd);
  const corrected = supersedes ? state.disbursements.find((d) => d.eventId === supersedes.eventId) : undefined;
  const increaseFen = cmd.amountFen - (corrected?.amountFen ?? 0);
  // A correction that only lowers an amount, on the same date, pays nothing out: the gate does not hold it back.
  // The gate is checked first: a payment dated inside a suspension is refused for that, whatever came later.
  const paysOut = !corrected || increaseFen > 0 || corrected.paidOn !== cmd.paidOn;
  if (paysOut) {
    const current = state.gate === 'OPEN' ? undefined : state.intervals[state.intervals.length - 1];
    if (current) throw gateRefusal(current, cmd, true);
    const past = intervalOn(state, cmd.paidOn);
    if (past) throw gateRefusal(past, cmd, false);
  }
  assertExecutionOpen(state, cmd);
  assertInFiscalYear(cmd.paidOn, cmd.fiscalYear, 'paidOn');
  assertNotTerminated(cmd, cmd.paidOn, 'a disbursement');

  const duplicate = state.disbursements.find((d) => d.paymentRef === cmd.paymentRef && d !== corrected);
  if (duplicate) {
    throw new CommandRejected('DUPLICATE_PAYMENT_REF', `payment ${cmd.paymentRef} of ${duplicate.paidOn} is already recorded; to change it, send a correction that supersedes event ${duplicate.eventId}`, {
      paymentRef: cmd.paymentRef,
      eventId: duplicate.eventId,
    });
  }

  // Invariant 4 counts every disbursement: recovered money is re-pooled elsewhere (收回统筹使用), it does not
  // give the project its budget room back.
  const adjustedFen = adjustedBudgetFen(approved, state);
  const cumulativeAfterFen = disbursedFen(state) + increaseFen;
  if (cumulativeAfterFen > adjustedFen) {
    const availableFen = adjustedFen - disbursedFen(state);
    throw new CommandRejected(
      'EXCEEDS_ADJUSTED_BUDGET',
      `${cmd.amountFen} fen would bring the cumulative disbursement of ${cmd.proCode} to ${cumulativeAfterFen} fen, above its adjusted ${cmd.fiscalYear} budget of ${adjustedFen} fen (${availableFen} fen remain)`,
      { adjustedBudgetFen: adjustedFen, disbursedFen: disbursedFen(state), availableFen },
    );
  }

  return [
    {
      type: 'FundsDisbursed',
      data: {
        proCode: cmd.proCode,
        fiscalYear: cmd.fiscalYear,
        amountFen: cmd.amountFen,
        paymentRef: cmd.paymentRef,
        paidOn: cmd.paidOn,
        ...(cmd.fundSource ? { fundSource: cmd.fundSource } : {}),
      },
      legalBasis: seedClause('三(三)'),
    },
  ];
};

@CommandHandler(RecordDisbursementCommand)
export class RecordDisbursementHandler extends FundingCommandHandler<Payload, Command> {
  protected readonly useCase = {
    name: 'RecordDisbursement',
    decide: decideRecordDisbursement,
    id: (data: Record<string, unknown>) => String(data.paymentRef),
    withFacts: async (payload: Payload, read: ReadStream) => ({ ...payload, ...(await readProjectFacts(payload.proCode, payload.fiscalYear, read)) }),
    corrects: ['FundsDisbursed'],
  } as const;
}
