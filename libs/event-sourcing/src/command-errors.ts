// Refusals a command can meet, each with a stable machine code; apps/api maps them to RFC 9457 problems.

export abstract class CommandError extends Error {
  abstract readonly status: number;
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A business rule refused the command (422). */
export class CommandRejected extends CommandError {
  readonly status = 422;
}

/** The actor's role or scope does not allow it (403). */
export class AccessDenied extends CommandError {
  readonly status = 403;
}

/** The command names something that does not exist (404). */
export class NotFound extends CommandError {
  readonly status = 404;
}

/** The stream moved on since the caller read it: a stale If-Match or a lost race (409). */
export class StaleRevision extends CommandError {
  readonly status = 409;
}

/** The request's own words are off: a filter, a page, a position that cannot be read (400). */
export class InvalidRequest extends CommandError {
  readonly status = 400;
}
