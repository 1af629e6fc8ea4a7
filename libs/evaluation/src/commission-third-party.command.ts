import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { BUSINESS_DATE, IsRealDate, CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { EnvelopedCommand, type StreamCommandSpec, StreamCommandHandler } from '../../event-sourcing/src/stream-command-handler.js';
import { seedClause } from '../../projects/src/legal-basis.js';
import { type ProjectFacts, approvedTargets, readProjectFacts } from './evaluation-facts.js';
import { type CommissionScope, type EvaluationEvent, type KeyEvaluationEvent, evaluationStream, keyEvaluationStream } from './evaluation.events.js';
import { type CommissionState, activeCommission, commissionModel } from './evaluation.state.js';

/** 财政部关于委托第三方机构参与预算绩效管理的指导意见: independence and quality control of third parties. */
export const THIRD_PARTY_GUIDANCE = '财预〔2021〕6号';

export class CommissionThirdPartyDto extends CommandBodyDto {
  /** SPOT_CHECK: 抽查复核 of the self-evaluation; KEY_EVALUATION: 重点评价. */
  @IsIn(['SPOT_CHECK', 'KEY_EVALUATION']) scope: CommissionScope;
  @IsString() @IsNotEmpty() @MaxLength(40) institutionId: string;
  @IsString() @IsNotEmpty() @MaxLength(200) institutionName: string;
  @IsString() @IsNotEmpty() @MaxLength(200) contractRef: string;
  @IsOptional() @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) feeFen?: number;
  /** The institution's declaration that it has no conflict of interest with the project (利益冲突声明). */
  @IsString() @IsNotEmpty() @MaxLength(200) conflictDeclarationRef: string;
  @IsOptional() @IsRealDate() @Matches(BUSINESS_DATE, { message: 'dueDate must be YYYY-MM-DD' }) dueDate?: string;
}

type Payload = CommissionThirdPartyDto & { proCode: string; fiscalYear: number };
type Command = Payload & ProjectFacts;
export class CommissionThirdPartyCommand extends EnvelopedCommand<Payload> {}

const SCOPE_CLAUSE: Record<CommissionScope, string> = { SPOT_CHECK: '三(四)1', KEY_EVALUATION: '三(四)2' };
const ID_PREFIX: Record<CommissionScope, string> = { SPOT_CHECK: 'SCC', KEY_EVALUATION: 'KEC' };

/**
 * Finance engages a third party (必要时可以引入第三方机构参与绩效评价) for the spot-check of a self-evaluation or for a key
 * evaluation; the commission is what lets that institution submit (invariant 10). One active commission per
 * institution and scope; none once the commissioned work is done.
 */
export const decideCommissionThirdParty: Decide<Command, CommissionState, EvaluationEvent | KeyEvaluationEvent> = (cmd, state) => {
  approvedTargets(cmd);
  if (state.workDone) {
    throw new CommandRejected(
      cmd.scope === 'SPOT_CHECK' ? 'SPOT_CHECK_ALREADY_RECORDED' : 'KEY_EVALUATION_ALREADY_COMPLETED',
      `the ${cmd.scope === 'SPOT_CHECK' ? 'spot-check' : 'key evaluation'} of ${cmd.proCode} for ${cmd.fiscalYear} is already done: there is nothing left to commission`,
      { eventId: state.workDone.eventId },
    );
  }
  const active = activeCommission(state.commissions, cmd.scope, cmd.institutionId);
  if (active) {
    throw new CommandRejected('COMMISSION_ALREADY_ACTIVE', `${cmd.institutionId} already holds the active ${cmd.scope} commission ${active.commissionId} for ${cmd.proCode} ${cmd.fiscalYear}`, {
      commissionId: active.commissionId,
    });
  }
  return [
    {
      type: 'ThirdPartyCommissioned',
      data: {
        proCode: cmd.proCode,
        fiscalYear: cmd.fiscalYear,
        commissionId: `${ID_PREFIX[cmd.scope]}-${state.commissions.length + 1}`,
        scope: cmd.scope,
        institutionId: cmd.institutionId,
        institutionName: cmd.institutionName,
        contractRef: cmd.contractRef,
        ...(cmd.feeFen !== undefined ? { feeFen: cmd.feeFen } : {}),
        conflictDeclarationRef: cmd.conflictDeclarationRef,
        ...(cmd.dueDate ? { dueDate: cmd.dueDate } : {}),
      },
      legalBasis: [...seedClause(SCOPE_CLAUSE[cmd.scope]), ...seedClause('四'), { docNo: THIRD_PARTY_GUIDANCE }],
    },
  ];
};

@CommandHandler(CommissionThirdPartyCommand)
export class CommissionThirdPartyHandler extends StreamCommandHandler<Payload, Command, CommissionState, EvaluationEvent | KeyEvaluationEvent> {
  protected readonly spec: StreamCommandSpec<Payload, Command, CommissionState, EvaluationEvent | KeyEvaluationEvent> = {
    name: 'CommissionThirdParty',
    stream: (p) => (p.scope === 'SPOT_CHECK' ? evaluationStream(p.proCode, p.fiscalYear) : keyEvaluationStream(p.proCode, p.fiscalYear)),
    model: commissionModel,
    decide: decideCommissionThirdParty,
    id: (data) => String(data.commissionId),
    withFacts: async (p, read) => ({ ...p, ...(await readProjectFacts(p.proCode, p.fiscalYear, read)) }),
  };
}
