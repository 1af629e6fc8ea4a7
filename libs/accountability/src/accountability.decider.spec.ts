import 'reflect-metadata';
import { fold } from '../../event-sourcing/src/decider.js';
import { assertMayIssue } from '../../identity/src/authorization.js';
import { type ProjectState, projectModel } from '../../projects/src/project.state.js';
import type { CitedEvent } from '../../event-sourcing/src/basis-events.js';
import { deciderSpec } from '../../testing/src/decider-spec.js';
import { P2, P4, audit, declarationOf, finance, health, refusal } from '../../testing/src/rushan-fixtures.js';
import type { AccountabilityEvent, AuditFindingRecorded, CirculationNoticeIssued } from './accountability.events.js';
import { auditFindingModel, noticeModel, referralModel } from './accountability.state.js';
import { type IssueCirculationNotice, decideIssueCirculationNotice } from './issue-circulation-notice.command.js';
import { type RecordAuditFinding, decideRecordAuditFinding } from './record-audit-finding.command.js';
import { type ReferForAccountability, decideReferForAccountability } from './refer-for-accountability.command.js';

// P2 基本公共卫生服务市级配套 (domain.md §9): self-evaluation 96, spot-check 78 中 — electronic health records claimed
// 92 %, verified 71 % → discrepancy flag → circulated notice → rectification → referral for falsification, once by
// finance and once by audit. P4's overdue rectification grounds a non-rectification referral.

const notices = deciderSpec(noticeModel);
const findings = deciderSpec(auditFindingModel);
const referrals = deciderSpec(referralModel);

const projectOf = (proCode: string): ProjectState => fold(projectModel, [{ event: { type: 'BudgetProjectDeclared', data: declarationOf(proCode) } }]);
const projects = () => ({ [P2]: projectOf(P2), [P4]: projectOf(P4) });

const DISCREPANCY = { stream: 'evaluation-SC-2024-P2', eventId: '6e8d5fa7-1b6c-5acd-8f7e-5c91dd1a6f06' };
const NOTICE = { stream: 'notice-TB-2024-03', eventId: '7f9e60b8-2c7d-5bde-9a8f-6da2ee2b7007' };
const FINDING = { stream: 'audit-SJ-2024-07', eventId: '80af71c9-3d8e-5cef-8b90-7eb3ff3c8108' };
const OVERDUE = { stream: 'rectification-RC-2024-P4-01', eventId: '91b082da-4e9f-5df0-9ca1-8fc4004d9209' };
const cite = {
  discrepancy: (): CitedEvent => ({ ...DISCREPANCY, found: true, type: 'SelfEvaluationDiscrepancyFlagged', data: { proCode: P2, selfScore: 96, reviewScore: 78, delta: 18 } }),
  notice: (): CitedEvent => ({ ...NOTICE, found: true, type: 'CirculationNoticeIssued', data: { noticeId: 'TB-2024-03' } }),
  finding: (): CitedEvent => ({ ...FINDING, found: true, type: 'AuditFindingRecorded', data: { findingId: 'SJ-2024-07', proCode: P2, category: 'FALSIFICATION' } }),
  overdue: (): CitedEvent => ({ ...OVERDUE, found: true, type: 'RectificationOverdue', data: { caseId: 'RC-2024-P4-01', deadline: '2024-08-31' } }),
};
const EVIDENCE = [{ name: '居民电子健康档案抽样核查底稿.xlsx', sha256: 'a1'.repeat(32) }];

