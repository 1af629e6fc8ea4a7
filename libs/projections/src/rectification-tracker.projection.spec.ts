import type { EventMetadata } from '../../event-store/src/event-store.port.js';
import type { EventSubject, ProjectedEvent } from '../../read-store/src/projection.js';
import { DEADLINE_WATCHER_ACTOR as watcher } from '../../rectification/src/deadline-watcher.js';
import type {
  RectificationAccepted,
  RectificationNoticeIssued,
  RectificationOverdue,
  RectificationRejected,
  RectificationReported,
} from '../../rectification/src/rectification.events.js';
import { eventLog, project } from '../../testing/src/projection-spec.js';
import { P2, P3, P4, P4_STORY, RECTIFICATION_NOTICES } from '../../testing/src/rushan-fixtures.js';
import { type RectificationCaseDocument, rectificationTrackerProjection as tracker } from './rectification-tracker.projection.js';

// ---------------------------------------------------------------------------------------------------------
// 乳山市 FY2024 (domain.md §9): three rectification cases.
//   RC-2024-P3-01 高标准农田 (D103)   July YELLOW → notice 2024-08-10, deadline 09-10 → reported 08-30 → accepted 09-03
//   RC-2024-P4-01 老旧小区 (D104)     SERIOUS key-monitoring finding → notice 08-15, deadline 08-31 → overdue 09-01
//                                     → reported late 10-08 → accepted 10-15
//   RC-2025-P2-01 公共卫生 (D102-01)  after the circulated notice → deadline 2025-05-31; here its first report is
//                                     rejected with a new deadline, then accepted
// ---------------------------------------------------------------------------------------------------------

type Typed = { type: string; data: object };

/** The runner gives a case's later events the subject of its notice: they carry only the case id. */
function history() {
  const log = eventLog();
  const subjects = new Map<string, EventSubject>();
  return <E extends Typed>(type: E['type'], data: E['data'], date: string, metadata: Partial<EventMetadata> = {}): ProjectedEvent => {
    const record = data as Record<string, unknown>;
    const caseId = String(record.caseId);
    if (type === 'RectificationNoticeIssued') {
      const notice = data as RectificationNoticeIssued['data'];
      subjects.set(caseId, { proCode: notice.proCode, deptCode: notice.deptCode, ...(notice.unitCode ? { unitCode: notice.unitCode } : {}), fiscalYear: notice.fiscalYear });
    }
    return log(`rectification-${caseId}`, type, record, { subject: subjects.get(caseId) ?? {}, metadata: { occurredAt: `${date}T00:00:00+08:00`, ...metadata } });
  };
}
type Log = ReturnType<typeof history>;

const p3Notice = (e: Log) => e<RectificationNoticeIssued>('RectificationNoticeIssued', { ...RECTIFICATION_NOTICES['RC-2024-P3-01'], basisEvents: [{ stream: `monitoring-${P3}-2024`, eventId: '27bf3f54-1af0-5030-b2c2-22436916ce18' }] }, '2024-08-10');

const p4Notice = (e: Log) => e<RectificationNoticeIssued>('RectificationNoticeIssued', { ...RECTIFICATION_NOTICES['RC-2024-P4-01'], basisEvents: [{ stream: `monitoring-${P4}-2024`, eventId: '1333ad5b-b56c-5dd1-8b01-bc3394c807d3' }] }, '2024-08-15');

const p2Notice = (e: Log) => e<RectificationNoticeIssued>('RectificationNoticeIssued', { ...RECTIFICATION_NOTICES['RC-2025-P2-01'], basisEvents: [{ stream: 'notice-TB-2025-01', eventId: '4c8e547d-a93a-5f28-9286-8b0e153e945d' }] }, '2025-04-22');

const reported = (e: Log, caseId: string, completedOn: string, measures: string[], late = false) =>
  e<RectificationReported>('RectificationReported', { caseId, measures, completedOn, late }, completedOn);
const accepted = (e: Log, caseId: string, date: string, opinion = '整改措施到位，同意销号。') => e<RectificationAccepted>('RectificationAccepted', { caseId, opinion }, date);

