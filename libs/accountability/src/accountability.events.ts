// The contracts of circulated notices (通报), audit findings and accountability referrals (追责问责), seed 三(四)1
// and 五(四); domain.md §4 steps 16 and 19. One stream per notice `notice-{noticeId}`, finding `audit-{findingId}`
// and referral `referral-{referralId}`: each is a document of its own, with its own number.
import type { BasisEventRef } from '../../event-sourcing/src/basis-events.js';

export type CirculationReason = 'NOT_SUBMITTED' | 'LARGE_DISCREPANCY' | 'POOR_RESULT' | 'INEFFECTIVE_WORK';

export interface CirculationNoticeIssued {
  type: 'CirculationNoticeIssued';
  data: {
    noticeId: string;
    fiscalYear: number;
    docNo: string;
    subjects: { deptCode: string; proCode?: string }[];
    reasons: CirculationReason[];
    text: string;
    basisEvents: BasisEventRef[];
  };
}

export type AuditFindingCategory = 'FALSIFICATION' | 'SEVERE_DIVERGENCE' | 'MISUSE_OF_FUNDS' | 'IDLE_FUNDS' | 'NON_RECTIFICATION' | 'OTHER';

/** The audit bureau's finding; its evidence hashes travel in the envelope. */
export interface AuditFindingRecorded {
  type: 'AuditFindingRecorded';
  data: { findingId: string; proCode?: string; deptCode: string; fiscalYear?: number; category: AuditFindingCategory; text: string };
}

export type AccountabilityGrounds = 'FALSIFICATION' | 'SEVERE_DIVERGENCE' | 'NON_RECTIFICATION' | 'OTHER';
export type ReferredTo = 'DISCIPLINE_INSPECTION' | 'ORGANIZATION_DEPT' | 'SUPERIOR_GOV' | 'OTHER';

export interface AccountabilityReferred {
  type: 'AccountabilityReferred';
  data: {
    referralId: string;
    proCode?: string;
    subjects: { deptCode: string; personName?: string; role?: string }[];
    grounds: AccountabilityGrounds;
    referredTo: ReferredTo;
    detail: string;
    basisEvents: BasisEventRef[];
  };
}

export type AccountabilityEvent = CirculationNoticeIssued | AuditFindingRecorded | AccountabilityReferred;

export const noticeStream = (noticeId: string) => `notice-${noticeId}`;
export const auditFindingStream = (findingId: string) => `audit-${findingId}`;
export const referralStream = (referralId: string) => `referral-${referralId}`;
