import { Module } from '@nestjs/common';
import { IssueCirculationNoticeHandler } from './issue-circulation-notice.command.js';
import { RecordAuditFindingHandler } from './record-audit-finding.command.js';
import { ReferForAccountabilityHandler } from './refer-for-accountability.command.js';

/** 无效必问责: circulated notices, audit findings, accountability referrals (seed 三(四)1, 五(四)). */
@Module({
  providers: [IssueCirculationNoticeHandler, RecordAuditFindingHandler, ReferForAccountabilityHandler],
})
export class AccountabilityModule {}
