import { type CanActivate, type ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Actor } from '../../../../libs/event-store/src/event-store.port.js';
import { InvalidTokenError, actorFromClaims, verifyToken } from '../../../../libs/identity/src/token.js';
import { HttpProblem } from './problem-details.filter.js';

export const TOKEN_SECRET = Symbol('TokenSecret');
const PUBLIC = 'budgetloop:public';

/** Marks a route that needs no token (health, API descriptions). */
export const Public = () => SetMetadata(PUBLIC, true);

export type AuthenticatedRequest = Request & { actor: Actor };

/** Every request carries a signed HS256 JWT; its claims become the actor recorded on every event. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_SECRET) private readonly secret: string,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.header('authorization');
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new HttpProblem(401, 'TOKEN_MISSING', 'send a token: Authorization: Bearer <jwt> (budgetloop token prints one)');
    try {
      // Token expiry is checked against real time, even when the demo simulates the business clock.
      request.actor = actorFromClaims(verifyToken(match[1], this.secret));
    } catch (error) {
      if (error instanceof InvalidTokenError) throw new HttpProblem(401, 'TOKEN_INVALID', `the token was refused: ${error.message}`);
      throw error;
    }
    return true;
  }
}
