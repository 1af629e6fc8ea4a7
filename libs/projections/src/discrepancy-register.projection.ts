// 自评与抽查复核差异登记 (domain.md §8 item 7): per project and fiscal year, the self-evaluation beside the competent
// department's score and finance's spot-check review, the discrepancy flag with its reasons, and what followed from
// it — the circulated notices that cite the evaluation and the accountability referrals about the project.
import type { AccountabilityReferred, CirculationNoticeIssued } from '../../accountability/src/accountability.events.js';
import {
  evaluationStream,
  type SelfEvaluationDiscrepancyFlagged,
  type SelfEvaluationFiled,
  type SelfEvaluationReviewedByCompetentDepartment,
  type SelfEvaluationSubmitted,
  type SpotCheckReviewed,
} from '../../evaluation/src/evaluation.events.js';
import type { Role } from '../../event-store/src/event-store.port.js';
import type { BudgetProjectDeclared } from '../../projects/src/project.events.js';
import type { ProjectedEvent, Projection, ReadDocument } from '../../read-store/src/projection.js';
import type { Grade } from '../../rule-sets/src/rule-set.js';
import type { NoticeReason } from './circulated-notices.projection.js';
import { codeYear, happenedOn, projectYearOfStream } from './project-years.js';

export type DiscrepancyReason = 'SCORE_DELTA' | 'GRADE_CHANGE';

export interface RegisterIndicatorAdjustment {
  kpiId: string;
  selfScore: number;
  reviewScore: number;
  verifiedValue?: string;
  reason: string;
}

export interface RegisterNotice {
  noticeId: string;
  docNo: string;
  reasons: NoticeReason[];
  issuedOn: string;
  /** The notice names the discrepancy flag itself among its basis events (rather than, say, the spot-check). */
  citesFlag: boolean;
  eventId: string;
}

export interface RegisterReferral {
  referralId: string;
  grounds: 'FALSIFICATION' | 'SEVERE_DIVERGENCE' | 'NON_RECTIFICATION' | 'OTHER';
  referredTo: 'DISCIPLINE_INSPECTION' | 'ORGANIZATION_DEPT' | 'SUPERIOR_GOV' | 'OTHER';
  detail: string;
  persons: { deptCode: string; personName?: string; role?: string }[];
  referredOn: string;
  /** Finance and the audit bureau may both refer the same project: who did matters to the reader. */
  referredBy: { role: Role; orgCode: string; orgName: string };
  citesFlag: boolean;
  eventId: string;
}

export interface DiscrepancyRegisterDocument extends ReadDocument {
  proCode: string;
  proName?: string;
  fiscalYear: number;
  deptCode?: string;
  unitCode?: string;
  /**
   * The register lists the spot-checked evaluations. A document exists from the declaration on because the
   * spot-check event does not repeat the self grade or the department's score: queries filter on this.
   */
  spotChecked: boolean;
  selfScore?: number;
  selfGrade?: Grade;
  /** 审核备案 by finance: the self score is final. */
  selfFiled: boolean;
  submissionEventId?: string;
  deptScore?: number;
  deptGrade?: Grade;
  deptOpinion?: string;
  reviewScore?: number;
  reviewGrade?: Grade;
  /** selfScore − reviewScore: positive when the self-evaluation claimed more than the review found. */
  delta?: number;
  spotCheck?: {
    reviewer: 'FINANCE' | 'THIRD_PARTY';
    institutionId?: string;
    reviewedOn: string;
    findings: string[];
    indicatorAdjustments: RegisterIndicatorAdjustment[];
    eventId: string;
  };
  flagged: boolean;
  reasons: DiscrepancyReason[];
  flag?: { eventId: string; flaggedOn: string; ruleSetVersion: string };
  notices: RegisterNotice[];
  referrals: RegisterReferral[];
}

const documentKey = (proCode: string, fiscalYear: number) => `${proCode}:${fiscalYear}`;

function splitKey(key: string): { proCode: string; fiscalYear: number } {
  const at = key.lastIndexOf(':');
  return { proCode: key.slice(0, at), fiscalYear: Number(key.slice(at + 1)) };
}

const EVALUATION_EVENTS = new Set([
  'SelfEvaluationSubmitted',
  'SelfEvaluationReviewedByCompetentDepartment',
  'SelfEvaluationFiled',
  'SpotCheckReviewed',
  'SelfEvaluationDiscrepancyFlagged',
]);

