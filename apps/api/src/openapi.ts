/**
 * The OpenAPI document: the routes as Nest describes them, plus the RFC 9457 problem answers
 * each may give. Those come from the route's shape (who may call it, its parameters, whether it
 * changes state or reaches Temporal), so a new route documents its errors without a decorator.
 */
import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { PROBLEM_TYPE_BASE, PROBLEMS, ProblemType } from '@throughcare/problem';

type Operation = OpenAPIObject['paths'][string]['get'] & object;

const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', format: 'uri', description: 'Stable per kind of error; branch on it.' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string', description: 'The request path' },
    errors: {
      type: 'array',
      description:
        'Every field that is wrong, and why. `code` is the stable rule that failed, for a client to say in its own words; the values the rule compares sit beside it ' +
        '(e.g. `{ "field": "releasedOn", "code": "in-the-future", "latest": "2027-01-08" }`): every validation constraint and pathway rule gives a code. `messages` are the API\'s own words.',
      items: {
        type: 'object',
        required: ['field', 'messages'],
        additionalProperties: { description: 'A value the rule compares: earliest, latest, appointmentAt, releaseDate, onOst' },
        properties: {
          field: { type: 'string', description: 'The request field, as a path for nested ones (treatment.onOst)' },
          code: {
            type: 'string',
            description:
              'required, wrong-type, not-one-of, invalid-format, too-long, duplicate, unknown-field, not-a-date, not-a-date-time, before-earliest, after-latest ' +
              '(with earliest and latest), in-the-future (with latest), before-appointment (with appointmentAt), no-letter, invalid-nhs-number, unsafe-text, same-prison, invalid',
          },
          messages: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
};

interface Answer {
  description: string;
  /** The kind of problem shown as the example (its type and title, from the one list in libs/problem). */
  kind: ProblemType;
  detail: string;
  errors?: unknown;
}

const ANSWERS: Record<string, Answer> = {
  400: {
    description: 'The request is not valid (at most 20 field errors are listed; the detail says how many more)',
    kind: PROBLEMS.validation,
    detail: 'releaseDate: releaseDate must be a calendar date YYYY-MM-DD',
    errors: [{ field: 'releaseDate', code: 'not-a-date', earliest: '2026-10-12', latest: '2029-12-07', messages: ['releaseDate must be a calendar date YYYY-MM-DD'] }],
  },
  401: { description: 'No valid bearer token', kind: PROBLEMS.unauthorized, detail: 'A bearer token is required' },
  403: { description: 'In scope, but not allowed for this role or organisation', kind: PROBLEMS.forbidden, detail: 'Your organisation cannot make this change to the pathway' },
  404: { description: 'Not found, or not visible to the caller', kind: PROBLEMS.notFound, detail: 'Pathway 6f1c… was not found' },
  409: {
    description: 'Conflicts with the record as it stands, or an Idempotency-Key reused for another request',
    kind: PROBLEMS.taskNotOpen,
    detail: 'Task 0b7e… is already done',
  },
  413: { description: 'The body is larger than 100 KB', kind: PROBLEMS.payloadTooLarge, detail: 'The body must be at most 100 KB' },
  415: { description: 'The body is not application/json', kind: PROBLEMS.unsupportedMediaType, detail: 'The body must be application/json, not text/plain' },
  422: { description: 'Well formed, but does not apply (unknown organisation, no route, an event that does not fit)', kind: PROBLEMS.unknownOrganisation, detail: 'PDU-NOPE is not a known probation organisation' },
  429: { description: 'Past the rate limit (per caller, across all routes); retry after Retry-After seconds', kind: PROBLEMS.tooManyRequests, detail: 'More than 3000 requests in a minute; retry after 42 s (Retry-After)' },
  431: {
    description: 'The request headers are too large',
    kind: PROBLEMS.headersTooLarge,
    detail: 'The request headers are larger than the server accepts; send a smaller request',
  },
  500: {
    description: 'The pathway stopped on an error (pathway-failed), or an unexpected error; logged for the service team',
    kind: PROBLEMS.pathwayFailed,
    detail: 'This pathway stopped on an error and cannot take changes; it has been logged for the service team to put right.',
  },
  503: {
    description: 'The database is unavailable (database-unavailable); retry with the same Idempotency-Key',
    kind: PROBLEMS.databaseUnavailable,
    detail: 'The database could not be reached; retry with the same Idempotency-Key.',
  },
  '503-pathway': {
    description:
      'The pathway did not answer in time (pathway-busy), or the workflow service (workflow-service-unavailable) or the database (database-unavailable) ' +
      'is unavailable; nothing was lost: retry with the same Idempotency-Key to get the answer',
    kind: PROBLEMS.pathwayBusy,
    detail: 'The change was received; retry with the same Idempotency-Key to get its answer.',
  },
};

function problemResponse(answer: Answer, status: number) {
  const { description, kind, detail, errors } = answer;
  const example = { type: `${PROBLEM_TYPE_BASE}${kind.type}`, title: kind.title, status, detail, ...(errors ? { errors } : {}) };
  return { description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' }, example } } };
}

/** The statuses a route may answer besides success, from its shape, with the answer each documents. */
function errorAnswers(path: string, method: string, operation: Operation): Array<[number, Answer]> {
  // Any request: headers over the server's limit are refused before routing.
  if (!operation.security) return [[429, ANSWERS[429]], [431, ANSWERS[431]]];
  const changes = method !== 'get';
  const reachesTemporal = changes && /^\/v1\/(releases|pathways\/\{id\}|tasks\/\{id\})/.test(path);
  const statuses = [401, 403, 429, 431];
  if ((operation.parameters ?? []).length > 0 || changes) statuses.push(400);
  if (path.includes('{')) statuses.push(404);
  if (changes) statuses.push(409, 413, 415);
  const refersToOthers = reachesTemporal || ['/v1/organisations', '/v1/policies', '/v1/areas'].some((prefix) => path.startsWith(prefix));
  if (changes && refersToOthers) statuses.push(422);
  if (reachesTemporal) statuses.push(500);
  statuses.push(503);
  return statuses.sort((a, b) => a - b).map((status) => [status, status === 503 && reachesTemporal ? ANSWERS['503-pathway'] : ANSWERS[status]]);
}

export function withProblemResponses(document: OpenAPIObject): OpenAPIObject {
  document.components = { ...document.components, schemas: { ...document.components?.schemas, Problem: PROBLEM_SCHEMA } };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = item[method];
      if (!operation) continue;
      for (const [status, answer] of errorAnswers(path, method, operation)) {
        operation.responses[String(status)] ??= problemResponse(answer, status);
      }
    }
  }
  return document;
}

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Throughcare API')
    .setDescription('Continuity of care for people leaving prison: releases, pathways, handover tasks.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  return withProblemResponses(SwaggerModule.createDocument(app, config));
}
