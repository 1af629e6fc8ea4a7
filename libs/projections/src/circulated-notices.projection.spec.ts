import { eventLog, project } from '../../testing/src/projection-spec.js';
import { P2, P2_REFERRALS, RECTIFICATION_NOTICES, audit } from '../../testing/src/rushan-fixtures.js';
import { type CirculatedNoticeDocument, circulatedNoticesProjection as notices } from './circulated-notices.projection.js';

// ---------------------------------------------------------------------------------------------------------
// 乳山市 FY2024 (domain.md §9): 乳财绩〔2025〕8号 circulates P2's large discrepancy (self 96, spot-check 78), citing the
// discrepancy flag; rectification case RC-2025-P2-01 (乳财绩〔2025〕9号) and referral ZR-2025-01 cite the notice.
// ---------------------------------------------------------------------------------------------------------

const flag = { stream: `evaluation-${P2}-2024`, eventId: '3e2756c7-54cc-53fe-854a-68d75a9a8bd8' };

function history() {
  const log = eventLog();
  return {
    notice: (noticeId: string, data: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) =>
      log(
        `notice-${noticeId}`,
        'CirculationNoticeIssued',
        {
          noticeId,
          fiscalYear: 2024,
          docNo: '乳财绩〔2025〕8号',
          subjects: [{ deptCode: 'D102', proCode: P2 }],
          reasons: ['LARGE_DISCREPANCY'],
          text: '基本公共卫生服务市级配套项目自评96分，抽查复核78分，差异较大，予以通报。',
          basisEvents: [flag],
          ...data,
        },
        { metadata: { occurredAt: '2025-04-18T00:00:00+08:00', legalBasis: [{ docNo: '乳发〔2020〕3号', clause: '三(四)1' }], ...metadata } },
      ),
    rectification: (caseId: string, basisEvents: { stream: string; eventId: string }[], metadata: Record<string, unknown> = {}) =>
      log(
        `rectification-${caseId}`,
        'RectificationNoticeIssued',
        { ...RECTIFICATION_NOTICES['RC-2025-P2-01'], caseId, basisEvents },
        { metadata: { occurredAt: '2025-04-22T00:00:00+08:00', ...metadata } },
      ),
    referral: (referralId: string, basisEvents: { stream: string; eventId: string }[], metadata: Record<string, unknown> = {}) =>
      log(
        `referral-${referralId}`,
        'AccountabilityReferred',
        { ...P2_REFERRALS.byFinance, referralId, basisEvents },
        { metadata: { occurredAt: '2025-06-10T00:00:00+08:00', ...metadata } },
      ),
  };
}

const doc = (docs: Map<string, CirculatedNoticeDocument>, key: string) => {
  const found = docs.get(key);
  if (!found) throw new Error(`no document ${key}; have ${[...docs.keys()].join(', ')}`);
  return found;
};

