import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { AccessDenied } from '../../event-sourcing/src/command-errors.js';
import { foldStored } from '../../event-sourcing/src/decider.js';
import { type Actor, EVENT_STORE, type EventStore } from '../../event-store/src/event-store.port.js';
import { type OwnedByDepartment, actsForOwner } from '../../identity/src/authorization.js';
import { projectStream } from '../../projects/src/project.events.js';
import { declared } from '../../projects/src/project-guards.js';
import { projectModel } from '../../projects/src/project.state.js';
import { evaluationStream, keyEvaluationStream } from './evaluation.events.js';
import { type Commission, type KeyEvaluationState, type SelfEvaluationState, evaluationModel, keyEvaluationModel } from './evaluation.state.js';

export type SelfEvaluationStage = 'NOT_SUBMITTED' | 'SUBMITTED' | 'REVIEWED' | 'FILED' | 'SPOT_CHECKED';
export type KeyEvaluationStage = 'NOT_COMMISSIONED' | 'COMMISSIONED' | 'REPORTED' | 'COMPLETED';

export interface EvaluationView {
  proCode: string;
  fiscalYear: number;
  /** Each stream's revision, for If-Match on the next command of that stream. */
  revisions: { evaluation: number; keyEvaluation: number };
  stage: SelfEvaluationStage;
  selfEvaluation: NonNullable<SelfEvaluationState['submission']> | null;
  supersededSubmissions: string[];
  competentReview: NonNullable<SelfEvaluationState['review']> | null;
  filing: NonNullable<SelfEvaluationState['filing']> | null;
  spotCheck: NonNullable<SelfEvaluationState['spotCheck']> | null;
  discrepancy: NonNullable<SelfEvaluationState['discrepancy']> | null;
  /** Third parties engaged for this project and year, spot-check and key evaluation alike. */
  commissions: Commission[];
  keyEvaluation: { stage: KeyEvaluationStage; reports: KeyEvaluationState['reports']; completion: NonNullable<KeyEvaluationState['completion']> | null };
}

/** Finance and audit read every evaluation; a department or unit its own projects'; a third party those it was commissioned on. */
export function assertMayReadEvaluation(actor: Actor, owner: OwnedByDepartment, commissions: Commission[]): void {
  if (actor.role === 'FINANCE_AUTHORITY' || actor.role === 'AUDIT_BUREAU') return;
  if (actsForOwner(actor, owner)) return;
  if (actor.role === 'THIRD_PARTY' && commissions.some((c) => c.institutionId === actor.institutionId)) return;
  throw new AccessDenied('NOT_YOUR_PROJECT', `${actor.orgCode} may not read the evaluation of project ${owner.proCode}`, { proCode: owner.proCode });
}

export function evaluationView(proCode: string, fiscalYear: number, self: SelfEvaluationState, key: KeyEvaluationState): EvaluationView {
  const stage: SelfEvaluationStage = self.spotCheck ? 'SPOT_CHECKED' : self.filing ? 'FILED' : self.review ? 'REVIEWED' : self.submission ? 'SUBMITTED' : 'NOT_SUBMITTED';
  const keyStage: KeyEvaluationStage = key.completion ? 'COMPLETED' : key.reports.length ? 'REPORTED' : key.commissions.length ? 'COMMISSIONED' : 'NOT_COMMISSIONED';
  return {
    proCode,
    fiscalYear,
    revisions: { evaluation: self.revision, keyEvaluation: key.revision },
    stage,
    selfEvaluation: self.submission ?? null,
    supersededSubmissions: self.supersededSubmissions,
    competentReview: self.review ?? null,
    filing: self.filing ?? null,
    spotCheck: self.spotCheck ?? null,
    discrepancy: self.discrepancy ?? null,
    commissions: [...self.commissions, ...key.commissions],
    keyEvaluation: { stage: keyStage, reports: key.reports, completion: key.completion ?? null },
  };
}

export class GetEvaluationQuery extends Query<EvaluationView> {
  constructor(
    readonly proCode: string,
    readonly fiscalYear: number,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** The ex-post evaluation of a project and year, folded from its two streams (until a read model serves it). */
@QueryHandler(GetEvaluationQuery)
export class GetEvaluationHandler implements IQueryHandler<GetEvaluationQuery, EvaluationView> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ proCode, fiscalYear, actor }: GetEvaluationQuery): Promise<EvaluationView> {
    const owner = declared(foldStored(projectModel, await this.store.readStream(projectStream(proCode))), proCode);
    const self = foldStored(evaluationModel, await this.store.readStream(evaluationStream(proCode, fiscalYear)));
    const key = foldStored(keyEvaluationModel, await this.store.readStream(keyEvaluationStream(proCode, fiscalYear)));
    assertMayReadEvaluation(actor, owner, [...self.commissions, ...key.commissions]);
    return evaluationView(proCode, fiscalYear, self, key);
  }
}
