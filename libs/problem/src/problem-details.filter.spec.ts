import { ArgumentsHost, BadRequestException, HttpException, Logger, NotFoundException, ValidationError } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { QueryFailedError } from 'typeorm';
import { DomainError } from './domain-error';
import { isDatabaseUnavailable, ProblemDetailsFilter } from './problem-details.filter';
import { notFound, problem, PROBLEMS } from './problems';
import { flatten, MAX_LISTED_ERRORS, validationProblem } from './validation';

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

/** An error as node-postgres raises it, with a code, optionally wrapped by TypeORM as a failed query. */
const pgError = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});
const failedQuery = (driverError: Error) => new QueryFailedError('SELECT 1', ['A1234BC'], driverError);

describe(ProblemDetailsFilter.name, () => {
  beforeAll(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());

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

  it('answers a DomainError as the problem its code names, exactly as the problem said where it was raised', () => {
    const thrown = new DomainError('pathwayExists', 'Pathway 1 is open for this person', { pathwayId: '1' });
    expect(answer(thrown)).toEqual(answer(problem(PROBLEMS.pathwayExists, 'Pathway 1 is open for this person', { pathwayId: '1' })));
    expect(answer(thrown)).toMatchObject({ status: 409, type: 'application/problem+json', body: { type: 'https://throughcare.dev/problems/pathway-exists', pathwayId: '1', instance: '/v1/pathways/x' } });
    expect(answer(notFound('Pathway 1')).body).toMatchObject({ status: 404, title: 'Not found', detail: 'Pathway 1 was not found' });
    // A title more exact than the code's, where one answer has always had it.
    expect(answer(new DomainError('forbidden', 'Not yours', undefined, 'Only the owning organisation can act on this task')).body).toMatchObject({ status: 403, type: 'https://throughcare.dev/problems/forbidden', title: 'Only the owning organisation can act on this task' });
  });

  it('answers Nest’s own HTTP errors as problems with a stable type', () => {
    expect(answer(new NotFoundException('Cannot GET /v1/nothing')).body).toMatchObject({ status: 404, type: 'https://throughcare.dev/problems/not-found', detail: 'Cannot GET /v1/nothing' });
    expect(answer(new BadRequestException('Validation failed (uuid is expected)')).body).toMatchObject({ status: 400, title: 'Bad request' });
  });

  it('answers the rate limit as “Too many requests”, never naming a framework class', () => {
    const { status, body } = answer(new ThrottlerException());
    expect(status).toBe(429);
    expect(body).toMatchObject({ type: 'https://throughcare.dev/problems/too-many-requests', title: 'Too many requests' });
    expect(JSON.stringify(body)).not.toMatch(/Throttler|Exception/);
    expect(JSON.stringify(answer(new HttpException('SomethingException: no', 418)).body)).not.toMatch(/Exception/);
  });

  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a refused connection to every address', new AggregateError([pgError('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED'), pgError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')])],
    ['a reset connection', pgError('read ECONNRESET', 'ECONNRESET')],
    ['a connection the server terminated (57P01)', failedQuery(pgError('terminating connection due to administrator command', '57P01'))],
    ['a server starting up or shutting down (57P03)', pgError('the database system is starting up', '57P03')],
    ['a connection failure (08006)', failedQuery(pgError('connection failure', '08006'))],
    ['no connection (08003)', pgError('connection does not exist', '08003')],
    ['a connection dropped mid-query', failedQuery(new Error('Connection terminated unexpectedly'))],
    ['a pool that could not connect in time', new Error('timeout exceeded when trying to connect')],
  ])('answers %s with 503 database-unavailable, to retry with the same Idempotency-Key', (_, error) => {
    const { status, body } = answer(error);
    expect(status).toBe(503);
    expect(body).toEqual({
      type: 'https://throughcare.dev/problems/database-unavailable',
      title: 'The database is unavailable',
      status: 503,
      detail: 'The database could not be reached; retry with the same Idempotency-Key.',
      instance: '/v1/pathways/x',
    });
  });

  it('keeps a database error about the request itself a 500, not “unavailable”', () => {
    expect(isDatabaseUnavailable(failedQuery(pgError('invalid input syntax for type uuid: "x"', '22P02')))).toBe(false);
    expect(isDatabaseUnavailable(failedQuery(pgError('duplicate key', '23505')))).toBe(false);
    expect(isDatabaseUnavailable(new Error('something else'))).toBe(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
  });
});

describe(validationProblem.name, () => {
  it(`lists at most ${MAX_LISTED_ERRORS} field errors, and says how many more there are`, () => {
    const errors = Array.from({ length: 9000 }, (_, i) => ({ field: `k${i}`, messages: [`property k${i} should not exist`] }));
    const body = validationProblem(errors).body();
    expect(body.errors).toHaveLength(MAX_LISTED_ERRORS);
    expect(body.detail).toMatch(/And 8980 more fields are not valid/);
    expect(JSON.stringify(body).length).toBeLessThan(5_000);
  });

  it('lists every error when there are few', () => {
    const body = validationProblem([{ field: 'reason', messages: ['must not contain NUL characters'] }]).body();
    expect(body).toMatchObject({ status: 400, detail: 'reason: must not contain NUL characters', errors: [{ field: 'reason', messages: ['must not contain NUL characters'] }] });
  });

  it('gives each field error a stable code from the rule that failed, and the values a custom rule compares', () => {
    // As class-validator reports them: constraint names as keys, a custom rule's context beside them.
    const error = (property: string, value: unknown, constraints: Record<string, string>, contexts?: Record<string, unknown>, children: ValidationError[] = []): ValidationError => ({ property, value, constraints, contexts, children });
    const late = { describe: (v: unknown) => ({ code: 'after-latest', latest: '2027-01-08', was: v }) };
    expect(
      flatten([
        error('reason', '', { isNotEmpty: 'reason should not be empty', isString: 'reason must be a string' }),
        error('treatment', {}, {}, undefined, [error('onOst', 'yes', { isBoolean: 'onOst must be a boolean value' })]),
        error('kind', 'X', { isIn: 'kind must be one of the following values: a, b' }),
        error('on', '2027-01-20', { isSoon: 'on is too late' }, { isSoon: late }),
        error('name', '!!', { isPersonName: 'name must contain a letter' }, { isPersonName: { code: 'no-letter' } }),
        error('extra', 'x', { whitelistValidation: 'property extra should not exist' }),
      ]),
    ).toEqual([
      expect.objectContaining({ field: 'reason', code: 'required' }),
      expect.objectContaining({ field: 'treatment.onOst', code: 'wrong-type', messages: ['onOst must be a boolean value'] }),
      expect.objectContaining({ field: 'kind', code: 'not-one-of' }),
      expect.objectContaining({ field: 'on', code: 'after-latest', latest: '2027-01-08', was: '2027-01-20' }),
      expect.objectContaining({ field: 'name', code: 'no-letter' }),
      expect.objectContaining({ field: 'extra', code: 'unknown-field' }),
    ]);
  });
});