const only = (docs: Map<string, RectificationCaseDocument>, caseId: string): RectificationCaseDocument => {
  const doc = docs.get(caseId);
  if (!doc) throw new Error(`no case ${caseId}`);
  return doc;
};

describe('rectification tracker projection', () => {
  it('is the rectification-tracker collection, indexed for lists by department, status, deadline, overdue and year', () => {
    expect(tracker.name).toBe('rectification-tracker');
    expect(tracker.indexes).toEqual(['deptCode', 'status', 'deadline', 'overdue', 'fiscalYear']);
  });

  it('a notice opens the case with what finance found and required, and its deadline', () => {
    const e = history();
    const notice = p3Notice(e);
    expect(only(project(tracker, [notice]), 'RC-2024-P3-01')).toEqual({
      _id: 'RC-2024-P3-01',
      _position: '1',
      caseId: 'RC-2024-P3-01',
      proCode: P3,
      fiscalYear: 2024,
      deptCode: 'D103',
      unitCode: null,
      origin: 'MONITORING',
      docNo: '乳财绩〔2024〕21号',
      findings: ['7月监控显示预算执行和建设进度均为黄灯'],
      requirements: ['制定赶工计划，9月10日前报送整改情况'],
      basisEvents: [{ stream: `monitoring-${P3}-2024`, eventId: '27bf3f54-1af0-5030-b2c2-22436916ce18' }],
      issuedOn: '2024-08-10',
      originalDeadline: '2024-09-10',
      deadline: '2024-09-10',
      status: 'OPEN',
      overdue: false,
      overdueOn: null,
      reports: [],
      rejections: [],
      acceptance: null,
      closedOn: null,
      lastActivityOn: '2024-08-10',
      eventIds: [notice.metadata.eventId],
    });
  });

  it('P3: reported before the deadline, then accepted and closed, never overdue', () => {
    const e = history();
    const notice = p3Notice(e);
    const report = reported(e, 'RC-2024-P3-01', '2024-08-30', ['增加挖掘机12台，分三个片区并行施工', '每周调度工程进度']);
    const acceptance = accepted(e, 'RC-2024-P3-01', '2024-09-03');

    const afterReport = only(project(tracker, [notice, report]), 'RC-2024-P3-01');
    expect(afterReport).toMatchObject({ status: 'REPORTED', lastActivityOn: '2024-08-30', closedOn: null });
    expect(afterReport.reports).toEqual([
      { measures: ['增加挖掘机12台，分三个片区并行施工', '每周调度工程进度'], completedOn: '2024-08-30', late: false, reportedOn: '2024-08-30', eventId: report.metadata.eventId },
    ]);

    const closed = only(project(tracker, [notice, report, acceptance]), 'RC-2024-P3-01');
    expect(closed).toMatchObject({
      status: 'CLOSED',
      overdue: false,
      closedOn: '2024-09-03',
      acceptance: { opinion: '整改措施到位，同意销号。', acceptedOn: '2024-09-03', eventId: acceptance.metadata.eventId },
      eventIds: [notice.metadata.eventId, report.metadata.eventId, acceptance.metadata.eventId],
    });
  });

  it('P4: the watcher marks it overdue; a late report and the closing keep the mark', () => {
    const e = history();
    const notice = p4Notice(e);
    const overdue = e<RectificationOverdue>('RectificationOverdue', P4_STORY.rectificationOverdue, '2024-09-01', { actor: watcher });
    const late = reported(e, 'RC-2024-P4-01', '2024-10-08', ['更换项目经理，增加施工队伍4支', '12个小区全部开工，制定周进度计划'], true);
    const acceptance = accepted(e, 'RC-2024-P4-01', '2024-10-15', '整改到位，同意销号，恢复拨付。');

    expect(only(project(tracker, [notice, overdue]), 'RC-2024-P4-01')).toMatchObject({ status: 'OVERDUE', overdue: true, overdueOn: '2024-09-01', deadline: '2024-08-31' });
    const reportedLate = only(project(tracker, [notice, overdue, late]), 'RC-2024-P4-01');
    expect(reportedLate).toMatchObject({ status: 'REPORTED', overdue: true, overdueOn: '2024-09-01' });
    expect(reportedLate.reports[0]).toMatchObject({ late: true, completedOn: '2024-10-08' });
    expect(only(project(tracker, [notice, overdue, late, acceptance]), 'RC-2024-P4-01')).toMatchObject({ status: 'CLOSED', overdue: true, closedOn: '2024-10-15' });
  });

  it('P2: a rejected report reopens the case with a new deadline in force; the unit is kept', () => {
    const e = history();
    const notice = p2Notice(e);
    const first = reported(e, 'RC-2025-P2-01', '2025-05-28', ['注销不实档案2512份']);
    const rejected = e<RectificationRejected>('RectificationRejected', { caseId: 'RC-2025-P2-01', opinion: '未建立档案质量长效机制，请补充。', newDeadline: '2025-06-30' }, '2025-06-02');
    const second = reported(e, 'RC-2025-P2-01', '2025-06-20', ['注销不实档案2512份', '建立档案质量抽查制度']);

    const reopened = only(project(tracker, [notice, first, rejected]), 'RC-2025-P2-01');
    expect(reopened).toMatchObject({ unitCode: 'D102-01', status: 'REJECTED', originalDeadline: '2025-05-31', deadline: '2025-06-30', overdue: false });
    expect(reopened.rejections).toEqual([{ opinion: '未建立档案质量长效机制，请补充。', newDeadline: '2025-06-30', rejectedOn: '2025-06-02', eventId: rejected.metadata.eventId }]);

    const again = only(project(tracker, [notice, first, rejected, second]), 'RC-2025-P2-01');
    expect(again).toMatchObject({ status: 'REPORTED', deadline: '2025-06-30', lastActivityOn: '2025-06-20' });
    expect(again.reports.map((r) => r.reportedOn)).toEqual(['2025-05-28', '2025-06-20']);
  });

  it('a rejection without a new deadline keeps the one in force', () => {
    const e = history();
    const notice = p3Notice(e);
    const report = reported(e, 'RC-2024-P3-01', '2024-08-30', ['制定赶工计划']);
    const rejected = e<RectificationRejected>('RectificationRejected', { caseId: 'RC-2024-P3-01', opinion: '赶工计划不具体。' }, '2024-09-02');
    const doc = only(project(tracker, [notice, report, rejected]), 'RC-2024-P3-01');
    expect(doc).toMatchObject({ status: 'REJECTED', deadline: '2024-09-10' });
    expect(doc.rejections[0].newDeadline).toBeNull();
  });

  it('keeps each case apart, and ignores the later events of a case it never saw opened', () => {
    const e = history();
    const docs = project(tracker, [p3Notice(e), p4Notice(e), accepted(e, 'RC-2023-P9-01', '2024-09-03')]);
    expect([...docs.keys()]).toEqual(['RC-2024-P3-01', 'RC-2024-P4-01']);
    expect(only(docs, 'RC-2024-P4-01').status).toBe('OPEN');
  });

  it('keys rectification events by case and nothing else', () => {
    const e = history();
    expect(tracker.keys(p4Notice(e))).toEqual(['RC-2024-P4-01']);
    expect(tracker.keys(eventLog()(`funding-${P4}-2024`, 'FundDisbursementSuspended', { proCode: P4, fiscalYear: 2024, effectiveOn: '2024-09-05' }))).toEqual([]);
  });

  it('the same event twice changes nothing', () => {
    const e = history();
    const events = [
      p4Notice(e),
      e<RectificationOverdue>('RectificationOverdue', P4_STORY.rectificationOverdue, '2024-09-01', { actor: watcher }),
      reported(e, 'RC-2024-P4-01', '2024-10-08', ['更换项目经理'], true),
      e<RectificationRejected>('RectificationRejected', { caseId: 'RC-2024-P4-01', opinion: '措施不完整。', newDeadline: '2024-10-31' }, '2024-10-10'),
      reported(e, 'RC-2024-P4-01', '2024-10-12', ['更换项目经理，增加施工队伍4支']),
      accepted(e, 'RC-2024-P4-01', '2024-10-15'),
    ];
    const once = project(tracker, events);
    for (let index = 0; index < events.length; index++) {
      expect(project(tracker, [...events.slice(0, index + 1), events[index], ...events.slice(index + 1)])).toEqual(once);
    }
  });
});
