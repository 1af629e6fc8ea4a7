import { IsIn, IsInt, IsNotEmpty, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { CommandRejected, NotFound } from '../../event-sourcing/src/command-errors.js';
import type { EventContext, StateModel } from '../../event-sourcing/src/decider.js';
import type { KeyMonitoringConducted, MonitoringEvent } from '../../monitoring/src/monitoring.events.js';
import { rectificationStream } from '../../rectification/src/rectification.events.js';
import { type RectificationStatus, rectificationModel } from '../../rectification/src/rectification.state.js';
import { type ReadStream, STREAM_NAME } from './funding-facts.js';
import type { FundingControlBasis } from './funding.events.js';

// Invariant 5 (乳发〔2020〕3号 三(三)2, "问题严重或整改不到位的暂缓或停止预算拨款"): a suspension or stop rests on
// a rectification case that is overdue or rejected, or on a SERIOUS key-monitoring finding, checked against
// the case's or the finding's own stream when the decision is taken.

/** What the body names; the case status is not given but found. */
export class FundingControlBasisDto {
  @IsIn(['RECTIFICATION_CASE', 'KEY_MONITORING_FINDING']) kind: FundingControlBasis['kind'];

  @ValidateIf((basis: FundingControlBasisDto) => basis.kind === 'RECTIFICATION_CASE')
  @IsString() @IsNotEmpty() @MaxLength(100)
  caseId?: string;

  @ValidateIf((basis: FundingControlBasisDto) => basis.kind === 'KEY_MONITORING_FINDING')
  @IsString() @MaxLength(200) @Matches(STREAM_NAME, { message: 'stream must be the monitoring stream, e.g. monitoring-371083-2024-D104-005-2024' })
  stream?: string;

  @ValidateIf((basis: FundingControlBasisDto) => basis.kind === 'KEY_MONITORING_FINDING')
  @IsUUID()
  eventId?: string;

  @ValidateIf((basis: FundingControlBasisDto) => basis.kind === 'KEY_MONITORING_FINDING')
  @IsInt() @Min(0) @Max(999)
  findingIndex?: number;
}

export type BasisRef = { kind: 'RECTIFICATION_CASE'; caseId: string } | { kind: 'KEY_MONITORING_FINDING'; stream: string; eventId: string; findingIndex: number };

export function basisRef(basis: FundingControlBasisDto | FundingControlBasis): BasisRef {
  return basis.kind === 'RECTIFICATION_CASE'
    ? { kind: 'RECTIFICATION_CASE', caseId: basis.caseId ?? '' }
    : { kind: 'KEY_MONITORING_FINDING', stream: basis.stream ?? '', eventId: basis.eventId ?? '', findingIndex: basis.findingIndex ?? 0 };
}

/** The basis as named, with what its stream says about it now. */
export type CitedBasis =
  | { kind: 'RECTIFICATION_CASE'; caseId: string; case?: { proCode: string; status: RectificationStatus } }
  | {
      kind: 'KEY_MONITORING_FINDING';
      stream: string;
      eventId: string;
      findingIndex: number;
      inspection?: { proCode: string; conductedOn: string; findings: KeyMonitoringConducted['data']['findings'] };
    };

/** Key monitoring events of a stream by id. */
const keyMonitoringModel: StateModel<Record<string, KeyMonitoringConducted['data']>, MonitoringEvent> = {
  initialState: () => ({}),
  evolve(state, event, context?: EventContext) {
    return event.type === 'KeyMonitoringConducted' && context ? { ...state, [context.eventId]: event.data } : state;
  },
};

export async function citeBasis(ref: BasisRef | undefined, read: ReadStream): Promise<CitedBasis | undefined> {
  if (!ref) return undefined;
  if (ref.kind === 'RECTIFICATION_CASE') {
    const rectification = await read(rectificationStream(ref.caseId), rectificationModel);
    return rectification.notice && rectification.status ? { ...ref, case: { proCode: rectification.notice.proCode, status: rectification.status } } : ref;
  }
  const inspection = (await read(ref.stream, keyMonitoringModel))[ref.eventId];
  return inspection ? { ...ref, inspection: { proCode: inspection.proCode, conductedOn: inspection.conductedOn, findings: inspection.findings } } : ref;
}

/** Whether the facts were read for the basis the decision is about (they may not be, if the stream moved on). */
export function sameBasis(cited: CitedBasis | undefined, basis: FundingControlBasis): boolean {
  if (!cited || cited.kind !== basis.kind) return false;
  if (cited.kind === 'RECTIFICATION_CASE' && basis.kind === 'RECTIFICATION_CASE') return cited.caseId === basis.caseId;
  if (cited.kind === 'KEY_MONITORING_FINDING' && basis.kind === 'KEY_MONITORING_FINDING') {
    return cited.stream === basis.stream && cited.eventId === basis.eventId && cited.findingIndex === basis.findingIndex;
  }
  return false;
}

/** Invariant 5, or the refusal that names what is missing; the case status found is recorded in the basis. */
export function eligibleBasis(cited: CitedBasis | undefined, proCode: string, decision: { requiredCode: string; what: string }): FundingControlBasis {
  if (!cited) {
    throw new CommandRejected(
      decision.requiredCode,
      `${decision.what} must cite an overdue or rejected rectification case or a SERIOUS key-monitoring finding (乳发〔2020〕3号 三(三)2: 问题严重或整改不到位)`,
    );
  }
  if (cited.kind === 'RECTIFICATION_CASE') {
    const { caseId, case: found } = cited;
    if (!found) throw new NotFound('BASIS_NOT_FOUND', `there is no rectification case ${caseId}`, { caseId });
    if (found.proCode !== proCode) {
      throw new CommandRejected('BASIS_NOT_ELIGIBLE', `rectification case ${caseId} concerns project ${found.proCode}, not ${proCode}`, { caseId, proCode: found.proCode });
    }
    if (found.status !== 'OVERDUE' && found.status !== 'REJECTED') {
      throw new CommandRejected(
        'BASIS_NOT_ELIGIBLE',
        `rectification case ${caseId} is ${found.status}: only an overdue or rejected rectification (整改不到位) justifies ${decision.what}`,
        { caseId, status: found.status },
      );
    }
    return { kind: 'RECTIFICATION_CASE', caseId, caseStatus: found.status };
  }
  const { stream, eventId, findingIndex, inspection } = cited;
  if (!inspection) throw new NotFound('BASIS_NOT_FOUND', `stream ${stream} holds no key monitoring event ${eventId}`, { stream, eventId });
  if (inspection.proCode !== proCode) {
    throw new CommandRejected('BASIS_NOT_ELIGIBLE', `key monitoring ${eventId} concerns project ${inspection.proCode}, not ${proCode}`, { eventId, proCode: inspection.proCode });
  }
  const finding = inspection.findings[findingIndex];
  if (!finding) {
    throw new NotFound('BASIS_NOT_FOUND', `key monitoring ${eventId} of ${inspection.conductedOn} has ${inspection.findings.length} finding(s); there is no finding ${findingIndex}`, {
      eventId,
      findingIndex,
    });
  }
  if (finding.severity !== 'SERIOUS') {
    throw new CommandRejected('BASIS_NOT_ELIGIBLE', `finding ${findingIndex} of key monitoring ${eventId} ("${finding.text}") is ${finding.severity}: only a SERIOUS finding justifies ${decision.what}`, {
      eventId,
      findingIndex,
      severity: finding.severity,
    });
  }
  return { kind: 'KEY_MONITORING_FINDING', stream, eventId, findingIndex };
}