// ---------------------------------------------------------------------------------------------------------
describe('IssueCirculationNotice — 通报 (三(四)1, 五(四))', () => {
  const notice = (change: Partial<IssueCirculationNotice> = {}): IssueCirculationNotice => ({
    noticeId: 'TB-2024-03',
    fiscalYear: 2024,
    docNo: '乳财绩〔2025〕3号',
    subjects: [{ deptCode: 'D102', proCode: P2 }],
    reasons: ['LARGE_DISCREPANCY'],
    text: '基本公共卫生服务市级配套项目自评96分，财政抽评78分，居民电子健康档案规范化建档率自评92%，核实71%',
    basisEvents: [DISCREPANCY],
    projects: projects(),
    cited: [cite.discrepancy()],
    ...change,
  });
  const issued: CirculationNoticeIssued = {
    type: 'CirculationNoticeIssued',
    data: {
      noticeId: 'TB-2024-03',
      fiscalYear: 2024,
      docNo: '乳财绩〔2025〕3号',
      subjects: [{ deptCode: 'D102', proCode: P2 }],
      reasons: ['LARGE_DISCREPANCY'],
      text: '基本公共卫生服务市级配套项目自评96分，财政抽评78分，居民电子健康档案规范化建档率自评92%，核实71%',
      basisEvents: [DISCREPANCY],
    },
  };

  it('P2: circulates the large discrepancy against D102, citing the flag, under 三(四)1', () => {
    const spec = notices([]).when(decideIssueCirculationNotice, notice(), { actor: finance });
    spec.then([issued]);
    expect(spec.events()[0].legalBasis).toEqual([{ docNo: '乳发〔2020〕3号', clause: '三(四)1' }]);
  });

  it('circulates lagging work under 五(四) without a cited event; with another reason both clauses apply', () => {
    const [lagging] = notices([]).when(decideIssueCirculationNotice, notice({ reasons: ['INEFFECTIVE_WORK'], subjects: [{ deptCode: 'D104' }], basisEvents: undefined, cited: [] }), { actor: finance }).events();
    expect(lagging).toMatchObject({ data: { reasons: ['INEFFECTIVE_WORK'], subjects: [{ deptCode: 'D104' }], basisEvents: [] }, legalBasis: [{ docNo: '乳发〔2020〕3号', clause: '五(四)' }] });
    const [both] = notices([]).when(decideIssueCirculationNotice, notice({ reasons: ['NOT_SUBMITTED', 'INEFFECTIVE_WORK'], cited: [] }), { actor: finance }).events();
    expect(both.legalBasis?.map((l) => l.clause)).toEqual(['三(四)1', '五(四)']);
  });

  it('circulates a missing self-evaluation without a cited event: the basis is an absence', () => {
    const [event] = notices([]).when(decideIssueCirculationNotice, notice({ reasons: ['NOT_SUBMITTED'], cited: [] }), { actor: finance }).events();
    expect(event.data).toMatchObject({ reasons: ['NOT_SUBMITTED'], basisEvents: [] });
  });

  it('needs a cited event for a discrepancy or a 差 result: BASIS_REQUIRED (422)', () => {
    notices([]).when(decideIssueCirculationNotice, notice({ cited: [] }), { actor: finance }).thenRejects('BASIS_REQUIRED', 422);
    notices([]).when(decideIssueCirculationNotice, notice({ reasons: ['POOR_RESULT', 'INEFFECTIVE_WORK'], cited: [] }), { actor: finance }).thenRejects('BASIS_REQUIRED', 422);
  });

  it('refuses a cited event that is not stored: BASIS_EVENT_NOT_FOUND (422)', () => {
    notices([]).when(decideIssueCirculationNotice, notice({ cited: [{ ...DISCREPANCY, found: false }] }), { actor: finance }).thenRejects('BASIS_EVENT_NOT_FOUND', 422);
  });

  it('refuses a project named with another department: SUBJECT_DEPT_MISMATCH (422)', () => {
    const error = refusal(() => notices([]).when(decideIssueCirculationNotice, notice({ subjects: [{ deptCode: 'D103', proCode: P2 }] }), { actor: finance }).events());
    expect(error).toMatchObject({ code: 'SUBJECT_DEPT_MISMATCH', details: { proCode: P2, deptCode: 'D102' } });
  });

  it('refuses an undeclared project: PROJECT_NOT_FOUND (404)', () => {
    notices([]).when(decideIssueCirculationNotice, notice({ subjects: [{ deptCode: 'D105', proCode: '371083-2024-D105-009' }] }), { actor: finance }).thenRejects('PROJECT_NOT_FOUND', 404);
  });

  it('refuses a subject named twice: SUBJECT_REPEATED (422)', () => {
    notices([]).when(decideIssueCirculationNotice, notice({ subjects: [{ deptCode: 'D102', proCode: P2 }, { deptCode: 'D102', proCode: P2 }] }), { actor: finance }).thenRejects('SUBJECT_REPEATED', 422);
  });

  it('needs its text: TEXT_REQUIRED (422)', () => {
    notices([]).when(decideIssueCirculationNotice, notice({ text: ' ' }), { actor: finance }).thenRejects('TEXT_REQUIRED', 422);
  });

  it('is issued once: NOTICE_ALREADY_ISSUED (422); a correction names the event it supersedes', () => {
    notices([issued]).when(decideIssueCirculationNotice, notice(), { actor: finance }).thenRejects('NOTICE_ALREADY_ISSUED', 422);
    const supersedes = { eventId: 'given-0', type: 'CirculationNoticeIssued', data: issued.data };
    const [event] = notices([issued]).when(decideIssueCirculationNotice, notice({ docNo: '乳财绩〔2025〕3号（更正）' }), { actor: finance, supersedes }).events();
    expect(event.data).toMatchObject({ docNo: '乳财绩〔2025〕3号（更正）' });
  });
});

