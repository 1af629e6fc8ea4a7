// The use-case modules carry class-validator/class-transformer decorators, which need the Reflect metadata API.
import 'reflect-metadata';
import { fold } from '../../event-sourcing/src/decider.js';
import type { Actor } from '../../event-store/src/event-store.port.js';
import type { BudgetProjectDeclared } from '../../projects/src/project.events.js';
import { type ProjectState, projectModel } from '../../projects/src/project.state.js';
import { DEFAULT_RULE_SET } from '../../rule-sets/src/rule-set.js';
import { deciderSpec } from '../../testing/src/decider-spec.js';
import { P2, P4, cdc, declarationOf, finance, hospital, refusal, health as d102, agriculture as d103, housing as d104 } from '../../testing/src/rushan-fixtures.js';
import { decideAcceptRectification } from './accept-rectification.command.js';
import { DEADLINE_WATCHER_ACTOR as system } from './deadline-watcher.js';
import { businessDate, dayAfter } from '../../event-sourcing/src/business-date.js';
import { type IssueRectificationNotice, citedStreamModel, decideIssueRectificationNotice } from './issue-rectification-notice.command.js';
import { decideMarkRectificationOverdue } from './mark-rectification-overdue.command.js';
import { decideRejectRectification } from './reject-rectification.command.js';
import { decideReportRectification } from './report-rectification.command.js';
import type {
  RectificationAccepted,
  RectificationEvent,
  RectificationNoticeIssued,
  RectificationOverdue,
  RectificationRejected,
  RectificationReported,
} from './rectification.events.js';
import { rectificationModel } from './rectification.state.js';

// ---------------------------------------------------------------------------------------------------------
// Fixtures: 乳山市 FY2024 (domain.md §9). P4's case follows the SERIOUS key-monitoring finding of August, P3's
// the July YELLOW light, P2's the spot-check of its unit D102-01.
// ---------------------------------------------------------------------------------------------------------

const given = deciderSpec(rectificationModel);

const CASE = 'RC-2024-P4-01';
const P2_CASE = 'RC-2025-P2-01';
const MONITORING_P4 = `monitoring-${P4}-2024`;
const KEY_MONITORING_EVENT = '6f1c2a47-93d5-5b0e-8a41-2c7d9e0b5f13';
const LIGHT_EVENT = '0b9e4f3a-51c8-5d27-9e6b-7a2f1c4d8e90';

const declaration = (proCode: string, deptCode: string, unitCode?: string): BudgetProjectDeclared => ({
  type: 'BudgetProjectDeclared',
  data: declarationOf(proCode, { deptCode, ...(unitCode ? { unitCode } : {}) }),
});
const projectOf = (...events: BudgetProjectDeclared[]): ProjectState => fold(projectModel, events.map((event) => ({ event })));

const FINDINGS = ['施工场地未具备开工条件，主要施工合同尚未签订', '截至7月底预算执行率仅15%'];
const REQUIREMENTS = ['8月31日前完成施工合同签订并进场施工', '报送资金支付计划'];

const noticeCmd = (change: Partial<IssueRectificationNotice> = {}, facts: Partial<IssueRectificationNotice['facts']> = {}): IssueRectificationNotice => ({
  caseId: CASE,
  proCode: P4,
  fiscalYear: 2024,
  origin: 'KEY_MONITORING',
  findings: [...FINDINGS, '  '],
  requirements: REQUIREMENTS,
  deadline: '2024-08-31',
  docNo: ' 乳财绩〔2024〕15号 ',
  basisEvents: [
    { stream: MONITORING_P4, eventId: KEY_MONITORING_EVENT },
    { stream: MONITORING_P4, eventId: KEY_MONITORING_EVENT },
  ],
  occurredAt: '2024-08-15',
  facts: {
    project: projectOf(declaration(P4, 'D104')),
    cited: { [MONITORING_P4]: { events: [{ eventId: LIGHT_EVENT, type: 'DeviationFlagged', proCode: P4 }, { eventId: KEY_MONITORING_EVENT, type: 'KeyMonitoringConducted', proCode: P4 }] } },
    ...facts,
  },
  ...change,
});

