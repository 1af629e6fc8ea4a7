// The use-case modules carry class-validator/class-transformer decorators, which need the Reflect metadata API
// that the app's entry point loads.
import 'reflect-metadata';
import { type EventContext, fold } from '../../event-sourcing/src/decider.js';
import type { Actor } from '../../event-store/src/event-store.port.js';
import { monitoringStream } from '../../monitoring/src/monitoring.events.js';
import type { RectificationStatus } from '../../rectification/src/rectification.state.js';
import { DEFAULT_RULE_SET } from '../../rule-sets/src/rule-set.js';
import { deciderSpec } from '../../testing/src/decider-spec.js';
import { FY, P3, P4, finance, financeSecond, refusal, treasury, yuan } from '../../testing/src/rushan-fixtures.js';
import { decideAdjustBudget } from './adjust-budget.command.js';
import { decideApproveFundingStop } from './approve-funding-stop.command.js';
import { decideApproveFundsRecovery } from './approve-funds-recovery.command.js';
import { decideCloseBudgetExecution } from './close-budget-execution.command.js';
import type { CitedBasis } from './funding-control-basis.js';
import type { CitedEvent, ProjectFacts } from './funding-facts.js';
import type {
  BudgetAdjusted,
  BudgetExecutionClosed,
  FundDisbursementResumed,
  FundDisbursementStopped,
  FundDisbursementSuspended,
  FundingControlBasis,
  FundingEvent,
  FundingStopProposed,
  FundsDisbursed,
  FundsRecovered,
  FundsRecoveryProposed,
  NextYearBudgetReductionProposed,
} from './funding.events.js';
import { type FundingState, adjustedBudgetFen, disbursedFen, figuresAsOf, fundingModel, netDisbursedFen } from './funding.state.js';
import { decideProposeFundingStop } from './propose-funding-stop.command.js';
import { decideProposeFundsRecovery } from './propose-funds-recovery.command.js';
import { decideProposeNextYearBudgetReduction } from './propose-next-year-budget-reduction.command.js';
import { decideRecordDisbursement } from './record-disbursement.command.js';
import { decideResumeDisbursement } from './resume-disbursement.command.js';
import { decideSuspendDisbursement } from './suspend-disbursement.command.js';

// ---------------------------------------------------------------------------------------------------------
// Fixtures: 乳山市 (371083), fiscal year 2024, project P4 of domain.md §9 — 城镇老旧小区改造配套基础设施,
// government fund budget, PPP, 25,000,000 yuan approved.
// ---------------------------------------------------------------------------------------------------------

const given = deciderSpec(fundingModel);

const APPROVED = yuan(25_000_000);

const ruleEngine: Actor = { userId: 'system', name: '规则引擎', role: 'SYSTEM', orgCode: 'SYSTEM', orgName: 'BudgetLoop' };

/** What the handlers read from project-371083-2024-D104-005: declared by D104, the 2024 budget approved. */
const p4 = (change: Partial<NonNullable<ProjectFacts['project']>> = {}): ProjectFacts => ({
  project: { proCode: P4, deptCode: 'D104', approval: { approvedFen: APPROVED, approvalDocNo: '乳财预〔2024〕1号' }, ...change },
});
const p4NotApproved = (): ProjectFacts => ({ project: { proCode: P4, deptCode: 'D104' } });

const CASE_P4 = 'RC-2024-D104-005-1';
const KM_STREAM = monitoringStream(P4, FY);
const KM_EVENT = '5d0c1f6e-3f1a-5b9e-8c2d-7a4b9e0f1c23';
const KM_FINDINGS: { severity: 'MINOR' | 'SERIOUS'; text: string }[] = [
  { severity: 'MINOR', text: '项目资金台账登记不及时' },
  { severity: 'SERIOUS', text: '施工场地未具备开工条件，PPP项目合同未签订' },
];
const JULY_SNAPSHOT = { stream: KM_STREAM, eventId: '0b7e2f8a-6c1d-5e3f-9a4b-2c8d7e6f5a10' };
const JULY_RED_LIGHT = { stream: KM_STREAM, eventId: '9f1e2d3c-4b5a-5968-8776-a5b4c3d2e1f0' };

/** The rectification case as its stream stands when the decision is taken. */
const rectificationCase = (status: RectificationStatus, proCode = P4, caseId = CASE_P4): CitedBasis => ({ kind: 'RECTIFICATION_CASE', caseId, case: { proCode, status } });
const keyMonitoringFinding = (findingIndex: number, proCode = P4): CitedBasis => ({
  kind: 'KEY_MONITORING_FINDING',
  stream: KM_STREAM,
  eventId: KM_EVENT,
  findingIndex,
  inspection: { proCode, conductedOn: '2024-08-06', findings: KM_FINDINGS },
});
/** The body's basis and what the handler found for it. */
const citing = (cited: CitedBasis) => ({
  basis: cited.kind === 'RECTIFICATION_CASE' ? { kind: cited.kind, caseId: cited.caseId } : { kind: cited.kind, stream: cited.stream, eventId: cited.eventId, findingIndex: cited.findingIndex },
  cited,
});

const overdueBasis: FundingControlBasis = { kind: 'RECTIFICATION_CASE', caseId: CASE_P4, caseStatus: 'OVERDUE' };
const scope = { proCode: P4, fiscalYear: FY };

// Given events ----------------------------------------------------------------------------------------------
const disbursed = (paymentRef: string, amountYuan: number, paidOn: string): FundsDisbursed => ({
  type: 'FundsDisbursed',
  data: { ...scope, amountFen: yuan(amountYuan), paymentRef, paidOn, fundSource: '土地出让收入' },
});
const adjusted = (deltaYuan: number, afterYuan: number, effectiveOn: string): BudgetAdjusted => ({
  type: 'BudgetAdjusted',
  data: { ...scope, deltaFen: yuan(deltaYuan), adjustedBudgetFen: yuan(afterYuan), reason: '专项债券额度调整', docNo: '乳财预〔2024〕36号', effectiveOn },
});
const suspended = (effectiveOn = '2024-09-05', basis: FundingControlBasis = overdueBasis): FundDisbursementSuspended => ({
  type: 'FundDisbursementSuspended',
  data: { ...scope, basis, effectiveOn, docNo: '乳财绩〔2024〕21号', reason: '整改逾期未报送' },
});
const stopProposed = (proposalId = 'STOP-1', basis: FundingControlBasis = overdueBasis, proposedBy = finance.userId): FundingStopProposed => ({
  type: 'FundingStopProposed',
  data: { ...scope, proposalId, basis, reason: '整改逾期且问题严重', docNo: '乳财绩〔2024〕25号', proposedBy },
});
const stopped = (effectiveOn = '2024-09-20', proposalId = 'STOP-1'): FundDisbursementStopped => ({
  type: 'FundDisbursementStopped',
  data: { ...scope, proposalId, basis: overdueBasis, effectiveOn, docNo: '乳财绩〔2024〕25号', proposedBy: finance.userId, approvedBy: financeSecond.userId },
});
const resumed = (effectiveOn = '2024-10-20'): FundDisbursementResumed => ({
  type: 'FundDisbursementResumed',
  data: { ...scope, effectiveOn, reason: '整改已验收通过，恢复拨款', docNo: '乳财绩〔2024〕30号', basis: { caseId: CASE_P4 } },
});
const recoveryProposed = (amountYuan = 3_000_000, proposalId = 'RECOVERY-1', proposedBy = finance.userId): FundsRecoveryProposed => ({
  type: 'FundsRecoveryProposed',
  data: { ...scope, proposalId, amountFen: yuan(amountYuan), reallocationRef: 'UNALLOCATED_POOL', reason: '项目进度严重滞后，已拨资金闲置', docNo: '乳财绩〔2024〕27号', proposedBy },
});
const recovered = (amountYuan = 3_000_000, effectiveOn = '2024-09-25', proposalId = 'RECOVERY-1'): FundsRecovered => ({
  type: 'FundsRecovered',
  data: {
    ...scope,
    proposalId,
    amountFen: yuan(amountYuan),
    reallocationRef: 'UNALLOCATED_POOL',
    docNo: '乳财绩〔2024〕27号',
    proposedBy: finance.userId,
    approvedBy: financeSecond.userId,
    effectiveOn,
  },
});
const closed = (): BudgetExecutionClosed => ({
  type: 'BudgetExecutionClosed',
  data: { ...scope, initialApprovedFen: APPROVED, inYearAdjustmentFen: 0, adjustedBudgetFen: APPROVED, executedFen: yuan(3_750_000), recoveredFen: 0, carryOverFen: 0, balanceFen: yuan(21_250_000) },
});

