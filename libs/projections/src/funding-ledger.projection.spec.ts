import type { EventMetadata } from '../../event-store/src/event-store.port.js';
import type {
  BudgetAdjusted,
  BudgetExecutionClosed,
  FundDisbursementResumed,
  FundDisbursementStopped,
  FundDisbursementSuspended,
  FundingStopProposed,
  FundsDisbursed,
  FundsRecovered,
  FundsRecoveryProposed,
  NextYearBudgetReductionProposed,
} from '../../funding/src/funding.events.js';
import type { BudgetAndTargetsApproved, BudgetProjectDeclared } from '../../projects/src/project.events.js';
import type { EventSubject, ProjectedEvent } from '../../read-store/src/projection.js';
import type { BudgetAdjustedForNextYear } from '../../results/src/results.events.js';
import { eventLog, project } from '../../testing/src/projection-spec.js';
import { FY, P1, P2, P4, P4_STORY, declarationOf, fundingPlanOf, yuan as fen } from '../../testing/src/rushan-fixtures.js';
import { type FundingLedgerDocument, fundingLedgerProjection as ledger } from './funding-ledger.projection.js';

// ---------------------------------------------------------------------------------------------------------
// 乳山市 FY2024 (domain.md §9). P4 城镇老旧小区改造配套基础设施 (D104, government fund budget, PPP), 25,000,000
// yuan approved: 3,750,000 paid by July (RED), suspended 2024-09-05 on the overdue case RC-2024-P4-01, 3,000,000
// recovered to the pool (four-eyes), FY2025 −5,000,000 for slow spending, resumed 2024-10-20, 10,000,000 more
// paid, closed at 10,750,000 executed (43 %). P1 (D101) and P2 (D102, unit D102-01) for corrections and units.
// ---------------------------------------------------------------------------------------------------------

const DEPT: Record<string, EventSubject> = { [P1]: { deptCode: 'D101' }, [P2]: { deptCode: 'D102', unitCode: 'D102-01' }, [P4]: { deptCode: 'D104' } };

type Typed = { type: string; data: object };

/** Events with the subject the runner gives them: project and year from the data, department and unit from the declaration. */
function history() {
  const log = eventLog();
  return <E extends Typed>(stream: string, type: E['type'], data: E['data'], date: string, metadata: Partial<EventMetadata> = {}): ProjectedEvent => {
    const record = data as Record<string, unknown>;
    const proCode = String(record.proCode);
    const subject: EventSubject = { proCode, ...DEPT[proCode], ...(typeof record.fiscalYear === 'number' ? { fiscalYear: record.fiscalYear } : {}) };
    return log(stream, type, record, { subject, metadata: { occurredAt: `${date}T00:00:00+08:00`, ...metadata } });
  };
}
type Log = ReturnType<typeof history>;
const funding = (proCode: string) => `funding-${proCode}-${FY}`;

const declare = (e: Log, proCode: string, plan: { fiscalYear: number; amount: number }[]) =>
  e<BudgetProjectDeclared>(`project-${proCode}`, 'BudgetProjectDeclared', declarationOf(proCode, fundingPlanOf(plan)), '2023-09-15');

const approved = (e: Log, proCode: string, amount: number) =>
  e<BudgetAndTargetsApproved>(`project-${proCode}`, 'BudgetAndTargetsApproved', { proCode, fiscalYear: FY, approvedFen: fen(amount), targetVersion: 1, approvalDocNo: '乳财预〔2024〕1号' }, '2024-01-20');

const paid = (e: Log, proCode: string, amount: number, paidOn: string, metadata: Partial<EventMetadata> = {}) =>
  e<FundsDisbursed>(
    funding(proCode),
    'FundsDisbursed',
    { proCode, fiscalYear: FY, amountFen: fen(amount), paymentRef: `GK-${proCode.slice(12)}-${paidOn.replaceAll('-', '')}`, paidOn, fundSource: '市级财政资金' },
    paidOn,
    metadata,
  );

const OVERDUE_CASE = { kind: 'RECTIFICATION_CASE', caseId: 'RC-2024-P4-01', caseStatus: 'OVERDUE' } as const;

