import { ArgumentsHost, NotFoundException } from '@nestjs/common';
import { ProblemDetailsFilter } from './problem-details.filter';

/** Runs the filter on one error and returns what the client would receive. */
function answer(error: unknown): { status: number; type: string; body: Record<string, unknown> } {
  const sent: { status: number; type: string; body: Record<string, unknown> } = { status: 0, type: '', body: {} };
  const response = {
    status: (s: number) => ((sent.status = s), response),
    type: (t: string) => ((sent.type = t), response),
    send: (b: Record<string, unknown>) => ((sent.body = b), response),
  };
  const host = { switchToHttp: () => ({ getRequest: () => ({ originalUrl: '/v1/pathways/x?name=Someone' }), getResponse: () => response }) } as unknown as ArgumentsHost;
  new ProblemDetailsFilter().catch(error, host);
  return sent;
}

describe(ProblemDetailsFilter.name, () => {
  it('answers an unexpected error with a plain 500 problem: no stack, no internal names, no query string', () => {
    const error = Object.assign(new Error('duplicate key value violates unique constraint "persons_prison_number_key"'), { code: '23505', parameters: ['A1234BC'] });
    const { status, type, body } = answer(error);
    expect({ status, type }).toEqual({ status: 500, type: 'application/problem+json' });
    expect(body).toEqual({
      type: 'https://throughcare.dev/problems/internal-error',
      title: 'Internal error',
      status: 500,
      detail: 'Something went wrong; it has been logged.',
      instance: '/v1/pathways/x',
    });
    expect(JSON.stringify(body)).not.toMatch(/at |persons_|A1234BC|Error/);
  });

  it('answers Nest’s own HTTP errors as problems with a stable type', () => {
    expect(answer(new NotFoundException('Cannot GET /v1/nothing')).body).toMatchObject({ status: 404, type: 'https://throughcare.dev/problems/not-found' });
  });
});
