/** Maps every error to application/problem+json; never a stack trace or an internal name. */
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ProblemException } from './problem.exception';

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = this.toProblem(error);
    if (problem.problem.status >= 500) this.logger.error({ err: redacted(error) }, 'request failed');
    response
      .status(problem.problem.status)
      .type('application/problem+json')
      .send(problem.body(request.originalUrl.split('?')[0]));
  }

  private toProblem(error: unknown): ProblemException {
    if (error instanceof ProblemException) return error;
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const slug = SLUG_BY_STATUS[status] ?? 'http-error';
      const response = error.getResponse() as string | Record<string, unknown>;
      const body = typeof response === 'object' ? response : {};
      return new ProblemException({
        status,
        type: slug,
        title: error.name.replace(/Exception$/, '').replace(/([a-z])([A-Z])/g, '$1 $2'),
        detail: typeof body.message === 'string' ? body.message : error.message,
        // The health check's per-dependency results, so an operator sees what is down.
        extensions: body.details ? { checks: body.details } : undefined,
      });
    }
    return new ProblemException({ status: 500, type: 'internal-error', title: 'Internal error', detail: 'Something went wrong; it has been logged.' });
  }
}

const SLUG_BY_STATUS: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  429: 'too-many-requests',
};

/**
 * What of an unexpected error may be logged: its kind, message and code. Never its other
 * properties: a database error carries the query's parameters, which are personal data.
 */
function redacted(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: 'non-error thrown' };
  const code = (error as { code?: unknown }).code;
  return { name: error.name, message: error.message, code: typeof code === 'string' ? code : undefined, stack: error.stack };
}
