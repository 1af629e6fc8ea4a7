import type { TokenClaims } from '../../../../libs/identity/src/token.js';

// The fictional 乳山市 cast of domain.md §9. Names of people and firms are invented.

export const DEMO_ORGANISATIONS: Record<string, string> = {
  'FIN-RS': '乳山市财政局',
  'DRC-RS': '乳山市发展和改革局',
  'AUD-RS': '乳山市审计局',
  'NPC-RS': '乳山市人大常委会',
  'TRE-RS': '乳山市财政国库集中支付中心',
  'TP-001': '威海正信会计师事务所（虚构）',
  'TP-002': '山东海岳工程咨询有限公司（虚构）',
  D101: '乳山市教育和体育局',
  D102: '乳山市卫生健康局',
  'D102-01': '乳山市疾病预防控制中心',
  D103: '乳山市农业农村局',
  D104: '乳山市住房和城乡建设局',
  D105: '乳山市文化和旅游局',
};

const person = (sub: string, name: string, role: TokenClaims['role'], orgCode: string, extra: Partial<TokenClaims> = {}): TokenClaims => ({
  sub,
  name,
  role,
  orgCode,
  orgName: DEMO_ORGANISATIONS[orgCode],
  ...extra,
});

export const DEMO_PEOPLE = {
  finance: person('fin-wangmin', '王敏', 'FINANCE_AUTHORITY', 'FIN-RS'),
  financeSecond: person('fin-liqiang', '李强', 'FINANCE_AUTHORITY', 'FIN-RS'),
  drc: person('drc-zhaolei', '赵磊', 'FINANCE_AUTHORITY', 'DRC-RS'),
  audit: person('aud-hegang', '何刚', 'AUDIT_BUREAU', 'AUD-RS'),
  treasury: person('treasury-gateway', '国库集中支付系统', 'INTEGRATION', 'TRE-RS'),
  education: person('d101-chenjing', '陈静', 'BUDGET_DEPARTMENT', 'D101', { deptCode: 'D101' }),
  health: person('d102-majun', '马骏', 'BUDGET_DEPARTMENT', 'D102', { deptCode: 'D102' }),
  cdc: person('d10201-liuyang', '刘洋', 'BUDGET_UNIT', 'D102-01', { deptCode: 'D102', unitCode: 'D102-01' }),
  agriculture: person('d103-sunhao', '孙浩', 'BUDGET_DEPARTMENT', 'D103', { deptCode: 'D103' }),
  housing: person('d104-zhoujie', '周洁', 'BUDGET_DEPARTMENT', 'D104', { deptCode: 'D104' }),
  culture: person('d105-wufang', '吴芳', 'BUDGET_DEPARTMENT', 'D105', { deptCode: 'D105' }),
  accountingFirm: person('tp001-zhengxin', '郑欣', 'THIRD_PARTY', 'TP-001', { institutionId: 'TP-001' }),
  engineeringFirm: person('tp002-haiyue', '海悦', 'THIRD_PARTY', 'TP-002', { institutionId: 'TP-002' }),
} satisfies Record<string, TokenClaims>;

export type DemoPerson = keyof typeof DEMO_PEOPLE;