/** P4's FY2024 money, in log order. */
function p4Year(e: Log) {
  const declared = declare(e, P4, [{ fiscalYear: FY, amount: 25_000_000 }]);
  const approval = approved(e, P4, 25_000_000);
  const march = paid(e, P4, 1_500_000, '2024-03-15');
  const may = paid(e, P4, 1_250_000, '2024-05-20');
  const july = paid(e, P4, 1_000_000, '2024-07-10');
  const suspended = e<FundDisbursementSuspended>(funding(P4), 'FundDisbursementSuspended', P4_STORY.suspended, '2024-09-05');
  const recoveryProposed = e<FundsRecoveryProposed>(funding(P4), 'FundsRecoveryProposed', P4_STORY.recoveryProposed, '2024-09-12');
  const recovered = e<FundsRecovered>(funding(P4), 'FundsRecovered', P4_STORY.recovered, '2024-09-14');
  const reduction = e<NextYearBudgetReductionProposed>(
    funding(P4),
    'NextYearBudgetReductionProposed',
    { ...P4_STORY.reductionProposed, basisEvents: [{ stream: `monitoring-${P4}-${FY}`, eventId: 'snapshot-july' }] },
    '2024-09-20',
  );
  const resumed = e<FundDisbursementResumed>(funding(P4), 'FundDisbursementResumed', P4_STORY.resumed, '2024-10-20');
  const november = paid(e, P4, 6_000_000, '2024-11-15');
  const cut = e<BudgetAdjustedForNextYear>(
    `results-${P4}-${FY}`,
    'BudgetAdjustedForNextYear',
    {
      proCode: P4,
      fiscalYear: FY,
      adjustmentId: 'ADJ-1',
      targetFiscalYear: 2025,
      baseFen: fen(25_000_000),
      adjustmentFen: -fen(5_000_000),
      adjustedFen: fen(20_000_000),
      direction: 'DECREASE',
      basis: 'SLOW_SPENDING',
      reason: '2024年支出进度严重滞后，压减2025年预算500万元',
      basisEvents: [
        { stream: `monitoring-${P4}-${FY}`, eventId: 'snapshot-july' },
        { stream: funding(P4), eventId: reduction.metadata.eventId },
      ],
    },
    '2024-11-20',
  );
  const december = paid(e, P4, 4_000_000, '2024-12-15');
  const closing = e<BudgetExecutionClosed>(
    funding(P4),
    'BudgetExecutionClosed',
    {
      proCode: P4,
      fiscalYear: FY,
      initialApprovedFen: fen(25_000_000),
      inYearAdjustmentFen: 0,
      adjustedBudgetFen: fen(25_000_000),
      executedFen: fen(10_750_000),
      recoveredFen: fen(3_000_000),
      carryOverFen: 0,
      balanceFen: fen(14_250_000),
    },
    '2025-01-15',
  );
  const all = [declared, approval, march, may, july, suspended, recoveryProposed, recovered, reduction, resumed, november, cut, december, closing];
  return { all, declared, approval, july, suspended, recoveryProposed, recovered, reduction, resumed, cut, closing };
}

const only = (docs: Map<string, FundingLedgerDocument>, key: string): FundingLedgerDocument => {
  const doc = docs.get(key);
  if (!doc) throw new Error(`no ledger ${key}; ledgers: ${[...docs.keys()].join(', ')}`);
  return doc;
};