const notice = (change: Partial<RectificationNoticeIssued['data']> = {}): RectificationNoticeIssued => ({
  type: 'RectificationNoticeIssued',
  data: {
    caseId: CASE,
    proCode: P4,
    fiscalYear: 2024,
    deptCode: 'D104',
    origin: 'KEY_MONITORING',
    findings: FINDINGS,
    requirements: REQUIREMENTS,
    deadline: '2024-08-31',
    docNo: '乳财绩〔2024〕15号',
    basisEvents: [{ stream: MONITORING_P4, eventId: KEY_MONITORING_EVENT }],
    ...change,
  },
});
const p2Notice = (): RectificationNoticeIssued =>
  notice({ caseId: P2_CASE, proCode: P2, deptCode: 'D102', unitCode: 'D102-01', origin: 'SPOT_CHECK', findings: ['电子健康档案建档率自评92%，抽查核实71%'], deadline: '2025-06-30' });
const reported = (completedOn = '2024-08-28', late = false): RectificationReported => ({
  type: 'RectificationReported',
  data: { caseId: CASE, measures: ['已签订施工合同', '施工队伍已进场'], completedOn, late },
});
const accepted = (): RectificationAccepted => ({ type: 'RectificationAccepted', data: { caseId: CASE, opinion: '整改到位' } });
const rejected = (newDeadline?: string): RectificationRejected => ({
  type: 'RectificationRejected',
  data: { caseId: CASE, opinion: '施工进度仍滞后', ...(newDeadline ? { newDeadline } : {}) },
});
const overdue = (): RectificationOverdue => ({ type: 'RectificationOverdue', data: { caseId: CASE, deadline: '2024-08-31', detectedAt: '2024-09-01T01:00:00.000Z' } });

const reportCmd = (occurredAt: string | undefined, change: { measures?: string[]; completedOn?: string; caseId?: string } = {}) => ({
  caseId: CASE,
  measures: [' 已签订施工合同 ', '施工队伍已进场'],
  completedOn: '2024-08-28',
  occurredAt,
  ...change,
});

/** Shanghai times, as the injected clock would read them. */
const at = (isoLocal: string) => new Date(`${isoLocal}+08:00`);

const context = (actor: Actor, now: Date) => ({ actor, now, ruleSet: DEFAULT_RULE_SET, commandId: 'cmd-spec' });

// ---------------------------------------------------------------------------------------------------------
describe('business dates in Asia/Shanghai', () => {
  it('takes the calendar date in 乳山, whatever the instant’s zone', () => {
    expect(businessDate(new Date('2024-08-31T15:59:59Z'))).toBe('2024-08-31');
    expect(businessDate(new Date('2024-08-31T16:00:00Z'))).toBe('2024-09-01');
    expect(businessDate('2024-09-01T00:30:00+08:00')).toBe('2024-09-01');
    expect(businessDate('2024-08-15')).toBe('2024-08-15');
    expect([dayAfter('2024-08-31'), dayAfter('2024-02-28'), dayAfter('2024-12-31')]).toEqual(['2024-09-01', '2024-02-29', '2025-01-01']);
  });
});

