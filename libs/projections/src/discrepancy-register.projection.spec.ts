import type { EventSubject, ProjectedEvent } from '../../read-store/src/projection.js';
import { eventLog, project } from '../../testing/src/projection-spec.js';
import { DECLARATIONS, P1, P2, P2_REFERRALS, P3, P4, audit, declarationOf, health as d102 } from '../../testing/src/rushan-fixtures.js';
import { type DiscrepancyRegisterDocument, discrepancyRegisterProjection as register } from './discrepancy-register.projection.js';

// ---------------------------------------------------------------------------------------------------------
// 乳山市 FY2024 (domain.md §9). P2 基本公共卫生服务市级配套 (D102, unit D102-01): self-evaluation 96, department 95,
// spot-check 78 中 (electronic health records 92 % claimed, 71 % verified) → discrepancy flag → circulated notice
// 乳财绩〔2025〕8号 → referrals for falsification by finance (citing the flag) and by audit (citing its finding).
// P3 高标准农田建设市级配套 (D103): self 88 良, spot-check 85, no flag. P1 (D101) is self-evaluated, never spot-checked.
// ---------------------------------------------------------------------------------------------------------

type Extra = Parameters<ReturnType<typeof eventLog>>[3];

/** Finance's referral of P2, here under any id and for any project or none. */
const { proCode: _p2, ...FINANCE_REFERRAL } = P2_REFERRALS.byFinance;

function history() {
  const log = eventLog();
  // As the runner fills it: the department from the declaration, the year only where the event names one.
  const subjectOf = (data: Record<string, unknown>): EventSubject => {
    const proCode = typeof data.proCode === 'string' ? data.proCode : undefined;
    return {
      ...(proCode ? { proCode, deptCode: DECLARATIONS[proCode].deptCode } : {}),
      ...(typeof data.fiscalYear === 'number' ? { fiscalYear: data.fiscalYear } : {}),
    };
  };
  const at = (stream: string, type: string, data: Record<string, unknown>, extra: Extra = {}): ProjectedEvent => log(stream, type, data, { subject: subjectOf(data), ...extra });
  const evaluation = (proCode: string) => `evaluation-${proCode}-2024`;
  return {
    at,
    declare: (proCode: string) => at(`project-${proCode}`, 'BudgetProjectDeclared', declarationOf(proCode)),
    submitted: (proCode: string, totalScore: number, grade: string, extra: Extra = {}) =>
      at(evaluation(proCode), 'SelfEvaluationSubmitted', { proCode, fiscalYear: 2024, deptCode: DECLARATIONS[proCode].deptCode, ...(DECLARATIONS[proCode].unitCode ? { unitCode: DECLARATIONS[proCode].unitCode } : {}), targetVersion: 1, totalScore, grade }, extra),
    reviewed: (proCode: string, deptScore: number, deptGrade: string, submissionEventId: string) =>
      at(evaluation(proCode), 'SelfEvaluationReviewedByCompetentDepartment', { proCode, fiscalYear: 2024, deptCode: DECLARATIONS[proCode].deptCode, submissionEventId, deptScore, deptGrade, opinion: '自评基本客观，建档率数据需进一步核实。', ruleSetVersion: 'v1' }, { metadata: { actor: d102 } }),
    filed: (proCode: string, totalScore: number, grade: string, submissionEventId: string) =>
      at(evaluation(proCode), 'SelfEvaluationFiled', { proCode, fiscalYear: 2024, submissionEventId, totalScore, grade, opinion: '自评材料完整，予以备案。' }),
    spotCheck: (proCode: string, selfScore: number, reviewScore: number, reviewGrade: string, submissionEventId: string, adjustments: unknown[] = [], findings: string[] = []) =>
      at(
        evaluation(proCode),
        'SpotCheckReviewed',
        { proCode, fiscalYear: 2024, reviewer: 'FINANCE', submissionEventId, selfScore, reviewScore, reviewGrade, indicatorAdjustments: adjustments, findings, ruleSetVersion: 'v1' },
        { metadata: { occurredAt: '2025-04-10T00:00:00+08:00' } },
      ),
    flagged: (proCode: string, selfScore: number, reviewScore: number, submissionEventId: string) =>
      at(
        evaluation(proCode),
        'SelfEvaluationDiscrepancyFlagged',
        { proCode, fiscalYear: 2024, selfScore, reviewScore, delta: selfScore - reviewScore, selfGrade: 'EXCELLENT', reviewGrade: 'FAIR', reasons: ['SCORE_DELTA', 'GRADE_CHANGE'], submissionEventId, ruleSetVersion: 'v1' },
        { metadata: { occurredAt: '2025-04-10T00:00:00+08:00' } },
      ),
    notice: (noticeId: string, subjects: { deptCode: string; proCode?: string }[], reasons: string[], basisEvents: { stream: string; eventId: string }[], extra: Extra = {}) =>
      at(`notice-${noticeId}`, 'CirculationNoticeIssued', { noticeId, fiscalYear: 2024, docNo: '乳财绩〔2025〕8号', subjects, reasons, text: '基本公共卫生服务市级配套项目自评96分，抽查复核78分，差异较大，予以通报。', basisEvents }, {
        metadata: { occurredAt: '2025-04-18T00:00:00+08:00', ...extra.metadata },
      }),
    referral: (referralId: string, proCode: string | undefined, basisEvents: { stream: string; eventId: string }[], extra: Extra = {}) =>
      at(
        `referral-${referralId}`,
        'AccountabilityReferred',
        { ...FINANCE_REFERRAL, referralId, ...(proCode ? { proCode } : {}), basisEvents },
        { metadata: { occurredAt: '2025-06-10T00:00:00+08:00', ...extra.metadata } },
      ),
  };
}

