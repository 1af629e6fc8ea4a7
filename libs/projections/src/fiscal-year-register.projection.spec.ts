import type { ProjectedEvent } from '../../read-store/src/projection.js';
import { eventLog, project } from '../../testing/src/projection-spec.js';
import { DECLARATIONS, P1, P2, P3, P4, P5, declarationOf } from '../../testing/src/rushan-fixtures.js';
import { type FiscalYearRegisterDocument, fiscalYearRegisterProjection as register } from './fiscal-year-register.projection.js';

// ---------------------------------------------------------------------------------------------------------
// 乳山市 FY2024 (domain.md §9): the evaluation results of P1–P4 go to the 人大常委会 with the draft final accounts
// (NPC-2024-1), P1 and P4 are published on the city's website (DSC-2024-1); 教育和体育局 reports its overall
// performance to the government and the 人大. Major projects: P1, P3, P4, P5 (P5 never got a budget); P4 was also
// key-evaluated by TP-001 (72 中).
// ---------------------------------------------------------------------------------------------------------

function history() {
  const log = eventLog();
  const deptOf = (proCode: string) => DECLARATIONS[proCode]?.deptCode ?? proCode.split('-')[2];
  return {
    declare: (proCode: string) => log(`project-${proCode}`, 'BudgetProjectDeclared', declarationOf(proCode)),
    approve: (proCode: string) =>
      log(`project-${proCode}`, 'BudgetAndTargetsApproved', { proCode, fiscalYear: 2024, approvedFen: 100_000_000, targetVersion: 1, approvalDocNo: '乳财预〔2024〕1号' }, { subject: { proCode, deptCode: deptOf(proCode), fiscalYear: 2024 } }),
    keyEvaluated: (proCode: string, finalScore: number, finalGrade: string) =>
      log(
        `keyevaluation-${proCode}-2024`,
        'KeyEvaluationCompleted',
        { proCode, fiscalYear: 2024, reportId: 'KER-1', institutionId: 'TP-001', reportScore: finalScore, reportGrade: finalGrade, finalScore, finalGrade, opinion: '评价报告客观，同意评价结论。', ruleSetVersion: 'v1' },
        { subject: { proCode, deptCode: deptOf(proCode), fiscalYear: 2024 } },
      ),
    congress: (reportId: string, kind: string, items: string[], accompanies = 'DRAFT_FINAL_ACCOUNTS', submittedOn = '2025-06-20') =>
      log('congress-2024', 'ResultsReportedToPeoplesCongress', { fiscalYear: 2024, reportId, kind, items, accompanies, submittedOn, sessionRef: '乳山市第十九届人大常委会第二十次会议' }),
    disclosed: (disclosureId: string, items: string[], extra: { url?: string; supersedes?: string } = {}) =>
      log(
        'disclosure-2024',
        'ResultsDisclosed',
        { fiscalYear: 2024, disclosureId, kind: 'EVALUATION_RESULTS', items, channel: '乳山市人民政府网站', url: extra.url ?? 'https://www.rushan.gov.cn/zwgk/czxx/2025/jxpj.html', publishedOn: '2025-06-28' },
        extra.supersedes ? { metadata: { supersedes: extra.supersedes } } : {},
      ),
    departmentReported: (deptCode: string, recipients: string[], reportRef: string) =>
      log(`department-${deptCode}-2024`, 'DepartmentOverallPerformanceReported', { deptCode, fiscalYear: 2024, recipients, reportRef, reportedOn: '2025-03-20', targetVersion: 1, totalScore: 95, grade: 'EXCELLENT' }),
  };
}

const fy2024 = (events: ProjectedEvent[]): FiscalYearRegisterDocument => {
  const found = project(register, events).get('2024');
  if (!found) throw new Error('no FY2024 register');
  return found;
};