describe('IssueRectificationNotice — finance notifies findings, requirements and a deadline (整改通知)', () => {
  it('opens P4’s case after the SERIOUS finding, recording the department, the cited event once, under 三(三)2', () => {
    const events = given([]).when(decideIssueRectificationNotice, noticeCmd(), { actor: finance }).events();
    expect(events).toEqual([{ ...notice(), legalBasis: [{ docNo: '乳发〔2020〕3号', clause: '三(三)2' }] }]);
  });

  it('records the unit of a unit’s project and rests a spot-check case on 三(四)1', () => {
    const spotCheckStream = 'evaluation-SE-2024-P2';
    const events = given([])
      .when(
        decideIssueRectificationNotice,
        noticeCmd(
          { caseId: P2_CASE, proCode: P2, origin: 'SPOT_CHECK', deadline: '2025-06-30', occurredAt: '2025-05-20', basisEvents: [{ stream: spotCheckStream, eventId: LIGHT_EVENT }] },
          { project: projectOf(declaration(P2, 'D102', 'D102-01')), cited: { [spotCheckStream]: { events: [{ eventId: LIGHT_EVENT, type: 'SpotCheckReviewed', proCode: P2 }] } } },
        ),
        { actor: finance },
      )
      .events();
    expect(events[0].data).toMatchObject({ caseId: P2_CASE, deptCode: 'D102', unitCode: 'D102-01', origin: 'SPOT_CHECK' });
    expect(events[0].legalBasis).toEqual([{ docNo: '乳发〔2020〕3号', clause: '三(四)1' }]);
  });

  it('is issued once per case id: CASE_EXISTS (422)', () => {
    given([notice()]).when(decideIssueRectificationNotice, noticeCmd(), { actor: finance }).thenRejects('CASE_EXISTS', 422);
  });

  it('PROJECT_NOT_FOUND (404) for a project never declared', () => {
    given([]).when(decideIssueRectificationNotice, noticeCmd({}, { project: projectOf() }), { actor: finance }).thenRejects('PROJECT_NOT_FOUND', 404);
  });

  it('FISCAL_YEAR_OUTSIDE_PROJECT (422) for a year the project does not run in', () => {
    given([]).when(decideIssueRectificationNotice, noticeCmd({ fiscalYear: 2023 }), { actor: finance }).thenRejects('FISCAL_YEAR_OUTSIDE_PROJECT', 422);
  });

  it('DEADLINE_NOT_AFTER_NOTICE (422): the deadline lies after the notice’s date, or after today without one', () => {
    given([]).when(decideIssueRectificationNotice, noticeCmd({ deadline: '2024-08-15' }), { actor: finance }).thenRejects('DEADLINE_NOT_AFTER_NOTICE', 422);
    given([])
      .when(decideIssueRectificationNotice, noticeCmd({ occurredAt: undefined, deadline: '2024-08-31' }), { actor: finance, now: at('2024-09-02T10:00:00') })
      .thenRejects('DEADLINE_NOT_AFTER_NOTICE', 422);
    expect(given([]).when(decideIssueRectificationNotice, noticeCmd({ deadline: '2024-08-16' }), { actor: finance }).events()).toHaveLength(1);
  });

  it('NOTICE_INCOMPLETE (422) when the findings or requirements are blank', () => {
    given([]).when(decideIssueRectificationNotice, noticeCmd({ requirements: ['  '] }), { actor: finance }).thenRejects('NOTICE_INCOMPLETE', 422);
  });

  it('BASIS_EVENT_NOT_FOUND (422) for an event its stream does not hold', () => {
    const error = refusal(() =>
      given([])
        .when(decideIssueRectificationNotice, noticeCmd({ basisEvents: [{ stream: MONITORING_P4, eventId: '11111111-2222-5333-8444-555555555555' }] }), { actor: finance })
        .events(),
    );
    expect(error).toMatchObject({ code: 'BASIS_EVENT_NOT_FOUND', status: 422, details: { stream: MONITORING_P4 } });
    given([])
      .when(decideIssueRectificationNotice, noticeCmd({ basisEvents: [{ stream: 'monitoring-unknown-2024', eventId: KEY_MONITORING_EVENT }] }), { actor: finance })
      .thenRejects('BASIS_EVENT_NOT_FOUND', 422);
  });

  it('BASIS_EVENT_OF_OTHER_PROJECT (422) when the cited event concerns another project', () => {
    const p3Stream = 'monitoring-371083-2024-D103-002-2024';
    given([])
      .when(decideIssueRectificationNotice, noticeCmd({ basisEvents: [{ stream: p3Stream, eventId: LIGHT_EVENT }] }, {
        cited: { [p3Stream]: { events: [{ eventId: LIGHT_EVENT, type: 'DeviationFlagged', proCode: '371083-2024-D103-002' }] } },
      }), { actor: finance })
      .thenRejects('BASIS_EVENT_OF_OTHER_PROJECT', 422);
  });

  it('reads a cited stream into its event ids, types and projects', () => {
    const cited = fold(citedStreamModel, [
      { event: { type: 'MonitoringSnapshotRecorded', data: { proCode: P4 } }, context: { eventId: 'e1', revision: 0, occurredAt: '2024-08-05T00:00:00+08:00', actor: d104 } },
      { event: { type: 'RuleSetPublished', data: { version: 'v2' } }, context: { eventId: 'e2', revision: 1, occurredAt: '2024-08-06T00:00:00+08:00', actor: finance } },
    ]);
    expect(cited.events).toEqual([
      { eventId: 'e1', type: 'MonitoringSnapshotRecorded', proCode: P4 },
      { eventId: 'e2', type: 'RuleSetPublished' },
    ]);
  });
});