describe('circulated notices', () => {
  it('乳财绩〔2025〕8号: subjects, reasons, text, issue date, issuer and the discrepancy flag it rests on', () => {
    const h = history();
    const docs = project(notices, [h.notice('TB-2025-01')]);

    expect(doc(docs, 'TB-2025-01')).toEqual({
      _id: 'TB-2025-01',
      _position: '1',
      noticeId: 'TB-2025-01',
      docNo: '乳财绩〔2025〕8号',
      fiscalYear: 2024,
      subjects: [{ deptCode: 'D102', proCode: P2 }],
      deptCodes: ['D102'],
      reasons: ['LARGE_DISCREPANCY'],
      text: '基本公共卫生服务市级配套项目自评96分，抽查复核78分，差异较大，予以通报。',
      issuedOn: '2025-04-18',
      issuedBy: { orgCode: 'FIN-RS', orgName: '乳山市财政局' },
      legalBasis: [{ docNo: '乳发〔2020〕3号', clause: '三(四)1' }],
      basis: [flag],
      eventId: 'event-1',
      corrects: [],
      followUps: [],
    });
  });

  it('the issue date is the Shanghai business date of occurredAt, not the UTC one', () => {
    const h = history();
    const docs = project(notices, [h.notice('TB-2025-02', {}, { occurredAt: '2025-04-30T17:30:00Z' })]);

    expect(doc(docs, 'TB-2025-02').issuedOn).toBe('2025-05-01');
  });

  it('the rectification case and the referral that cite the notice follow it, corrections replacing their entry; a referral citing something else does not', () => {
    const h = history();
    const issued = h.notice('TB-2025-01');
    const events = [
      issued,
      h.rectification('RC-2025-P2-01', [{ stream: 'notice-TB-2025-01', eventId: issued.metadata.eventId }]),
      h.referral('ZR-2025-01', [flag, { stream: 'notice-TB-2025-01', eventId: issued.metadata.eventId }]),
      h.referral('ZR-2025-02', [{ stream: 'audit-SJ-2025-03', eventId: 'f048ae27-5826-567e-a548-20b248335c28' }], { actor: audit }),
      // A corrected referral (a typo in its detail) replaces its earlier entry rather than adding a second.
      h.referral('ZR-2025-01', [flag, { stream: 'notice-TB-2025-01', eventId: issued.metadata.eventId }], { supersedes: 'event-3', occurredAt: '2025-06-11T00:00:00+08:00' }),
    ];

    expect(doc(project(notices, events), 'TB-2025-01').followUps).toEqual([
      { kind: 'RECTIFICATION', id: 'RC-2025-P2-01', docNo: '乳财绩〔2025〕9号', proCode: P2, on: '2025-04-22', eventId: 'event-2' },
      { kind: 'REFERRAL', id: 'ZR-2025-01', proCode: P2, on: '2025-06-11', eventId: 'event-5' },
    ]);
  });

  it('a corrected notice replaces the issued text and reasons, names what it corrected, and keeps the follow-ups', () => {
    const h = history();
    const issued = h.notice('TB-2025-01');
    const events = [
      issued,
      h.rectification('RC-2025-P2-01', [{ stream: 'notice-TB-2025-01', eventId: issued.metadata.eventId }]),
      h.notice('TB-2025-01', { reasons: ['LARGE_DISCREPANCY', 'POOR_RESULT'], text: '自评96分，抽查复核78分（中），差异较大，予以通报。' }, { supersedes: issued.metadata.eventId }),
    ];
    const corrected = doc(project(notices, events), 'TB-2025-01');

    expect(corrected).toMatchObject({ reasons: ['LARGE_DISCREPANCY', 'POOR_RESULT'], text: '自评96分，抽查复核78分（中），差异较大，予以通报。', eventId: 'event-3', corrects: ['event-1'] });
    expect(corrected.followUps.map((f) => f.id)).toEqual(['RC-2025-P2-01']);
  });

  it('a follow-up citing a notice never issued creates no document; a notice of departments only lists no projects', () => {
    const h = history();
    const events = [
      h.rectification('RC-2025-P2-09', [{ stream: 'notice-TB-2099-01', eventId: 'unknown' }]),
      h.notice('TB-2025-03', { subjects: [{ deptCode: 'D104' }, { deptCode: 'D105' }], reasons: ['INEFFECTIVE_WORK'], basisEvents: [] }),
    ];
    const docs = project(notices, events);

    expect([...docs.keys()]).toEqual(['TB-2025-03']);
    expect(doc(docs, 'TB-2025-03').subjects).toEqual([{ deptCode: 'D104' }, { deptCode: 'D105' }]);
  });

  it('the same event twice changes nothing', () => {
    const h = history();
    const a = h.notice('TB-2025-01');
    const b = h.rectification('RC-2025-P2-01', [{ stream: 'notice-TB-2025-01', eventId: a.metadata.eventId }]);

    expect(project(notices, [a, b, b])).toEqual(project(notices, [a, b]));
    expect(doc(project(notices, [a, b, b]), 'TB-2025-01').followUps).toHaveLength(1);
  });
});
