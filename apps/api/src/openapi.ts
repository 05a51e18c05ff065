/**
 * The OpenAPI document: the routes as Nest describes them, plus the RFC 9457 problem answers
 * each may give. Those come from the route's shape (who may call it, its parameters, whether it
 * changes state or reaches Temporal), so a new route documents its errors without a decorator.
 */
import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { PROBLEM_TYPE_BASE } from '@throughcare/problem';

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
      description: 'Validation only: every field that is wrong, and why.',
      items: { type: 'object', properties: { field: { type: 'string' }, messages: { type: 'array', items: { type: 'string' } } } },
    },
  },
};

const ANSWERS: Record<number, { description: string; type: string; title: string; detail: string; errors?: unknown }> = {
  400: {
    description: 'The request is not valid',
    type: 'validation',
    title: 'The request is not valid',
    detail: 'releaseDate: must be a real calendar date, YYYY-MM-DD',
    errors: [{ field: 'releaseDate', messages: ['must be a real calendar date, YYYY-MM-DD'] }],
  },
  401: { description: 'No valid bearer token', type: 'unauthorized', title: 'Not signed in', detail: 'A bearer token is required' },
  403: { description: 'In scope, but not allowed for this role or organisation', type: 'forbidden', title: 'Not allowed', detail: 'Your organisation cannot make this change to the pathway' },
  404: { description: 'Not found, or not visible to the caller', type: 'not-found', title: 'Not found', detail: 'Pathway 6f1c… was not found' },
  409: {
    description: 'Conflicts with the record as it stands, or an Idempotency-Key reused for another request',
    type: 'task-not-open',
    title: 'The task is not open',
    detail: 'Task 0b7e… is already done',
  },
  422: { description: 'Well formed, but does not apply (unknown organisation, no route, an event that does not fit)', type: 'unknown-organisation', title: 'Unknown organisation', detail: 'PDU-NOPE is not a known probation organisation' },
  429: { description: 'Past the rate limit; retry later', type: 'too-many-requests', title: 'Too many requests', detail: 'Retry after a minute' },
  503: {
    description: 'The workflow service is unavailable; nothing was lost',
    type: 'workflow-service-unavailable',
    title: 'The workflow service is unavailable',
    detail: 'Nothing was lost; retry the request with the same Idempotency-Key.',
  },
};

function problemResponse(status: number) {
  const { description, type, title, detail, errors } = ANSWERS[status];
  const example = { type: `${PROBLEM_TYPE_BASE}${type}`, title, status, detail, ...(errors ? { errors } : {}) };
  return { description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' }, example } } };
}

/** The statuses a route may answer besides success, from its shape. */
function errorStatuses(path: string, method: string, operation: Operation): number[] {
  if (!operation.security) return [429];
  const changes = method !== 'get';
  const reachesTemporal = changes && /^\/v1\/(releases|pathways\/\{id\}|tasks\/\{id\})/.test(path);
  const statuses = [401, 403, 429];
  if ((operation.parameters ?? []).length > 0 || changes) statuses.push(400);
  if (path.includes('{')) statuses.push(404);
  if (changes) statuses.push(409);
  const refersToOthers = reachesTemporal || ['/v1/organisations', '/v1/policies', '/v1/areas'].some((prefix) => path.startsWith(prefix));
  if (changes && refersToOthers) statuses.push(422);
  if (reachesTemporal) statuses.push(503);
  return statuses.sort((a, b) => a - b);
}

export function withProblemResponses(document: OpenAPIObject): OpenAPIObject {
  document.components = { ...document.components, schemas: { ...document.components?.schemas, Problem: PROBLEM_SCHEMA } };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = item[method];
      if (!operation) continue;
      for (const status of errorStatuses(path, method, operation)) {
        operation.responses[String(status)] ??= problemResponse(status);
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