describe('RecordAuditFinding — the audit bureau records what it found, with evidence', () => {
  const finding = (change: Partial<RecordAuditFinding> = {}): RecordAuditFinding => ({
    findingId: 'SJ-2024-07',
    proCode: P2,
    fiscalYear: 2024,
    category: 'FALSIFICATION',
    text: '抽查1200份居民电子健康档案，352份无随访记录而标记为规范建档，存在虚报建档率问题',
    evidence: EVIDENCE,
    projects: projects(),
    cited: [],
    ...change,
  });
  const recorded: AuditFindingRecorded = {
    type: 'AuditFindingRecorded',
    data: { findingId: 'SJ-2024-07', proCode: P2, deptCode: 'D102', fiscalYear: 2024, category: 'FALSIFICATION', text: '抽查1200份居民电子健康档案，352份无随访记录而标记为规范建档，存在虚报建档率问题' },
  };

  it('records the P2 falsification, taking the department from the project', () => {
    findings([]).when(decideRecordAuditFinding, finding(), { actor: audit }).then([recorded]);
  });

  it('records a finding about a department alone', () => {
    const [event] = findings([]).when(decideRecordAuditFinding, finding({ findingId: 'SJ-2024-08', proCode: undefined, deptCode: 'D104', category: 'IDLE_FUNDS', text: '存量资金2125万元未及时使用' }), { actor: audit }).events();
    expect(event.data).toEqual({ findingId: 'SJ-2024-08', deptCode: 'D104', fiscalYear: 2024, category: 'IDLE_FUNDS', text: '存量资金2125万元未及时使用' });
  });

  it('concerns a project or a department: SUBJECT_REQUIRED (422)', () => {
    findings([]).when(decideRecordAuditFinding, finding({ proCode: undefined }), { actor: audit }).thenRejects('SUBJECT_REQUIRED', 422);
  });

  it('carries its evidence: EVIDENCE_REQUIRED (422)', () => {
    findings([]).when(decideRecordAuditFinding, finding({ evidence: [] }), { actor: audit }).thenRejects('EVIDENCE_REQUIRED', 422);
  });

  it('refuses a project named with another department: SUBJECT_DEPT_MISMATCH (422)', () => {
    findings([]).when(decideRecordAuditFinding, finding({ deptCode: 'D104' }), { actor: audit }).thenRejects('SUBJECT_DEPT_MISMATCH', 422);
  });

  it('refuses an undeclared project: PROJECT_NOT_FOUND (404)', () => {
    findings([]).when(decideRecordAuditFinding, finding({ proCode: '371083-2024-D102-009' }), { actor: audit }).thenRejects('PROJECT_NOT_FOUND', 404);
  });

  it('is recorded once: FINDING_ALREADY_RECORDED (422)', () => {
    findings([recorded]).when(decideRecordAuditFinding, finding(), { actor: audit }).thenRejects('FINDING_ALREADY_RECORDED', 422);
  });

  it('cites 五(二) (审计参与监督)', () => {
    const [event] = findings([]).when(decideRecordAuditFinding, finding(), { actor: audit }).events();
    expect(event.legalBasis).toEqual([{ docNo: '乳发〔2020〕3号', clause: '五(二)' }]);
  });
});

