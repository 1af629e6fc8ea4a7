// The contract of a rectification case `rectification-{caseId}` (domain.md §4 step 9).

export type RectificationOrigin = 'MONITORING' | 'KEY_MONITORING' | 'SPOT_CHECK' | 'KEY_EVALUATION' | 'AUDIT' | 'CIRCULATION';

export interface RectificationNoticeIssued {
  type: 'RectificationNoticeIssued';
  data: {
    caseId: string;
    proCode: string;
    fiscalYear: number;
    deptCode: string;
    /** The unit that executes the project, when it is a unit's: it reports, as its department may. */
    unitCode?: string;
    origin: RectificationOrigin;
    findings: string[];
    requirements: string[];
    deadline: string;
    docNo: string;
    basisEvents: { stream: string; eventId: string }[];
  };
}

export interface RectificationReported {
  type: 'RectificationReported';
  /** late: reported after the deadline in force (the case keeps its overdue mark if it had one). */
  data: { caseId: string; measures: string[]; completedOn: string; late?: boolean };
}

export interface RectificationAccepted {
  type: 'RectificationAccepted';
  data: { caseId: string; opinion: string };
}

/** Reopens the case; the department reports again. */
export interface RectificationRejected {
  type: 'RectificationRejected';
  data: { caseId: string; opinion: string; newDeadline?: string };
}

/** Written by the deadline watcher (SYSTEM), exactly once per case. */
export interface RectificationOverdue {
  type: 'RectificationOverdue';
  data: { caseId: string; deadline: string; detectedAt: string };
}

export type RectificationEvent = RectificationNoticeIssued | RectificationReported | RectificationAccepted | RectificationRejected | RectificationOverdue;

export const rectificationStream = (caseId: string) => `rectification-${caseId}`;