describe('ReportRectification — the department reports its measures', () => {
  it('reports in time: not late, under the case’s clause, the case REPORTED', () => {
    const events = given([notice()]).when(decideReportRectification, reportCmd('2024-08-29'), { actor: d104 }).events();
    expect(events).toEqual([{ ...reported('2024-08-28', false), legalBasis: [{ docNo: '乳发〔2020〕3号', clause: '三(三)2' }] }]);
    expect(fold(rectificationModel, [{ event: notice() }, { event: reported() }])).toMatchObject({ status: 'REPORTED', reports: 1, overdue: false });
  });

  it('a late report of an overdue case still counts, is marked late, and the case keeps its overdue mark', () => {
    given([notice(), overdue()])
      .when(decideReportRectification, reportCmd('2024-10-10', { completedOn: '2024-10-08' }), { actor: d104 })
      .then([reported('2024-10-08', true)]);
    expect(fold(rectificationModel, [{ event: notice() }, { event: overdue() }, { event: reported('2024-10-08', true) }])).toMatchObject({ status: 'REPORTED', overdue: true });
  });

  it('a report after the deadline is late even before the watcher marked the case', () => {
    given([notice()]).when(decideReportRectification, reportCmd('2024-09-01'), { actor: d104 }).then([reported('2024-08-28', true)]);
  });

  it('judges lateness by today when the report carries no date', () => {
    given([notice()]).when(decideReportRectification, reportCmd(undefined), { actor: d104, now: at('2024-08-31T23:30:00') }).then([reported('2024-08-28', false)]);
  });

  it('a reopened (rejected) case takes a new report, judged against the new deadline', () => {
    given([notice(), reported(), rejected('2024-09-30')])
      .when(decideReportRectification, reportCmd('2024-09-25', { completedOn: '2024-09-20' }), { actor: d104 })
      .then([reported('2024-09-20', false)]);
  });

  it('only the owning department or its unit reports: NOT_YOUR_PROJECT (403)', () => {
    given([notice()]).when(decideReportRectification, reportCmd('2024-08-29'), { actor: d103 }).thenRejects('NOT_YOUR_PROJECT', 403);
    const p2 = (actor: Actor) => given([p2Notice()]).when(decideReportRectification, { ...reportCmd('2025-06-10', { completedOn: '2025-06-05' }), caseId: P2_CASE }, { actor });
    expect(p2(cdc).events()).toHaveLength(1);
    expect(p2(d102).events()).toHaveLength(1);
    p2(hospital).thenRejects('NOT_YOUR_PROJECT', 403);
  });

  it('ALREADY_REPORTED (422) while a report awaits review; CASE_CLOSED (422) after acceptance', () => {
    given([notice(), reported()]).when(decideReportRectification, reportCmd('2024-08-30'), { actor: d104 }).thenRejects('ALREADY_REPORTED', 422);
    given([notice(), reported(), accepted()]).when(decideReportRectification, reportCmd('2024-09-30'), { actor: d104 }).thenRejects('CASE_CLOSED', 422);
  });

  it('CASE_NOT_FOUND (404) for a case never issued', () => {
    given([]).when(decideReportRectification, reportCmd('2024-08-29'), { actor: d104 }).thenRejects('CASE_NOT_FOUND', 404);
  });

  it('COMPLETED_BEFORE_NOTICE (422): measures cannot predate the notice of 15 August', () => {
    const state = fold(rectificationModel, [{ event: notice(), context: { eventId: 'n1', revision: 0, occurredAt: '2024-08-15T00:00:00+08:00', actor: finance } }]);
    expect(state.issuedOn).toBe('2024-08-15');
    const error = refusal(() => decideReportRectification(reportCmd('2024-08-29', { completedOn: '2024-08-10' }), state, context(d104, at('2024-08-29T10:00:00'))));
    expect(error).toMatchObject({ code: 'COMPLETED_BEFORE_NOTICE', status: 422, details: { issuedOn: '2024-08-15' } });
  });

  it('COMPLETED_AFTER_REPORT (422): measures are reported once done', () => {
    given([notice()]).when(decideReportRectification, reportCmd('2024-08-29', { completedOn: '2024-08-30' }), { actor: d104 }).thenRejects('COMPLETED_AFTER_REPORT', 422);
  });

  it('MEASURES_REQUIRED (422) when every measure is blank', () => {
    given([notice()]).when(decideReportRectification, reportCmd('2024-08-29', { measures: [' '] }), { actor: d104 }).thenRejects('MEASURES_REQUIRED', 422);
  });
});

