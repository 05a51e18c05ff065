/**
 * The FHIR API answers a service's DomainError through the same mapping as /v1 (toProblem):
 * the status /v1 would give, the problem's type in `details.coding`, its field errors as issues.
 */
import type { ArgumentsHost } from '@nestjs/common';
import { DomainError, validationError } from '@throughcare/problem';
import { OperationOutcomeFilter } from './operation-outcome';

function answer(error: unknown): { status: number; body: { issue: Array<Record<string, unknown>> } } {
  const sent = { status: 0, body: { issue: [] as Array<Record<string, unknown>> } };
  const response = {
    status: (s: number) => ((sent.status = s), response),
    type: () => response,
    send: (b: string) => ((sent.body = JSON.parse(b)), response),
  };
  new OperationOutcomeFilter().catch(error, { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost);
  return sent;
}

describe(OperationOutcomeFilter.name, () => {
  it('answers a DomainError with the status and type /v1 gives it', () => {
    const { status, body } = answer(new DomainError('taskNotOpen', 'Task t is already done'));
    expect(status).toBe(409);
    expect(body.issue).toEqual([
      {
        severity: 'error',
        code: 'business-rule',
        details: { coding: [{ system: 'https://throughcare.dev/problems/', code: 'task-not-open', display: 'The task is not open' }], text: 'The task is not open' },
        diagnostics: 'Task t is already done',
      },
    ]);
  });

  it('gives each field of a validation error its own issue', () => {
    const { status, body } = answer(validationError([{ field: 'status', messages: ['must be accepted or rejected'] }]));
    expect(status).toBe(400);
    expect(body.issue).toEqual([expect.objectContaining({ code: 'invalid', diagnostics: 'status: must be accepted or rejected', expression: ['status'] })]);
  });
});
