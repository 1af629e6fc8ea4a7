import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { BUSINESS_DATE, IsRealDate, CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected, NotFound } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { seedClause } from '../../projects/src/legal-basis.js';
import { rectificationStream } from '../../rectification/src/rectification.events.js';
import { type RectificationStatus, rectificationModel } from '../../rectification/src/rectification.state.js';
import { FundingCommand, FundingCommandHandler, type FundingScope } from './funding-command.js';
import {
  type ProjectFacts,
  type ReadStream,
  assertAfterLastGateChange,
  assertExecutionOpen,
  assertInFiscalYear,
  assertNotTerminated,
  knownProject,
  readProjectFacts,
} from './funding-facts.js';
import type { FundingEvent } from './funding.events.js';
import type { FundingState } from './funding.state.js';

export class ResumeDisbursementDto extends CommandBodyDto {
  @IsRealDate() @Matches(BUSINESS_DATE, { message: 'effectiveOn must be a date (YYYY-MM-DD)' }) effectiveOn: string;
  @IsString() @IsNotEmpty() @MaxLength(2000) reason: string;
  @IsString() @IsNotEmpty() @MaxLength(200) docNo: string;
  /** The rectification case whose acceptance the resumption rests on, if any. */
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100) caseId?: string;
}

type Payload = ResumeDisbursementDto & FundingScope;
type Command = Payload & ProjectFacts & { rectification?: { caseId: string; case?: { proCode: string; status: RectificationStatus } } };
export class ResumeDisbursementCommand extends FundingCommand<Payload> {}

/** Step 10: only a new finance decision reopens the gate; if it cites a rectification, that case is closed (accepted). */
export const decideResumeDisbursement: Decide<Command, FundingState, FundingEvent> = (cmd, state) => {
  knownProject(cmd);
  assertExecutionOpen(state, cmd);
  if (state.gate === 'OPEN') {
    throw new CommandRejected('FUNDING_NOT_SUSPENDED', `disbursement for ${cmd.proCode} in ${cmd.fiscalYear} is neither suspended nor stopped: there is nothing to resume`);
  }
  assertInFiscalYear(cmd.effectiveOn, cmd.fiscalYear, 'effectiveOn');
  assertAfterLastGateChange(state, cmd.effectiveOn);
  assertNotTerminated(cmd, cmd.effectiveOn, 'resuming disbursement');
  if (cmd.rectification) {
    const { caseId, case: found } = cmd.rectification;
    if (!found) throw new NotFound('BASIS_NOT_FOUND', `there is no rectification case ${caseId}`, { caseId });
    if (found.proCode !== cmd.proCode) {
      throw new CommandRejected('BASIS_NOT_ELIGIBLE', `rectification case ${caseId} concerns project ${found.proCode}, not ${cmd.proCode}`, { caseId, proCode: found.proCode });
    }
    if (found.status !== 'CLOSED') {
      throw new CommandRejected('CASE_NOT_CLOSED', `rectification case ${caseId} is ${found.status}: a resumption can rest on it only once finance has accepted the rectification`, {
        caseId,
        status: found.status,
      });
    }
  }
  return [
    {
      type: 'FundDisbursementResumed',
      data: {
        proCode: cmd.proCode,
        fiscalYear: cmd.fiscalYear,
        effectiveOn: cmd.effectiveOn,
        reason: cmd.reason,
        docNo: cmd.docNo,
        ...(cmd.rectification ? { basis: { caseId: cmd.rectification.caseId } } : {}),
      },
      legalBasis: seedClause('三(三)2'),
    },
  ];
};

@CommandHandler(ResumeDisbursementCommand)
export class ResumeDisbursementHandler extends FundingCommandHandler<Payload, Command> {
  protected readonly useCase = {
    name: 'ResumeDisbursement',
    decide: decideResumeDisbursement,
    withFacts: async (payload: Payload, read: ReadStream): Promise<Command> => {
      const facts = await readProjectFacts(payload.proCode, payload.fiscalYear, read);
      if (!payload.caseId) return { ...payload, ...facts };
      const rectification = await read(rectificationStream(payload.caseId), rectificationModel);
      const found = rectification.notice && rectification.status ? { proCode: rectification.notice.proCode, status: rectification.status } : undefined;
      return { ...payload, ...facts, rectification: { caseId: payload.caseId, ...(found ? { case: found } : {}) } };
    },
  } as const;
}