function emptyDocument(key: string): DiscrepancyRegisterDocument {
  const { proCode, fiscalYear } = splitKey(key);
  return { _id: key, _position: '', proCode, fiscalYear, spotChecked: false, selfFiled: false, flagged: false, reasons: [], notices: [], referrals: [] };
}

/** The documents of the evaluations a notice or referral cites: `evaluation-{proCode}-{fiscalYear}` streams. */
function citedEvaluations(basisEvents: { stream: string }[]): string[] {
  return basisEvents
    .filter((b) => b.stream.startsWith('evaluation-'))
    .map((b) => projectYearOfStream(b.stream))
    .filter((p): p is { proCode: string; fiscalYear: number } => p !== undefined)
    .map((p) => documentKey(p.proCode, p.fiscalYear));
}

/**
 * A referral names a project but no fiscal year. The years it reaches: those of the per-year streams it cites
 * for that project, the runner's subject year, and the year of the project's code (a referral resting only on an
 * audit finding or a notice carries nothing else). A year with no document of the project creates none.
 */
function referralKeys(event: ProjectedEvent): string[] {
  const d = event.data as AccountabilityReferred['data'];
  const keys = citedEvaluations(d.basisEvents);
  const proCode = d.proCode;
  if (proCode) {
    const years = new Set<number>();
    for (const basis of d.basisEvents) {
      const cited = projectYearOfStream(basis.stream);
      if (cited?.proCode === proCode) years.add(cited.fiscalYear);
    }
    if (event.subject.fiscalYear !== undefined) years.add(event.subject.fiscalYear);
    const fromCode = codeYear(proCode);
    if (fromCode !== undefined) years.add(fromCode);
    for (const y of years) keys.push(documentKey(proCode, y));
  }
  return keys;
}

function applyEvaluation(doc: DiscrepancyRegisterDocument, event: ProjectedEvent): DiscrepancyRegisterDocument {
  switch (event.type) {
    case 'SelfEvaluationSubmitted': {
      const { deptCode, unitCode, totalScore, grade } = event.data as SelfEvaluationSubmitted['data'];
      // A correction replaces the submission in force, and the department reviews the corrected one again.
      const { deptScore: _s, deptGrade: _g, deptOpinion: _o, ...rest } = doc;
      return { ...rest, deptCode, ...(unitCode ? { unitCode } : {}), selfScore: totalScore, selfGrade: grade, selfFiled: false, submissionEventId: event.metadata.eventId };
    }
    case 'SelfEvaluationReviewedByCompetentDepartment': {
      const { deptScore, deptGrade, opinion } = event.data as SelfEvaluationReviewedByCompetentDepartment['data'];
      return { ...doc, deptScore, deptGrade, deptOpinion: opinion };
    }
    case 'SelfEvaluationFiled': {
      const { totalScore, grade, submissionEventId } = event.data as SelfEvaluationFiled['data'];
      return { ...doc, selfScore: totalScore, selfGrade: grade, selfFiled: true, submissionEventId };
    }
    case 'SpotCheckReviewed': {
      const d = event.data as SpotCheckReviewed['data'];
      return {
        ...doc,
        spotChecked: true,
        selfScore: d.selfScore,
        reviewScore: d.reviewScore,
        reviewGrade: d.reviewGrade,
        delta: Math.round((d.selfScore - d.reviewScore) * 100) / 100,
        spotCheck: {
          reviewer: d.reviewer,
          ...(d.institutionId ? { institutionId: d.institutionId } : {}),
          reviewedOn: happenedOn(event),
          findings: d.findings,
          indicatorAdjustments: d.indicatorAdjustments.map(({ kpiId, selfScore, reviewScore, verifiedValue, reason }) => ({
            kpiId,
            selfScore,
            reviewScore,
            ...(verifiedValue !== undefined ? { verifiedValue } : {}),
            reason,
          })),
          eventId: event.metadata.eventId,
        },
      };
    }
    case 'SelfEvaluationDiscrepancyFlagged': {
      const d = event.data as SelfEvaluationDiscrepancyFlagged['data'];
      return {
        ...doc,
        flagged: true,
        reasons: [...d.reasons],
        delta: d.delta,
        selfGrade: d.selfGrade,
        reviewGrade: d.reviewGrade,
        flag: { eventId: event.metadata.eventId, flaggedOn: happenedOn(event), ruleSetVersion: d.ruleSetVersion },
      };
    }
    default:
      return doc;
  }
}

