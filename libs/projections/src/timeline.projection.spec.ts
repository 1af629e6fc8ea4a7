import type { Actor, EventMetadata } from '../../event-store/src/event-store.port.js';
import type { EventSubject, ProjectedEvent } from '../../read-store/src/projection.js';
import { DEADLINE_WATCHER_ACTOR as WATCHER } from '../../rectification/src/deadline-watcher.js';
import { eventLog, project } from '../../testing/src/projection-spec.js';
import { P1, P2, P3, P4, P4_STORY, RESULTS_DISCLOSED, declarationOf, education as CHEN_JING, housing as ZHOU_JIE, financeSecond as LI_QIANG, treasury as TREASURY, finance as WANG_MIN, accountingFirm as ZHENG_XIN } from '../../testing/src/rushan-fixtures.js';
import { type TimelineDocument, timelineProjection } from './timeline.projection.js';

const CASE = 'RC-2024-P4-01';
const SEED = '乳发〔2020〕3号';

/** What the runner fills for a rectification case's later events, whose data names only the case. */
const P4_CASE_SUBJECT: EventSubject = { proCode: P4, deptCode: 'D104', fiscalYear: 2024 };

function meta(actor: Actor, occurredOn: string, clause: string, more: Partial<EventMetadata> = {}): { metadata: Partial<EventMetadata> } {
  return {
    metadata: {
      actor,
      occurredAt: `${occurredOn}T00:00:00+08:00`,
      recordedAt: `${occurredOn}T01:00:02.000Z`,
      legalBasis: [{ docNo: SEED, clause }],
      ...more,
    },
  };
}

/** The demo's declaration under the names given. */
function declaration(proCode: string, proName: string, deptCode: string, deptName: string, unit?: { unitCode: string; unitName: string }) {
  return declarationOf(proCode, { proName, deptCode, deptName, ...unit });
}

