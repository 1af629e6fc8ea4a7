// The use-case modules carry class-validator/class-transformer decorators, which need the Reflect metadata API.
import 'reflect-metadata';
import type { RectificationStatus } from '../../rectification/src/rectification.state.js';
import { deciderSpec } from '../../testing/src/decider-spec.js';
import { FY, P3, P4, treasury, yuan, finance as wang, financeSecond as li } from '../../testing/src/rushan-fixtures.js';
import { decideApproveFundingStop } from './approve-funding-stop.command.js';
import type { CitedBasis } from './funding-control-basis.js';
import type { ProjectFacts } from './funding-facts.js';
import type { FundingControlBasis, FundingEvent } from './funding.events.js';
import { fundingModel } from './funding.state.js';
import { decideProposeFundingStop } from './propose-funding-stop.command.js';
import { decideRecordDisbursement } from './record-disbursement.command.js';

// domain.md §5 invariants 4 and 5 where funding.decider.spec.ts stops short: a gate closed today refuses payments of
// any date; a stop that ended still covers the payments dated inside it; a stop proposal, like a suspension, rests
// only on an overdue/rejected case or a SERIOUS finding, and its approval checks that basis again.

const given = deciderSpec(fundingModel);
const scope = { proCode: P4, fiscalYear: FY };
const CASE = 'RC-2024-P4-01';
const KM_STREAM = `monitoring-${P4}-${FY}`;
const KM_EVENT = '3f1c2b7a-9d4e-5a61-8b2c-0d9e8f7a6b5c';

const facts: ProjectFacts = { project: { proCode: P4, deptCode: 'D104', approval: { approvedFen: yuan(25_000_000), approvalDocNo: '乳财预〔2024〕1号' } } };
const overdue: FundingControlBasis = { kind: 'RECTIFICATION_CASE', caseId: CASE, caseStatus: 'OVERDUE' };

const paid = (paymentRef: string, amountYuan: number, paidOn: string): FundingEvent => ({ type: 'FundsDisbursed', data: { ...scope, amountFen: yuan(amountYuan), paymentRef, paidOn } });
const suspended = (effectiveOn: string): FundingEvent => ({ type: 'FundDisbursementSuspended', data: { ...scope, basis: overdue, effectiveOn, docNo: '乳财预〔2024〕33号', reason: '整改逾期' } });
const stopProposed = (): FundingEvent => ({ type: 'FundingStopProposed', data: { ...scope, proposalId: 'STOP-1', basis: overdue, reason: '整改逾期且问题严重', docNo: '乳财预〔2024〕34号', proposedBy: wang.userId } });
const stopped = (effectiveOn: string): FundingEvent => ({
  type: 'FundDisbursementStopped',
  data: { ...scope, proposalId: 'STOP-1', basis: overdue, effectiveOn, docNo: '乳财预〔2024〕34号', proposedBy: wang.userId, approvedBy: li.userId },
});
const resumed = (effectiveOn: string): FundingEvent => ({ type: 'FundDisbursementResumed', data: { ...scope, effectiveOn, reason: '整改到位', docNo: '乳财预〔2024〕41号' } });

const byJuly = (): FundingEvent[] => [paid('GK-0315', 1_500_000, '2024-03-15'), paid('GK-0520', 1_250_000, '2024-05-20'), paid('GK-0710', 1_000_000, '2024-07-10')];
const pay = (paymentRef: string, amountYuan: number, paidOn: string) => ({ ...scope, ...facts, amountFen: yuan(amountYuan), paymentRef, paidOn });

const caseBasis = (status: RectificationStatus, proCode = P4): CitedBasis => ({ kind: 'RECTIFICATION_CASE', caseId: CASE, case: { proCode, status } });
const findingBasis = (severity: 'MINOR' | 'SERIOUS', proCode = P4): CitedBasis => ({
  kind: 'KEY_MONITORING_FINDING',
  stream: KM_STREAM,
  eventId: KM_EVENT,
  findingIndex: 0,
  inspection: { proCode, conductedOn: '2024-08-12', findings: [{ severity, text: '施工进度严重滞后' }] },
});
const proposeStop = (cited: CitedBasis) => ({
  ...scope,
  ...facts,
  basis: cited.kind === 'RECTIFICATION_CASE' ? { kind: cited.kind, caseId: cited.caseId } : { kind: cited.kind, stream: cited.stream, eventId: cited.eventId, findingIndex: cited.findingIndex },
  cited,
  reason: '停止拨付',
  docNo: '乳财预〔2024〕34号',
});

