/**
 * Errors as FHIR OperationOutcome, with the HTTP status the problem would have had: every
 * error (a refused token, a 404, a workflow's rule, a field error) is first the same problem
 * /v1 answers (toProblem), then said in FHIR's words. The problem's type URI stays in
 * `details.coding`, so a client can branch on it as on /v1.
 */
import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Response } from 'express';
import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import { FieldError, PROBLEM_TYPE_BASE, ProblemException, toProblem } from '@throughcare/problem';
import { BARS, FHIR_MEDIA_TYPE } from '@throughcare/fhir';

type IssueCode = OperationOutcomeIssue['code'];

/** FHIR's issue type for each status this API answers. */
const ISSUE_BY_STATUS: Record<number, IssueCode> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  405: 'not-supported',
  409: 'business-rule',
  412: 'conflict',
  413: 'too-costly',
  415: 'not-supported',
  422: 'processing',
  429: 'throttled',
};

/** Where a problem has a more exact FHIR issue type, and a BaRS error code, than its status gives. */
const BY_TYPE: Record<string, { code: IssueCode; bars: string }> = {
  'message-duplicate': { code: 'duplicate', bars: 'REC_CONFLICT' },
};

export function operationOutcome(problem: ProblemException): OperationOutcome {
  const { status, type, title, detail, extensions } = problem.problem;
  const exact = BY_TYPE[type];
  const code = exact?.code ?? ISSUE_BY_STATUS[status] ?? (status >= 500 ? 'exception' : 'processing');
  const kind = { coding: [{ system: PROBLEM_TYPE_BASE, code: type, display: title }, ...(exact ? [{ system: BARS.errorCodes, code: exact.bars }] : [])], text: title };
  const fields = (extensions?.errors as FieldError[] | undefined) ?? [];
  const issues: OperationOutcomeIssue[] =
    fields.length > 0
      ? fields.map((f) => ({ severity: 'error', code, details: kind, diagnostics: `${f.field}: ${f.messages.join('; ')}`, expression: [f.field] }))
      : [{ severity: status >= 500 ? 'fatal' : 'error', code, details: kind, ...(detail ? { diagnostics: detail } : {}) }];
  return { resourceType: 'OperationOutcome', issue: issues };
}

export function sendOperationOutcome(response: Response, problem: ProblemException): void {
  response.status(problem.problem.status).type(FHIR_MEDIA_TYPE).send(JSON.stringify(operationOutcome(problem)));
}

/** On the FHIR controllers, instead of the problem+json filter. */
@Catch()
export class OperationOutcomeFilter implements ExceptionFilter {
  private readonly logger = new Logger('OperationOutcome');

  catch(error: unknown, host: ArgumentsHost): void {
    const problem = toProblem(error);
    if (problem.problem.status >= 500) this.logger.error({ err: { name: (error as Error)?.name, message: (error as Error)?.message } }, 'FHIR request failed');
    sendOperationOutcome(host.switchToHttp().getResponse<Response>(), problem);
  }
}