// P4 along domain.md §9: 3,750,000 yuan paid by the July cut-off, then suspended on 5 September.
const p4ByJuly = (): FundingEvent[] => [disbursed('GK-2024-0315', 1_500_000, '2024-03-15'), disbursed('GK-2024-0520', 1_250_000, '2024-05-20'), disbursed('GK-2024-0710', 1_000_000, '2024-07-10')];
const p4Suspended = (): FundingEvent[] => [...p4ByJuly(), suspended()];

// Commands ----------------------------------------------------------------------------------------------------
const disburse = (paymentRef: string, amountYuan: number, paidOn: string, facts: ProjectFacts = p4()) => ({ ...scope, ...facts, amountFen: yuan(amountYuan), paymentRef, paidOn, fundSource: '土地出让收入' });
const adjust = (deltaYuan: number, facts: ProjectFacts = p4(), effectiveOn = '2024-06-28') => ({ ...scope, ...facts, deltaFen: yuan(deltaYuan), reason: '专项债券额度调整', docNo: '乳财预〔2024〕36号', effectiveOn });
const suspend = (cited?: CitedBasis, effectiveOn = '2024-09-05', facts: ProjectFacts = p4()) => ({
  ...scope,
  ...facts,
  ...(cited ? citing(cited) : {}),
  effectiveOn,
  docNo: '乳财绩〔2024〕21号',
  reason: '整改逾期未报送',
});
const proposeStop = (cited?: CitedBasis, facts: ProjectFacts = p4()) => ({ ...scope, ...facts, ...(cited ? citing(cited) : {}), reason: '整改逾期且问题严重', docNo: '乳财绩〔2024〕25号' });
const approveStop = (cited: CitedBasis | undefined = rectificationCase('OVERDUE'), effectiveOn = '2024-09-20', proposalId = 'STOP-1') => ({ ...scope, ...p4(), proposalId, effectiveOn, ...(cited ? { cited } : {}) });
const resume = (change: { effectiveOn?: string; rectification?: { caseId: string; case?: { proCode: string; status: RectificationStatus } }; facts?: ProjectFacts } = {}) => ({
  ...scope,
  ...(change.facts ?? p4()),
  effectiveOn: change.effectiveOn ?? '2024-10-20',
  reason: '整改已验收通过，恢复拨款',
  docNo: '乳财绩〔2024〕30号',
  ...(change.rectification ? { caseId: change.rectification.caseId, rectification: change.rectification } : {}),
});
/** null: the body names no destination. */
const proposeRecovery = (amountYuan = 3_000_000, reallocationRef: string | null = 'UNALLOCATED_POOL') => ({
  ...scope,
  ...p4(),
  amountFen: yuan(amountYuan),
  ...(reallocationRef !== null ? { reallocationRef } : {}),
  reason: '项目进度严重滞后，已拨资金闲置',
  docNo: '乳财绩〔2024〕27号',
});
const approveRecovery = (proposalId = 'RECOVERY-1', effectiveOn = '2024-09-25') => ({ ...scope, ...p4(), proposalId, effectiveOn });
const found = (ref: { stream: string; eventId: string }, type: string, proCode = P4): CitedEvent => ({ ...ref, found: { type, proCode } });
const proposeReduction = (change: Partial<{ targetFiscalYear: number; proposedReductionFen: number; asOfDate: string; citedEvents: CitedEvent[]; facts: ProjectFacts }> = {}) => {
  const citedEvents = change.citedEvents ?? [found(JULY_SNAPSHOT, 'MonitoringSnapshotRecorded')];
  return {
    ...scope,
    ...(change.facts ?? p4()),
    targetFiscalYear: change.targetFiscalYear ?? 2025,
    basis: 'SLOW_SPENDING' as const,
    proposedReductionFen: change.proposedReductionFen ?? yuan(5_000_000),
    asOfDate: change.asOfDate ?? '2024-07-31',
    basisEvents: citedEvents.map(({ stream, eventId }) => ({ stream, eventId })),
    citedEvents,
  };
};
const close = (carryOverYuan: number, facts: ProjectFacts = p4()) => ({ ...scope, ...facts, carryOverFen: yuan(carryOverYuan) });

