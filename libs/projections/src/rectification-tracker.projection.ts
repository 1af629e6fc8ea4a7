// The rectification tracker (domain.md §8 item 4): one document per case (key `{caseId}`), so officers can list
// the open, reported, overdue and closed cases by department, fiscal year and deadline.
//
// The status follows the case's lifecycle exactly as the write side does (rectification.state.ts):
//   notice → OPEN; report → REPORTED; acceptance → CLOSED; rejection → REJECTED (reopened, perhaps with a new
//   deadline); the deadline watcher's RectificationOverdue → OVERDUE.
// `overdue` is the case's mark and never comes off: the watcher writes it once per case, a late report keeps it,
// and auditors ask which cases ever went overdue. `deadline` is the deadline in force (a rejection may set a new
// one); `originalDeadline` is the notice's. No clock: a case past its deadline is OVERDUE only once the watcher
// has said so, so a replay gives the same tracker.
// Only the notice creates a document; the later events of a case carry nothing but its id.
import type { ProjectedEvent, Projection, ReadDocument } from '../../read-store/src/projection.js';
import { businessDate } from '../../event-sourcing/src/business-date.js';
import type {
  RectificationAccepted,
  RectificationNoticeIssued,
  RectificationOrigin,
  RectificationRejected,
  RectificationReported,
} from '../../rectification/src/rectification.events.js';

export type TrackedCaseStatus = 'OPEN' | 'REPORTED' | 'REJECTED' | 'OVERDUE' | 'CLOSED';

export interface RectificationReport {
  measures: string[];
  completedOn: string;
  /** Reported after the deadline in force. */
  late: boolean;
  reportedOn: string;
  eventId: string;
}

export interface RectificationRejection {
  opinion: string;
  newDeadline: string | null;
  rejectedOn: string;
  eventId: string;
}

export interface RectificationCaseDocument extends ReadDocument {
  caseId: string;
  proCode: string;
  fiscalYear: number;
  deptCode: string;
  /** The executing unit, when the project is a unit's; null otherwise (an index-friendly absence). */
  unitCode: string | null;
  origin: RectificationOrigin;
  docNo: string;
  findings: string[];
  requirements: string[];
  basisEvents: { stream: string; eventId: string }[];
  issuedOn: string;
  originalDeadline: string;
  /** The deadline in force. */
  deadline: string;
  status: TrackedCaseStatus;
  /** The case went overdue at some point (the watcher's mark, kept after a late report or closing). */
  overdue: boolean;
  /** The day it became overdue (the day after the deadline in force, as the watcher records it). */
  overdueOn: string | null;
  reports: RectificationReport[];
  rejections: RectificationRejection[];
  acceptance: { opinion: string; acceptedOn: string; eventId: string } | null;
  closedOn: string | null;
  /** The business date of the case's latest event. */
  lastActivityOn: string;
  /** Every event of the case, in order. */
  eventIds: string[];
}

const CASE_TYPES = new Set(['RectificationNoticeIssued', 'RectificationReported', 'RectificationAccepted', 'RectificationRejected', 'RectificationOverdue']);

function open(event: ProjectedEvent, key: string, on: string): RectificationCaseDocument {
  const d = event.data as RectificationNoticeIssued['data'];
  return {
    _id: key,
    _position: event.position,
    caseId: d.caseId,
    proCode: d.proCode,
    fiscalYear: d.fiscalYear,
    deptCode: d.deptCode,
    unitCode: d.unitCode ?? event.subject.unitCode ?? null,
    origin: d.origin,
    docNo: d.docNo,
    findings: d.findings,
    requirements: d.requirements,
    basisEvents: d.basisEvents,
    issuedOn: on,
    originalDeadline: d.deadline,
    deadline: d.deadline,
    status: 'OPEN',
    overdue: false,
    overdueOn: null,
    reports: [],
    rejections: [],
    acceptance: null,
    closedOn: null,
    lastActivityOn: on,
    eventIds: [event.metadata.eventId],
  };
}

export const rectificationTrackerProjection: Projection<RectificationCaseDocument> = {
  name: 'rectification-tracker',
  version: 1,
  keys: (event) => (CASE_TYPES.has(event.type) && typeof event.data.caseId === 'string' ? [event.data.caseId] : []),
  apply(doc, event, key) {
    const on = businessDate(event.metadata.occurredAt);
    const eventId = event.metadata.eventId;
    if (event.type === 'RectificationNoticeIssued') return open(event, key, on);
    if (!doc) return null;
    const touched = { ...doc, lastActivityOn: on, eventIds: [...doc.eventIds, eventId] };
    switch (event.type) {
      case 'RectificationReported': {
        const d = event.data as RectificationReported['data'];
        const report: RectificationReport = { measures: d.measures, completedOn: d.completedOn, late: d.late ?? false, reportedOn: on, eventId };
        return { ...touched, status: 'REPORTED', reports: [...doc.reports, report] };
      }
      case 'RectificationAccepted': {
        const d = event.data as RectificationAccepted['data'];
        return { ...touched, status: 'CLOSED', acceptance: { opinion: d.opinion, acceptedOn: on, eventId }, closedOn: on };
      }
      case 'RectificationRejected': {
        const d = event.data as RectificationRejected['data'];
        const rejection: RectificationRejection = { opinion: d.opinion, newDeadline: d.newDeadline ?? null, rejectedOn: on, eventId };
        return { ...touched, status: 'REJECTED', deadline: d.newDeadline ?? doc.deadline, rejections: [...doc.rejections, rejection] };
      }
      case 'RectificationOverdue':
        // occurredAt is the day after the deadline, when the case became overdue in the world; detectedAt is only
        // when the watcher ran, later if it was down.
        return { ...touched, status: 'OVERDUE', overdue: true, overdueOn: on };
      default:
        return doc;
    }
  },
  indexes: ['deptCode', 'status', 'deadline', 'overdue', 'fiscalYear'],
};
