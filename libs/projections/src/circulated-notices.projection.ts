// 通报 (domain.md §4 step 16, §8 item 7): one document per circulated notice, as issued or last corrected, with what
// it rests on and the rectification cases and accountability referrals that cite it in turn.
import type { AccountabilityReferred, CirculationNoticeIssued } from '../../accountability/src/accountability.events.js';
import type { ProjectedEvent, Projection, ReadDocument } from '../../read-store/src/projection.js';
import type { RectificationNoticeIssued } from '../../rectification/src/rectification.events.js';
import { happenedOn } from './project-years.js';

export type NoticeReason = 'NOT_SUBMITTED' | 'LARGE_DISCREPANCY' | 'POOR_RESULT' | 'INEFFECTIVE_WORK';

export interface NoticeFollowUp {
  kind: 'RECTIFICATION' | 'REFERRAL';
  /** The rectification case id or the referral id. */
  id: string;
  docNo?: string;
  proCode?: string;
  on: string;
  eventId: string;
}

export interface CirculatedNoticeDocument extends ReadDocument {
  noticeId: string;
  docNo: string;
  fiscalYear: number;
  subjects: { deptCode: string; proCode?: string }[];
  /** The departments named, flat, so that queries can filter and scope on them. */
  deptCodes: string[];
  reasons: NoticeReason[];
  text: string;
  issuedOn: string;
  issuedBy: { orgCode: string; orgName: string };
  legalBasis: { docNo: string; clause?: string }[];
  /** The events the notice rests on (a discrepancy flag, a spot-check, …). */
  basis: { stream: string; eventId: string }[];
  /** The notice event in force, and the earlier issues it corrected. */
  eventId: string;
  corrects: string[];
  followUps: NoticeFollowUp[];
}

const NOTICE_STREAM = /^notice-(.+)$/;

/** The notices an event cites: their ids, from the `notice-{noticeId}` streams of its basis events. */
function citedNotices(basisEvents: { stream: string }[]): string[] {
  return [...new Set(basisEvents.map((b) => NOTICE_STREAM.exec(b.stream)?.[1]).filter((id): id is string => id !== undefined))];
}

function issued(doc: CirculatedNoticeDocument | null, event: ProjectedEvent): CirculatedNoticeDocument {
  const d = event.data as CirculationNoticeIssued['data'];
  const corrected = event.metadata.supersedes;
  return {
    _id: d.noticeId,
    _position: event.position,
    noticeId: d.noticeId,
    docNo: d.docNo,
    fiscalYear: d.fiscalYear,
    subjects: d.subjects.map((s) => ({ deptCode: s.deptCode, ...(s.proCode ? { proCode: s.proCode } : {}) })),
    deptCodes: [...new Set(d.subjects.map((s) => s.deptCode))],
    reasons: [...d.reasons],
    text: d.text,
    issuedOn: happenedOn(event),
    issuedBy: { orgCode: event.metadata.actor.orgCode, orgName: event.metadata.actor.orgName },
    legalBasis: event.metadata.legalBasis.map((l) => ({ docNo: l.docNo, ...(l.clause ? { clause: l.clause } : {}) })),
    basis: d.basisEvents.map((b) => ({ stream: b.stream, eventId: b.eventId })),
    eventId: event.metadata.eventId,
    corrects: [...(doc?.corrects ?? []), ...(corrected ? [corrected] : [])],
    // A follow-up cites the notice by its stream, not by the issue in force: a correction keeps them.
    followUps: doc?.followUps ?? [],
  };
}

function followUp(event: ProjectedEvent): NoticeFollowUp {
  if (event.type === 'RectificationNoticeIssued') {
    const d = event.data as RectificationNoticeIssued['data'];
    return { kind: 'RECTIFICATION', id: d.caseId, docNo: d.docNo, proCode: d.proCode, on: happenedOn(event), eventId: event.metadata.eventId };
  }
  const d = event.data as AccountabilityReferred['data'];
  return { kind: 'REFERRAL', id: d.referralId, ...(d.proCode ? { proCode: d.proCode } : {}), on: happenedOn(event), eventId: event.metadata.eventId };
}

export const circulatedNoticesProjection: Projection<CirculatedNoticeDocument> = {
  name: 'circulated-notices',
  version: 1,
  indexes: ['fiscalYear', 'reasons', 'deptCodes'],

  keys(event) {
    switch (event.type) {
      case 'CirculationNoticeIssued':
        return [(event.data as CirculationNoticeIssued['data']).noticeId];
      case 'RectificationNoticeIssued':
      case 'AccountabilityReferred':
        return citedNotices((event.data as { basisEvents: { stream: string }[] }).basisEvents);
      default:
        return [];
    }
  },

  apply(doc, event) {
    if (event.type === 'CirculationNoticeIssued') return issued(doc, event);
    // A case or referral citing a notice this store never saw issued has no document to join.
    if (!doc) return null;
    const next = followUp(event);
    // A corrected case or referral replaces the earlier entry of the same id.
    const others = doc.followUps.filter((f) => !(f.kind === next.kind && f.id === next.id));
    return { ...doc, followUps: [...others, next] };
  },
};
