import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CommandError } from '../../../../libs/event-sourcing/src/command-errors.js';
import { WrongExpectedRevisionError } from '../../../../libs/event-store/src/event-store.port.js';

export interface FieldError {
  field: string;
  messages: string[];
}

/** A 400 carrying class-validator's findings per field. */
export class InvalidInput extends HttpException {
  constructor(readonly errors: FieldError[]) {
    super('invalid input', 400);
  }
}

/** A failure with its own stable code, thrown by the HTTP layer itself (401, 400 on headers …). */
export class HttpProblem extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    detail: string,
  ) {
    super(detail, status);
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
};

/** Every error leaves as RFC 9457 application/problem+json with a stable machine code. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = this.toProblem(exception);
    if (problem.status >= 500) this.logger.error(`${request.method} ${request.url}`, exception instanceof Error ? exception.stack : String(exception));
    if (problem.status === 401) response.setHeader('WWW-Authenticate', 'Bearer');
    response
      .status(problem.status)
      .type('application/problem+json')
      .send(JSON.stringify({ type: `urn:budgetloop:problem:${problem.code}`, title: TITLES[problem.status] ?? 'Error', instance: request.originalUrl, ...problem }));
  }

  private toProblem(exception: unknown): { status: number; code: string; detail: string; [extra: string]: unknown } {
    if (exception instanceof CommandError) {
      return { status: exception.status, code: exception.code, detail: exception.message, ...(exception.details ? { details: exception.details } : {}) };
    }
    if (exception instanceof WrongExpectedRevisionError) return { status: 409, code: 'CONCURRENT_MODIFICATION', detail: exception.message };
    if (exception instanceof InvalidInput) return { status: 400, code: 'INVALID_INPUT', detail: 'the request has invalid fields', errors: exception.errors };
    if (exception instanceof HttpProblem) return { status: exception.getStatus(), code: exception.code, detail: exception.message };
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // The Express adapter wraps body-parser's errors; their type tells a syntax error from the rest.
      const cause = exception.cause as { type?: string } | undefined;
      const code =
        cause?.type === 'entity.parse.failed' || cause instanceof SyntaxError
          ? 'MALFORMED_JSON'
          : status === 404
            ? 'NOT_FOUND'
            : status === 413
              ? 'PAYLOAD_TOO_LARGE'
              : `HTTP_${status}`;
      return { status, code, detail: exception.message };
    }
    return { status: 500, code: 'INTERNAL_ERROR', detail: 'an unexpected error occurred; it has been logged' };
  }
}