describe('AcceptRectification / RejectRectification — finance reviews the report', () => {
  it('accepts a reported case, which closes', () => {
    given([notice(), reported()]).when(decideAcceptRectification, { caseId: CASE, opinion: ' 整改到位 ' }, { actor: finance }).then([accepted()]);
    expect(fold(rectificationModel, [{ event: notice() }, { event: reported() }, { event: accepted() }]).status).toBe('CLOSED');
  });

  it('accepts without an opinion', () => {
    given([notice(), reported()]).when(decideAcceptRectification, { caseId: CASE }, { actor: finance }).then([{ type: 'RectificationAccepted', data: { caseId: CASE, opinion: '' } }]);
  });

  it('CASE_NOT_REPORTED (422): an open, overdue or closed case cannot be accepted or rejected', () => {
    given([notice()]).when(decideAcceptRectification, { caseId: CASE }, { actor: finance }).thenRejects('CASE_NOT_REPORTED', 422);
    given([notice(), overdue()]).when(decideRejectRectification, { caseId: CASE, opinion: '未整改' }, { actor: finance }).thenRejects('CASE_NOT_REPORTED', 422);
    given([notice(), reported(), accepted()]).when(decideRejectRectification, { caseId: CASE, opinion: '复查不合格' }, { actor: finance }).thenRejects('CASE_NOT_REPORTED', 422);
  });

  it('CASE_NOT_FOUND (404) for a case never issued', () => {
    given([]).when(decideAcceptRectification, { caseId: CASE }, { actor: finance }).thenRejects('CASE_NOT_FOUND', 404);
  });

  it('rejects with an opinion and a new deadline; the case reopens as REJECTED under the new deadline', () => {
    given([notice(), reported()])
      .when(decideRejectRectification, { caseId: CASE, opinion: ' 施工进度仍滞后 ', newDeadline: '2024-09-30', occurredAt: '2024-09-03' }, { actor: finance })
      .then([rejected('2024-09-30')]);
    expect(fold(rectificationModel, [{ event: notice() }, { event: reported() }, { event: rejected('2024-09-30') }])).toMatchObject({ status: 'REJECTED', deadline: '2024-09-30', rejections: 1 });
  });

  it('rejects without a new deadline, keeping the one in force', () => {
    given([notice(), reported()]).when(decideRejectRectification, { caseId: CASE, opinion: '施工进度仍滞后' }, { actor: finance }).then([rejected()]);
    expect(fold(rectificationModel, [{ event: notice() }, { event: reported() }, { event: rejected() }]).deadline).toBe('2024-08-31');
  });

  it('OPINION_REQUIRED (422) for a rejection without a usable opinion', () => {
    given([notice(), reported()]).when(decideRejectRectification, { caseId: CASE, opinion: '   ' }, { actor: finance }).thenRejects('OPINION_REQUIRED', 422);
  });

  it('NEW_DEADLINE_NOT_AFTER_REJECTION (422): a new deadline lies after the rejection', () => {
    given([notice(), reported()])
      .when(decideRejectRectification, { caseId: CASE, opinion: '施工进度仍滞后', newDeadline: '2024-09-03', occurredAt: '2024-09-03' }, { actor: finance })
      .thenRejects('NEW_DEADLINE_NOT_AFTER_REJECTION', 422);
    given([notice(), reported()])
      .when(decideRejectRectification, { caseId: CASE, opinion: '施工进度仍滞后', newDeadline: '2024-09-03' }, { actor: finance, now: at('2024-09-04T09:00:00') })
      .thenRejects('NEW_DEADLINE_NOT_AFTER_REJECTION', 422);
  });
});

