import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { EnvelopedCommand, type StreamCommandSpec, StreamCommandHandler } from '../../event-sourcing/src/stream-command-handler.js';
import { PRO_CODE } from '../../projects/src/declare-project.command.js';
import { seedClause } from '../../projects/src/legal-basis.js';
import { BasisEventDto, citedBasis, foundEvents } from '../../event-sourcing/src/basis-events.js';
import { assertBasisOfProject } from '../../results/src/results-guards.js';
import { type AccountabilityFacts, DOCUMENT_ID, accountabilityFacts, assertNotIssued, projectDepartment } from './accountability-facts.js';
import { type AccountabilityEvent, type AccountabilityGrounds, type AccountabilityReferred, type ReferredTo, referralStream } from './accountability.events.js';
import { type ReferralState, referralModel } from './accountability.state.js';

class ReferralSubjectDto {
  @IsString() @IsNotEmpty() @MaxLength(40) deptCode: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100) personName?: string;
  /** The person's post, e.g. 中心主任. */
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100) role?: string;
}

export class ReferForAccountabilityDto extends CommandBodyDto {
  @Matches(DOCUMENT_ID, { message: 'referralId must be 3–40 letters, digits, _ . or -, e.g. ZR-2024-01' }) referralId: string;
  @IsOptional() @Matches(PRO_CODE, { message: 'proCode must look like 371083-2024-D101-001' }) proCode?: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => ReferralSubjectDto) subjects: ReferralSubjectDto[];
  @IsIn(['FALSIFICATION', 'SEVERE_DIVERGENCE', 'NON_RECTIFICATION', 'OTHER']) grounds: AccountabilityGrounds;
  @IsIn(['DISCIPLINE_INSPECTION', 'ORGANIZATION_DEPT', 'SUPERIOR_GOV', 'OTHER']) referredTo: ReferredTo;
  @IsString() @IsNotEmpty() @MaxLength(8000) detail: string;
  @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => BasisEventDto) basisEvents: BasisEventDto[];
}

type Payload = ReferForAccountabilityDto;
export type ReferForAccountability = Payload & AccountabilityFacts;
export class ReferForAccountabilityCommand extends EnvelopedCommand<Payload> {}

/** What shows that a rectification was not done: the case ran overdue, or its report was rejected. */
export const NON_RECTIFICATION_FACTS = ['RectificationOverdue', 'RectificationRejected'];

/**
 * 五(四) 追责问责: finance or audit refers departments, units and the people responsible for falsified monitoring or
 * evaluation results, or execution seriously diverging from the targets, to the bodies that hold them to account —
 * always citing the events it rests on (invariant 11).
 */
export const decideReferForAccountability: Decide<ReferForAccountability, ReferralState, AccountabilityEvent> = (cmd, state, { supersedes }) => {
  assertNotIssued(state.issued, supersedes, 'REFERRAL_ALREADY_MADE', `accountability referral ${cmd.referralId}`);
  if (cmd.proCode) projectDepartment(cmd, cmd.proCode);
  if (!cmd.detail.trim()) throw new CommandRejected('DETAIL_REQUIRED', 'a referral states the facts it refers');
  const subjects: AccountabilityReferred['data']['subjects'] = cmd.subjects.map(({ deptCode, personName, role }) => ({
    deptCode,
    ...(personName ? { personName } : {}),
    ...(role ? { role } : {}),
  }));
  const keys = subjects.map((s) => `${s.deptCode}/${s.personName ?? ''}`);
  const repeated = keys.filter((key, i) => keys.indexOf(key) !== i);
  if (repeated.length) throw new CommandRejected('SUBJECT_REPEATED', `${repeated.join(', ')} is named more than once`, { subjects: repeated });
  const basisEvents = citedBasis(cmd.cited, { required: true, what: 'an accountability referral' });
  if (cmd.proCode) assertBasisOfProject(cmd.cited, cmd.proCode);
  if (cmd.grounds === 'NON_RECTIFICATION' && !foundEvents(cmd.cited).some((c) => NON_RECTIFICATION_FACTS.includes(c.type))) {
    throw new CommandRejected('BASIS_DOES_NOT_SHOW_NON_RECTIFICATION', `non-rectification rests on a case that ran overdue or was rejected: cite a ${NON_RECTIFICATION_FACTS.join(' or ')} event`);
  }
  return [
    {
      type: 'AccountabilityReferred',
      data: {
        referralId: cmd.referralId,
        ...(cmd.proCode ? { proCode: cmd.proCode } : {}),
        subjects,
        grounds: cmd.grounds,
        referredTo: cmd.referredTo,
        detail: cmd.detail.trim(),
        basisEvents,
      },
      legalBasis: seedClause('五(四)'),
    },
  ];
};

@CommandHandler(ReferForAccountabilityCommand)
export class ReferForAccountabilityHandler extends StreamCommandHandler<Payload, ReferForAccountability, ReferralState, AccountabilityEvent> {
  protected readonly spec: StreamCommandSpec<Payload, ReferForAccountability, ReferralState, AccountabilityEvent> = {
    name: 'ReferForAccountability',
    stream: (p) => referralStream(p.referralId),
    model: referralModel,
    decide: decideReferForAccountability,
    id: (data) => String(data.referralId),
    withFacts: (payload, read) => accountabilityFacts(payload, [payload.proCode], payload.basisEvents, read),
    corrects: ['AccountabilityReferred'],
  };
}