/** The P4 story of domain.md §9, with P1 declared beside it and a P3 disbursement interleaved. */
function p4Story() {
  const e = eventLog();
  const p1Declared = e(`project-${P1}`, 'BudgetProjectDeclared', declarationOf(P1), meta(CHEN_JING, '2023-09-15', '三(一)'));
  const declared = e(`project-${P4}`, 'BudgetProjectDeclared', declarationOf(P4), meta(ZHOU_JIE, '2023-09-15', '三(一)'));
  const snapshot = e(
    `monitoring-${P4}-2024`,
    'MonitoringSnapshotRecorded',
    { ...P4_STORY.julySnapshot, indicators: [{ kpiId: 'P4-OUT-01', actualToDate: '3', estimatedAnnual: '10', completionLikelihood: 'UNLIKELY', deviationReason: '施工单位组织不力' }] },
    meta(ZHOU_JIE, '2024-08-05', '三(三)1', { evidence: [{ name: 'P4绩效监控表（2024年7月）.xlsx', sha256: 'cc09a7e722c29c6ff2fa3f8d7e1b96d50f7609847dc7907ab92212c871b2f07d' }] }),
  );
  const red = e(
    `monitoring-${P4}-2024`,
    'DeviationFlagged',
    { proCode: P4, fiscalYear: 2024, taskId: 'MT-2024-07', asOfDate: '2024-07-31', metric: 'PROJECT', light: 'RED', ruleId: 'PROJECT_WORST_LIGHT', ruleSetVersion: 'v1' },
    meta(ZHOU_JIE, '2024-08-05', '三(三)1', { ruleSetVersion: 'v1' }),
  );
  const p3Disbursed = e(
    `funding-${P3}-2024`,
    'FundsDisbursed',
    { proCode: P3, fiscalYear: 2024, amountFen: 350_000_000, paymentRef: 'GK-D103-002-20240925', paidOn: '2024-08-10' },
    meta(TREASURY, '2024-08-10', '三(三)'),
  );
  const keyMonitoring = e(
    `monitoring-${P4}-2024`,
    'KeyMonitoringConducted',
    {
      proCode: P4,
      fiscalYear: 2024,
      taskId: 'MT-2024-07',
      methods: ['ON_SITE', 'EVIDENCE_COLLECTION'],
      findings: [{ severity: 'SERIOUS', text: '截至7月底资金支出仅15%，12个小区中仅3个开工' }],
      conductedOn: '2024-08-12',
    },
    meta(WANG_MIN, '2024-08-12', '三(三)2'),
  );
  const notice = e(
    `rectification-${CASE}`,
    'RectificationNoticeIssued',
    { ...P4_STORY.rectificationNotice, basisEvents: [{ stream: `monitoring-${P4}-2024`, eventId: keyMonitoring.metadata.eventId }] },
    meta(WANG_MIN, '2024-08-15', '三(三)2'),
  );
  const overdue = e(`rectification-${CASE}`, 'RectificationOverdue', P4_STORY.rectificationOverdue, { subject: P4_CASE_SUBJECT, ...meta(WATCHER, '2024-09-01', '三(三)2') });
  const suspended = e(`funding-${P4}-2024`, 'FundDisbursementSuspended', P4_STORY.suspended, meta(WANG_MIN, '2024-09-05', '三(三)2'));
  const recoveryProposed = e(`funding-${P4}-2024`, 'FundsRecoveryProposed', P4_STORY.recoveryProposed, meta(WANG_MIN, '2024-09-12', '三(三)2'));
  const recovered = e(`funding-${P4}-2024`, 'FundsRecovered', P4_STORY.recovered, meta(LI_QIANG, '2024-09-14', '三(三)2', { evidence: [{ name: '乳财预〔2024〕35号.pdf', sha256: '9'.repeat(64) }] }));
  const reported = e(
    `rectification-${CASE}`,
    'RectificationReported',
    P4_STORY.rectificationReported,
    { subject: P4_CASE_SUBJECT, ...meta(ZHOU_JIE, '2024-10-08', '三(三)2', { evidence: [{ name: 'P4整改情况报告.pdf', sha256: '26d9477a0130170cac47450fe1ee831af5cce5d4f3988198c576a9a5aa53b169' }] }) },
  );
  const accepted = e(`rectification-${CASE}`, 'RectificationAccepted', P4_STORY.rectificationAccepted, { subject: P4_CASE_SUBJECT, ...meta(WANG_MIN, '2024-10-15', '三(三)2') });
  const resumed = e(`funding-${P4}-2024`, 'FundDisbursementResumed', P4_STORY.resumed, meta(WANG_MIN, '2024-10-20', '三(三)2'));
  const keyReport = e(
    `keyevaluation-${P4}-2024`,
    'KeyEvaluationReportSubmitted',
    P4_STORY.keyEvaluationReport,
    meta(ZHENG_XIN, '2025-04-20', '三(四)2', { ruleSetVersion: 'v1', evidence: [{ name: 'P4重点绩效评价报告.pdf', sha256: '0c9e868ea1c15607e660f660637dc7e4d7bffe4e6a65e447eab2ddb95a9a36e4' }] }),
  );
  const keyCompleted = e(
    `keyevaluation-${P4}-2024`,
    'KeyEvaluationCompleted',
    { ...P4_STORY.keyEvaluationCompleted, acceptedReportEventId: keyReport.metadata.eventId },
    meta(WANG_MIN, '2025-04-28', '三(四)2', { ruleSetVersion: 'v1' }),
  );
  const disclosed = e('disclosure-2024', 'ResultsDisclosed', RESULTS_DISCLOSED, { subject: { fiscalYear: 2024 }, ...meta(WANG_MIN, '2025-06-28', '五(四)') });
  const named = {
    p1Declared,
    declared,
    snapshot,
    red,
    p3Disbursed,
    keyMonitoring,
    notice,
    overdue,
    suspended,
    recoveryProposed,
    recovered,
    reported,
    accepted,
    resumed,
    keyReport,
    keyCompleted,
    disclosed,
  };
  return { e, named, events: Object.values(named) };
}