/** Folds events with the contexts the store would give them (ids, and what a correction supersedes). */
const stateOf = (events: (FundingEvent | { event: FundingEvent; supersedes: string })[]): FundingState =>
  fold(
    fundingModel,
    events.map((e, revision) => {
      const event = 'event' in e ? e.event : e;
      const context: EventContext = { eventId: `ev-${revision}`, revision, occurredAt: '2024-01-01T00:00:00+08:00', actor: finance, ...('event' in e ? { supersedes: e.supersedes } : {}) };
      return { event, context };
    }),
  );

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------------------
// Step 5 and invariant 4: disbursements from the treasury.
// ---------------------------------------------------------------------------------------------------------
describe('RecordDisbursement — invariant 4: no disbursement through a closed gate, never above the adjusted budget', () => {
  it('records P4’s first treasury payment of 1,500,000 yuan, under 三(三)', () => {
    const run = given([]).when(decideRecordDisbursement, disburse('GK-2024-0315', 1_500_000, '2024-03-15'), { actor: treasury });
    run.then([disbursed('GK-2024-0315', 1_500_000, '2024-03-15')]);
    expect(run.events()[0].legalBasis).toEqual([{ docNo: '乳发〔2020〕3号', clause: '三(三)' }]);
  });

  it('refuses the P4 payment of 2024-09-10 while funds are suspended since 2024-09-05: FUNDING_SUSPENDED (422), naming the suspension and its basis', () => {
    const error = refusal(() => given(p4Suspended()).when(decideRecordDisbursement, disburse('GK-2024-0910', 2_000_000, '2024-09-10'), { actor: treasury }).events());
    expect(error).toMatchObject({ code: 'FUNDING_SUSPENDED', status: 422, details: { status: 'SUSPENDED', from: '2024-09-05', basis: overdueBasis } });
    expect(error.message).toContain('三(三)2');
  });

  it('refuses any payment while funds are stopped: FUNDING_STOPPED (422)', () => {
    given([...p4Suspended(), stopProposed(), stopped()]).when(decideRecordDisbursement, disburse('GK-2024-0925', 500_000, '2024-09-25'), { actor: treasury }).thenRejects('FUNDING_STOPPED', 422);
  });

  it('refuses, after the resumption, a payment dated inside the suspension: FUNDING_SUSPENDED', () => {
    const error = refusal(() => given([...p4Suspended(), resumed()]).when(decideRecordDisbursement, disburse('GK-2024-1008', 500_000, '2024-10-08'), { actor: treasury }).events());
    expect(error).toMatchObject({ code: 'FUNDING_SUSPENDED', details: { from: '2024-09-05', to: '2024-10-20' } });
  });

  it('accepts a payment on the day of the resumption, and one dated before the suspension', () => {
    given([...p4Suspended(), resumed()]).when(decideRecordDisbursement, disburse('GK-2024-1020', 2_000_000, '2024-10-20'), { actor: treasury }).then([disbursed('GK-2024-1020', 2_000_000, '2024-10-20')]);
    given([...p4Suspended(), resumed()]).when(decideRecordDisbursement, disburse('GK-2024-0902', 300_000, '2024-09-02'), { actor: treasury }).then([disbursed('GK-2024-0902', 300_000, '2024-09-02')]);
  });

  it('refuses a payment that would bring the cumulative disbursement above the adjusted budget: EXCEEDS_ADJUSTED_BUDGET (422), saying what remains', () => {
    const history = [...p4ByJuly(), adjusted(-1_000_000, 24_000_000, '2024-08-01'), disbursed('GK-2024-0815', 19_000_000, '2024-08-15')];
    const error = refusal(() => given(history).when(decideRecordDisbursement, disburse('GK-2024-0820', 1_250_001, '2024-08-20'), { actor: treasury }).events());
    expect(error).toMatchObject({ code: 'EXCEEDS_ADJUSTED_BUDGET', status: 422, details: { adjustedBudgetFen: yuan(24_000_000), disbursedFen: yuan(22_750_000), availableFen: yuan(1_250_000) } });
  });

  it('accepts a payment that reaches the adjusted budget exactly', () => {
    const history = [...p4ByJuly(), adjusted(-1_000_000, 24_000_000, '2024-08-01'), disbursed('GK-2024-0815', 19_000_000, '2024-08-15')];
    given(history).when(decideRecordDisbursement, disburse('GK-2024-0820', 1_250_000, '2024-08-20'), { actor: treasury }).then([disbursed('GK-2024-0820', 1_250_000, '2024-08-20')]);
  });

  it('counts recovered money against the ceiling still: it was re-pooled elsewhere (收回统筹使用), not returned to the project', () => {
    const history = [...p4ByJuly(), disbursed('GK-2024-0801', 21_250_000, '2024-08-01'), recoveryProposed(), recovered()];
    const error = refusal(() => given(history).when(decideRecordDisbursement, disburse('GK-2024-1105', 1, '2024-11-05'), { actor: treasury }).events());
    expect(error).toMatchObject({ code: 'EXCEEDS_ADJUSTED_BUDGET', details: { disbursedFen: yuan(25_000_000), availableFen: 0 } });
  });

  it('refuses a payment voucher recorded before: DUPLICATE_PAYMENT_REF (422), naming the event to correct', () => {
    const error = refusal(() => given(p4ByJuly()).when(decideRecordDisbursement, disburse('GK-2024-0520', 1_250_000, '2024-05-20'), { actor: treasury }).events());
    expect(error).toMatchObject({ code: 'DUPLICATE_PAYMENT_REF', status: 422, details: { paymentRef: 'GK-2024-0520', eventId: 'given-1' } });
  });

  it('refuses a payment dated outside the fiscal year: DATE_OUTSIDE_FISCAL_YEAR (422)', () => {
    const error = refusal(() => given(p4ByJuly()).when(decideRecordDisbursement, disburse('GK-2025-0103', 500_000, '2025-01-03'), { actor: treasury }).events());
    expect(error).toMatchObject({ code: 'DATE_OUTSIDE_FISCAL_YEAR', status: 422, details: { field: 'paidOn', date: '2025-01-03', fiscalYear: FY } });
  });

  it('refuses before the year’s budget is approved: NOT_APPROVED (422)', () => {
    given([]).when(decideRecordDisbursement, disburse('GK-2024-0315', 1_500_000, '2024-03-15', p4NotApproved()), { actor: treasury }).thenRejects('NOT_APPROVED', 422);
  });

  it('refuses for an undeclared project: PROJECT_NOT_FOUND (404)', () => {
    given([]).when(decideRecordDisbursement, disburse('GK-2024-0315', 1_500_000, '2024-03-15', {}), { actor: treasury }).thenRejects('PROJECT_NOT_FOUND', 404);
  });

  it('refuses after 决算: EXECUTION_CLOSED (422)', () => {
    given([...p4ByJuly(), closed()]).when(decideRecordDisbursement, disburse('GK-2024-1230', 100_000, '2024-12-30'), { actor: treasury }).thenRejects('EXECUTION_CLOSED', 422);
  });

  it('refuses a payment on or after the termination (清理退出) of the project: PROJECT_TERMINATED (422)', () => {
    given(p4ByJuly()).when(decideRecordDisbursement, disburse('GK-2024-1201', 100_000, '2024-12-01', p4({ terminatedOn: '2024-11-30' })), { actor: treasury }).thenRejects('PROJECT_TERMINATED', 422);
    given(p4ByJuly()).when(decideRecordDisbursement, disburse('GK-2024-1129', 100_000, '2024-11-29', p4({ terminatedOn: '2024-11-30' })), { actor: treasury }).then([disbursed('GK-2024-1129', 100_000, '2024-11-29')]);
  });

  it('refuses a zero amount: AMOUNT_NOT_POSITIVE (422)', () => {
    given([]).when(decideRecordDisbursement, { ...disburse('GK-2024-0315', 0, '2024-03-15') }, { actor: treasury }).thenRejects('AMOUNT_NOT_POSITIVE', 422);
  });

  describe('corrections (invariant 13): a FundsDisbursed that supersedes an earlier one', () => {
    const correcting = (eventId: string, original: FundsDisbursed) => ({ supersedes: { eventId, type: 'FundsDisbursed', data: original.data as unknown as Record<string, unknown> } });

    it('may keep the voucher of the payment it corrects', () => {
      given(p4ByJuly())
        .when(decideRecordDisbursement, disburse('GK-2024-0520', 1_200_000, '2024-05-20'), { actor: treasury, ...correcting('given-1', p4ByJuly()[1] as FundsDisbursed) })
        .then([disbursed('GK-2024-0520', 1_200_000, '2024-05-20')]);
    });

    it('replaces the old amount in the sums', () => {
      const state = stateOf([...p4ByJuly(), { event: disbursed('GK-2024-0520', 1_200_000, '2024-05-20'), supersedes: 'ev-1' }]);
      expect(disbursedFen(state)).toBe(yuan(3_700_000));
      expect(state.disbursements.map((d) => d.paymentRef)).toEqual(['GK-2024-0315', 'GK-2024-0710', 'GK-2024-0520']);
      expect(state.disbursements[2]).toMatchObject({ eventId: 'ev-3', corrects: 'ev-1' });
    });

    it('counts only the increase against the ceiling', () => {
      const full = [disbursed('GK-2024-0315', 1_500_000, '2024-03-15'), disbursed('GK-2024-0801', 23_500_000, '2024-08-01')];
      given(full)
        .when(decideRecordDisbursement, disburse('GK-2024-0315', 1_500_000, '2024-03-15'), { actor: treasury, ...correcting('given-0', full[0] as FundsDisbursed) })
        .then([disbursed('GK-2024-0315', 1_500_000, '2024-03-15')]);
      given(full)
        .when(decideRecordDisbursement, disburse('GK-2024-0315', 1_500_001, '2024-03-15'), { actor: treasury, ...correcting('given-0', full[0] as FundsDisbursed) })
        .thenRejects('EXCEEDS_ADJUSTED_BUDGET', 422);
    });

    it('may lower an amount while funds are suspended, for nothing is paid out', () => {
      given(p4Suspended())
        .when(decideRecordDisbursement, disburse('GK-2024-0710', 900_000, '2024-07-10'), { actor: finance, ...correcting('given-2', p4ByJuly()[2] as FundsDisbursed) })
        .then([disbursed('GK-2024-0710', 900_000, '2024-07-10')]);
    });

    it('may not raise one while funds are suspended: FUNDING_SUSPENDED', () => {
      given(p4Suspended())
        .when(decideRecordDisbursement, disburse('GK-2024-0710', 1_100_000, '2024-07-10'), { actor: finance, ...correcting('given-2', p4ByJuly()[2] as FundsDisbursed) })
        .thenRejects('FUNDING_SUSPENDED', 422);
    });

    it('may not reuse the voucher of another payment: DUPLICATE_PAYMENT_REF', () => {
      given(p4ByJuly())
        .when(decideRecordDisbursement, disburse('GK-2024-0315', 1_250_000, '2024-05-20'), { actor: treasury, ...correcting('given-1', p4ByJuly()[1] as FundsDisbursed) })
        .thenRejects('DUPLICATE_PAYMENT_REF', 422);
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// Step 5: in-year budget adjustments.
// ---------------------------------------------------------------------------------------------------------
describe('AdjustBudget — the adjusted budget stays positive and covers the cumulative disbursement', () => {
  it('cuts P4’s budget by 1,000,000 yuan to 24,000,000, recording the adjusted budget', () => {
    given(p4ByJuly()).when(decideAdjustBudget, adjust(-1_000_000), { actor: finance }).then([adjusted(-1_000_000, 24_000_000, '2024-06-28')]);
  });

  it('adds to a budget already adjusted', () => {
    given([...p4ByJuly(), adjusted(-1_000_000, 24_000_000, '2024-06-28')]).when(decideAdjustBudget, adjust(500_000, p4(), '2024-08-30'), { actor: finance }).then([adjusted(500_000, 24_500_000, '2024-08-30')]);
  });

  it('refuses a zero change: ZERO_ADJUSTMENT (422)', () => {
    given(p4ByJuly()).when(decideAdjustBudget, adjust(0), { actor: finance }).thenRejects('ZERO_ADJUSTMENT', 422);
  });

  it('refuses a cut that leaves no budget: ADJUSTED_BUDGET_NOT_POSITIVE (422)', () => {
    given([]).when(decideAdjustBudget, adjust(-25_000_000), { actor: finance }).thenRejects('ADJUSTED_BUDGET_NOT_POSITIVE', 422);
  });

  it('refuses a cut below what was already paid out, recoveries included (they went to the pool): ADJUSTED_BELOW_DISBURSED (422)', () => {
    const history = [...p4ByJuly(), disbursed('GK-2024-0801', 15_000_000, '2024-08-01'), recoveryProposed(1_000_000), recovered(1_000_000, '2024-08-20')];
    const error = refusal(() => given(history).when(decideAdjustBudget, adjust(-6_250_001, p4(), '2024-08-30'), { actor: finance }).events());
    expect(error).toMatchObject({ code: 'ADJUSTED_BELOW_DISBURSED', status: 422, details: { adjustedBudgetFen: APPROVED, disbursedFen: yuan(18_750_000) } });
    given(history).when(decideAdjustBudget, adjust(-6_250_000, p4(), '2024-08-30'), { actor: finance }).then([adjusted(-6_250_000, 18_750_000, '2024-08-30')]);
  });

  it('refuses before approval (NOT_APPROVED), after 决算 (EXECUTION_CLOSED), and outside the year (DATE_OUTSIDE_FISCAL_YEAR)', () => {
    given([]).when(decideAdjustBudget, adjust(500_000, p4NotApproved()), { actor: finance }).thenRejects('NOT_APPROVED', 422);
    given([...p4ByJuly(), closed()]).when(decideAdjustBudget, adjust(500_000), { actor: finance }).thenRejects('EXECUTION_CLOSED', 422);
    given(p4ByJuly()).when(decideAdjustBudget, adjust(500_000, p4(), '2023-12-28'), { actor: finance }).thenRejects('DATE_OUTSIDE_FISCAL_YEAR', 422);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Step 10 and invariant 5: suspension (暂缓拨款).
// ---------------------------------------------------------------------------------------------------------
describe('SuspendDisbursement — invariant 5: only on an overdue or rejected rectification or a SERIOUS finding', () => {
  it('suspends P4 on 2024-09-05 citing its overdue rectification case, recording the status found, under 三(三)2', () => {
    const run = given(p4ByJuly()).when(decideSuspendDisbursement, suspend(rectificationCase('OVERDUE')), { actor: finance });
    run.then([suspended('2024-09-05', overdueBasis)]);
    expect(run.events()[0].legalBasis).toEqual([{ docNo: '乳发〔2020〕3号', clause: '三(三)2' }]);
  });

  it('suspends on a rectification rejected (整改不到位)', () => {
    given(p4ByJuly())
      .when(decideSuspendDisbursement, suspend(rectificationCase('REJECTED')), { actor: finance })
      .then([suspended('2024-09-05', { kind: 'RECTIFICATION_CASE', caseId: CASE_P4, caseStatus: 'REJECTED' })]);
  });

  it('suspends on the SERIOUS finding of the August key monitoring', () => {
    given(p4ByJuly())
      .when(decideSuspendDisbursement, suspend(keyMonitoringFinding(1)), { actor: finance })
      .then([suspended('2024-09-05', { kind: 'KEY_MONITORING_FINDING', stream: KM_STREAM, eventId: KM_EVENT, findingIndex: 1 })]);
  });

  it('refuses without a basis: SUSPENSION_BASIS_REQUIRED (422)', () => {
    given(p4ByJuly()).when(decideSuspendDisbursement, suspend(), { actor: finance }).thenRejects('SUSPENSION_BASIS_REQUIRED', 422);
  });

  it.each<[RectificationStatus]>([['OPEN'], ['REPORTED'], ['CLOSED']])('refuses a case that is %s: BASIS_NOT_ELIGIBLE (422)', (status) => {
    const error = refusal(() => given(p4ByJuly()).when(decideSuspendDisbursement, suspend(rectificationCase(status)), { actor: finance }).events());
    expect(error).toMatchObject({ code: 'BASIS_NOT_ELIGIBLE', status: 422, details: { caseId: CASE_P4, status } });
  });

  it('refuses the overdue case of another project (P3): BASIS_NOT_ELIGIBLE', () => {
    const error = refusal(() => given(p4ByJuly()).when(decideSuspendDisbursement, suspend(rectificationCase('OVERDUE', P3, 'RC-2024-D103-002-1')), { actor: finance }).events());
    expect(error).toMatchObject({ code: 'BASIS_NOT_ELIGIBLE', details: { caseId: 'RC-2024-D103-002-1', proCode: P3 } });
  });

  it('refuses a MINOR finding: BASIS_NOT_ELIGIBLE', () => {
    const error = refusal(() => given(p4ByJuly()).when(decideSuspendDisbursement, suspend(keyMonitoringFinding(0)), { actor: finance }).events());
    expect(error).toMatchObject({ code: 'BASIS_NOT_ELIGIBLE', details: { findingIndex: 0, severity: 'MINOR' } });
  });

  it('refuses a SERIOUS finding about another project: BASIS_NOT_ELIGIBLE', () => {
    given(p4ByJuly()).when(decideSuspendDisbursement, suspend(keyMonitoringFinding(1, P3)), { actor: finance }).thenRejects('BASIS_NOT_ELIGIBLE', 422);
  });

  it('refuses a case, an inspection or a finding that does not exist: BASIS_NOT_FOUND (404)', () => {
    given(p4ByJuly()).when(decideSuspendDisbursement, suspend({ kind: 'RECTIFICATION_CASE', caseId: 'RC-9999' }), { actor: finance }).thenRejects('BASIS_NOT_FOUND', 404);
    given(p4ByJuly()).when(decideSuspendDisbursement, suspend({ kind: 'KEY_MONITORING_FINDING', stream: KM_STREAM, eventId: KM_EVENT, findingIndex: 1 }), { actor: finance }).thenRejects('BASIS_NOT_FOUND', 404);
    given(p4ByJuly()).when(decideSuspendDisbursement, suspend(keyMonitoringFinding(2)), { actor: finance }).thenRejects('BASIS_NOT_FOUND', 404);
  });

  it('refuses while already suspended (ALREADY_SUSPENDED) or stopped (ALREADY_STOPPED)', () => {
    given(p4Suspended()).when(decideSuspendDisbursement, suspend(rectificationCase('OVERDUE'), '2024-09-06'), { actor: finance }).thenRejects('ALREADY_SUSPENDED', 422);
    given([...p4Suspended(), stopProposed(), stopped()]).when(decideSuspendDisbursement, suspend(rectificationCase('OVERDUE'), '2024-09-26'), { actor: finance }).thenRejects('ALREADY_STOPPED', 422);
  });

  it('may suspend again after a resumption, but not with effect before it: EFFECTIVE_DATE_BEFORE_LAST_GATE_CHANGE (422)', () => {
    given([...p4Suspended(), resumed()]).when(decideSuspendDisbursement, suspend(rectificationCase('REJECTED'), '2024-11-04'), { actor: finance }).then([suspended('2024-11-04', { kind: 'RECTIFICATION_CASE', caseId: CASE_P4, caseStatus: 'REJECTED' })]);
    const error = refusal(() => given([...p4Suspended(), resumed()]).when(decideSuspendDisbursement, suspend(rectificationCase('REJECTED'), '2024-10-15'), { actor: finance }).events());
    expect(error).toMatchObject({ code: 'EFFECTIVE_DATE_BEFORE_LAST_GATE_CHANGE', details: { lastGateChangeOn: '2024-10-20' } });
  });

  it('refuses an effective date outside the year (DATE_OUTSIDE_FISCAL_YEAR), after 决算 (EXECUTION_CLOSED), for an unknown project (PROJECT_NOT_FOUND)', () => {
    given(p4ByJuly()).when(decideSuspendDisbursement, suspend(rectificationCase('OVERDUE'), '2025-01-05'), { actor: finance }).thenRejects('DATE_OUTSIDE_FISCAL_YEAR', 422);
    given([...p4ByJuly(), closed()]).when(decideSuspendDisbursement, suspend(rectificationCase('OVERDUE')), { actor: finance }).thenRejects('EXECUTION_CLOSED', 422);
    given([]).when(decideSuspendDisbursement, suspend(rectificationCase('OVERDUE'), '2024-09-05', {}), { actor: finance }).thenRejects('PROJECT_NOT_FOUND', 404);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Step 10: stop (停止拨款), four-eyes.
// ---------------------------------------------------------------------------------------------------------
describe('ProposeFundingStop and ApproveFundingStop — four-eyes, on the same bases as a suspension', () => {
  it('王敏 proposes STOP-1 from the suspended state, citing the overdue case', () => {
    given(p4Suspended()).when(decideProposeFundingStop, proposeStop(rectificationCase('OVERDUE')), { actor: finance }).then([stopProposed('STOP-1')]);
  });

  it('may propose from OPEN, on a SERIOUS finding', () => {
    const basis: FundingControlBasis = { kind: 'KEY_MONITORING_FINDING', stream: KM_STREAM, eventId: KM_EVENT, findingIndex: 1 };
    given(p4ByJuly()).when(decideProposeFundingStop, proposeStop(keyMonitoringFinding(1)), { actor: finance }).then([stopProposed('STOP-1', basis)]);
  });

  it('numbers proposals by count: STOP-2 after STOP-1 was approved and funds resumed', () => {
    given([...p4Suspended(), stopProposed(), stopped(), resumed()]).when(decideProposeFundingStop, proposeStop(rectificationCase('REJECTED')), { actor: financeSecond }).then([
      stopProposed('STOP-2', { kind: 'RECTIFICATION_CASE', caseId: CASE_P4, caseStatus: 'REJECTED' }, financeSecond.userId),
    ]);
  });

  it('refuses without a basis (STOP_BASIS_REQUIRED), on an ineligible one (BASIS_NOT_ELIGIBLE)', () => {
    given(p4Suspended()).when(decideProposeFundingStop, proposeStop(), { actor: finance }).thenRejects('STOP_BASIS_REQUIRED', 422);
    given(p4Suspended()).when(decideProposeFundingStop, proposeStop(rectificationCase('REPORTED')), { actor: finance }).thenRejects('BASIS_NOT_ELIGIBLE', 422);
  });

  it('refuses a second proposal while one is pending: STOP_PROPOSAL_PENDING (422)', () => {
    const error = refusal(() => given([...p4Suspended(), stopProposed()]).when(decideProposeFundingStop, proposeStop(rectificationCase('OVERDUE')), { actor: financeSecond }).events());
    expect(error).toMatchObject({ code: 'STOP_PROPOSAL_PENDING', status: 422, details: { proposalId: 'STOP-1' } });
  });

  it('refuses when already stopped (ALREADY_STOPPED), after 决算 (EXECUTION_CLOSED)', () => {
    given([...p4Suspended(), stopProposed(), stopped()]).when(decideProposeFundingStop, proposeStop(rectificationCase('OVERDUE')), { actor: finance }).thenRejects('ALREADY_STOPPED', 422);
    given([...p4ByJuly(), closed()]).when(decideProposeFundingStop, proposeStop(rectificationCase('OVERDUE')), { actor: finance }).thenRejects('EXECUTION_CLOSED', 422);
  });

  it('李强 approves 王敏’s STOP-1: stopped from 2024-09-20, the suspension ends that day', () => {
    given([...p4Suspended(), stopProposed()]).when(decideApproveFundingStop, approveStop(), { actor: financeSecond }).then([stopped('2024-09-20')]);
    const state = stateOf([...p4Suspended(), stopProposed(), stopped('2024-09-20')]);
    expect(state.gate).toBe('STOPPED');
    expect(state.pendingStop).toBeUndefined();
    expect(state.intervals.map(({ status, from, to }) => ({ status, from, to }))).toEqual([
      { status: 'SUSPENDED', from: '2024-09-05', to: '2024-09-20' },
      { status: 'STOPPED', from: '2024-09-20', to: undefined },
    ]);
  });

  it('refuses the proposer’s own approval: FOUR_EYES_REQUIRED (422)', () => {
    const error = refusal(() => given([...p4Suspended(), stopProposed()]).when(decideApproveFundingStop, approveStop(), { actor: finance }).events());
    expect(error).toMatchObject({ code: 'FOUR_EYES_REQUIRED', status: 422, details: { proposalId: 'STOP-1', proposedBy: finance.userId } });
  });

  it('records the case status found on the day of approval', () => {
    given([...p4Suspended(), stopProposed()])
      .when(decideApproveFundingStop, approveStop(rectificationCase('REJECTED')), { actor: financeSecond })
      .then([{ ...stopped('2024-09-20'), data: { ...stopped('2024-09-20').data, basis: { kind: 'RECTIFICATION_CASE', caseId: CASE_P4, caseStatus: 'REJECTED' } } }]);
  });

  it('refuses to stop once the cited case was accepted meanwhile: BASIS_NOT_ELIGIBLE', () => {
    given([...p4Suspended(), stopProposed()]).when(decideApproveFundingStop, approveStop(rectificationCase('CLOSED')), { actor: financeSecond }).thenRejects('BASIS_NOT_ELIGIBLE', 422);
  });

  it('refuses facts read for another basis than the pending proposal’s: CONCURRENT_MODIFICATION (409)', () => {
    given([...p4Suspended(), stopProposed()]).when(decideApproveFundingStop, approveStop(keyMonitoringFinding(1)), { actor: financeSecond }).thenRejects('CONCURRENT_MODIFICATION', 409);
  });

  it('refuses an unknown proposal (STOP_PROPOSAL_NOT_FOUND, 404) and one already decided (STOP_PROPOSAL_NOT_PENDING, 422)', () => {
    given(p4Suspended()).when(decideApproveFundingStop, approveStop(undefined, '2024-09-20', 'STOP-1'), { actor: financeSecond }).thenRejects('STOP_PROPOSAL_NOT_FOUND', 404);
    given([...p4Suspended(), stopProposed(), stopped()]).when(decideApproveFundingStop, approveStop(undefined, '2024-09-21', 'STOP-1'), { actor: financeSecond }).thenRejects('STOP_PROPOSAL_NOT_PENDING', 422);
  });

  it('refuses a stop with effect before the suspension it follows (EFFECTIVE_DATE_BEFORE_LAST_GATE_CHANGE), or outside the year', () => {
    given([...p4Suspended(), stopProposed()]).when(decideApproveFundingStop, approveStop(rectificationCase('OVERDUE'), '2024-09-01'), { actor: financeSecond }).thenRejects('EFFECTIVE_DATE_BEFORE_LAST_GATE_CHANGE', 422);
    given([...p4Suspended(), stopProposed()]).when(decideApproveFundingStop, approveStop(rectificationCase('OVERDUE'), '2025-01-02'), { actor: financeSecond }).thenRejects('DATE_OUTSIDE_FISCAL_YEAR', 422);
  });

  it('refuses after 决算: EXECUTION_CLOSED', () => {
    given([...p4Suspended(), stopProposed(), closed()]).when(decideApproveFundingStop, approveStop(), { actor: financeSecond }).thenRejects('EXECUTION_CLOSED', 422);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Step 10: resumption.
// ---------------------------------------------------------------------------------------------------------
describe('ResumeDisbursement — a new decision reopens the gate', () => {
  const closedCase = { caseId: CASE_P4, case: { proCode: P4, status: 'CLOSED' as const } };

  it('resumes P4 on 2024-10-20 after its rectification was accepted, citing the case', () => {
    given(p4Suspended()).when(decideResumeDisbursement, resume({ rectification: closedCase }), { actor: finance }).then([resumed('2024-10-20')]);
    const state = stateOf([...p4Suspended(), resumed('2024-10-20')]);
    expect(state.gate).toBe('OPEN');
    expect(state.intervals).toEqual([{ status: 'SUSPENDED', from: '2024-09-05', to: '2024-10-20', basis: overdueBasis, eventId: 'ev-3' }]);
  });

  it('resumes without citing a case, and from STOPPED', () => {
    const { basis: _b, ...withoutCase } = resumed('2024-10-20').data;
    given([...p4Suspended(), stopProposed(), stopped()]).when(decideResumeDisbursement, resume(), { actor: finance }).then([{ type: 'FundDisbursementResumed', data: withoutCase }]);
  });

  it('refuses when the gate is open: FUNDING_NOT_SUSPENDED (422)', () => {
    given(p4ByJuly()).when(decideResumeDisbursement, resume(), { actor: finance }).thenRejects('FUNDING_NOT_SUSPENDED', 422);
  });

  it.each<[RectificationStatus]>([['OVERDUE'], ['REPORTED'], ['REJECTED']])('refuses to rest on a case that is %s: CASE_NOT_CLOSED (422)', (status) => {
    const error = refusal(() => given(p4Suspended()).when(decideResumeDisbursement, resume({ rectification: { caseId: CASE_P4, case: { proCode: P4, status } } }), { actor: finance }).events());
    expect(error).toMatchObject({ code: 'CASE_NOT_CLOSED', status: 422, details: { caseId: CASE_P4, status } });
  });

  it('refuses an unknown case (BASIS_NOT_FOUND, 404) and another project’s (BASIS_NOT_ELIGIBLE)', () => {
    given(p4Suspended()).when(decideResumeDisbursement, resume({ rectification: { caseId: 'RC-9999' } }), { actor: finance }).thenRejects('BASIS_NOT_FOUND', 404);
    given(p4Suspended()).when(decideResumeDisbursement, resume({ rectification: { caseId: 'RC-2024-D103-002-1', case: { proCode: P3, status: 'CLOSED' } } }), { actor: finance }).thenRejects('BASIS_NOT_ELIGIBLE', 422);
  });

  it('refuses a resumption with effect before the suspension: EFFECTIVE_DATE_BEFORE_LAST_GATE_CHANGE', () => {
    given(p4Suspended()).when(decideResumeDisbursement, resume({ effectiveOn: '2024-09-01' }), { actor: finance }).thenRejects('EFFECTIVE_DATE_BEFORE_LAST_GATE_CHANGE', 422);
  });

  it('refuses to reopen the gate of a terminated project: PROJECT_TERMINATED', () => {
    given(p4Suspended()).when(decideResumeDisbursement, resume({ facts: p4({ terminatedOn: '2024-10-01' }) }), { actor: finance }).thenRejects('PROJECT_TERMINATED', 422);
  });

  it('refuses after 决算: EXECUTION_CLOSED', () => {
    given([...p4Suspended(), closed()]).when(decideResumeDisbursement, resume(), { actor: finance }).thenRejects('EXECUTION_CLOSED', 422);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Step 10 and invariant 6: recovery (收回统筹使用), four-eyes.
// ---------------------------------------------------------------------------------------------------------
describe('ProposeFundsRecovery and ApproveFundsRecovery — invariant 6: at most the net disbursement, to a named pool', () => {
  it('王敏 proposes to recover 3,000,000 yuan of P4 to the unallocated pool', () => {
    given(p4Suspended()).when(decideProposeFundsRecovery, proposeRecovery(), { actor: finance }).then([recoveryProposed()]);
  });

  it('李强 approves it: 3,000,000 yuan recovered, net disbursement 750,000 yuan', () => {
    given([...p4Suspended(), recoveryProposed()]).when(decideApproveFundsRecovery, approveRecovery(), { actor: financeSecond }).then([recovered()]);
    const state = stateOf([...p4Suspended(), recoveryProposed(), recovered()]);
    expect(netDisbursedFen(state)).toBe(yuan(750_000));
    expect(state.pendingRecovery).toBeUndefined();
  });

  it('refuses the proposer’s own approval: FOUR_EYES_REQUIRED (422)', () => {
    given([...p4Suspended(), recoveryProposed()]).when(decideApproveFundsRecovery, approveRecovery(), { actor: finance }).thenRejects('FOUR_EYES_REQUIRED', 422);
  });

  it('refuses to propose more than the net disbursement: RECOVERY_EXCEEDS_NET_DISBURSED (422)', () => {
    const error = refusal(() => given(p4Suspended()).when(decideProposeFundsRecovery, proposeRecovery(3_750_001), { actor: finance }).events());
    expect(error).toMatchObject({ code: 'RECOVERY_EXCEEDS_NET_DISBURSED', status: 422, details: { netDisbursedFen: yuan(3_750_000) } });
  });

  it('counts earlier recoveries: after 3,000,000 yuan, at most 750,000 more', () => {
    const history = [...p4Suspended(), recoveryProposed(), recovered()];
    given(history).when(decideProposeFundsRecovery, proposeRecovery(750_001), { actor: finance }).thenRejects('RECOVERY_EXCEEDS_NET_DISBURSED', 422);
    given(history).when(decideProposeFundsRecovery, proposeRecovery(750_000), { actor: finance }).then([recoveryProposed(750_000, 'RECOVERY-2')]);
  });

  it('checks again at approval: a correction lowered the disbursement meanwhile → RECOVERY_EXCEEDS_NET_DISBURSED', () => {
    const state = stateOf([...p4Suspended(), recoveryProposed(3_500_000), { event: disbursed('GK-2024-0710', 100_000, '2024-07-10'), supersedes: 'ev-2' }]);
    expect(netDisbursedFen(state)).toBe(yuan(2_850_000));
    expect(() => decideApproveFundsRecovery(approveRecovery(), state, { actor: financeSecond, now: new Date('2024-09-25T10:00:00+08:00'), ruleSet: DEFAULT_RULE_SET, commandId: 'cmd-approve-recovery' })).toThrow(
      expect.objectContaining({ code: 'RECOVERY_EXCEEDS_NET_DISBURSED' }),
    );
  });

  it('refuses a recovery without a re-pooling destination: REALLOCATION_REF_REQUIRED (422)', () => {
    given(p4Suspended()).when(decideProposeFundsRecovery, proposeRecovery(3_000_000, null), { actor: finance }).thenRejects('REALLOCATION_REF_REQUIRED', 422);
    given(p4Suspended()).when(decideProposeFundsRecovery, proposeRecovery(3_000_000, '   '), { actor: finance }).thenRejects('REALLOCATION_REF_REQUIRED', 422);
  });

  it('accepts a named budget line as destination', () => {
    given(p4Suspended())
      .when(decideProposeFundsRecovery, proposeRecovery(1_000_000, '2024年城区排水管网改造'), { actor: finance })
      .then([{ type: 'FundsRecoveryProposed', data: { ...recoveryProposed(1_000_000).data, reallocationRef: '2024年城区排水管网改造' } }]);
  });

  it('refuses a second proposal while one is pending (RECOVERY_PROPOSAL_PENDING) and a zero amount (AMOUNT_NOT_POSITIVE)', () => {
    given([...p4Suspended(), recoveryProposed()]).when(decideProposeFundsRecovery, proposeRecovery(500_000), { actor: financeSecond }).thenRejects('RECOVERY_PROPOSAL_PENDING', 422);
    given(p4Suspended()).when(decideProposeFundsRecovery, proposeRecovery(0), { actor: finance }).thenRejects('AMOUNT_NOT_POSITIVE', 422);
  });

  it('refuses an unknown proposal (RECOVERY_PROPOSAL_NOT_FOUND, 404) and one already decided (RECOVERY_PROPOSAL_NOT_PENDING, 422)', () => {
    given(p4Suspended()).when(decideApproveFundsRecovery, approveRecovery('RECOVERY-1'), { actor: financeSecond }).thenRejects('RECOVERY_PROPOSAL_NOT_FOUND', 404);
    given([...p4Suspended(), recoveryProposed(), recovered()]).when(decideApproveFundsRecovery, approveRecovery('RECOVERY-1'), { actor: financeSecond }).thenRejects('RECOVERY_PROPOSAL_NOT_PENDING', 422);
  });

  it('refuses an effective date before the fiscal year, but allows one after 决算 (e.g. following an audit)', () => {
    given([...p4Suspended(), recoveryProposed()]).when(decideApproveFundsRecovery, approveRecovery('RECOVERY-1', '2023-12-31'), { actor: financeSecond }).thenRejects('DATE_OUTSIDE_FISCAL_YEAR', 422);
    given([...p4Suspended(), recoveryProposed(), closed()])
      .when(decideApproveFundsRecovery, approveRecovery('RECOVERY-1', '2025-03-10'), { actor: financeSecond })
      .then([recovered(3_000_000, '2025-03-10')]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Step 12 and invariant 11: next year's budget cut for slow spending or idle balances.
// ---------------------------------------------------------------------------------------------------------
describe('ProposeNextYearBudgetReduction — cites its basis events, records the execution rate at the cut-off', () => {
  const expected = (change: Partial<NextYearBudgetReductionProposed['data']> = {}): NextYearBudgetReductionProposed => ({
    type: 'NextYearBudgetReductionProposed',
    data: {
      ...scope,
      proposalId: 'REDUCTION-1',
      targetFiscalYear: 2025,
      basis: 'SLOW_SPENDING',
      proposedReductionFen: yuan(5_000_000),
      asOfDate: '2024-07-31',
      executionRate: 15,
      basisEvents: [JULY_SNAPSHOT],
      ...change,
    },
  });

  it('proposes FY2025 −5,000,000 yuan for P4’s slow spending, citing the July snapshot: 3,750,000 of 25,000,000 = 15.00 % at 31 July, under 三(五)', () => {
    // Recorded in October: the September recovery and later payments do not change the rate at the July cut-off.
    const history = [...p4Suspended(), recoveryProposed(), recovered(), resumed(), disbursed('GK-2024-1025', 2_000_000, '2024-10-25')];
    const run = given(history).when(decideProposeNextYearBudgetReduction, proposeReduction(), { actor: finance });
    run.then([expected()]);
    expect(run.events()[0].legalBasis).toEqual([{ docNo: '乳发〔2020〕3号', clause: '三(五)' }]);
  });

  it('may come from the rule engine (SYSTEM), citing the snapshot and its RED light', () => {
    const citedEvents = [found(JULY_SNAPSHOT, 'MonitoringSnapshotRecorded'), found(JULY_RED_LIGHT, 'DeviationFlagged')];
    given(p4ByJuly()).when(decideProposeNextYearBudgetReduction, proposeReduction({ citedEvents }), { actor: ruleEngine }).then([expected({ basisEvents: [JULY_SNAPSHOT, JULY_RED_LIGHT] })]);
  });

  it('takes the adjusted budget in force at the cut-off: 3,750,000 of 22,500,000 = 16.67 %', () => {
    const history = [...p4ByJuly(), adjusted(-2_500_000, 22_500_000, '2024-06-30'), adjusted(1_000_000, 23_500_000, '2024-08-15')];
    given(history).when(decideProposeNextYearBudgetReduction, proposeReduction(), { actor: finance }).then([expected({ executionRate: 16.67 })]);
  });

  it('numbers proposals by count: REDUCTION-2 follows REDUCTION-1', () => {
    given([...p4ByJuly(), expected()])
      .when(decideProposeNextYearBudgetReduction, proposeReduction({ proposedReductionFen: yuan(2_000_000), asOfDate: '2024-09-30' }), { actor: finance })
      .then([expected({ proposalId: 'REDUCTION-2', proposedReductionFen: yuan(2_000_000), asOfDate: '2024-09-30' })]);
  });

  it('refuses a target year other than the next: TARGET_YEAR_NOT_NEXT (422)', () => {
    const error = refusal(() => given(p4ByJuly()).when(decideProposeNextYearBudgetReduction, proposeReduction({ targetFiscalYear: 2026 }), { actor: finance }).events());
    expect(error).toMatchObject({ code: 'TARGET_YEAR_NOT_NEXT', status: 422, details: { expected: 2025 } });
  });

  it('refuses without basis events (BASIS_EVENTS_REQUIRED), with one that does not exist (BASIS_EVENT_NOT_FOUND, 422), or about another project', () => {
    given(p4ByJuly()).when(decideProposeNextYearBudgetReduction, proposeReduction({ citedEvents: [] }), { actor: finance }).thenRejects('BASIS_EVENTS_REQUIRED', 422);
    given(p4ByJuly()).when(decideProposeNextYearBudgetReduction, proposeReduction({ citedEvents: [JULY_SNAPSHOT] }), { actor: finance }).thenRejects('BASIS_EVENT_NOT_FOUND', 422);
    given(p4ByJuly())
      .when(decideProposeNextYearBudgetReduction, proposeReduction({ citedEvents: [found(JULY_SNAPSHOT, 'MonitoringSnapshotRecorded', P3)] }), { actor: finance })
      .thenRejects('BASIS_EVENT_OF_OTHER_PROJECT', 422);
  });

  it('refuses a zero reduction (REDUCTION_NOT_POSITIVE), a cut-off outside the year, an unapproved budget', () => {
    given(p4ByJuly()).when(decideProposeNextYearBudgetReduction, proposeReduction({ proposedReductionFen: 0 }), { actor: finance }).thenRejects('REDUCTION_NOT_POSITIVE', 422);
    given(p4ByJuly()).when(decideProposeNextYearBudgetReduction, proposeReduction({ asOfDate: '2025-01-31' }), { actor: finance }).thenRejects('DATE_OUTSIDE_FISCAL_YEAR', 422);
    given([]).when(decideProposeNextYearBudgetReduction, proposeReduction({ facts: p4NotApproved() }), { actor: finance }).thenRejects('NOT_APPROVED', 422);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Step 13: 决算.
// ---------------------------------------------------------------------------------------------------------
describe('CloseBudgetExecution — the year’s figures from the stream and the approval, once', () => {
  // P4 through the year: 3,750,000 by July, 3,000,000 recovered, resumed, 14,000,000 paid in November and December.
  const p4Year = (): FundingEvent[] => [
    ...p4Suspended(),
    recoveryProposed(),
    recovered(),
    resumed(),
    disbursed('GK-2024-1115', 8_000_000, '2024-11-15'),
    disbursed('GK-2024-1220', 6_000_000, '2024-12-20'),
  ];

  it('closes P4: adjusted 25,000,000, executed 14,750,000 net, 3,000,000 recovered, 6,000,000 carried over, 4,250,000 balance, under 三(四)', () => {
    const run = given(p4Year()).when(decideCloseBudgetExecution, close(6_000_000), { actor: finance });
    run.then([
      {
        type: 'BudgetExecutionClosed',
        data: {
          ...scope,
          initialApprovedFen: APPROVED,
          inYearAdjustmentFen: 0,
          adjustedBudgetFen: APPROVED,
          executedFen: yuan(14_750_000),
          recoveredFen: yuan(3_000_000),
          carryOverFen: yuan(6_000_000),
          balanceFen: yuan(4_250_000),
        },
      },
    ]);
    expect(run.events()[0].legalBasis).toEqual([{ docNo: '乳发〔2020〕3号', clause: '三(四)' }]);
  });

  it('counts in-year adjustments, and may carry over the whole unspent amount', () => {
    given([...p4Year(), adjusted(-2_000_000, 23_000_000, '2024-12-01')])
      .when(decideCloseBudgetExecution, { ...close(0), carryOverFen: yuan(8_250_000) }, { actor: treasury })
      .then([
        {
          type: 'BudgetExecutionClosed',
          data: {
            ...scope,
            initialApprovedFen: APPROVED,
            inYearAdjustmentFen: yuan(-2_000_000),
            adjustedBudgetFen: yuan(23_000_000),
            executedFen: yuan(14_750_000),
            recoveredFen: yuan(3_000_000),
            carryOverFen: yuan(8_250_000),
            balanceFen: 0,
          },
        },
      ]);
  });

  it('refuses a carry-over above what is left unspent: CARRY_OVER_EXCEEDS_BALANCE (422)', () => {
    const error = refusal(() => given(p4Year()).when(decideCloseBudgetExecution, { ...close(0), carryOverFen: yuan(10_250_000) + 1 }, { actor: finance }).events());
    expect(error).toMatchObject({ code: 'CARRY_OVER_EXCEEDS_BALANCE', status: 422, details: { adjustedBudgetFen: APPROVED, executedFen: yuan(14_750_000), unspentFen: yuan(10_250_000) } });
  });

  it('closes once: ALREADY_CLOSED (422); not before approval: NOT_APPROVED', () => {
    given([...p4ByJuly(), closed()]).when(decideCloseBudgetExecution, close(0), { actor: finance }).thenRejects('ALREADY_CLOSED', 422);
    given([]).when(decideCloseBudgetExecution, close(0, p4NotApproved()), { actor: finance }).thenRejects('NOT_APPROVED', 422);
  });
});

// ---------------------------------------------------------------------------------------------------------
// The state: the P4 story folded, and purity.
// ---------------------------------------------------------------------------------------------------------
describe('fundingModel — P4’s 2024 as the ledger tells it', () => {
  const story = (): FundingEvent[] => [
    ...p4Suspended(),
    recoveryProposed(),
    recovered(),
    { type: 'NextYearBudgetReductionProposed', data: { ...scope, proposalId: 'REDUCTION-1', targetFiscalYear: 2025, basis: 'SLOW_SPENDING', proposedReductionFen: yuan(5_000_000), asOfDate: '2024-07-31', executionRate: 15, basisEvents: [JULY_SNAPSHOT] } },
    resumed(),
  ];

  it('folds to the open gate with one closed suspension, 3,000,000 recovered and one reduction proposal', () => {
    const state = stateOf(story());
    expect(state.gate).toBe('OPEN');
    expect(state.intervals.map(({ status, from, to }) => ({ status, from, to }))).toEqual([{ status: 'SUSPENDED', from: '2024-09-05', to: '2024-10-20' }]);
    expect(disbursedFen(state)).toBe(yuan(3_750_000));
    expect(state.recoveredFen).toBe(yuan(3_000_000));
    expect(netDisbursedFen(state)).toBe(yuan(750_000));
    expect(adjustedBudgetFen(APPROVED, state)).toBe(APPROVED);
    expect(state.reductions.map((r) => r.proposalId)).toEqual(['REDUCTION-1']);
    expect(state.recoveryProposalIds).toEqual(['RECOVERY-1']);
  });

  it('gives the figures as of a past date: at 31 July nothing had been recovered yet', () => {
    const state = stateOf(story());
    expect(figuresAsOf(APPROVED, state, '2024-07-31')).toEqual({ netDisbursedFen: yuan(3_750_000), adjustedBudgetFen: APPROVED });
    expect(figuresAsOf(APPROVED, state, '2024-09-30')).toEqual({ netDisbursedFen: yuan(750_000), adjustedBudgetFen: APPROVED });
  });

  it('never mutates the state it folds from', () => {
    const events = story();
    const frozen = deepFreeze(stateOf(events.slice(0, 3)));
    expect(() => events.slice(3).reduce((state, event, i) => fundingModel.evolve(state, event, { eventId: `x-${i}`, revision: 3 + i, occurredAt: '2024-10-20T00:00:00+08:00', actor: finance }), frozen)).not.toThrow();
  });
});
