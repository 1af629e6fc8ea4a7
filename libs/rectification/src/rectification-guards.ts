import { NotFound } from '../../event-sourcing/src/command-errors.js';
import type { LegalBasis } from '../../event-store/src/event-store.port.js';
import { seedClause } from '../../projects/src/legal-basis.js';
import type { RectificationNoticeIssued, RectificationOrigin } from './rectification.events.js';
import type { RectificationState } from './rectification.state.js';

/** RC-{year}-{serial}, e.g. RC-2024-P4-01. */
export const CASE_ID = /^(?=.{1,60}$)RC-\d{4}-[A-Za-z0-9]+(-[A-Za-z0-9]+)*$/;

export function noticeOf(state: RectificationState, caseId: string): NonNullable<RectificationState['notice']> {
  if (!state.notice) throw new NotFound('CASE_NOT_FOUND', `no rectification notice ${caseId} has been issued`, { caseId });
  return state.notice;
}

// The clause of 乳发〔2020〕3号 a case rests on follows from where its findings came from: monitoring
// (三(三)2 及时通报部门进行整改), the spot-check and its circulated notices (三(四)1), key evaluation (三(四)2),
// audit and accountability (五(四)).
const CLAUSE_BY_ORIGIN: Record<RectificationOrigin, string> = {
  MONITORING: '三(三)2',
  KEY_MONITORING: '三(三)2',
  SPOT_CHECK: '三(四)1',
  CIRCULATION: '三(四)1',
  KEY_EVALUATION: '三(四)2',
  AUDIT: '五(四)',
};

export function caseClause(notice: Pick<RectificationNoticeIssued['data'], 'origin'>): LegalBasis[] {
  return seedClause(CLAUSE_BY_ORIGIN[notice.origin]);
}
