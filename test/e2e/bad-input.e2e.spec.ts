/**
 * Never stuck, never wrong (DESIGN §7, "Bad input"): every malformed request gets a clear 4xx
 * problem+json naming what is wrong, and the pathway it was aimed at still answers and still
 * takes a legitimate change afterwards. Then what must never be a 500 or a hang: edited
 * cursors, deep JSON, huge headers, racing completions, a pathway that does not answer in
 * time or has failed, a database that drops its connections.
 */
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { AddressInfo, createServer, Server, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { DEVELOPMENT_KEY, signDevelopmentToken } from '@throughcare/auth';
import { Config } from '@throughcare/config';
import { addDays, londonDateOf } from '@throughcare/domain';
import { pathwayWorkflowId } from '@throughcare/workflows/pathway';
import { SignJWT } from 'jose';
import { ApiClient, eventually, Json } from '../support/api-client';
import { registration as registrationOn, startApi, startWorker, suiteConfig, tokenFor } from '../support/system';

type Caller = 'prison' | 'otherPrison' | 'community' | 'admin';
type Method = 'get' | 'post' | 'put';

interface BadRequest {
  method: Method;
  path: string;
  /** An object is sent as JSON; a string is sent as it is (raw JSON text, or text of `contentType`). */
  body?: object | string;
  contentType?: string;
  as?: Caller;
}

interface Row {
  /** The request, for a freshly registered pathway; may first move the pathway on (e.g. send the referral). */
  request: (pathway: Json, api: Record<Caller, ApiClient>) => BadRequest | Promise<BadRequest>;
  status: number;
  /** The problem's type slug. */
  type: string;
  /** The field a validation problem names first. */
  field?: string;
}

const taskOf = (pathway: Json, type: string): Json => pathway.tasks.find((t: Json) => t.type === type);
/** JSON nested `levels` deep, as text: a value no parser-then-recursion path may choke on. */
const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
const cursor = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const UUID = '6f1c9d2e-8b47-4a3f-b5e6-1d2c3b4a5f60';
/** Today in London, when the test runs (the API counts from its own today, a moment later). */
const today = () => londonDateOf(new Date());
/** A registration releasing three months from today, whatever the day the suite runs. */
const registration = (overrides: Record<string, unknown> = {}) => registrationOn({ releaseDate: addDays(today(), 90), ...overrides });

/** A registration body as raw JSON text, with one field's value given as JSON text (escapes kept). */
function registrationText(field: string, jsonValue: string): string {
  const body = registration({ [field]: '__VALUE__' });
  return JSON.stringify(body).replace('"__VALUE__"', jsonValue);
}

const ROWS: Record<string, Row> = {
  // 1. One rule for every free-text field.
  'a NUL in a cancellation reason': {
    request: (p) => ({ method: 'post', path: `/v1/pathways/${p.id}/cancel`, body: '{"reason":"a\\u0000b"}' }),
    status: 400,
    type: 'validation',
    field: 'reason',
  },
  'a lone surrogate in the reason for declining a referral': {
    request: async (p, api) => {
      await api.prison.post(`/v1/tasks/${taskOf(p, 'referral').id}/complete`, {});
      const acceptance = taskOf(await api.prison.get(`/v1/pathways/${p.id}`), 'referral-acceptance');
      return { method: 'post', path: `/v1/tasks/${acceptance.id}/decline`, body: '{"reason":"full \\ud800 list"}', as: 'community' };
    },
    status: 400,
    type: 'validation',
    field: 'reason',
  },
  'a NUL in a detail of a naloxone completion': {
    request: (p) => ({ method: 'post', path: `/v1/tasks/${taskOf(p, 'naloxone').id}/complete`, body: '{"supplied":true,"reason":"given\\u0000"}' }),
    status: 400,
    type: 'validation',
    field: 'reason',
  },
  'a NUL nested in an object of a naloxone completion': {
    request: (p) => ({ method: 'post', path: `/v1/tasks/${taskOf(p, 'naloxone').id}/complete`, body: '{"supplied":true,"details":{"reason":"a\\u0000b"}}' }),
    status: 400,
    type: 'validation',
    field: 'details.reason',
  },
  'a NUL in a key': {
    request: (p) => ({ method: 'post', path: `/v1/pathways/${p.id}/cancel`, body: '{"reason":"ok","bad\\u0000key":1}' }),
    status: 400,
    type: 'validation',
    field: 'bad\\u0000key',
  },
  'a NUL in a given name': {
    request: () => ({ method: 'post', path: '/v1/releases', body: registrationText('givenName', '"Sam\\u0000"') }),
    status: 400,
    type: 'validation',
    field: 'givenName',
  },
  'a right-to-left override in a family name': {
    request: () => ({ method: 'post', path: '/v1/releases', body: registrationText('familyName', '"Ex\\u202eelpma"') }),
    status: 400,
    type: 'validation',
    field: 'familyName',
  },
  'a bell character in a given name': {
    request: () => ({ method: 'post', path: '/v1/releases', body: registrationText('givenName', '"Sam\\u0007"') }),
    status: 400,
    type: 'validation',
    field: 'givenName',
  },
  'a line break in a family name (short text)': {
    request: () => ({ method: 'post', path: '/v1/releases', body: registrationText('familyName', '"Example\\nDROP"') }),
    status: 400,
    type: 'validation',
    field: 'familyName',
  },
  'an escape character in a reason (long text takes only tab and line breaks)': {
    request: (p) => ({ method: 'post', path: `/v1/pathways/${p.id}/cancel`, body: '{"reason":"moved\\u001b[2J"}' }),
    status: 400,
    type: 'validation',
    field: 'reason',
  },
  'a control character in a query string': {
    request: () => ({ method: 'get', path: '/v1/tasks?type=referral%07' }),
    status: 400,
    type: 'validation',
    field: 'type',
  },
  'a NUL in a path parameter': {
    request: () => ({ method: 'get', path: '/v1/pathways/%00' }),
    status: 400,
    type: 'validation',
    field: 'path',
  },
  'a NUL in the action of a task (which the audit would store)': {
    request: (p) => ({ method: 'post', path: `/v1/tasks/${taskOf(p, 'assessment').id}/%00complete`, body: {} }),
    status: 400,
    type: 'validation',
    field: 'path',
  },
  'a NUL in an organisation code (which the audit would store)': {
    request: () => ({ method: 'post', path: '/v1/organisations', body: { code: 'X\u0000', name: 'A service', type: 'community-treatment', areas: [] }, as: 'admin' }),
    status: 400,
    type: 'validation',
    field: 'code',
  },
  'a __proto__ key in a query string': {
    request: () => ({ method: 'get', path: '/v1/tasks?__proto__=1' }),
    status: 400,
    type: 'validation',
    field: '__proto__',
  },

  // 2. Dates the product can plan with.
  'a release date in the year 9999': {
    request: () => ({ method: 'post', path: '/v1/releases', body: registration({ releaseDate: '9999-12-31' }) }),
    status: 400,
    type: 'validation',
    field: 'releaseDate',
  },
  'a release date in the year 1': {
    request: () => ({ method: 'post', path: '/v1/releases', body: registration({ releaseDate: '0001-01-01' }) }),
    status: 400,
    type: 'validation',
    field: 'releaseDate',
  },
  'a release date in the year 0, which PostgreSQL cannot store': {
    request: () => ({ method: 'post', path: '/v1/releases', body: registration({ releaseDate: '0000-06-01' }) }),
    status: 400,
    type: 'validation',
    field: 'releaseDate',
  },
  'a date of birth yesterday': {
    request: () => ({ method: 'post', path: '/v1/releases', body: registration({ dateOfBirth: addDays(today(), -1) }) }),
    status: 400,
    type: 'validation',
    field: 'dateOfBirth',
  },
  'a date of birth in the year 1': {
    request: () => ({ method: 'post', path: '/v1/releases', body: registration({ dateOfBirth: '0001-01-01' }) }),
    status: 400,
    type: 'validation',
    field: 'dateOfBirth',
  },
  'a changed release date in the year 9999': {
    request: (p) => ({ method: 'post', path: `/v1/pathways/${p.id}/release-date`, body: { releaseDate: '9999-12-31', releaseDateType: 'CRD', reason: 'Typo' } }),
    status: 400,
    type: 'validation',
    field: 'releaseDate',
  },
  'a changed release date in the year 1': {
    request: (p) => ({ method: 'post', path: `/v1/pathways/${p.id}/release-date`, body: { releaseDate: '0001-01-01', releaseDateType: 'CRD', reason: 'Typo' } }),
    status: 400,
    type: 'validation',
    field: 'releaseDate',
  },
  'released in the year 1': {
    request: (p) => ({ method: 'post', path: `/v1/pathways/${p.id}/released`, body: { releasedOn: '0001-01-01', kind: 'planned' } }),
    status: 400,
    type: 'validation',
    field: 'releasedOn',
  },
  'returned to custody in the year 9999': {
    request: (p) => ({ method: 'post', path: `/v1/pathways/${p.id}/returned-to-custody`, body: { on: '9999-12-31', reason: 'Recalled' } }),
    status: 400,
    type: 'validation',
    field: 'on',
  },

  // 3. Edited cursors, on every list.
  ...Object.fromEntries(
    (['/v1/tasks', '/v1/pathways', '/v1/escalations'] as const).flatMap((list) => [
      [`a cursor with an id that is not one, on ${list}`, { request: () => ({ method: 'get', path: `${list}?cursor=${cursor({ at: '2027-01-01T00:00:00.000Z', id: 'x' })}` }), status: 400, type: 'validation', field: 'cursor' }],
      [`a cursor with an instant PostgreSQL cannot read, on ${list}`, { request: () => ({ method: 'get', path: `${list}?cursor=${cursor({ at: '1', id: UUID })}` }), status: 400, type: 'validation', field: 'cursor' }],
      [`a cursor from the year 275760, on ${list}`, { request: () => ({ method: 'get', path: `${list}?cursor=${cursor({ at: '+275760-09-13T00:00:00.000Z', id: UUID })}` }), status: 400, type: 'validation', field: 'cursor' }],
      [`a cursor that is not JSON, on ${list}`, { request: () => ({ method: 'get', path: `${list}?cursor=not-a-cursor` }), status: 400, type: 'validation', field: 'cursor' }],
    ]),
  ) as Record<string, Row>,
  'treatment sent as a list': {
    request: () => ({ method: 'post', path: '/v1/releases', body: registration({ treatment: [{ substances: ['opiates'], onOst: true, consentToShare: true }] }) }),
    status: 400,
    type: 'validation',
    field: 'treatment',
  },
  'treatment sent as an empty list': {
    request: () => ({ method: 'post', path: '/v1/releases', body: registration({ treatment: [] }) }),
    status: 400,
    type: 'validation',
    field: 'treatment',
  },
  'a registration nested 10,000 levels deep': {
    request: () => ({ method: 'post', path: '/v1/releases', body: JSON.stringify(registration()).replace(/}$/, `,"extra":${nested(10_000)}}`) }),
    status: 400,
    type: 'validation',
    field: '(body)',
  },
  'a task action nested 10,000 levels deep': {
    request: (p) => ({ method: 'post', path: `/v1/tasks/${taskOf(p, 'assessment').id}/complete`, body: `{"reason":${nested(10_000)}}` }),
    status: 400,
    type: 'validation',
    field: '(body)',
  },
  'a task action nested 33 levels deep': {
    request: (p) => ({ method: 'post', path: `/v1/tasks/${taskOf(p, 'assessment').id}/complete`, body: nested(33) }),
    status: 400,
    type: 'validation',
    field: '(body)',
  },
  'a body that is a list, not an object': {
    request: (p) => ({ method: 'post', path: `/v1/tasks/${taskOf(p, 'assessment').id}/complete`, body: '["supplied"]' }),
    status: 400,
    type: 'validation',
    field: '(body)',
  },
  'a body over 100 KB': {
    request: (p) => ({ method: 'post', path: `/v1/pathways/${p.id}/cancel`, body: { reason: 'x'.repeat(120_000) } }),
    status: 413,
    type: 'payload-too-large',
  },
  'a JSON body in Latin-1': {
    request: (p) => ({ method: 'post', path: `/v1/pathways/${p.id}/cancel`, body: '{"reason":"Registered in error"}', contentType: 'application/json; charset=latin1' }),
    status: 415,
    type: 'unsupported-media-type',
  },
  'a key that names an object method': {
    request: (p) => ({ method: 'post', path: `/v1/pathways/${p.id}/cancel`, body: { reason: 'Registered in error', toString: 'x' } }),
    status: 400,
    type: 'validation',
    field: 'toString',
  },
  'a body that is not JSON at all': {
    request: (p) => ({ method: 'post', path: `/v1/pathways/${p.id}/cancel`, body: '{"reason": "Registered in error"', contentType: 'application/json' }),
    status: 400,
    type: 'validation',
    field: '(body)',
  },

  // 6. Input that must be refused.
  'an NHS number with tabs inside': {
    request: () => ({ method: 'post', path: '/v1/releases', body: registration({ nhsNumber: '943\t476\t5919' }) }),
    status: 400,
    type: 'validation',
    field: 'nhsNumber',
  },
  'an NHS number with a line break inside': {
    request: () => ({ method: 'post', path: '/v1/releases', body: registration({ nhsNumber: '943476\n5919' }) }),
    status: 400,
    type: 'validation',
    field: 'nhsNumber',
  },
  'an NHS number with doubled spaces': {
    request: () => ({ method: 'post', path: '/v1/releases', body: registration({ nhsNumber: '943  476 5919' }) }),
    status: 400,
    type: 'validation',
    field: 'nhsNumber',
  },
  'the NHS number 0000000000': {
    request: () => ({ method: 'post', path: '/v1/releases', body: registration({ nhsNumber: '0000000000' }) }),
    status: 400,
    type: 'validation',
    field: 'nhsNumber',
  },
  'an NHS number of one digit repeated': {
    request: () => ({ method: 'post', path: '/v1/releases', body: registration({ nhsNumber: '4444444444' }) }),
    status: 400,
    type: 'validation',
    field: 'nhsNumber',
  },
  'a given name of spaces only': {
    request: () => ({ method: 'post', path: '/v1/releases', body: registration({ givenName: '   ' }) }),
    status: 400,
    type: 'validation',
    field: 'givenName',
  },
  'a family name of punctuation and no-break spaces only': {
    request: () => ({ method: 'post', path: '/v1/releases', body: registration({ familyName: '\u00a0-\u00a0.' }) }),
    status: 400,
    type: 'validation',
    field: 'familyName',
  },
  'an empty list of substances': {
    request: () => ({ method: 'post', path: '/v1/releases', body: registration({ treatment: { substances: [], onOst: false, consentToShare: true } }) }),
    status: 400,
    type: 'validation',
    field: 'treatment.substances',
  },
  'a __proto__ key': {
    request: () => ({ method: 'post', path: '/v1/releases', body: JSON.stringify(registration()).replace(/}$/, ',"__proto__":{"isAdmin":true}}') }),
    status: 400,
    type: 'validation',
    field: '__proto__',
  },
  'a constructor key inside treatment': {
    request: () => ({
      method: 'post',
      path: '/v1/releases',
      body: registration({ treatment: { substances: ['alcohol'], onOst: false, consentToShare: true, constructor: { prototype: { x: 1 } } } }),
    }),
    status: 400,
    type: 'validation',
    field: 'treatment.constructor',
  },
  'a prototype key in a task action': {
    request: (p) => ({ method: 'post', path: `/v1/tasks/${taskOf(p, 'assessment').id}/complete`, body: { prototype: {} } }),
    status: 400,
    type: 'validation',
    field: 'prototype',
  },
  'a body sent as text/plain': {
    request: (p) => ({ method: 'post', path: `/v1/pathways/${p.id}/cancel`, body: '{"reason":"Registered in error"}', contentType: 'text/plain' }),
    status: 415,
    type: 'unsupported-media-type',
  },
  'a body sent as XML': {
    request: () => ({ method: 'post', path: '/v1/releases', body: '<release><givenName>Sam</givenName></release>', contentType: 'application/xml' }),
    status: 415,
    type: 'unsupported-media-type',
  },
  'a body sent as a form': {
    request: (p) => ({ method: 'post', path: `/v1/pathways/${p.id}/cancel`, body: 'reason=Registered+in+error', contentType: 'application/x-www-form-urlencoded' }),
    status: 415,
    type: 'unsupported-media-type',
  },
};