describe('funding ledger projection', () => {
  it('is the funding-ledger collection, indexed by year, department and gate', () => {
    expect(ledger.name).toBe('funding-ledger');
    expect(ledger.indexes).toEqual(['fiscalYear', 'deptCode', 'gate']);
  });

  it('opens a ledger for each year of the funding plan, with nothing approved yet', () => {
    const e = history();
    const docs = project(ledger, [declare(e, P4, [{ fiscalYear: 2024, amount: 15_000_000 }, { fiscalYear: 2025, amount: 10_000_000 }])]);
    expect([...docs.keys()]).toEqual([`${P4}:2024`, `${P4}:2025`]);
    expect(only(docs, `${P4}:2025`)).toEqual({
      _id: `${P4}:2025`,
      _position: '1',
      proCode: P4,
      fiscalYear: 2025,
      deptCode: 'D104',
      unitCode: null,
      plannedFen: fen(10_000_000),
      approval: null,
      approvedFen: null,
      adjustments: [],
      adjustmentsFen: 0,
      adjustedBudgetFen: null,
      disbursements: [],
      disbursedFen: 0,
      recoveries: [],
      recoveredFen: 0,
      netDisbursedFen: 0,
      availableFen: null,
      gate: 'OPEN',
      intervals: [],
      pendingProposals: [],
      reductionProposals: [],
      nextYearAdjustments: [],
      closing: null,
      executionRate: null,
    });
  });

  it('P4 by July: approved, three payments, 15.00 % executed', () => {
    const e = history();
    const { all, approval } = p4Year(e);
    const doc = only(project(ledger, all.slice(0, 5)), `${P4}:2024`);
    expect(doc).toMatchObject({
      approval: { approvedFen: fen(25_000_000), targetVersion: 1, approvalDocNo: '乳财预〔2024〕1号', approvedOn: '2024-01-20', eventId: approval.metadata.eventId },
      approvedFen: fen(25_000_000),
      adjustedBudgetFen: fen(25_000_000),
      disbursedFen: fen(3_750_000),
      netDisbursedFen: fen(3_750_000),
      availableFen: fen(21_250_000),
      executionRate: 15,
      gate: 'OPEN',
    });
    expect(doc.disbursements.map((d) => [d.paymentRef, d.amountFen, d.paidOn])).toEqual([
      ['GK-D104-005-20240315', fen(1_500_000), '2024-03-15'],
      ['GK-D104-005-20240520', fen(1_250_000), '2024-05-20'],
      ['GK-D104-005-20240710', fen(1_000_000), '2024-07-10'],
    ]);
  });

  it('P4 suspended: the gate closes from its effective date, the recovery waits for its second officer', () => {
    const e = history();
    const { all, suspended, recoveryProposed } = p4Year(e);
    const doc = only(project(ledger, all.slice(0, 7)), `${P4}:2024`);
    expect(doc.gate).toBe('SUSPENDED');
    expect(doc.intervals).toEqual([{ status: 'SUSPENDED', from: '2024-09-05', to: null, basis: OVERDUE_CASE, docNo: '乳财预〔2024〕33号', eventId: suspended.metadata.eventId, endedByEventId: null }]);
    expect(doc.pendingProposals).toEqual([
      {
        kind: 'RECOVERY',
        proposalId: 'RECOVERY-1',
        amountFen: fen(3_000_000),
        reason: '项目进度严重滞后，已拨付资金闲置',
        docNo: '乳财预〔2024〕35号',
        proposedBy: 'fin-wangmin',
        proposedOn: '2024-09-12',
        eventId: recoveryProposed.metadata.eventId,
      },
    ]);
    expect(doc.recoveredFen).toBe(0);
  });

  it('P4 over the year: recovered, resumed, the slow-spending cut decided, and the 决算 closing at 43.00 %', () => {
    const e = history();
    const { all, suspended, resumed, recovered, reduction, cut, closing } = p4Year(e);
    const doc = only(project(ledger, all), `${P4}:2024`);
    expect(doc).toMatchObject({
      deptCode: 'D104',
      plannedFen: fen(25_000_000),
      disbursedFen: fen(13_750_000),
      recoveredFen: fen(3_000_000),
      netDisbursedFen: fen(10_750_000),
      availableFen: fen(14_250_000),
      gate: 'OPEN',
      pendingProposals: [],
      executionRate: 43,
    });
    expect(doc.intervals).toEqual([
      { status: 'SUSPENDED', from: '2024-09-05', to: '2024-10-20', basis: OVERDUE_CASE, docNo: '乳财预〔2024〕33号', eventId: suspended.metadata.eventId, endedByEventId: resumed.metadata.eventId },
    ]);
    expect(doc.recoveries).toEqual([
      {
        eventId: recovered.metadata.eventId,
        proposalId: 'RECOVERY-1',
        amountFen: fen(3_000_000),
        reallocationRef: '乳山市2024年统筹资金池（乳财预〔2024〕35号）',
        docNo: '乳财预〔2024〕35号',
        effectiveOn: '2024-09-14',
        proposedBy: 'fin-wangmin',
        approvedBy: 'fin-liqiang',
      },
    ]);
    expect(doc.reductionProposals).toEqual([
      {
        proposalId: 'REDUCTION-1',
        targetFiscalYear: 2025,
        basis: 'SLOW_SPENDING',
        proposedReductionFen: fen(5_000_000),
        asOfDate: '2024-07-31',
        executionRate: 15,
        proposedOn: '2024-09-20',
        eventId: reduction.metadata.eventId,
        decidedByEventId: cut.metadata.eventId,
      },
    ]);
    expect(doc.nextYearAdjustments).toEqual([
      { adjustmentId: 'ADJ-1', targetFiscalYear: 2025, baseFen: fen(25_000_000), adjustmentFen: -fen(5_000_000), adjustedFen: fen(20_000_000), basis: 'SLOW_SPENDING', decidedOn: '2024-11-20', eventId: cut.metadata.eventId },
    ]);
    expect(doc.closing).toEqual({
      initialApprovedFen: fen(25_000_000),
      inYearAdjustmentFen: 0,
      adjustedBudgetFen: fen(25_000_000),
      executedFen: fen(10_750_000),
      recoveredFen: fen(3_000_000),
      carryOverFen: 0,
      balanceFen: fen(14_250_000),
      closedOn: '2025-01-15',
      eventId: closing.metadata.eventId,
    });
  });

  it('a stop approved by the second officer closes the suspension and opens a STOPPED interval until resumed', () => {
    const e = history();
    const { all } = p4Year(e);
    const upToSuspension = all.slice(0, 6);
    const basis = { kind: 'KEY_MONITORING_FINDING', stream: `monitoring-${P4}-${FY}`, eventId: 'key-monitoring-0812', findingIndex: 0 } as const;
    const proposed = e<FundingStopProposed>(
      funding(P4),
      'FundingStopProposed',
      { proCode: P4, fiscalYear: FY, proposalId: 'STOP-1', basis, reason: '施工进度严重滞后', docNo: '乳财预〔2024〕34号', proposedBy: 'fin-wangmin' },
      '2024-09-10',
    );
    const stopped = e<FundDisbursementStopped>(
      funding(P4),
      'FundDisbursementStopped',
      { proCode: P4, fiscalYear: FY, proposalId: 'STOP-1', basis, effectiveOn: '2024-09-11', docNo: '乳财预〔2024〕34号', proposedBy: 'fin-wangmin', approvedBy: 'fin-liqiang' },
      '2024-09-11',
    );
    const resumed = e<FundDisbursementResumed>(funding(P4), 'FundDisbursementResumed', { proCode: P4, fiscalYear: FY, effectiveOn: '2024-11-01', reason: '整改完成', docNo: '乳财预〔2024〕45号' }, '2024-11-01');

    const pending = only(project(ledger, [...upToSuspension, proposed]), `${P4}:2024`);
    expect(pending.pendingProposals.map((p) => [p.kind, p.proposalId, p.amountFen])).toEqual([['STOP', 'STOP-1', null]]);
    expect(pending.gate).toBe('SUSPENDED');

    const stop = only(project(ledger, [...upToSuspension, proposed, stopped]), `${P4}:2024`);
    expect(stop.gate).toBe('STOPPED');
    expect(stop.pendingProposals).toEqual([]);
    expect(stop.intervals.map((i) => [i.status, i.from, i.to, i.endedByEventId])).toEqual([
      ['SUSPENDED', '2024-09-05', '2024-09-11', stopped.metadata.eventId],
      ['STOPPED', '2024-09-11', null, null],
    ]);

    const open = only(project(ledger, [...upToSuspension, proposed, stopped, resumed]), `${P4}:2024`);
    expect(open.gate).toBe('OPEN');
    expect(open.intervals.map((i) => [i.status, i.from, i.to])).toEqual([
      ['SUSPENDED', '2024-09-05', '2024-09-11'],
      ['STOPPED', '2024-09-11', '2024-11-01'],
    ]);
  });

  it('a corrected disbursement replaces the payment it names, in place, and the sums follow', () => {
    const e = history();
    const opened = [declare(e, P1, [{ fiscalYear: FY, amount: 6_800_000 }]), approved(e, P1, 6_800_000)];
    const wrong = paid(e, P1, 1_500_000, '2024-03-20');
    const may = paid(e, P1, 1_400_000, '2024-05-25');
    const corrected = paid(e, P1, 1_050_000, '2024-03-20', { supersedes: wrong.metadata.eventId });
    const doc = only(project(ledger, [...opened, wrong, may, corrected]), `${P1}:2024`);
    expect(doc.disbursements.map((d) => [d.eventId, d.amountFen, d.corrects])).toEqual([
      [corrected.metadata.eventId, fen(1_050_000), wrong.metadata.eventId],
      [may.metadata.eventId, fen(1_400_000), null],
    ]);
    expect(doc).toMatchObject({ disbursedFen: fen(2_450_000), netDisbursedFen: fen(2_450_000), availableFen: fen(4_350_000), executionRate: 36.03 });
  });

  it('in-year adjustments change the adjusted budget and the execution rate before the year closes', () => {
    const e = history();
    const before = [declare(e, P1, [{ fiscalYear: FY, amount: 6_800_000 }]), approved(e, P1, 6_800_000), paid(e, P1, 3_650_000, '2024-07-15')];
    const adjusted = e<BudgetAdjusted>(
      funding(P1),
      'BudgetAdjusted',
      { proCode: P1, fiscalYear: FY, deltaFen: fen(500_000), adjustedBudgetFen: fen(7_300_000), reason: '追加校舍抗震加固资金', docNo: '乳财预〔2024〕28号', effectiveOn: '2024-08-20' },
      '2024-08-20',
    );
    const doc = only(project(ledger, [...before, adjusted]), `${P1}:2024`);
    expect(doc.adjustments).toEqual([
      { eventId: adjusted.metadata.eventId, deltaFen: fen(500_000), adjustedBudgetFen: fen(7_300_000), reason: '追加校舍抗震加固资金', docNo: '乳财预〔2024〕28号', effectiveOn: '2024-08-20' },
    ]);
    expect(doc).toMatchObject({ adjustmentsFen: fen(500_000), adjustedBudgetFen: fen(7_300_000), availableFen: fen(3_650_000), executionRate: 50 });
  });

  it('once closed, the execution rate is the 决算 figure, which may differ from the treasury net', () => {
    const e = history();
    const year = [declare(e, P1, [{ fiscalYear: FY, amount: 6_800_000 }]), approved(e, P1, 6_800_000), paid(e, P1, 3_900_000, '2024-07-15'), paid(e, P1, 2_560_000, '2024-11-25')];
    const closing = e<BudgetExecutionClosed>(
      funding(P1),
      'BudgetExecutionClosed',
      {
        proCode: P1,
        fiscalYear: FY,
        initialApprovedFen: fen(6_800_000),
        inYearAdjustmentFen: 0,
        adjustedBudgetFen: fen(6_800_000),
        executedFen: fen(6_400_000),
        recoveredFen: 0,
        carryOverFen: fen(60_000),
        balanceFen: fen(340_000),
      },
      '2025-01-15',
    );
    expect(only(project(ledger, year), `${P1}:2024`).executionRate).toBe(95);
    const closed = only(project(ledger, [...year, closing]), `${P1}:2024`);
    expect(closed).toMatchObject({ netDisbursedFen: fen(6_460_000), executionRate: 94.12 });
  });

  it('a corrected next-year decision that no longer cites the proposal leaves it undecided', () => {
    const e = history();
    const { all, cut } = p4Year(e);
    const cutData = cut.data as BudgetAdjustedForNextYear['data'];
    const correction = e<BudgetAdjustedForNextYear>(
      `results-${P4}-${FY}`,
      'BudgetAdjustedForNextYear',
      { ...cutData, adjustmentFen: -fen(4_000_000), adjustedFen: fen(21_000_000), basisEvents: [{ stream: `monitoring-${P4}-${FY}`, eventId: 'snapshot-july' }] },
      '2024-11-25',
      { supersedes: cut.metadata.eventId },
    );
    const doc = only(project(ledger, [...all, correction]), `${P4}:2024`);
    expect(doc.nextYearAdjustments.map((a) => [a.adjustmentId, a.adjustmentFen, a.eventId])).toEqual([['ADJ-1', -fen(4_000_000), correction.metadata.eventId]]);
    expect(doc.reductionProposals[0].decidedByEventId).toBeNull();
  });

  it('a money event before any declaration still opens the ledger, with the department the runner names', () => {
    const e = history();
    const doc = only(project(ledger, [paid(e, P2, 1_400_000, '2024-03-10')]), `${P2}:2024`);
    expect(doc).toMatchObject({ deptCode: 'D102', unitCode: 'D102-01', plannedFen: null, approvedFen: null, disbursedFen: fen(1_400_000), executionRate: null });
  });

  it('keys only money events of a project and year', () => {
    const e = history();
    const { july } = p4Year(e);
    expect(ledger.keys(july)).toEqual([`${P4}:2024`]);
    expect(ledger.keys(eventLog()('rectification-RC-2024-P4-01', 'RectificationOverdue', { caseId: 'RC-2024-P4-01', deadline: '2024-08-31', detectedAt: '2024-09-01T01:00:02.000Z' }))).toEqual([]);
    expect(ledger.keys(eventLog()(`monitoring-${P4}-${FY}`, 'DeviationFlagged', { proCode: P4, fiscalYear: FY, metric: 'PROJECT', light: 'RED' }))).toEqual([]);
  });

  it('the same event twice changes nothing', () => {
    const e = history();
    const { all } = p4Year(e);
    const once = project(ledger, all);
    for (let index = 0; index < all.length; index++) {
      expect(project(ledger, [...all.slice(0, index + 1), all[index], ...all.slice(index + 1)])).toEqual(once);
    }
  });
});
