import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Response } from 'express';
import { commandIdFor } from '../../../../libs/event-sourcing/src/command-ids.js';
import type { CommandBodyDto } from '../../../../libs/event-sourcing/src/command-body.dto.js';
import type { CommandEnvelope, CommandResult } from '../../../../libs/event-sourcing/src/command-pipeline.js';
import type { Actor } from '../../../../libs/event-store/src/event-store.port.js';
import type { AuthenticatedRequest } from './auth.guard.js';
import { HttpProblem } from './problem-details.filter.js';

/** What a command request says besides its body: who, which retry, which revision it was decided on. */
export interface Issuer {
  actor: Actor;
  idempotencyKey?: string;
  expectedRevision?: number;
  correlationId?: string;
}

const TOKEN = /^[\x21-\x7e]{1,200}$/;

export const IssuerOf = createParamDecorator((_: unknown, context: ExecutionContext): Issuer => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  const idempotencyKey = request.header('idempotency-key');
  if (idempotencyKey !== undefined && !TOKEN.test(idempotencyKey)) {
    throw new HttpProblem(400, 'INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1–200 visible ASCII characters');
  }
  const correlationId = request.header('x-correlation-id');
  if (correlationId !== undefined && !TOKEN.test(correlationId)) {
    throw new HttpProblem(400, 'INVALID_CORRELATION_ID', 'X-Correlation-Id must be 1–200 visible ASCII characters');
  }
  const ifMatch = request.header('if-match');
  let expectedRevision: number | undefined;
  if (ifMatch !== undefined) {
    const match = /^(?:W\/)?"?(-1|\d{1,15})"?$/.exec(ifMatch.trim());
    if (!match) throw new HttpProblem(400, 'INVALID_IF_MATCH', 'If-Match must be a stream revision as given in an ETag, e.g. "3"');
    expectedRevision = Number(match[1]);
  }
  return { actor: request.actor, idempotencyKey, expectedRevision, correlationId };
});

export function envelopeFor(issuer: Issuer, body: CommandBodyDto): CommandEnvelope {
  return {
    commandId: commandIdFor(issuer.actor.userId, issuer.idempotencyKey),
    actor: issuer.actor,
    expectedRevision: issuer.expectedRevision,
    correlationId: issuer.correlationId,
    occurredAt: body.occurredAt,
    legalBasis: body.legalBasis?.map(({ docNo, clause }) => ({ docNo, ...(clause ? { clause } : {}) })),
    evidence: body.evidence?.map(({ name, sha256, uri }) => ({ name, sha256, ...(uri ? { uri } : {}) })),
    supersedes: body.supersedes,
  };
}

/** 201 with {id, revision, position}; ETag is the stream revision, so the next command can send If-Match. */
export function answer(response: Response, result: CommandResult): CommandResult {
  response.setHeader('ETag', `"${result.revision}"`);
  if (result.replayed) response.setHeader('Idempotent-Replayed', 'true');
  return result;
}
