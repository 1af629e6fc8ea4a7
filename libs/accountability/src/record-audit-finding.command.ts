import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { EnvelopedCommand, type StreamCommandSpec, StreamCommandHandler } from '../../event-sourcing/src/stream-command-handler.js';
import { PRO_CODE } from '../../projects/src/declare-project.command.js';
import { seedClause } from '../../projects/src/legal-basis.js';
import { type AccountabilityFacts, DOCUMENT_ID, accountabilityFacts, assertNotIssued, projectDepartment } from './accountability-facts.js';
import { type AccountabilityEvent, type AuditFindingCategory, auditFindingStream } from './accountability.events.js';
import { type AuditFindingState, auditFindingModel } from './accountability.state.js';

export class RecordAuditFindingDto extends CommandBodyDto {
  @Matches(DOCUMENT_ID, { message: 'findingId must be 3–40 letters, digits, _ . or -, e.g. SJ-2024-07' }) findingId: string;
  @IsOptional() @Matches(PRO_CODE, { message: 'proCode must look like 371083-2024-D101-001' }) proCode?: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(40) deptCode?: string;
  @IsOptional() @IsInt() @Min(2000) @Max(2100) fiscalYear?: number;
  @IsIn(['FALSIFICATION', 'SEVERE_DIVERGENCE', 'MISUSE_OF_FUNDS', 'IDLE_FUNDS', 'NON_RECTIFICATION', 'OTHER']) category: AuditFindingCategory;
  @IsString() @IsNotEmpty() @MaxLength(8000) text: string;
}

type Payload = RecordAuditFindingDto;
export type RecordAuditFinding = Payload & AccountabilityFacts;
export class RecordAuditFindingCommand extends EnvelopedCommand<Payload> {}

/** 审计参与监督 (五(二)): the audit bureau records what it found, about a project or a department, with its evidence. */
export const decideRecordAuditFinding: Decide<RecordAuditFinding, AuditFindingState, AccountabilityEvent> = (cmd, state, { supersedes }) => {
  assertNotIssued(state.issued, supersedes, 'FINDING_ALREADY_RECORDED', `audit finding ${cmd.findingId}`);
  if (!cmd.proCode && !cmd.deptCode) throw new CommandRejected('SUBJECT_REQUIRED', 'an audit finding concerns a project (proCode) or a department (deptCode)');
  const deptCode = cmd.proCode ? projectDepartment(cmd, cmd.proCode, cmd.deptCode) : cmd.deptCode!;
  if (!cmd.text.trim()) throw new CommandRejected('TEXT_REQUIRED', 'an audit finding states what was found');
  if (!cmd.evidence?.length) throw new CommandRejected('EVIDENCE_REQUIRED', 'an audit finding carries the hashes of its evidence (evidence: [{ name, sha256 }])');
  return [
    {
      type: 'AuditFindingRecorded',
      data: {
        findingId: cmd.findingId,
        ...(cmd.proCode ? { proCode: cmd.proCode } : {}),
        deptCode,
        ...(cmd.fiscalYear ? { fiscalYear: cmd.fiscalYear } : {}),
        category: cmd.category,
        text: cmd.text.trim(),
      },
      legalBasis: seedClause('五(二)'),
    },
  ];
};

@CommandHandler(RecordAuditFindingCommand)
export class RecordAuditFindingHandler extends StreamCommandHandler<Payload, RecordAuditFinding, AuditFindingState, AccountabilityEvent> {
  protected readonly spec: StreamCommandSpec<Payload, RecordAuditFinding, AuditFindingState, AccountabilityEvent> = {
    name: 'RecordAuditFinding',
    stream: (p) => auditFindingStream(p.findingId),
    model: auditFindingModel,
    decide: decideRecordAuditFinding,
    id: (data) => String(data.findingId),
    withFacts: (payload, read) => accountabilityFacts(payload, [payload.proCode], undefined, read),
    corrects: ['AuditFindingRecorded'],
  };
}