describe('bad input', () => {
  let config: Config;
  let app: INestApplication;
  let worker: INestApplicationContext;
  const api = {} as Record<Caller, ApiClient>;
  const tokens = {} as Record<Caller, string>;

  beforeAll(async () => {
    config = suiteConfig();
    worker = await startWorker(config);
    ({ app } = await startApi(config));
    const identities: Record<Caller, [string, string]> = {
      prison: ['LEI', 'prison-healthcare'],
      otherPrison: ['BMI', 'prison-healthcare'],
      community: ['CTS-LDS', 'community-treatment'],
      admin: ['THC-OPS', 'admin'],
    };
    for (const [caller, [org, role]] of Object.entries(identities) as Array<[Caller, [string, string]]>) {
      tokens[caller] = await tokenFor(org, role);
      api[caller] = new ApiClient(app.getHttpServer(), tokens[caller]);
    }
  });

  afterAll(async () => {
    await app?.close();
    await worker?.close();
  });

  function send(bad: BadRequest): request.Test {
    const req = api[bad.as ?? 'prison'].raw(bad.method, bad.path);
    if (bad.body === undefined) return req;
    if (typeof bad.body === 'string') return req.set('Content-Type', bad.contentType ?? 'application/json').send(bad.body);
    return req.send(bad.body);
  }

  /** The pathway still answers, and still takes a legitimate change. */
  async function stillWorks(pathway: Json): Promise<void> {
    expect((await api.prison.get(`/v1/pathways/${pathway.id}`)).id).toBe(pathway.id);
    const assessment = taskOf(pathway, 'assessment');
    expect(await api.prison.post(`/v1/tasks/${assessment.id}/complete`, {})).toMatchObject({ id: assessment.id, state: 'done' });
  }

  describe.each(Object.entries(ROWS))('%s', (_, row) => {
    it(`answers ${row.status} ${row.type}${row.field ? ` naming ${row.field}` : ''}, and the pathway still works`, async () => {
      const pathway = await api.prison.post('/v1/releases', registration(), 201);
      const bad = await row.request(pathway, api);
      const res = await send(bad);
      expect({ status: res.status, body: res.body }).toMatchObject({ status: row.status, body: { status: row.status, type: `https://throughcare.dev/problems/${row.type}` } });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['cache-control']).toBe('no-store');
      if (row.field) expect(res.body.errors?.[0]?.field).toBe(row.field);
      expect(JSON.stringify(res.body)).not.toMatch(/Exception|Error:|at \//);
      // A refused registration wrote nothing: the same person registers once it is put right.
      if (bad.path === '/v1/releases' && typeof bad.body === 'object') {
        await api.prison.post('/v1/releases', registration({ prisonNumber: (bad.body as Json).prisonNumber }), 201);
      }
      await stillWorks(pathway);
    });
  });

  it('takes tabs and line breaks in a reason, and stores text in NFC', async () => {
    const pathway = await api.prison.post('/v1/releases', registration({ givenName: 'Zoe\u0308' }), 201);
    expect(pathway.person.givenName).toBe('Zo\u00eb');
    const cancelled = await api.prison.post(`/v1/pathways/${pathway.id}/cancel`, { reason: 'Moved:\tresidential detox\nfrom Monday' });
    expect(cancelled.timeline.find((e: Json) => e.type === 'cancelled').details.reason).toBe('Moved:\tresidential detox\nfrom Monday');
  });

  it('takes an NHS number grouped 3-3-4 with single spaces, and stores its ten digits', async () => {
    const pathway = await api.prison.post('/v1/releases', registration({ nhsNumber: '943 476 5919' }), 201);
    expect(pathway.person.nhsNumber).toBe('9434765919');
  });

  it('takes the first and last release dates and dates of birth of the supported ranges', async () => {
    // From the domain's rule, counted from today: the API counts from its own today, so the
    // test keeps a day inside each end in case midnight passes between the two.
    const inside = [
      { releaseDate: addDays(today(), -55), dateOfBirth: addDays(today(), -18 * 366) },
      { releaseDate: addDays(today(), 3 * 365 - 1), dateOfBirth: addDays(today(), -119 * 366) },
    ];
    for (const dates of inside) await api.prison.post('/v1/releases', registration({ ...dates, releaseDateType: 'CONFIRMED' }), 201);
  });

  it('lists at most 20 field errors for a body of 9,000 unknown keys, and says how many more', async () => {
    const body = Object.fromEntries(Array.from({ length: 9000 }, (_, i) => [`k${i}`, 1]));
    const res = await api.prison.raw('post', '/v1/releases').send(body);
    expect(res.status).toBe(400);
    expect(res.body.errors).toHaveLength(20);
    expect(res.body.detail).toMatch(/more fields are not valid/);
    expect(res.text.length).toBeLessThan(10_000);
  });

  it('answers a 100 KB request header with 431 problem+json', async () => {
    const res = await request(app.getHttpServer()).get('/v1/tasks').set('Authorization', `Bearer ${tokens.prison}`).set('X-Padding', 'a'.repeat(100_000));
    expect(res.status).toBe(431);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 431, type: 'https://throughcare.dev/problems/request-header-fields-too-large' });
    // The server is unharmed.
    await api.prison.get('/v1/tasks?limit=1');
  });

  it('marks every /v1 answer no-store: pages, records, refusals', async () => {
    const pathway = await api.prison.post('/v1/releases', registration(), 201);
    for (const path of ['/v1/tasks?limit=1', `/v1/pathways/${pathway.id}`, '/v1/organisations']) {
      expect((await api.prison.raw('get', path)).headers['cache-control']).toBe('no-store');
    }
    expect((await request(app.getHttpServer()).get('/v1/tasks')).headers['cache-control']).toBe('no-store');
  });

  it('refuses a token without an expiry, or living longer than 12 hours, with 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    const sign = (exp?: number) => {
      const jwt = new SignJWT({ name: 'A', org: 'LEI', roles: ['prison-healthcare'] })
        .setProtectedHeader({ alg: DEVELOPMENT_KEY.alg })
        .setSubject('lei-forever')
        .setIssuer(DEVELOPMENT_KEY.issuer)
        .setAudience(DEVELOPMENT_KEY.audience)
        .setIssuedAt(now);
      return (exp === undefined ? jwt : jwt.setExpirationTime(exp)).sign(DEVELOPMENT_KEY.secret);
    };
    for (const token of [await sign(), await sign(now + 13 * 3600), await sign(now + 365 * 86_400)]) {
      const res = await request(app.getHttpServer()).get('/v1/tasks').set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(401);
      expect(res.body.type).toBe('https://throughcare.dev/problems/unauthorized');
    }
    expect((await request(app.getHttpServer()).get('/v1/tasks').set('Authorization', `Bearer ${await sign(now + 11 * 3600)}`)).status).toBe(200);
  });

  it('answers a compressed body that does not decompress with 400 in its own words, for a request and for a list', async () => {
    const pathway = await api.prison.post('/v1/releases', registration(), 201);
    const garbage = Buffer.from('this is not gzip at all');
    const truncated = gzipSync(Buffer.from(JSON.stringify({ reason: 'Registered in error' }))).subarray(0, 12);
    // The bytes as they are: superagent would send a Buffer under application/json as the JSON of the Buffer.
    const compressed = (path: string, contentType: string, encoding: string, body: Buffer) =>
      api.prison.raw('post', path).set('Content-Type', contentType).set('Content-Encoding', encoding).serialize((bytes) => bytes).send(body);
    for (const [path, contentType, encoding, body] of [
      [`/v1/pathways/${pathway.id}/cancel`, 'application/json', 'gzip', garbage],
      [`/v1/pathways/${pathway.id}/cancel`, 'application/json', 'gzip', truncated],
      [`/v1/pathways/${pathway.id}/cancel`, 'application/json', 'deflate', garbage],
      [`/v1/pathways/${pathway.id}/cancel`, 'application/json', 'br', garbage],
      ['/v1/releases/imports', 'text/csv', 'gzip', garbage],
      ['/v1/releases/imports', 'application/json', 'gzip', garbage],
    ] as Array<[string, string, string, Buffer]>) {
      const res = await compressed(path, contentType, encoding, body);
      expect({ path, encoding, status: res.status, type: res.body.type }).toEqual({ path, encoding, status: 400, type: 'https://throughcare.dev/problems/bad-request' });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.detail).toBe('The request body could not be decompressed: send it compressed as its Content-Encoding says (gzip, deflate or br), or uncompressed without Content-Encoding');
      expect(res.text).not.toMatch(/header check|end of file|Decompression failed|Z_|ERR_/);
    }
    // An encoding the API does not take is named as one, not as a character set.
    const unknown = await compressed(`/v1/pathways/${pathway.id}/cancel`, 'application/json', 'compress', garbage);
    expect(unknown.status).toBe(415);
    expect(unknown.body.detail).toBe('The body must be sent uncompressed, or compressed with gzip, deflate or br (Content-Encoding)');
    // Valid gzip is read, as a single request and as a list.
    const list = gzipSync(Buffer.from(JSON.stringify([registration()])));
    expect((await compressed('/v1/releases/imports', 'application/json', 'gzip', list)).status).toBe(202);
    const cancel = gzipSync(Buffer.from(JSON.stringify({ reason: 'Registered in error' })));
    expect((await compressed(`/v1/pathways/${pathway.id}/cancel`, 'application/json', 'gzip', cancel)).status).toBe(200);
  });

  it('frees an Idempotency-Key refused for bad text, for the corrected request', async () => {
    const pathway = await api.prison.post('/v1/releases', registration(), 201);
    const key = `bad-text-${pathway.id}`;
    const refused = await api.prison.raw('post', `/v1/pathways/${pathway.id}/cancel`).set('Idempotency-Key', key).set('Content-Type', 'application/json').send('{"reason":"a\\u0000b"}');
    expect(refused.status).toBe(400);
    await api.prison.post(`/v1/pathways/${pathway.id}/cancel`, { reason: 'Registered in error' }, 200, key);
  });

  describe('a person who already has an open pathway', () => {
    it('is named, with the pathway, to a prison that can see it', async () => {
      const body = registration();
      const first = await api.prison.post('/v1/releases', body, 201);
      const again = await api.prison.raw('post', '/v1/releases').send({ ...body, givenName: 'Samuel' });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ type: 'https://throughcare.dev/problems/pathway-exists', pathwayId: first.id });
    });

    it('is never reported to a retry that raced its own first request: that is told the request is in progress', async () => {
      const body = registration();
      const answers = await Promise.all(Array.from({ length: 10 }, () => api.prison.raw('post', '/v1/releases').set('Idempotency-Key', `race-${body.prisonNumber}`).send(body)));
      const created = answers.filter((a) => a.status === 201);
      expect(created.length).toBeGreaterThan(0);
      expect(new Set(created.map((a) => a.body.id)).size).toBe(1);
      for (const other of answers.filter((a) => a.status !== 201)) {
        expect({ status: other.status, type: other.body.type }).toEqual({ status: 409, type: 'https://throughcare.dev/problems/request-in-progress' });
      }
    });

    it('is not named to another prison, which is told to ask for a transfer', async () => {
      const body = registration();
      const first = await api.prison.post('/v1/releases', body, 201);
      const elsewhere = await api.otherPrison.raw('post', '/v1/releases').send({ ...body, prisonCode: 'BMI' });
      expect(elsewhere.status).toBe(409);
      expect(elsewhere.body).toMatchObject({
        type: 'https://throughcare.dev/problems/pathway-exists-elsewhere',
        title: 'This person has an open pathway at another organisation',
        detail: expect.stringMatching(/transfer/),
      });
      expect(elsewhere.body.pathwayId).toBeUndefined();
      expect(JSON.stringify(elsewhere.body)).not.toContain(first.id);
      expect(JSON.stringify(elsewhere.body)).not.toContain('LEI');

      // Once transferred, the prison holding the person sees the pathway, and is told which.
      await api.prison.post(`/v1/pathways/${first.id}/transfer`, { prisonCode: 'BMI' });
      const held = await api.otherPrison.raw('post', '/v1/releases').send({ ...body, prisonCode: 'BMI' });
      expect(held.body).toMatchObject({ type: 'https://throughcare.dev/problems/pathway-exists', pathwayId: first.id });
    });
  });

  it('answers 20 simultaneous completions of one task with one 200 and 409s, never a 500, round after round', async () => {
    for (let round = 0; round < 3; round++) {
      const pathway = await api.prison.post('/v1/releases', registration(), 201);
      const task = taskOf(pathway, round === 1 ? 'referral' : 'assessment');
      const answers = await Promise.all(Array.from({ length: 20 }, () => api.prison.raw('post', `/v1/tasks/${task.id}/complete`).send({})));
      const statuses = answers.map((a) => a.status).sort();
      expect({ round, statuses }).toEqual({ round, statuses: [200, ...Array(19).fill(409)] });
      for (const refused of answers.filter((a) => a.status === 409)) expect(refused.body.type).toBe('https://throughcare.dev/problems/task-not-open');
      expect((await api.prison.get(`/v1/tasks/${task.id}`)).state).toBe('done');
    }
  });

  describe('a pathway that cannot answer in time, or has failed', () => {
    let slow: { app: INestApplication; config: Config; client: ApiClient };
    let slowWorker: INestApplicationContext | undefined;

    beforeAll(async () => {
      const slowConfig = suiteConfig({ UPDATE_TIMEOUT_SECONDS: '1' });
      const started = await startApi(slowConfig);
      slow = { app: started.app, config: slowConfig, client: new ApiClient(started.app.getHttpServer(), tokens.prison) };
    });

    afterAll(async () => {
      await slow?.app.close();
      await slowWorker?.close();
    });

    it('answers 503 pathway-busy within the timeout while no worker runs, and the retry with the same key gets the answer', async () => {
      const body = registration();
      const key = `slow-register-${body.prisonNumber}`;
      const started = Date.now();
      const busy = await slow.client.raw('post', '/v1/releases').set('Idempotency-Key', key).send(body);
      expect(busy.status).toBe(503);
      expect(busy.body).toMatchObject({
        type: 'https://throughcare.dev/problems/pathway-busy',
        detail: 'The change was received; retry with the same Idempotency-Key to get its answer.',
      });
      expect(Date.now() - started).toBeLessThan(10_000);

      slowWorker = await startWorker(slow.config);
      // A retry may itself be busy while the new worker catches up (a one-second timeout, on a
      // loaded machine): retried until answered, as a client would.
      const registered = await eventually('the registration answered', async () => {
        const res = await slow.client.raw('post', '/v1/releases').set('Idempotency-Key', key).send(body);
        return res.status === 503 ? undefined : res;
      });
      expect(registered.status).toBe(201);
      const pathway = registered.body;
      await slowWorker.close();
      slowWorker = undefined;

      const cancelKey = `slow-cancel-${pathway.id}`;
      const stuck = await slow.client.raw('post', `/v1/pathways/${pathway.id}/cancel`).set('Idempotency-Key', cancelKey).send({ reason: 'Registered in error' });
      expect(stuck.status).toBe(503);
      expect(stuck.body.type).toBe('https://throughcare.dev/problems/pathway-busy');
      expect((await slow.client.get(`/v1/pathways/${pathway.id}`)).status).toBe('active');

      slowWorker = await startWorker(slow.config);
      const cancelled = await eventually('the cancellation answered', async () => {
        const res = await slow.client.raw('post', `/v1/pathways/${pathway.id}/cancel`).set('Idempotency-Key', cancelKey).send({ reason: 'Registered in error' });
        return res.status === 503 ? undefined : res;
      });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.outcome).toBe('excluded');
    });

    it('answers 500 pathway-failed, not 409 and not a hang, for a change to a pathway whose workflow stopped', async () => {
      const pathway = await api.prison.post('/v1/releases', registration(), 201);
      const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
      try {
        await new Client({ connection, namespace: config.TEMPORAL_NAMESPACE }).workflow.getHandle(pathwayWorkflowId(pathway.id)).terminate('test: the pathway stops');
      } finally {
        await connection.close();
      }
      for (const bad of [
        { path: `/v1/pathways/${pathway.id}/cancel`, body: { reason: 'Registered in error' } },
        { path: `/v1/tasks/${taskOf(pathway, 'assessment').id}/complete`, body: {} },
      ]) {
        const res = await api.prison.raw('post', bad.path).send(bad.body);
        expect({ path: bad.path, status: res.status }).toEqual({ path: bad.path, status: 500 });
        expect(res.body).toMatchObject({ type: 'https://throughcare.dev/problems/pathway-failed', title: 'The pathway has stopped working' });
        expect(res.body.detail).not.toMatch(/Temporal|terminat|Exception|workflow/i);
      }
      // Its record still reads.
      await api.prison.get(`/v1/pathways/${pathway.id}`);
    });
  });

  describe('a database that drops its connections', () => {
    let proxy: DatabaseProxy;
    let cut: { app: INestApplication; client: ApiClient };

    beforeAll(async () => {
      proxy = await DatabaseProxy.start(new URL(config.DATABASE_URL));
      const started = await startApi(suiteConfig({ DATABASE_URL: proxy.url }));
      cut = { app: started.app, client: new ApiClient(started.app.getHttpServer(), tokens.prison) };
    });

    afterAll(async () => {
      await proxy?.restore();
      await cut?.app.close();
      await proxy?.close();
    });

    it('answers 503 database-unavailable, to retry with the same key, and recovers when it is back', async () => {
      const pathway = await api.prison.post('/v1/releases', registration(), 201);
      await cut.client.get(`/v1/pathways/${pathway.id}`);
      await proxy.cut();
      for (const res of [
        await cut.client.raw('get', `/v1/pathways/${pathway.id}`),
        await cut.client.raw('post', `/v1/pathways/${pathway.id}/cancel`).set('Idempotency-Key', `db-${pathway.id}`).send({ reason: 'Registered in error' }),
      ]) {
        expect(res.status).toBe(503);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body).toMatchObject({
          type: 'https://throughcare.dev/problems/database-unavailable',
          detail: 'The database could not be reached; retry with the same Idempotency-Key.',
        });
      }
      await proxy.restore();
      await eventually('the database back', async () => (await cut.client.raw('get', `/v1/pathways/${pathway.id}`)).status === 200);
      await cut.client.post(`/v1/pathways/${pathway.id}/cancel`, { reason: 'Registered in error' }, 200, `db-${pathway.id}`);
    });
  });

  it('limits each caller across all routes, not per route, with a plain 429 and Retry-After', async () => {
    const limited = await startApi(suiteConfig({ RATE_LIMIT_PER_MINUTE: '4' }));
    try {
      const server = limited.app.getHttpServer();
      const as = (token: string, path: string) => request(server).get(path).set('Authorization', `Bearer ${token}`);
      const one = await tokenFor('LEI', 'prison-healthcare');
      const statuses = [];
      for (const path of ['/v1/tasks?limit=1', '/v1/pathways?limit=1', '/v1/organisations', '/v1/escalations?limit=1', '/v1/policies']) {
        statuses.push((await as(one, path)).status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 429]);
      const refused = await as(one, '/v1/tasks?limit=1');
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toMatch(/^\d+$/);
      expect(refused.body).toMatchObject({ type: 'https://throughcare.dev/problems/too-many-requests', title: 'Too many requests' });
      expect(refused.text).not.toMatch(/Throttler|Exception/);
      // Another person, at the same organisation and address, has their own allowance.
      const colleague = await signDevelopmentToken({ org: 'LEI', roles: ['prison-healthcare'], sub: 'lei-colleague', ttl: '1h' });
      expect((await as(colleague, '/v1/tasks?limit=1')).status).toBe(200);
    } finally {
      await limited.app.close();
    }
  });
});

/**
 * A TCP proxy in front of PostgreSQL that the test can cut: every connection through it is
 * dropped and new ones are refused, as when the database restarts or the network fails.
 */
class DatabaseProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly target: URL,
    private port = 0,
  ) {}

  static async start(target: URL): Promise<DatabaseProxy> {
    const proxy = new DatabaseProxy(target);
    await proxy.restore();
    return proxy;
  }

  get url(): string {
    const url = new URL(this.target);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  async restore(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => {
      const upstream = new Socket();
      upstream.connect(Number(this.target.port || 5432), this.target.hostname);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => {
          this.sockets.delete(s);
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  async close(): Promise<void> {
    await this.cut();
  }
}