function timelineOf(docs: Map<string, TimelineDocument>, proCode: string): TimelineDocument {
  const doc = docs.get(proCode);
  if (!doc) throw new Error(`no timeline for ${proCode}`);
  return doc;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

describe('accountability timeline projection', () => {
  it('lists every event concerning P4 across its streams, in log order, under the header of its declaration', () => {
    const { events } = p4Story();
    const p4 = timelineOf(project(timelineProjection, events), P4);

    expect(p4).toMatchObject({ _id: P4, proCode: P4, proName: '城镇老旧小区改造配套基础设施', deptCode: 'D104', deptName: '乳山市住房和城乡建设局' });
    expect(p4).not.toHaveProperty('unitCode');
    expect(p4.entries.map((x) => x.type)).toEqual([
      'BudgetProjectDeclared',
      'MonitoringSnapshotRecorded',
      'DeviationFlagged',
      'KeyMonitoringConducted',
      'RectificationNoticeIssued',
      'RectificationOverdue',
      'FundDisbursementSuspended',
      'FundsRecoveryProposed',
      'FundsRecovered',
      'RectificationReported',
      'RectificationAccepted',
      'FundDisbursementResumed',
      'KeyEvaluationReportSubmitted',
      'KeyEvaluationCompleted',
      'ResultsDisclosed',
    ]);
    const positions = p4.entries.map((x) => Number(x.position));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('an entry says who, when, what, why, with which evidence, and its hash', () => {
    const { events, named } = p4Story();
    const p4 = timelineOf(project(timelineProjection, events), P4);
    const { recovered } = named;

    expect(p4.entries.find((x) => x.eventId === recovered.metadata.eventId)).toEqual({
      position: recovered.position,
      stream: `funding-${P4}-2024`,
      revision: 2,
      eventId: recovered.metadata.eventId,
      type: 'FundsRecovered',
      stage: 'IN_PROCESS',
      fiscalYear: 2024,
      occurredAt: '2024-09-14T00:00:00+08:00',
      recordedAt: '2024-09-14T01:00:02.000Z',
      actor: { userId: 'fin-liqiang', name: '李强', role: 'FINANCE_AUTHORITY', orgCode: 'FIN-RS', orgName: '乳山市财政局' },
      summary: {
        zh: '收回资金 3,000,000 元统筹使用（乳财预〔2024〕35号，2024-09-14 起），统筹至 乳山市2024年统筹资金池（乳财预〔2024〕35号），fin-wangmin 提议、fin-liqiang 批准',
        en: 'Recovered 3,000,000 yuan (乳财预〔2024〕35号, effective 2024-09-14), re-pooled in 乳山市2024年统筹资金池（乳财预〔2024〕35号）, proposed by fin-wangmin, approved by fin-liqiang',
      },
      legalBasis: [{ docNo: SEED, clause: '三(三)2' }],
      evidence: [{ name: '乳财预〔2024〕35号.pdf', sha256: '9'.repeat(64) }],
      hash: recovered.metadata.hash,
    });
  });

  it('keeps only the business actor fields and the rule-set version that produced a light', () => {
    const { events, named } = p4Story();
    const p4 = timelineOf(project(timelineProjection, events), P4);
    const red = p4.entries.find((x) => x.eventId === named.red.metadata.eventId);
    const report = p4.entries.find((x) => x.eventId === named.keyReport.metadata.eventId);

    expect(red).toMatchObject({ ruleSetVersion: 'v1', summary: { en: 'Monitoring light: project RED (as of 2024-07-31, rule PROJECT_WORST_LIGHT, rule set v1)' } });
    expect(report?.actor).toEqual({ userId: 'tp001-zhengxin', name: '郑欣', role: 'THIRD_PARTY', orgCode: 'TP-001', orgName: '威海正信会计师事务所（虚构）' });
    expect(p4.entries.find((x) => x.type === 'BudgetProjectDeclared')).not.toHaveProperty('ruleSetVersion');
  });

  it('places the rectification case events, whose data names only the case, by the subject the runner gives them', () => {
    const { events } = p4Story();
    const p4 = timelineOf(project(timelineProjection, events), P4);
    const rectification = p4.entries.filter((x) => x.stream === `rectification-${CASE}`);

    expect(rectification.map((x) => [x.revision, x.type, x.actor.role, x.summary.zh])).toEqual([
      [0, 'RectificationNoticeIssued', 'FINANCE_AUTHORITY', '下发整改通知 RC-2024-P4-01（乳财绩〔2024〕23号，来源：重点监控）：问题 2 项，整改期限 2024-08-31'],
      [1, 'RectificationOverdue', 'SYSTEM', '整改逾期 RC-2024-P4-01：期限 2024-08-31 前未报送整改情况'],
      [2, 'RectificationReported', 'BUDGET_DEPARTMENT', '报送整改情况 RC-2024-P4-01：措施 2 项，2024-10-08 完成（逾期报送）'],
      [3, 'RectificationAccepted', 'FINANCE_AUTHORITY', '整改验收通过 RC-2024-P4-01：整改到位，同意销号，恢复拨付。'],
    ]);
  });

  it('gives each entry the stage of the loop its type belongs to', () => {
    const { events } = p4Story();
    const p4 = timelineOf(project(timelineProjection, events), P4);
    const stages = Object.fromEntries(p4.entries.map((x) => [x.type, x.stage]));

    expect(stages).toMatchObject({
      BudgetProjectDeclared: 'EX_ANTE',
      MonitoringSnapshotRecorded: 'IN_PROCESS',
      RectificationOverdue: 'IN_PROCESS',
      FundsRecovered: 'IN_PROCESS',
      KeyEvaluationCompleted: 'EX_POST',
      ResultsDisclosed: 'EX_POST',
    });
  });

  it('shows a disclosure listing P4 and P1 in both timelines, once each', () => {
    const { events, named } = p4Story();
    const docs = project(timelineProjection, events);
    const p1 = timelineOf(docs, P1);

    expect(p1.entries.map((x) => x.type)).toEqual(['BudgetProjectDeclared', 'ResultsDisclosed']);
    expect(p1).toMatchObject({ proName: '城乡中小学校舍安全改造', deptCode: 'D101' });
    for (const doc of [p1, timelineOf(docs, P4)]) {
      expect(doc.entries.filter((x) => x.eventId === named.disclosed.metadata.eventId)).toHaveLength(1);
    }
  });

  it('keeps an event of another project out of P4', () => {
    const { events, named } = p4Story();
    const docs = project(timelineProjection, events);

    expect(timelineOf(docs, P4).entries.map((x) => x.eventId)).not.toContain(named.p3Disbursed.metadata.eventId);
    expect(timelineOf(docs, P3).entries.map((x) => x.eventId)).toEqual([named.p3Disbursed.metadata.eventId]);
    expect([...docs.keys()].sort()).toEqual([P1, P3, P4]);
  });

  it('marks the earlier entry superseded when a correction names it', () => {
    const { e, events, named } = p4Story();
    const correction = e(
      `monitoring-${P4}-2024`,
      'MonitoringSnapshotRecorded',
      { ...named.snapshot.data, budget: { budgetFen: 2_500_000_000, executedToDateFen: 375_000_000, estimatedAnnualExecutedFen: 1_500_000_000, netDisbursedFen: 375_000_000 } },
      meta(ZHOU_JIE, '2024-08-07', '三(三)1', { supersedes: named.snapshot.metadata.eventId }),
    );
    const p4 = timelineOf(project(timelineProjection, [...events, correction]), P4);
    const original = p4.entries.find((x) => x.eventId === named.snapshot.metadata.eventId);
    const corrected = p4.entries.find((x) => x.eventId === correction.metadata.eventId);

    expect(original?.supersededBy).toBe(correction.metadata.eventId);
    expect(corrected).toMatchObject({ supersedes: named.snapshot.metadata.eventId });
    expect(corrected).not.toHaveProperty('supersededBy');
    expect(p4.entries.filter((x) => x.supersededBy)).toHaveLength(1);
    expect(p4.entries.at(-1)?.eventId).toBe(correction.metadata.eventId);
  });

  it('THE SAME EVENT TWICE CHANGES NOTHING', () => {
    const { events, named } = p4Story();
    const once = project(timelineProjection, events);

    expect(project(timelineProjection, [named.declared, named.disclosed, named.disclosed])).toEqual(project(timelineProjection, [named.declared, named.disclosed]));
    expect(project(timelineProjection, [...events, named.disclosed])).toEqual(once);
    expect(project(timelineProjection, [...events, named.overdue, named.recovered])).toEqual(once);
  });

  it('a monitoring task appears in the timeline of each project in its scope', () => {
    const e = eventLog();
    const task = e(
      'task-MT-2024-07',
      'MonitoringTaskIssued',
      { taskId: 'MT-2024-07', fiscalYear: 2024, mode: 'SELF', title: '2024年度项目绩效运行监控（截至7月31日）', asOfDate: '2024-07-31', dueDate: '2024-08-10', scope: { proCodes: [P1, P4] } },
      meta(WANG_MIN, '2024-07-05', '三(三)1'),
    );
    const docs = project(timelineProjection, [task]);

    expect([...docs.keys()].sort()).toEqual([P1, P4]);
    expect(timelineOf(docs, P4).entries[0]).toMatchObject({ type: 'MonitoringTaskIssued', stage: 'IN_PROCESS', fiscalYear: 2024 });
  });

  it('a circulated notice appears in the timelines of the projects it names', () => {
    const e = eventLog();
    const notice = e(
      'notice-TB-2025-01',
      'CirculationNoticeIssued',
      {
        noticeId: 'TB-2025-01',
        fiscalYear: 2024,
        docNo: '乳财绩〔2025〕8号',
        subjects: [{ deptCode: 'D102', proCode: P2 }, { deptCode: 'D105' }],
        reasons: ['LARGE_DISCREPANCY'],
        text: '自评96分，抽查复核78分，差异较大，予以通报。',
        basisEvents: [],
      },
      meta(WANG_MIN, '2025-04-18', '三(四)1'),
    );

    expect([...project(timelineProjection, [notice]).keys()]).toEqual([P2]);
  });

  it('a report of department overall performance lists departments, and opens no project timeline', () => {
    const e = eventLog();
    const report = e(
      'congress-2024',
      'ResultsReportedToPeoplesCongress',
      { fiscalYear: 2024, reportId: 'NPC-2024-2', kind: 'DEPT_OVERALL', items: ['D101', 'D104'], accompanies: 'DRAFT_FINAL_ACCOUNTS', submittedOn: '2025-06-20' },
      meta(WANG_MIN, '2025-06-20', '五(四)'),
    );

    expect(timelineProjection.keys(report)).toEqual([]);
  });

  it("a unit's project carries its unit, the field its timelines are indexed by", () => {
    const e = eventLog();
    const declared = e(
      `project-${P2}`,
      'BudgetProjectDeclared',
      declaration(P2, '基本公共卫生服务市级配套', 'D102', '乳山市卫生健康局', { unitCode: 'D102-01', unitName: '乳山市疾病预防控制中心' }),
      meta(CHEN_JING, '2023-09-15', '三(一)'),
    );
    const p2 = timelineOf(project(timelineProjection, [declared]), P2);

    expect(timelineProjection.indexes).toEqual(['deptCode', 'unitCode']);
    expect(p2).toMatchObject({ deptCode: 'D102', unitCode: 'D102-01', unitName: '乳山市疾病预防控制中心' });
  });

  it('takes the department from the subject when the project was named before its declaration reached the timeline', () => {
    const e = eventLog();
    const disbursed = e(
      `funding-${P3}-2024`,
      'FundsDisbursed',
      { proCode: P3, fiscalYear: 2024, amountFen: 200_000_000, paymentRef: 'GK-D103-002-20240410', paidOn: '2024-04-10' },
      { subject: { proCode: P3, deptCode: 'D103', fiscalYear: 2024 }, ...meta(TREASURY, '2024-04-10', '三(三)') },
    );

    expect(timelineOf(project(timelineProjection, [disbursed]), P3)).toMatchObject({ proCode: P3, deptCode: 'D103' });
  });

  it('keeps an event of a type it does not know, with a generic summary and no guessed stage', () => {
    const { e, events } = p4Story();
    const unknown = e(`funding-${P4}-2024`, 'BudgetCarriedOverToNextYear', { proCode: P4, fiscalYear: 2024, amountFen: 100_000_000 }, meta(WANG_MIN, '2025-01-10', '三(四)'));
    const last = timelineOf(project(timelineProjection, [...events, unknown]), P4).entries.at(-1);

    expect(last).toMatchObject({ type: 'BudgetCarriedOverToNextYear', summary: { zh: '事件 BudgetCarriedOverToNextYear', en: 'Event BudgetCarriedOverToNextYear' } });
    expect(last).not.toHaveProperty('stage');
  });

  it('does not change the document it is given', () => {
    const { e, events, named } = p4Story();
    const before = timelineOf(project(timelineProjection, events), P4);
    const frozen = deepFreeze(structuredClone(before));
    const correction: ProjectedEvent = e(`monitoring-${P4}-2024`, 'MonitoringSnapshotRecorded', named.snapshot.data, meta(ZHOU_JIE, '2024-08-07', '三(三)1', { supersedes: named.snapshot.metadata.eventId }));

    const after = timelineProjection.apply(frozen, correction, P4);

    expect(frozen).toEqual(before);
    expect(after?.entries).toHaveLength(before.entries.length + 1);
  });
});