describe('invariant 4 — the gate refuses by today’s state and by the payment’s date', () => {
  it('while suspended since 5 September, a payment dated 20 August is refused too: FUNDING_SUSPENDED, the suspension in force named', () => {
    const run = () => given([...byJuly(), suspended('2024-09-05')]).when(decideRecordDisbursement, pay('GK-0820', 100_000, '2024-08-20'), { actor: treasury }).events();
    expect(run).toThrow(expect.objectContaining({ code: 'FUNDING_SUSPENDED', status: 422, details: { status: 'SUSPENDED', from: '2024-09-05', basis: overdue } }));
  });

  it('while stopped, a payment dated before the suspension is refused: FUNDING_STOPPED', () => {
    given([...byJuly(), suspended('2024-09-05'), stopProposed(), stopped('2024-09-20')])
      .when(decideRecordDisbursement, pay('GK-0801', 100_000, '2024-08-01'), { actor: treasury })
      .thenRejects('FUNDING_STOPPED', 422);
  });

  it('after the resumption, a payment dated inside the ended stop is refused as FUNDING_STOPPED with its from and to; one dated on the resumption day is paid', () => {
    const history = [...byJuly(), suspended('2024-09-05'), stopProposed(), stopped('2024-09-20'), resumed('2024-10-20')];
    const run = () => given(history).when(decideRecordDisbursement, pay('GK-1019', 100_000, '2024-10-19'), { actor: treasury }).events();
    expect(run).toThrow(expect.objectContaining({ code: 'FUNDING_STOPPED', details: { status: 'STOPPED', from: '2024-09-20', to: '2024-10-20', basis: overdue } }));
    given(history).when(decideRecordDisbursement, pay('GK-1020', 100_000, '2024-10-20'), { actor: treasury }).then([paid('GK-1020', 100_000, '2024-10-20')]);
  });
});

describe('invariant 5 — a stop proposal rests on the same bases as a suspension', () => {
  it.each<[RectificationStatus]>([['OPEN'], ['REPORTED'], ['CLOSED']])('refuses a case that is %s: BASIS_NOT_ELIGIBLE (422) naming the status', (status) => {
    const run = () => given(byJuly()).when(decideProposeFundingStop, proposeStop(caseBasis(status)), { actor: wang }).events();
    expect(run).toThrow(expect.objectContaining({ code: 'BASIS_NOT_ELIGIBLE', status: 422, details: { caseId: CASE, status } }));
  });

  it('refuses a MINOR finding, and a SERIOUS one about another project: BASIS_NOT_ELIGIBLE', () => {
    const minor = () => given(byJuly()).when(decideProposeFundingStop, proposeStop(findingBasis('MINOR')), { actor: wang }).events();
    expect(minor).toThrow(expect.objectContaining({ code: 'BASIS_NOT_ELIGIBLE', details: { eventId: KM_EVENT, findingIndex: 0, severity: 'MINOR' } }));
    const foreign = () => given(byJuly()).when(decideProposeFundingStop, proposeStop(findingBasis('SERIOUS', P3)), { actor: wang }).events();
    expect(foreign).toThrow(expect.objectContaining({ code: 'BASIS_NOT_ELIGIBLE', details: { eventId: KM_EVENT, proCode: P3 } }));
  });

  it('proposes on a SERIOUS finding and on a REJECTED case, recording the basis as found', () => {
    given(byJuly())
      .when(decideProposeFundingStop, proposeStop(findingBasis('SERIOUS')), { actor: wang })
      .then([
        {
          type: 'FundingStopProposed',
          data: { ...scope, proposalId: 'STOP-1', basis: { kind: 'KEY_MONITORING_FINDING', stream: KM_STREAM, eventId: KM_EVENT, findingIndex: 0 }, reason: '停止拨付', docNo: '乳财预〔2024〕34号', proposedBy: wang.userId },
        },
      ]);
    const [event] = given(byJuly()).when(decideProposeFundingStop, proposeStop(caseBasis('REJECTED')), { actor: wang }).events();
    expect(event.data).toMatchObject({ basis: { kind: 'RECTIFICATION_CASE', caseId: CASE, caseStatus: 'REJECTED' } });
  });

  it('the approval checks the basis again: a late report (REPORTED) since the proposal makes it BASIS_NOT_ELIGIBLE', () => {
    const approve = { ...scope, ...facts, proposalId: 'STOP-1', effectiveOn: '2024-09-20', cited: caseBasis('REPORTED') };
    const run = () => given([...byJuly(), suspended('2024-09-05'), stopProposed()]).when(decideApproveFundingStop, approve, { actor: li }).events();
    expect(run).toThrow(expect.objectContaining({ code: 'BASIS_NOT_ELIGIBLE', details: { caseId: CASE, status: 'REPORTED' } }));
  });
});
