import { ROLES, type TokenClaims, signToken } from '../../../libs/identity/src/token.js';
import type { Role } from '../../../libs/event-store/src/event-store.port.js';
import { DEMO_ORGANISATIONS } from './demo/rushan-2024.organisations.js';
import { configFrom, parseOptions } from './options.js';

export async function runToken(args: string[]): Promise<number> {
  const values = parseOptions(args, {
    role: { type: 'string' },
    org: { type: 'string' },
    'org-name': { type: 'string' },
    dept: { type: 'string' },
    unit: { type: 'string' },
    institution: { type: 'string' },
    sub: { type: 'string' },
    name: { type: 'string' },
    hours: { type: 'string' },
  });
  const role = values.role as Role | undefined;
  if (!role || !ROLES.includes(role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
  if (!values.org) throw new Error('--org is required (e.g. FIN-RS, D101, TP-001)');
  const hours = Number(values.hours ?? 8);
  if (!(hours > 0 && hours <= 24 * 365)) throw new Error('--hours must be a positive number of hours');
  const claims: TokenClaims = {
    sub: values.sub ?? `${values.org.toLowerCase()}-${role.toLowerCase()}`,
    name: values.name ?? values.sub ?? `${values.org} ${role}`,
    role,
    orgCode: values.org,
    orgName: values['org-name'] ?? DEMO_ORGANISATIONS[values.org] ?? values.org,
    ...(values.dept ? { deptCode: values.dept } : {}),
    ...(values.unit ? { unitCode: values.unit } : {}),
    ...(values.institution ? { institutionId: values.institution } : {}),
  };
  const { jwtSecret } = configFrom(values);
  console.log(signToken(claims, jwtSecret, new Date(), Math.round(hours * 3600)));
  return 0;
}
