/** Maps every error to application/problem+json; never a stack trace or an internal name. */
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from './domain-error';
import { ProblemException } from './problem.exception';
import { problem, problemOf, PROBLEMS, ProblemType } from './problems';

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = toProblem(error);
    if (problem.problem.status >= 500) this.logger.error({ err: redacted(error) }, 'request failed');
    response
      .status(problem.problem.status)
      .type('application/problem+json')
      .send(problem.body(request.originalUrl.split('?')[0]));
  }
}

/** The problem any error is answered with: the one mapping, for /v1's problem+json and the FHIR API's OperationOutcome. */
export function toProblem(error: unknown): ProblemException {
  if (error instanceof ProblemException) return error;
  if (error instanceof DomainError) return problemOf(error);
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse() as string | Record<string, unknown>;
    const body = typeof response === 'object' ? response : {};
    const message = typeof body.message === 'string' ? body.message : error.message;
    const plain = PLAIN_BY_STATUS[status];
    return problem(
      // Titles by status, never from the error's class (a framework's name means nothing to a caller).
      plain ?? { status, type: 'http-error', title: 'Request refused' },
      PLAIN_DETAIL[status] ?? (/Exception\b/.test(message) ? plain?.title : message),
      // The health check's per-dependency results, so an operator sees what is down.
      body.details ? { checks: body.details } : undefined,
    );
  }
  if (isDatabaseUnavailable(error)) {
    return problem(PROBLEMS.databaseUnavailable, 'The database could not be reached; retry with the same Idempotency-Key.');
  }
  return problem(PROBLEMS.internalError, 'Something went wrong; it has been logged.');
}

/** Nest's own HTTP errors, by status, as the problems this API defines for them. */
const PLAIN_BY_STATUS: Record<number, ProblemType> = Object.fromEntries(
  [PROBLEMS.badRequest, PROBLEMS.unauthorized, PROBLEMS.forbidden, PROBLEMS.notFound, PROBLEMS.methodNotAllowed, PROBLEMS.payloadTooLarge, PROBLEMS.unsupportedMediaType, PROBLEMS.tooManyRequests].map(
    (kind) => [kind.status, kind],
  ),
);

/** Details said instead of Nest's message, where its message would not help. */
const PLAIN_DETAIL: Record<number, string> = {
  415: 'Send the body as application/json',
  429: 'Too many requests; retry after the number of seconds in the Retry-After header',
};

/** SQLSTATE classes and codes that say the server or the connection is gone, not the request wrong. */
const UNAVAILABLE_SQLSTATE = /^(08...|57P01|57P02|57P03|53300)$/;
/** Socket errors from the driver reaching the server. */
const UNAVAILABLE_SOCKET = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** node-postgres and its pool say these in words only. */
const UNAVAILABLE_MESSAGE = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is closed)/i;

/**
 * A PostgreSQL connection that failed, was dropped, or could not be made: TypeORM wraps the
 * driver's error (`driverError`), node-postgres may give an AggregateError of one per address.
 * Duck-typed, not `instanceof Error`: socket errors are made by Node itself, in another realm
 * than the app when it runs inside a test runner's sandbox.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!isErrorLike(error) || depth > 5) return false;
  const { code, message, driverError, cause, errors } = error as { code?: unknown; message: string; driverError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_SOCKET.has(code))) return true;
  if (UNAVAILABLE_MESSAGE.test(message)) return true;
  const nested = [driverError, cause, ...(Array.isArray(errors) ? errors : [])];
  return nested.some((e) => e !== error && isDatabaseUnavailable(e, depth + 1));
}

function isErrorLike(error: unknown): error is { message: string } {
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}

/**
 * What of an unexpected error may be logged: its kind, message and code. Never its other
 * properties: a database error carries the query's parameters, which are personal data.
 */
function redacted(error: unknown): Record<string, unknown> {
  if (!isErrorLike(error)) return { message: 'non-error thrown' };
  const { name, code, stack } = error as { name?: unknown; code?: unknown; stack?: unknown };
  return { name, message: error.message, code: typeof code === 'string' ? code : undefined, stack };
}