const doc = (docs: Map<string, DiscrepancyRegisterDocument>, key: string) => {
  const found = docs.get(key);
  if (!found) throw new Error(`no document ${key}; have ${[...docs.keys()].join(', ')}`);
  return found;
};

/** P2's path up to the flag: event-1 declared, event-2 submitted, event-6 the flag. */
function p2UpToFlag(h: ReturnType<typeof history>): ProjectedEvent[] {
  return [
    h.declare(P2),
    h.submitted(P2, 96, 'EXCELLENT'),
    h.reviewed(P2, 95, 'EXCELLENT', 'event-2'),
    h.filed(P2, 96, 'EXCELLENT', 'event-2'),
    h.spotCheck(P2, 96, 78, 'FAIR', 'event-2', [{ kpiId: 'P2-OUT-01', selfScore: 15, reviewScore: 12.53, verifiedValue: '71', reason: '抽查1200份档案，有效档案率71%' }], [
      '居民电子健康档案建档率自评92%，抽查核实仅71%，低于85%的目标',
    ]),
    h.flagged(P2, 96, 78, 'event-2'),
  ];
}

describe('discrepancy register', () => {
  it('P2: self 96 优, department 95, spot-check 78 中, Δ 18 flagged for score and grade; the notice citing the flag and both referrals', () => {
    const h = history();
    const events = [
      ...p2UpToFlag(h),
      h.notice('TB-2025-01', [{ deptCode: 'D102', proCode: P2 }], ['LARGE_DISCREPANCY'], [{ stream: `evaluation-${P2}-2024`, eventId: 'event-6' }]),
      h.at('audit-SJ-2025-03', 'AuditFindingRecorded', { findingId: 'SJ-2025-03', proCode: P2, deptCode: 'D102', fiscalYear: 2024, category: 'FALSIFICATION', text: '批量补录不实健康档案约2500份。' }, { metadata: { actor: audit } }),
      h.referral('ZR-2025-01', P2, [
        { stream: `evaluation-${P2}-2024`, eventId: 'event-6' },
        { stream: 'notice-TB-2025-01', eventId: 'event-7' },
      ]),
      // The audit bureau's referral rests on its finding alone: the event names no fiscal year at all.
      h.referral('ZR-2025-02', P2, [{ stream: 'audit-SJ-2025-03', eventId: 'event-8' }], { metadata: { actor: audit, occurredAt: '2025-06-12T00:00:00+08:00' } }),
    ];
    const p2 = doc(project(register, events), `${P2}:2024`);

    expect(p2).toMatchObject({
      proCode: P2,
      proName: '基本公共卫生服务市级配套',
      fiscalYear: 2024,
      deptCode: 'D102',
      unitCode: 'D102-01',
      spotChecked: true,
      selfScore: 96,
      selfGrade: 'EXCELLENT',
      selfFiled: true,
      deptScore: 95,
      deptGrade: 'EXCELLENT',
      reviewScore: 78,
      reviewGrade: 'FAIR',
      delta: 18,
      flagged: true,
      reasons: ['SCORE_DELTA', 'GRADE_CHANGE'],
      flag: { eventId: 'event-6', flaggedOn: '2025-04-10', ruleSetVersion: 'v1' },
      spotCheck: {
        reviewer: 'FINANCE',
        reviewedOn: '2025-04-10',
        indicatorAdjustments: [{ kpiId: 'P2-OUT-01', selfScore: 15, reviewScore: 12.53, verifiedValue: '71', reason: '抽查1200份档案，有效档案率71%' }],
        findings: ['居民电子健康档案建档率自评92%，抽查核实仅71%，低于85%的目标'],
      },
      notices: [{ noticeId: 'TB-2025-01', docNo: '乳财绩〔2025〕8号', reasons: ['LARGE_DISCREPANCY'], issuedOn: '2025-04-18', citesFlag: true, eventId: 'event-7' }],
    });
    expect(p2.referrals).toEqual([
      expect.objectContaining({ referralId: 'ZR-2025-01', grounds: 'FALSIFICATION', referredOn: '2025-06-10', referredBy: { role: 'FINANCE_AUTHORITY', orgCode: 'FIN-RS', orgName: '乳山市财政局' }, citesFlag: true }),
      expect.objectContaining({ referralId: 'ZR-2025-02', referredOn: '2025-06-12', referredBy: { role: 'AUDIT_BUREAU', orgCode: 'AUD-RS', orgName: '乳山市审计局' }, citesFlag: false }),
    ]);
    expect(p2.referrals[0].persons).toEqual([{ deptCode: 'D102', personName: '刘洋', role: '项目负责人' }]);
  });

  it('P3: spot-checked 85 against a self 88 良 is registered with Δ 3 and no flag; P1, never spot-checked, is not in the register', () => {
    const h = history();
    const events = [
      h.declare(P3),
      h.submitted(P3, 88, 'GOOD'),
      h.filed(P3, 88, 'GOOD', 'event-2'),
      h.spotCheck(P3, 88, 85, 'GOOD', 'event-2', [], ['受汛情影响完工延期，已按程序调整目标']),
      h.declare(P1),
      h.submitted(P1, 94.35, 'EXCELLENT'),
    ];
    const docs = project(register, events);

    expect(doc(docs, `${P3}:2024`)).toMatchObject({ spotChecked: true, selfScore: 88, selfGrade: 'GOOD', reviewScore: 85, reviewGrade: 'GOOD', delta: 3, flagged: false, reasons: [] });
    expect(doc(docs, `${P3}:2024`).flag).toBeUndefined();
    expect([...docs.values()].filter((d) => d.spotChecked).map((d) => d.proCode)).toEqual([P3]);
    expect(doc(docs, `${P1}:2024`)).toMatchObject({ spotChecked: false, selfScore: 94.35 });
  });

  it('a corrected submission replaces the self score and clears the department review of the superseded one', () => {
    const h = history();
    const events = [h.declare(P2), h.submitted(P2, 97, 'EXCELLENT'), h.reviewed(P2, 95, 'EXCELLENT', 'event-2'), h.submitted(P2, 96, 'EXCELLENT', { metadata: { supersedes: 'event-2' } })];
    const p2 = doc(project(register, events), `${P2}:2024`);

    expect(p2).toMatchObject({ selfScore: 96, submissionEventId: 'event-4', selfFiled: false });
    expect(p2.deptScore).toBeUndefined();
    expect(p2.deptOpinion).toBeUndefined();
  });

  it('only notices citing this evaluation are listed; a corrected notice that no longer cites it leaves the register', () => {
    const h = history();
    const flagRef = { stream: `evaluation-${P2}-2024`, eventId: 'event-6' };
    const events = [
      ...p2UpToFlag(h),
      // Names P2 but rests on a monitoring event: not about this discrepancy.
      h.notice('TB-2025-02', [{ deptCode: 'D102', proCode: P2 }], ['INEFFECTIVE_WORK'], [{ stream: `monitoring-${P2}-2024`, eventId: 'event-99' }]),
      h.notice('TB-2025-01', [{ deptCode: 'D102', proCode: P2 }], ['LARGE_DISCREPANCY'], [flagRef]),
    ];
    const before = doc(project(register, events), `${P2}:2024`);
    const corrected = h.notice('TB-2025-01', [{ deptCode: 'D102', proCode: P2 }], ['INEFFECTIVE_WORK'], [{ stream: `monitoring-${P2}-2024`, eventId: 'event-99' }], {
      metadata: { supersedes: 'event-8' },
    });
    const after = doc(project(register, [...events, corrected]), `${P2}:2024`);

    expect(before.notices.map((n) => n.noticeId)).toEqual(['TB-2025-01']);
    expect(after.notices).toEqual([]);
  });

  it('a notice citing the flag reaches the register even when its fiscal year is the year it was issued in', () => {
    const h = history();
    const events = [
      ...p2UpToFlag(h),
      h.at('notice-TB-2025-05', 'CirculationNoticeIssued', {
        noticeId: 'TB-2025-05',
        fiscalYear: 2025,
        docNo: '乳财绩〔2025〕15号',
        subjects: [{ deptCode: 'D102' }],
        reasons: ['LARGE_DISCREPANCY'],
        text: '2024年度自评抽查复核差异较大的单位通报。',
        basisEvents: [{ stream: `evaluation-${P2}-2024`, eventId: 'event-6' }],
      }),
    ];

    expect(doc(project(register, events), `${P2}:2024`).notices).toEqual([expect.objectContaining({ noticeId: 'TB-2025-05', citesFlag: true })]);
  });

  it('a referral about another project, or citing another project’s evaluation, stays out of this document', () => {
    const h = history();
    const events = [
      ...p2UpToFlag(h),
      h.referral('ZR-2025-04', P4, [{ stream: `keyevaluation-${P4}-2024`, eventId: 'event-50' }]),
      h.referral('ZR-2025-05', undefined, [{ stream: `evaluation-${P3}-2024`, eventId: 'event-51' }]),
    ];
    const docs = project(register, events);

    expect(doc(docs, `${P2}:2024`).referrals).toEqual([]);
    expect([...docs.keys()]).toEqual([`${P2}:2024`]);
  });

  it('the same event twice changes nothing', () => {
    const h = history();
    const [declared, submitted, , , spotCheck, flag] = p2UpToFlag(h);
    const a = submitted;
    const b = spotCheck;

    expect(project(register, [declared, a, b, b])).toEqual(project(register, [declared, a, b]));
    const notice = h.notice('TB-2025-01', [{ deptCode: 'D102', proCode: P2 }], ['LARGE_DISCREPANCY'], [{ stream: `evaluation-${P2}-2024`, eventId: flag.metadata.eventId }]);
    const withNotice = project(register, [declared, a, b, flag, notice, notice]);
    expect(withNotice).toEqual(project(register, [declared, a, b, flag, notice]));
    expect(doc(withNotice, `${P2}:2024`).notices).toHaveLength(1);
  });
});
