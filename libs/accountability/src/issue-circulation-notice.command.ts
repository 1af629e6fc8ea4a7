import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { EnvelopedCommand, type StreamCommandSpec, StreamCommandHandler } from '../../event-sourcing/src/stream-command-handler.js';
import { PRO_CODE } from '../../projects/src/declare-project.command.js';
import { seedClause } from '../../projects/src/legal-basis.js';
import { BasisEventDto, citedBasis } from '../../event-sourcing/src/basis-events.js';
import { type AccountabilityFacts, DOCUMENT_ID, accountabilityFacts, assertNotIssued, projectDepartment } from './accountability-facts.js';
import { type AccountabilityEvent, type CirculationNoticeIssued, type CirculationReason, noticeStream } from './accountability.events.js';
import { type NoticeState, noticeModel } from './accountability.state.js';

class NoticeSubjectDto {
  @IsString() @IsNotEmpty() @MaxLength(40) deptCode: string;
  @IsOptional() @Matches(PRO_CODE, { message: 'proCode must look like 371083-2024-D101-001' }) proCode?: string;
}

export class IssueCirculationNoticeDto extends CommandBodyDto {
  @Matches(DOCUMENT_ID, { message: 'noticeId must be 3–40 letters, digits, _ . or -, e.g. TB-2024-03' }) noticeId: string;
  @IsInt() @Min(2000) @Max(2100) fiscalYear: number;
  @IsString() @IsNotEmpty() @MaxLength(200) docNo: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => NoticeSubjectDto) subjects: NoticeSubjectDto[];
  @IsArray() @ArrayMinSize(1) @ArrayUnique() @IsIn(['NOT_SUBMITTED', 'LARGE_DISCREPANCY', 'POOR_RESULT', 'INEFFECTIVE_WORK'], { each: true }) reasons: CirculationReason[];
  @IsString() @IsNotEmpty() @MaxLength(4000) text: string;
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => BasisEventDto) basisEvents?: BasisEventDto[];
}

type Payload = IssueCirculationNoticeDto;
export type IssueCirculationNotice = Payload & AccountabilityFacts;
export class IssueCirculationNoticeCommand extends EnvelopedCommand<Payload> {}

/** A discrepancy or a 差 result is a recorded fact the notice must cite; a missing self-evaluation is an absence. */
const RESTS_ON_RECORDED_RESULT: CirculationReason[] = ['LARGE_DISCREPANCY', 'POOR_RESULT'];

/**
 * 通报: finance circulates a notice naming departments (and projects) that did not self-evaluate, whose self-evaluation
 * diverged from the spot-check, whose spot-check was 差 (三(四)1) or whose work lagged (五(四)).
 */
export const decideIssueCirculationNotice: Decide<IssueCirculationNotice, NoticeState, AccountabilityEvent> = (cmd, state, { supersedes }) => {
  assertNotIssued(state.issued, supersedes, 'NOTICE_ALREADY_ISSUED', `circulated notice ${cmd.noticeId}`);
  if (!cmd.text.trim()) throw new CommandRejected('TEXT_REQUIRED', 'a circulated notice states what it criticises');
  const subjects: CirculationNoticeIssued['data']['subjects'] = cmd.subjects.map(({ deptCode, proCode }) => {
    if (proCode) projectDepartment(cmd, proCode, deptCode);
    return { deptCode, ...(proCode ? { proCode } : {}) };
  });
  const keys = subjects.map((s) => `${s.deptCode}/${s.proCode ?? ''}`);
  const repeated = keys.filter((key, i) => keys.indexOf(key) !== i);
  if (repeated.length) throw new CommandRejected('SUBJECT_REPEATED', `${repeated.join(', ')} is named more than once`, { subjects: repeated });
  const needsBasis = cmd.reasons.filter((r) => RESTS_ON_RECORDED_RESULT.includes(r));
  const basisEvents = citedBasis(cmd.cited, { required: needsBasis.length > 0, what: `a notice for ${needsBasis.join(' and ')}` });
  const clauses = [...(cmd.reasons.some((r) => r !== 'INEFFECTIVE_WORK') ? ['三(四)1'] : []), ...(cmd.reasons.includes('INEFFECTIVE_WORK') ? ['五(四)'] : [])];
  return [
    {
      type: 'CirculationNoticeIssued',
      data: { noticeId: cmd.noticeId, fiscalYear: cmd.fiscalYear, docNo: cmd.docNo, subjects, reasons: cmd.reasons, text: cmd.text.trim(), basisEvents },
      legalBasis: clauses.flatMap(seedClause),
    },
  ];
};

@CommandHandler(IssueCirculationNoticeCommand)
export class IssueCirculationNoticeHandler extends StreamCommandHandler<Payload, IssueCirculationNotice, NoticeState, AccountabilityEvent> {
  protected readonly spec: StreamCommandSpec<Payload, IssueCirculationNotice, NoticeState, AccountabilityEvent> = {
    name: 'IssueCirculationNotice',
    stream: (p) => noticeStream(p.noticeId),
    model: noticeModel,
    decide: decideIssueCirculationNotice,
    id: (data) => String(data.noticeId),
    withFacts: (payload, read) => accountabilityFacts(payload, payload.subjects.map((s) => s.proCode), payload.basisEvents, read),
    corrects: ['CirculationNoticeIssued'],
  };
}