function applyNotice(doc: DiscrepancyRegisterDocument, event: ProjectedEvent): DiscrepancyRegisterDocument {
  const d = event.data as CirculationNoticeIssued['data'];
  // A corrected notice replaces the one of the same id, and may no longer cite this evaluation.
  const others = doc.notices.filter((n) => n.noticeId !== d.noticeId);
  const stream = evaluationStream(doc.proCode, doc.fiscalYear);
  const cited = d.basisEvents.filter((b) => b.stream === stream);
  if (cited.length === 0) return others.length === doc.notices.length ? doc : { ...doc, notices: others };
  const notice: RegisterNotice = {
    noticeId: d.noticeId,
    docNo: d.docNo,
    reasons: [...d.reasons],
    issuedOn: happenedOn(event),
    citesFlag: doc.flag !== undefined && cited.some((b) => b.eventId === doc.flag?.eventId),
    eventId: event.metadata.eventId,
  };
  return { ...doc, notices: [...others, notice] };
}

function applyReferral(doc: DiscrepancyRegisterDocument, event: ProjectedEvent): DiscrepancyRegisterDocument {
  const d = event.data as AccountabilityReferred['data'];
  // keys() reaches only the documents of the referral's own project or of an evaluation it cites: each concerns it.
  const others = doc.referrals.filter((r) => r.referralId !== d.referralId);
  const { role, orgCode, orgName } = event.metadata.actor;
  const referral: RegisterReferral = {
    referralId: d.referralId,
    grounds: d.grounds,
    referredTo: d.referredTo,
    detail: d.detail,
    persons: d.subjects.map((s) => ({ deptCode: s.deptCode, ...(s.personName ? { personName: s.personName } : {}), ...(s.role ? { role: s.role } : {}) })),
    referredOn: happenedOn(event),
    referredBy: { role, orgCode, orgName },
    citesFlag: doc.flag !== undefined && d.basisEvents.some((b) => b.eventId === doc.flag?.eventId),
    eventId: event.metadata.eventId,
  };
  return { ...doc, referrals: [...others, referral] };
}

export const discrepancyRegisterProjection: Projection<DiscrepancyRegisterDocument> = {
  name: 'discrepancy-register',
  version: 1,
  indexes: ['fiscalYear', 'deptCode', 'flagged', 'spotChecked'],

  keys(event) {
    const proCode = typeof event.data.proCode === 'string' ? event.data.proCode : undefined;
    switch (event.type) {
      case 'BudgetProjectDeclared':
        return proCode ? (event.data as BudgetProjectDeclared['data']).fundingPlan.map((line) => documentKey(proCode, line.fiscalYear)) : [];
      case 'CirculationNoticeIssued': {
        // A notice names its projects and its year, and cites the flag: the citation decides in apply.
        const d = event.data as CirculationNoticeIssued['data'];
        const named = d.subjects.filter((s) => s.proCode).map((s) => documentKey(s.proCode as string, d.fiscalYear));
        return [...new Set([...named, ...citedEvaluations(d.basisEvents)])];
      }
      case 'AccountabilityReferred':
        return [...new Set(referralKeys(event))];
      default: {
        if (!EVALUATION_EVENTS.has(event.type) || !proCode) return [];
        const fiscalYear = typeof event.data.fiscalYear === 'number' ? event.data.fiscalYear : event.subject.fiscalYear;
        return fiscalYear === undefined ? [] : [documentKey(proCode, fiscalYear)];
      }
    }
  },

  apply(doc, event, key) {
    switch (event.type) {
      case 'BudgetProjectDeclared': {
        const { proName, deptCode, unitCode } = event.data as BudgetProjectDeclared['data'];
        return { ...(doc ?? emptyDocument(key)), proName, deptCode, ...(unitCode ? { unitCode } : {}) };
      }
      case 'CirculationNoticeIssued':
        return doc && applyNotice(doc, event);
      case 'AccountabilityReferred':
        return doc && applyReferral(doc, event);
      default:
        return applyEvaluation(doc ?? emptyDocument(key), event);
    }
  },
};
