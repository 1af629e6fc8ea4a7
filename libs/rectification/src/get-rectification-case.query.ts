import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { AccessDenied } from '../../event-sourcing/src/command-errors.js';
import { foldStored } from '../../event-sourcing/src/decider.js';
import { type Actor, EVENT_STORE, type EventStore } from '../../event-store/src/event-store.port.js';
import { actsForOwner } from '../../identity/src/authorization.js';
import { noticeOf } from './rectification-guards.js';
import { rectificationStream } from './rectification.events.js';
import { type RectificationState, rectificationModel } from './rectification.state.js';

export interface RectificationCaseView {
  caseId: string;
  revision: number;
  status: NonNullable<RectificationState['status']>;
  overdue: boolean;
  /** The deadline in force: the notice's, or the one a rejection set. */
  deadline?: string;
  issuedOn?: string;
  notice: NonNullable<RectificationState['notice']>;
  reports: number;
  rejections: number;
  /** Every step of the case in order: notice, reports, decisions, the overdue mark; who, when and on what basis. */
  history: {
    eventId: string;
    type: string;
    occurredAt: string;
    recordedAt: string;
    actor: Actor;
    data: Record<string, unknown>;
    legalBasis: { docNo: string; clause?: string }[];
    evidence: { name: string; sha256: string; uri?: string }[];
  }[];
}

export class GetRectificationCaseQuery extends Query<RectificationCaseView> {
  constructor(
    readonly caseId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** One rectification case, folded from its stream, readable by finance, audit and the department it concerns. */
@QueryHandler(GetRectificationCaseQuery)
export class GetRectificationCaseHandler implements IQueryHandler<GetRectificationCaseQuery, RectificationCaseView> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ caseId, actor }: GetRectificationCaseQuery): Promise<RectificationCaseView> {
    const events = await this.store.readStream(rectificationStream(caseId));
    const state = foldStored(rectificationModel, events);
    const notice = noticeOf(state, caseId);
    if (actor.role !== 'FINANCE_AUTHORITY' && actor.role !== 'AUDIT_BUREAU' && !actsForOwner(actor, notice)) {
      throw new AccessDenied('NOT_YOUR_PROJECT', `${actor.orgCode} may not read rectification case ${caseId} of ${notice.proCode}`, { proCode: notice.proCode });
    }
    return {
      caseId,
      revision: events.length - 1,
      status: state.status ?? 'OPEN',
      overdue: state.overdue,
      ...(state.deadline ? { deadline: state.deadline } : {}),
      ...(state.issuedOn ? { issuedOn: state.issuedOn } : {}),
      notice,
      reports: state.reports,
      rejections: state.rejections,
      history: events.map((e) => ({
        eventId: e.metadata.eventId,
        type: e.type,
        occurredAt: e.metadata.occurredAt,
        recordedAt: e.metadata.recordedAt,
        actor: e.metadata.actor,
        data: e.data,
        legalBasis: e.metadata.legalBasis,
        evidence: e.metadata.evidence,
      })),
    };
  }
}
