import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Actor, Role } from '../../event-store/src/event-store.port.js';

export const ROLES: readonly Role[] = [
  'FINANCE_AUTHORITY',
  'BUDGET_DEPARTMENT',
  'BUDGET_UNIT',
  'THIRD_PARTY',
  'AUDIT_BUREAU',
  'INTEGRATION',
  'SYSTEM',
];

/** The claims a BudgetLoop token carries (issue 2 §4). */
export interface TokenClaims {
  sub: string;
  name: string;
  role: Role;
  orgCode: string;
  orgName: string;
  deptCode?: string;
  unitCode?: string;
  institutionId?: string;
  iat?: number;
  exp?: number;
}

export class InvalidTokenError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidTokenError';
  }
}

const base64url = (input: Buffer | string) => Buffer.from(input).toString('base64url');
const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

export function signToken(claims: TokenClaims, secret: string, now = new Date(), ttlSeconds = 8 * 3600): string {
  const iat = Math.floor(now.getTime() / 1000);
  const payload = base64url(JSON.stringify({ ...claims, iat, exp: iat + ttlSeconds }));
  const signature = createHmac('sha256', secret).update(`${HEADER}.${payload}`).digest('base64url');
  return `${HEADER}.${payload}.${signature}`;
}

/** Verifies an HS256 JWT and the claims BudgetLoop needs; any other algorithm is refused. */
export function verifyToken(token: string, secret: string, now = new Date()): TokenClaims {
  const parts = token.split('.');
  if (parts.length !== 3) throw new InvalidTokenError('malformed token');
  const [header, payload, signature] = parts;
  let alg: unknown;
  let claims: TokenClaims;
  try {
    alg = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')).alg;
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidTokenError('malformed token');
  }
  if (alg !== 'HS256') throw new InvalidTokenError('only HS256 tokens are accepted');
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new InvalidTokenError('bad signature');
  if (typeof claims.exp === 'number' && claims.exp * 1000 <= now.getTime()) throw new InvalidTokenError('token expired');
  for (const claim of ['sub', 'name', 'role', 'orgCode', 'orgName'] as const) {
    if (typeof claims[claim] !== 'string' || claims[claim] === '') throw new InvalidTokenError(`claim ${claim} is missing`);
  }
  if (!ROLES.includes(claims.role)) throw new InvalidTokenError(`unknown role ${claims.role}`);
  const required: Partial<Record<Role, (keyof TokenClaims)[]>> = {
    BUDGET_DEPARTMENT: ['deptCode'],
    BUDGET_UNIT: ['deptCode', 'unitCode'],
    THIRD_PARTY: ['institutionId'],
  };
  for (const claim of required[claims.role] ?? []) {
    if (typeof claims[claim] !== 'string' || claims[claim] === '') throw new InvalidTokenError(`a ${claims.role} token needs ${claim}`);
  }
  return claims;
}

export function actorFromClaims(claims: TokenClaims): Actor {
  return {
    userId: claims.sub,
    name: claims.name,
    role: claims.role,
    orgCode: claims.orgCode,
    orgName: claims.orgName,
    ...(claims.deptCode ? { deptCode: claims.deptCode } : {}),
    ...(claims.unitCode ? { unitCode: claims.unitCode } : {}),
    ...(claims.institutionId ? { institutionId: claims.institutionId } : {}),
  };
}