describe('MarkRectificationOverdue — no report by the deadline (SYSTEM, once per case)', () => {
  const mark = { caseId: CASE, deadline: '2024-08-31' };

  it('marks an open case on the first day after its deadline in 乳山 (00:30 on 1 September is 16:30 UTC on 31 August)', () => {
    const now = new Date('2024-08-31T16:30:00Z');
    given([notice()])
      .when(decideMarkRectificationOverdue, mark, { actor: system, now })
      .then([{ type: 'RectificationOverdue', data: { caseId: CASE, deadline: '2024-08-31', detectedAt: '2024-08-31T16:30:00.000Z' } }]);
    expect(given([notice()]).when(decideMarkRectificationOverdue, mark, { actor: system, now }).events()[0].legalBasis).toEqual([{ docNo: '乳发〔2020〕3号', clause: '三(三)2' }]);
  });

  it('DEADLINE_NOT_PASSED (422) through the last minute of the deadline day in 乳山', () => {
    given([notice()]).when(decideMarkRectificationOverdue, mark, { actor: system, now: new Date('2024-08-31T15:59:00Z') }).thenRejects('DEADLINE_NOT_PASSED', 422);
  });

  it('ALREADY_OVERDUE (422): exactly once per case, even after a rejection reopened it past its deadline', () => {
    const later = at('2024-10-15T09:00:00');
    given([notice(), overdue()]).when(decideMarkRectificationOverdue, mark, { actor: system, now: later }).thenRejects('ALREADY_OVERDUE', 422);
    given([notice(), overdue(), reported('2024-09-20', true), rejected()]).when(decideMarkRectificationOverdue, mark, { actor: system, now: later }).thenRejects('ALREADY_OVERDUE', 422);
  });

  it('NOT_AWAITING_REPORT (422): a case reported in time never becomes overdue, nor does a closed one', () => {
    const later = at('2024-09-05T09:00:00');
    given([notice(), reported()]).when(decideMarkRectificationOverdue, mark, { actor: system, now: later }).thenRejects('NOT_AWAITING_REPORT', 422);
    given([notice(), reported(), accepted()]).when(decideMarkRectificationOverdue, mark, { actor: system, now: later }).thenRejects('NOT_AWAITING_REPORT', 422);
  });

  it('marks a rejected case whose new deadline passed without a new report', () => {
    given([notice(), reported(), rejected('2024-09-30')])
      .when(decideMarkRectificationOverdue, { caseId: CASE, deadline: '2024-09-30' }, { actor: system, now: at('2024-10-01T08:00:00') })
      .then([{ type: 'RectificationOverdue', data: { caseId: CASE, deadline: '2024-09-30', detectedAt: '2024-10-01T00:00:00.000Z' } }]);
  });

  it('DEADLINE_CHANGED (422) when a rejection moved the deadline after the watcher read the case', () => {
    given([notice(), reported(), rejected('2024-09-30')]).when(decideMarkRectificationOverdue, mark, { actor: system, now: at('2024-10-01T08:00:00') }).thenRejects('DEADLINE_CHANGED', 422);
  });

  it('CASE_NOT_FOUND (404) for a case never issued', () => {
    given([]).when(decideMarkRectificationOverdue, mark, { actor: system, now: at('2024-09-01T08:00:00') }).thenRejects('CASE_NOT_FOUND', 404);
  });
});

describe('P4’s case through the loop (domain.md §9)', () => {
  it('notice → overdue → late report → accepted: closed, and the overdue mark stays on record', () => {
    const history: RectificationEvent[] = [notice(), overdue(), reported('2024-10-12', true), accepted()];
    expect(fold(rectificationModel, history.map((event) => ({ event })))).toMatchObject({ status: 'CLOSED', overdue: true, reports: 1, rejections: 0, deadline: '2024-08-31' });
  });
});
