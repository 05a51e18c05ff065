/**
 * The OpenAPI document committed under docs/ is the one the API serves: a change to the
 * contract shows in review. After an intended change: `npm run openapi` (the document and the web
 * app's client types, from the code), or UPDATE_OPENAPI=1 npm test -- test/e2e/openapi.
 */
import { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawnApi } from '../support/api-process';
import { suiteConfig } from '../support/system';

const COMMITTED = path.resolve(__dirname, '../../docs/openapi.json');

describe('the OpenAPI document', () => {
  let api: { child: ChildProcess; url: string };

  beforeAll(async () => {
    api = await spawnApi(suiteConfig());
  });

  afterAll(() => api?.child.kill('SIGTERM'));

  it('matches the committed docs/openapi.json', async () => {
    const served = await (await fetch(`${api.url}/docs/openapi.json`)).json();
    if (process.env.UPDATE_OPENAPI) writeFileSync(COMMITTED, `${JSON.stringify(served, null, 2)}\n`);
    expect(served).toEqual(JSON.parse(readFileSync(COMMITTED, 'utf8')));
  });

  it('documents every route with bearer auth but health and docs, and examples on the registration', async () => {
    const doc = JSON.parse(readFileSync(COMMITTED, 'utf8'));
    for (const [route, methods] of Object.entries<Record<string, { security?: unknown[] }>>(doc.paths)) {
      for (const operation of Object.values(methods)) {
        if (route === '/health' || route === '/metrics') expect(operation.security).toBeUndefined();
        else expect(operation.security).toEqual([{ bearer: [] }]);
      }
    }
    expect(doc.components.schemas.RegisterReleaseDto.properties.prisonNumber.example).toBe('A1234BC');
    expect(doc.components.schemas.PathwayResponseDto.properties.expectedReleaseDate.example).toBe('2027-03-11');
    expect(doc.components.schemas.TaskResponseDto.properties.type.example).toBe('referral-acceptance');
    // What the caller may do now, on every task and pathway, with each action's fields.
    for (const schema of ['TaskResponseDto', 'PathwayResponseDto', 'PathwaySummaryDto']) {
      expect(doc.components.schemas[schema].properties.actions).toMatchObject({ type: 'array', items: { $ref: '#/components/schemas/ActionDto' } });
    }
    expect(doc.components.schemas.ActionFieldDto.properties.kind.enum).toEqual(expect.arrayContaining(['text', 'yes-no', 'date', 'date-time', 'choice', 'organisation']));
    // Finding a person: the search is documented with what it reads.
    const search = doc.paths['/v1/pathways'].get.parameters.find((p: { name: string }) => p.name === 'q');
    expect(search).toMatchObject({ in: 'query', required: false, description: expect.stringContaining('prison number') });
  });

  it('documents the problem+json answers of every secured route, with examples', () => {
    const doc = JSON.parse(readFileSync(COMMITTED, 'utf8'));
    const problem = (route: string, method: string, status: string) => doc.paths[route][method].responses[status]?.content['application/problem+json'];
    for (const [route, methods] of Object.entries<Record<string, { security?: unknown[] }>>(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        if (!operation.security) continue;
        for (const status of ['401', '403', '429']) expect({ route, method, status, documented: Boolean(problem(route, method, status)) }).toMatchObject({ documented: true });
      }
    }
    expect(problem('/v1/releases', 'post', '400')).toMatchObject({
      schema: { $ref: '#/components/schemas/Problem' },
      example: { status: 400, type: expect.stringMatching(/validation$/), errors: [expect.objectContaining({ field: 'releaseDate' })] },
    });
    expect(problem('/v1/tasks/{id}/{action}', 'post', '409')).toBeDefined();
    expect(problem('/v1/pathways/{id}', 'get', '404')).toBeDefined();
    expect(problem('/v1/tasks/{id}/{action}', 'post', '503')).toBeDefined();
  });
});