describe('fiscal-year register', () => {
  it('FY2024: the 人大 package, the disclosure, and for each key project whether its results went to the 人大 and to the public', () => {
    const h = history();
    const events = [
      ...[P1, P2, P3, P4, P5].map((p) => h.declare(p)),
      ...[P1, P2, P3, P4].map((p) => h.approve(p)),
      h.keyEvaluated(P4, 72, 'FAIR'),
      h.congress('NPC-2024-1', 'EVALUATION_RESULTS', [P1, P2, P3, P4]),
      h.disclosed('DSC-2024-1', [P1, P4]),
    ];
    const doc = fy2024(events);

    expect(doc.fiscalYear).toBe(2024);
    expect(doc.peoplesCongress).toEqual([
      { reportId: 'NPC-2024-1', kind: 'EVALUATION_RESULTS', items: [P1, P2, P3, P4], accompanies: 'DRAFT_FINAL_ACCOUNTS', submittedOn: '2025-06-20', sessionRef: '乳山市第十九届人大常委会第二十次会议', eventId: 'event-11' },
    ]);
    expect(doc.disclosures).toEqual([
      { disclosureId: 'DSC-2024-1', kind: 'EVALUATION_RESULTS', items: [P1, P4], channel: '乳山市人民政府网站', url: 'https://www.rushan.gov.cn/zwgk/czxx/2025/jxpj.html', publishedOn: '2025-06-28', eventId: 'event-12' },
    ]);
    expect(doc.keyProjects).toEqual([
      { proCode: P1, proName: '城乡中小学校舍安全改造', deptCode: 'D101', isMajor: true, budgetApproved: true, reportedToPeoplesCongress: true, reportIds: ['NPC-2024-1'], disclosed: true, disclosureIds: ['DSC-2024-1'] },
      { proCode: P3, proName: '高标准农田建设市级配套', deptCode: 'D103', isMajor: true, budgetApproved: true, reportedToPeoplesCongress: true, reportIds: ['NPC-2024-1'], disclosed: false, disclosureIds: [] },
      {
        proCode: P4,
        proName: '城镇老旧小区改造配套基础设施',
        deptCode: 'D104',
        isMajor: true,
        budgetApproved: true,
        keyEvaluation: { score: 72, grade: 'FAIR' },
        reportedToPeoplesCongress: true,
        reportIds: ['NPC-2024-1'],
        disclosed: true,
        disclosureIds: ['DSC-2024-1'],
      },
      { proCode: P5, proName: '乡村文化惠民演出', deptCode: 'D105', isMajor: true, budgetApproved: false, reportedToPeoplesCongress: false, reportIds: [], disclosed: false, disclosureIds: [] },
    ]);
  });

  it('a project that becomes key by its key evaluation after the report was sent still shows as reported', () => {
    const h = history();
    const events = [h.congress('NPC-2024-1', 'EVALUATION_RESULTS', [P1, '371083-2024-D102-006']), h.keyEvaluated('371083-2024-D102-006', 83, 'GOOD')];

    expect(fy2024(events).keyProjects).toEqual([
      {
        proCode: '371083-2024-D102-006',
        deptCode: 'D102',
        isMajor: false,
        budgetApproved: true,
        keyEvaluation: { score: 83, grade: 'GOOD' },
        reportedToPeoplesCongress: true,
        reportIds: ['NPC-2024-1'],
        disclosed: false,
        disclosureIds: [],
      },
    ]);
  });

  it('targets sent with the draft budget are in the package but are not results reported', () => {
    const h = history();
    const events = [h.declare(P1), h.approve(P1), h.congress('NPC-2024-0', 'TARGETS', [P1], 'DRAFT_BUDGET', '2024-01-10')];
    const doc = fy2024(events);

    expect(doc.peoplesCongress.map((r) => [r.reportId, r.kind, r.accompanies])).toEqual([['NPC-2024-0', 'TARGETS', 'DRAFT_BUDGET']]);
    expect(doc.keyProjects[0]).toMatchObject({ proCode: P1, reportedToPeoplesCongress: false, reportIds: [] });
  });

  it('department overall reports to the 人大 are listed; one to the government alone is not', () => {
    const h = history();
    const governmentOnly = project(register, [h.departmentReported('D104', ['GOVERNMENT'], '乳住建〔2025〕4号')]);
    const doc = fy2024([h.departmentReported('D101', ['GOVERNMENT', 'PEOPLES_CONGRESS'], '乳教体〔2025〕9号'), h.departmentReported('D103', ['GOVERNMENT'], '乳农〔2025〕6号')]);

    expect(governmentOnly.size).toBe(0);
    expect(doc.departmentReports).toEqual([{ deptCode: 'D101', reportRef: '乳教体〔2025〕9号', reportedOn: '2025-03-20', targetVersion: 1, totalScore: 95, grade: 'EXCELLENT', eventId: 'event-2' }]);
  });

  it('a corrected disclosure replaces the entry it supersedes, and the key projects follow it', () => {
    const h = history();
    const events = [
      h.declare(P3),
      h.approve(P3),
      h.disclosed('DSC-2024-1', [P1, P4]),
      h.disclosed('DSC-2024-1', [P1, P3, P4], { url: 'https://www.rushan.gov.cn/zwgk/czxx/2025/jxpj-2.html', supersedes: 'event-3' }),
    ];
    const doc = fy2024(events);

    expect(doc.disclosures.map((d) => [d.items, d.url, d.eventId])).toEqual([[[P1, P3, P4], 'https://www.rushan.gov.cn/zwgk/czxx/2025/jxpj-2.html', 'event-4']]);
    expect(doc.keyProjects[0]).toMatchObject({ proCode: P3, disclosed: true, disclosureIds: ['DSC-2024-1'] });
  });

  it('an approval of a project that is not key leaves the register alone', () => {
    const h = history();
    const docs = project(register, [h.declare(P2), h.approve(P2)]);

    expect(docs.size).toBe(0);
  });

  it('the same event twice changes nothing', () => {
    const h = history();
    const a = h.declare(P4);
    const b = h.congress('NPC-2024-1', 'EVALUATION_RESULTS', [P4]);

    expect(project(register, [a, b, b])).toEqual(project(register, [a, b]));
    expect(fy2024([a, b, b]).peoplesCongress).toHaveLength(1);
  });
});