describe('ReferForAccountability — 追责问责 (五(四)), citing its basis (invariant 11)', () => {
  const referral = (change: Partial<ReferForAccountability> = {}): ReferForAccountability => ({
    referralId: 'ZR-2024-01',
    proCode: P2,
    subjects: [
      { deptCode: 'D102', personName: '刘洋', role: '疾病预防控制中心主任' },
      { deptCode: 'D102', personName: '马骏', role: '卫生健康局分管副局长' },
    ],
    grounds: 'FALSIFICATION',
    referredTo: 'DISCIPLINE_INSPECTION',
    detail: '居民电子健康档案规范化建档率自评92%，核实71%，虚报自评结果',
    basisEvents: [DISCREPANCY, NOTICE],
    projects: projects(),
    cited: [cite.discrepancy(), cite.notice()],
    ...change,
  });

  it('finance refers P2’s falsification to discipline inspection, citing the discrepancy flag and the notice', () => {
    referrals([])
      .when(decideReferForAccountability, referral(), { actor: finance })
      .then([
        {
          type: 'AccountabilityReferred',
          data: {
            referralId: 'ZR-2024-01',
            proCode: P2,
            subjects: [
              { deptCode: 'D102', personName: '刘洋', role: '疾病预防控制中心主任' },
              { deptCode: 'D102', personName: '马骏', role: '卫生健康局分管副局长' },
            ],
            grounds: 'FALSIFICATION',
            referredTo: 'DISCIPLINE_INSPECTION',
            detail: '居民电子健康档案规范化建档率自评92%，核实71%，虚报自评结果',
            basisEvents: [DISCREPANCY, NOTICE],
          },
        },
      ]);
  });

  it('audit refers the same falsification on its own finding, under 五(四)', () => {
    const [event] = referrals([]).when(decideReferForAccountability, referral({ referralId: 'ZR-2024-02', basisEvents: [FINDING], cited: [cite.finding()] }), { actor: audit }).events();
    expect(event).toMatchObject({ data: { referralId: 'ZR-2024-02', basisEvents: [FINDING] }, legalBasis: [{ docNo: '乳发〔2020〕3号', clause: '五(四)' }] });
  });

  it('P4: non-rectification rests on the case that ran overdue', () => {
    const [event] = referrals([])
      .when(decideReferForAccountability, referral({ referralId: 'ZR-2024-03', proCode: P4, subjects: [{ deptCode: 'D104' }], grounds: 'NON_RECTIFICATION', referredTo: 'ORGANIZATION_DEPT', cited: [cite.overdue()] }), { actor: finance })
      .events();
    expect(event.data).toMatchObject({ grounds: 'NON_RECTIFICATION', subjects: [{ deptCode: 'D104' }], basisEvents: [OVERDUE] });
  });

  it('refuses non-rectification without an overdue or rejected case: BASIS_DOES_NOT_SHOW_NON_RECTIFICATION (422)', () => {
    referrals([]).when(decideReferForAccountability, referral({ grounds: 'NON_RECTIFICATION' }), { actor: finance }).thenRejects('BASIS_DOES_NOT_SHOW_NON_RECTIFICATION', 422);
  });

  it('cites at least one basis event: BASIS_REQUIRED (422)', () => {
    referrals([]).when(decideReferForAccountability, referral({ basisEvents: [], cited: [] }), { actor: audit }).thenRejects('BASIS_REQUIRED', 422);
  });

  it('refuses a cited event that is not stored, naming it: BASIS_EVENT_NOT_FOUND (422)', () => {
    const error = refusal(() => referrals([]).when(decideReferForAccountability, referral({ cited: [cite.discrepancy(), { ...NOTICE, found: false }] }), { actor: finance }).events());
    expect(error).toMatchObject({ code: 'BASIS_EVENT_NOT_FOUND', details: { missing: [NOTICE] } });
  });

  it("refuses a basis about another project than the one referred: BASIS_OF_ANOTHER_PROJECT (422)", () => {
    const flag = cite.discrepancy();
    const foreign: CitedEvent = flag.found ? { ...flag, data: { ...flag.data, proCode: P4 } } : flag;
    referrals([]).when(decideReferForAccountability, referral({ cited: [foreign, cite.notice()] }), { actor: finance }).thenRejects('BASIS_OF_ANOTHER_PROJECT', 422);
  });

  it('refuses a person named twice: SUBJECT_REPEATED (422)', () => {
    referrals([]).when(decideReferForAccountability, referral({ subjects: [{ deptCode: 'D102', personName: '刘洋' }, { deptCode: 'D102', personName: '刘洋', role: '主任' }] }), { actor: finance }).thenRejects('SUBJECT_REPEATED', 422);
  });

  it('needs the facts it refers: DETAIL_REQUIRED (422)', () => {
    referrals([]).when(decideReferForAccountability, referral({ detail: '\n' }), { actor: finance }).thenRejects('DETAIL_REQUIRED', 422);
  });

  it('refuses an undeclared project: PROJECT_NOT_FOUND (404)', () => {
    referrals([]).when(decideReferForAccountability, referral({ proCode: '371083-2024-D102-009' }), { actor: finance }).thenRejects('PROJECT_NOT_FOUND', 404);
  });

  it('is made once: REFERRAL_ALREADY_MADE (422)', () => {
    const [made] = referrals([]).when(decideReferForAccountability, referral(), { actor: finance }).events();
    referrals([made as AccountabilityEvent]).when(decideReferForAccountability, referral(), { actor: audit }).thenRejects('REFERRAL_ALREADY_MADE', 422);
  });
});

describe('who may issue them (COMMAND_ROLES, enforced by the pipeline)', () => {
  it('audit records findings and refers; finance may not record an audit finding', () => {
    expect(() => assertMayIssue('RecordAuditFinding', audit)).not.toThrow();
    expect(() => assertMayIssue('ReferForAccountability', audit)).not.toThrow();
    expect(() => assertMayIssue('RecordAuditFinding', finance)).toThrow(expect.objectContaining({ code: 'ROLE_NOT_ALLOWED', status: 403 }));
  });

  it('audit never circulates a notice, nor does a department', () => {
    expect(() => assertMayIssue('IssueCirculationNotice', audit)).toThrow(expect.objectContaining({ code: 'ROLE_NOT_ALLOWED' }));
    expect(() => assertMayIssue('IssueCirculationNotice', health)).toThrow(expect.objectContaining({ code: 'ROLE_NOT_ALLOWED' }));
  });
});
