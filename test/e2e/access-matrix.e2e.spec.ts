/**
 * The access matrix: every endpoint × every kind of caller, in and out of scope. The
 * endpoints come from the API's own route table (its OpenAPI document), so a new endpoint
 * fails this test until its row is added here.
 */
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { SwaggerModule, DocumentBuilder } from '@nestjs/swagger';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { registration, startApi, startWorker, suiteConfig, tokenFor } from '../support/system';
import { eventually, Json } from '../support/api-client';
import { reviewItemFor } from '../intake/hmpps-events';

/**
 * Callers: in scope of a Leeds pathway registered by LEI, their Birmingham counterparts out of
 * scope, and tokens of an in-scope organisation with the wrong role or none of ours.
 */
const CALLERS = {
  prison: ['LEI', 'prison-healthcare'],
  otherPrison: ['BMI', 'prison-healthcare'],
  community: ['CTS-LDS', 'community-treatment'],
  otherCommunity: ['CTS-BHM', 'community-treatment'],
  probation: ['PDU-LDS', 'probation'],
  otherProbation: ['PDU-BHM', 'probation'],
  commissioner: ['LA-LDS', 'commissioner'],
  otherCommissioner: ['LA-BHM', 'commissioner'],
  admin: ['THC-OPS', 'admin'],
  prisonAsProbation: ['LEI', 'probation'],
  communityAsCommissioner: ['CTS-LDS', 'commissioner'],
  noRole: ['LEI', 'pirate'],
  anonymous: null,
} as const;
type Caller = keyof typeof CALLERS;

type Expect = Partial<Record<Caller, number>> & { otherwise: number };

interface Row {
  /** The registration of a fresh pathway for each caller, when not the default one. */
  registration?: () => Record<string, unknown>;
  /** What else the call needs, found as a caller would (e.g. a message told of the pathway), added to the pathway. */
  prepare?: (
    p: Json,
    get: (caller: Caller, path: string) => Promise<Json>,
    post: (caller: Caller, path: string, body: object) => Promise<Json>,
    put: (caller: Caller, path: string, body: object) => Promise<Json>,
  ) => Promise<Json>;
  /** The request for that pathway (some calls change it). */
  call: (p: Json) => { path: string; body?: object };
  expect: Expect;
  /** For lists: which callers find the pathway in the answer. */
  lists?: { seenBy: Caller[]; has: (p: Json, page: Json) => boolean };
}

/** The message probation is told of a new pathway (its acknowledgement), as probation finds it. */
const toldToProbation: Row['prepare'] = async (p, get) => {
  const told = await eventually('the acknowledgement told to probation', async () => (await get('probation', `/v1/notifications?pathwayId=${p.id}`)).items[0]);
  return { ...p, notificationId: told.id };
};

const OUT_OF_SCOPE = { otherPrison: 404, otherCommunity: 404, otherProbation: 404, otherCommissioner: 404 } as const;
/** Not signed in, or signed in with none of Throughcare's roles. */
const UNAUTHENTICATED = { anonymous: 401, noRole: 403 } as const;
const SIGNED_IN_ONLY = { ...UNAUTHENTICATED, otherwise: 200 };
/** Reports, over each reader's own pathways: everyone but probation (and a token with no role). */
const REPORT_READERS = { probation: 403, otherProbation: 403, prisonAsProbation: 403, ...UNAUTHENTICATED, otherwise: 200 };
/** Those who see the Leeds pathway; the wrong role at an in-scope organisation does not. */
const SEE_THE_PATHWAY: Caller[] = ['prison', 'community', 'probation', 'commissioner'];
const hasItem = (id: string) => (page: Json) => page.items.some((i: Json) => i.id === id || i.pathwayId === id);

/** A London date `days` from today. */
function londonDate(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Europe/London' });
}

let uniqueDay = Math.floor(Math.random() * 600);
/**
 * A release date 400 to 1,000 days from today (inside the three years a release date may be
 * ahead) that no other matrix pathway shares, so a one-day window finds it.
 */
function uniqueReleaseDate(): string {
  uniqueDay = (uniqueDay + 1) % 600;
  return londonDate(400 + uniqueDay);
}
const taskId = (p: Json, type: string) => p.tasks.find((t: Json) => t.type === type).id;

const MATRIX: Record<string, Row> = {
  'GET /health': { call: () => ({ path: '/health' }), expect: { otherwise: 200 } },
  'GET /metrics': { call: () => ({ path: '/metrics' }), expect: { otherwise: 200 } },
  // GOV.UK Notify alone, by the token set in NOTIFY_INBOUND_TOKEN: no person's token is it (test/e2e/received-texts covers the rest).
  'POST /v1/notify/received-texts': {
    call: (p) => ({
      path: '/v1/notify/received-texts',
      body: { id: p.id, source_number: '447700900000', destination_number: '07700900001', message: 'STOP', date_received: '2027-01-08 10:30:00.000000' },
    }),
    expect: { otherwise: 401 },
  },
  'GET /v1/organisations': { call: () => ({ path: '/v1/organisations' }), expect: SIGNED_IN_ONLY },
  'POST /v1/organisations': {
    call: (p) => ({ path: '/v1/organisations', body: { code: `T-${p.id.slice(0, 8).toUpperCase()}`, name: 'A test service', type: 'community-treatment', areas: ['E99999998'] } }),
    expect: { admin: 201, ...UNAUTHENTICATED, otherwise: 403 },
  },
  'PUT /v1/organisations/{code}': {
    call: () => ({ path: '/v1/organisations/THC-OPS', body: { name: 'Throughcare operations', areas: [] } }),
    expect: { admin: 200, ...UNAUTHENTICATED, otherwise: 403 },
  },
  'POST /v1/releases': {
    call: () => ({ path: '/v1/releases', body: registration() }),
    expect: { prison: 201, ...UNAUTHENTICATED, otherwise: 403 },
  },
  'GET /v1/pathways': {
    registration: () => registration({ releaseDate: uniqueReleaseDate(), releaseDateType: 'CONFIRMED' }),
    call: (p) => ({ path: `/v1/pathways?releaseFrom=${p.releaseDate}&releaseTo=${p.releaseDate}&limit=200` }),
    expect: SIGNED_IN_ONLY,
    lists: { seenBy: SEE_THE_PATHWAY, has: (p, page) => hasItem(p.id)(page) },
  },
  'GET /v1/pathways/{id}': {
    call: (p) => ({ path: `/v1/pathways/${p.id}` }),
    expect: { prison: 200, community: 200, probation: 200, commissioner: 200, ...UNAUTHENTICATED, otherwise: 404 },
  },
  'GET /v1/pathways/{id}/audit': {
    call: (p) => ({ path: `/v1/pathways/${p.id}/audit` }),
    expect: { commissioner: 200, admin: 200, prison: 403, community: 403, probation: 403, ...OUT_OF_SCOPE, ...UNAUTHENTICATED, otherwise: 404 },
  },
  'PUT /v1/pathways/{id}/person': {
    call: (p) => ({ path: `/v1/pathways/${p.id}/person`, body: { givenName: 'Samuel', familyName: 'Example', dateOfBirth: '1985-04-12' } }),
    expect: { prison: 200, community: 403, probation: 403, commissioner: 403, ...UNAUTHENTICATED, otherwise: 404 },
  },
  'PUT /v1/pathways/{id}/contact': {
    call: (p) => ({ path: `/v1/pathways/${p.id}/contact`, body: { mobileNumber: '07700 123456', consentToText: true } }),
    // The pathway's healthcare teams; probation (here with the person's consent to share) and commissioners are refused.
    expect: { prison: 200, community: 200, probation: 403, commissioner: 403, ...UNAUTHENTICATED, otherwise: 404 },
  },
  'DELETE /v1/pathways/{id}/contact': {
    prepare: async (p, _get, _post, put) => {
      await put('prison', `/v1/pathways/${p.id}/contact`, { mobileNumber: '07700 123456', consentToText: true });
      return p;
    },
    call: (p) => ({ path: `/v1/pathways/${p.id}/contact` }),
    expect: { prison: 200, community: 200, probation: 403, commissioner: 403, ...UNAUTHENTICATED, otherwise: 404 },
  },
  'POST /v1/pathways/{id}/release-date': {
    call: (p) => ({ path: `/v1/pathways/${p.id}/release-date`, body: { releaseDate: londonDate(150), releaseDateType: 'CRD', reason: 'Recalculated' } }),
    expect: { prison: 200, community: 403, probation: 403, commissioner: 403, ...UNAUTHENTICATED, otherwise: 404 },
  },
  'POST /v1/pathways/{id}/released': {
    call: (p) => ({ path: `/v1/pathways/${p.id}/released`, body: { releasedOn: londonDate(-1), kind: 'planned' } }),
    expect: { prison: 200, community: 403, probation: 403, commissioner: 403, ...UNAUTHENTICATED, otherwise: 404 },
  },
  'POST /v1/pathways/{id}/returned-to-custody': {
    call: (p) => ({ path: `/v1/pathways/${p.id}/returned-to-custody`, body: { on: londonDate(-1), reason: 'Recalled' } }),
    expect: { prison: 200, probation: 200, community: 403, commissioner: 403, ...UNAUTHENTICATED, otherwise: 404 },
  },
  'POST /v1/pathways/{id}/cancel': {
    call: (p) => ({ path: `/v1/pathways/${p.id}/cancel`, body: { reason: 'Registered in error' } }),
    expect: { prison: 200, community: 403, probation: 403, commissioner: 403, ...UNAUTHENTICATED, otherwise: 404 },
  },
  'POST /v1/pathways/{id}/transfer': {
    call: (p) => ({ path: `/v1/pathways/${p.id}/transfer`, body: { prisonCode: 'BMI' } }),
    expect: { prison: 200, community: 403, probation: 403, commissioner: 403, ...UNAUTHENTICATED, otherwise: 404 },
  },
  'GET /v1/tasks': {
    call: (p) => ({ path: `/v1/tasks?pathwayId=${p.id}` }),
    expect: SIGNED_IN_ONLY,
    // A worklist holds the caller's own tasks: on a new pathway, the prison's and probation's.
    lists: { seenBy: ['prison', 'probation'], has: (p, page) => hasItem(p.id)(page) },
  },
  'GET /v1/tasks/{id}': {
    call: (p) => ({ path: `/v1/tasks/${taskId(p, 'assessment')}` }),
    expect: { prison: 200, community: 200, probation: 200, commissioner: 200, ...UNAUTHENTICATED, otherwise: 404 },
  },
  'POST /v1/tasks/{id}/{action}': {
    call: (p) => ({ path: `/v1/tasks/${taskId(p, 'assessment')}/complete`, body: {} }),
    expect: { prison: 200, community: 403, probation: 403, commissioner: 403, ...UNAUTHENTICATED, otherwise: 404 },
  },
  'GET /v1/escalations': {
    // Released tomorrow on OST: the OST bridge is overdue at once and escalates at L2.
    registration: () => registration({ releaseDate: londonDate(1), releaseDateType: 'CONFIRMED' }),
    call: (p) => ({ path: `/v1/escalations?pathwayId=${p.id}` }),
    expect: SIGNED_IN_ONLY,
    lists: { seenBy: SEE_THE_PATHWAY, has: (p, page) => hasItem(p.id)(page) },
  },
  'GET /v1/notifications': {
    call: (p) => ({ path: `/v1/notifications?state=all&pathwayId=${p.id}` }),
    expect: SIGNED_IN_ONLY,
    // Each organisation's own messages: on a new pathway, the prison's tasks and probation's acknowledgement.
    lists: { seenBy: ['prison', 'probation'], has: (p, page) => hasItem(p.id)(page) },
  },
  'POST /v1/notifications/{id}/read': {
    prepare: toldToProbation,
    call: (p) => ({ path: `/v1/notifications/${p.notificationId}/read`, body: {} }),
    expect: { probation: 200, ...UNAUTHENTICATED, otherwise: 404 },
  },
  'POST /v1/notifications/read': {
    prepare: toldToProbation,
    call: (p) => ({ path: '/v1/notifications/read', body: { ids: [p.notificationId] } }),
    expect: SIGNED_IN_ONLY,
    // Only the organisation told marks it read: anyone else's answer marks and lists nothing.
    lists: { seenBy: ['probation'], has: (p, page) => page.items.some((n: Json) => n.id === p.notificationId) },
  },
  'POST /v1/releases/imports': {
    // A prison sends its own list; a row for another prison would be answered as invalid.
    call: () => ({ path: '/v1/releases/imports', body: [registration()] }),
    expect: { prison: 202, otherPrison: 202, ...UNAUTHENTICATED, otherwise: 403 },
  },
  'GET /v1/releases/imports': {
    prepare: async (p, _get, post) => ({ ...p, importId: (await post('prison', '/v1/releases/imports', [registration()])).id }),
    call: () => ({ path: '/v1/releases/imports?limit=200' }),
    expect: SIGNED_IN_ONLY,
    // The prison that sent it and admins; another prison, and every other role, sees none of it.
    lists: { seenBy: ['prison', 'admin'], has: (p, page) => page.items.some((i: Json) => i.id === p.importId) },
  },
  'GET /v1/releases/imports/{id}': {
    prepare: async (p, _get, post) => ({ ...p, importId: (await post('prison', '/v1/releases/imports', [registration()])).id }),
    call: (p) => ({ path: `/v1/releases/imports/${p.importId}` }),
    expect: { prison: 200, admin: 200, ...UNAUTHENTICATED, otherwise: 404 },
  },
  'GET /v1/organisations/{code}/contacts': {
    call: () => ({ path: '/v1/organisations/LEI/contacts' }),
    // The organisation itself (whatever its role) and admins.
    expect: { prison: 200, prisonAsProbation: 200, admin: 200, ...UNAUTHENTICATED, otherwise: 403 },
  },
  'PUT /v1/organisations/{code}/contacts': {
    call: () => ({ path: '/v1/organisations/THC-OPS/contacts', body: { teamEmail: 'operations@example.org' } }),
    expect: { admin: 200, ...UNAUTHENTICATED, otherwise: 403 },
  },
  'POST /v1/organisations/{code}/webhooks/{id}/rotate-secret': {
    prepare: async (p, _get, _post, put) => {
      const contacts = await put('admin', '/v1/organisations/THC-OPS/contacts', { webhooks: [{ url: 'https://matrix.example.org/hook', events: ['task.created'] }] });
      return { ...p, webhookId: contacts.webhooks[0].id };
    },
    call: (p) => ({ path: `/v1/organisations/THC-OPS/webhooks/${p.webhookId}/rotate-secret`, body: {} }),
    expect: { admin: 200, ...UNAUTHENTICATED, otherwise: 403 },
  },
  'GET /v1/organisations/{code}/profile': { call: () => ({ path: '/v1/organisations/CTS-LDS/profile' }), expect: SIGNED_IN_ONLY },
  'PUT /v1/organisations/{code}/profile': {
    call: () => ({
      path: '/v1/organisations/THC-OPS/profile',
      body: { displayName: 'Throughcare operations', address: { lines: ['1 Example Street'], town: 'Leeds', postcode: 'LS1 9ZZ' }, phone: '0113 496 0555' },
    }),
    // Admins, and an organisation's own organisation-admin (test/e2e/organisation-profiles).
    expect: { admin: 200, ...UNAUTHENTICATED, otherwise: 403 },
  },
  'GET /v1/pathways/{id}/plan': {
    call: (p) => ({ path: `/v1/pathways/${p.id}/plan` }),
    // The pathway's healthcare teams; others who see the pathway are refused, the rest never learn of it.
    expect: { prison: 200, community: 200, probation: 403, commissioner: 403, ...UNAUTHENTICATED, otherwise: 404 },
  },
  'GET /v1/deliveries': { call: () => ({ path: '/v1/deliveries?state=failed' }), expect: { admin: 200, ...UNAUTHENTICATED, otherwise: 403 } },
  'POST /v1/deliveries/{id}/retry': {
    call: () => ({ path: '/v1/deliveries/00000000-0000-4000-8000-000000000000/retry', body: {} }),
    expect: { admin: 404, ...UNAUTHENTICATED, otherwise: 403 },
  },
  'GET /v1/pathways/{id}/deliveries': {
    call: (p) => ({ path: `/v1/pathways/${p.id}/deliveries` }),
    // The pathway's healthcare teams and admins; others who see the pathway are refused, the rest never learn of it.
    expect: { prison: 200, community: 200, admin: 200, probation: 403, commissioner: 403, ...UNAUTHENTICATED, otherwise: 404 },
  },
  'POST /codec/decode': { call: () => ({ path: '/codec/decode', body: { payloads: [] } }), expect: { admin: 200, ...UNAUTHENTICATED, otherwise: 403 } },
  'POST /codec/encode': { call: () => ({ path: '/codec/encode', body: { payloads: [] } }), expect: { admin: 200, ...UNAUTHENTICATED, otherwise: 403 } },
  'GET /v1/intake/reviews': {
    prepare: async (p) => ({ ...p, reviewId: await reviewItemFor(p.id) }),
    call: (p) => ({ path: `/v1/intake/reviews?pathwayId=${p.id}` }),
    // Any prison's healthcare team lists its own prison's items; only Leeds's team finds this one.
    expect: { prison: 200, otherPrison: 200, ...UNAUTHENTICATED, otherwise: 403 },
    lists: { seenBy: ['prison'], has: (p, page) => hasItem(p.id)(page) },
  },
  'GET /v1/intake/reviews/{id}': {
    prepare: async (p) => ({ ...p, reviewId: await reviewItemFor(p.id) }),
    call: (p) => ({ path: `/v1/intake/reviews/${p.reviewId}` }),
    expect: { prison: 200, otherPrison: 404, ...UNAUTHENTICATED, otherwise: 403 },
  },
  'POST /v1/intake/reviews/{id}/resolve': {
    prepare: async (p) => ({ ...p, reviewId: await reviewItemFor(p.id) }),
    call: (p) => ({ path: `/v1/intake/reviews/${p.reviewId}/resolve`, body: { resolution: 'dismissed', reason: 'Back from hospital the same day' } }),
    expect: { prison: 200, otherPrison: 404, ...UNAUTHENTICATED, otherwise: 403 },
  },
  'GET /v1/intake/events': { call: () => ({ path: '/v1/intake/events' }), expect: { admin: 200, ...UNAUTHENTICATED, otherwise: 403 } },
  'GET /v1/faults': { call: () => ({ path: '/v1/faults' }), expect: { admin: 200, ...UNAUTHENTICATED, otherwise: 403 } },
  'GET /v1/reports/continuity-of-care': { call: () => ({ path: '/v1/reports/continuity-of-care?groupBy=area' }), expect: REPORT_READERS },
  'GET /v1/reports/continuity-of-care.svg': { call: () => ({ path: '/v1/reports/continuity-of-care.svg' }), expect: REPORT_READERS },
  'GET /v1/reports/handover-steps.svg': { call: () => ({ path: '/v1/reports/handover-steps.svg' }), expect: REPORT_READERS },
  'GET /v1/reports/handover-steps': { call: () => ({ path: '/v1/reports/handover-steps' }), expect: REPORT_READERS },
  'GET /v1/policies': { call: () => ({ path: '/v1/policies' }), expect: SIGNED_IN_ONLY },
  'POST /v1/policies': {
    call: () => ({
      path: '/v1/policies',
      body: { id: 'matrix-policy', dueTime: '17:00', lateRegistrationWeeks: 12, outcomeWindow: '+21D', ladder: [], steps: [{ type: 'assessment', owner: 'prison', trigger: { on: 'registration' }, due: { anchor: 'release', offset: '-20WD' } }] },
    }),
    expect: { admin: 201, ...UNAUTHENTICATED, otherwise: 403 },
  },
  'PUT /v1/areas/{area}/policy': {
    call: () => ({ path: '/v1/areas/E99999999/policy', body: { policyId: 'england-default' } }),
    expect: { admin: 200, ...UNAUTHENTICATED, otherwise: 403 },
  },
};

describe('the access matrix', () => {
  let api: INestApplication;
  let worker: INestApplicationContext;
  const tokens: Partial<Record<Caller, string>> = {};

  beforeAll(async () => {
    const config = suiteConfig({ NOTIFY_INBOUND_TOKEN: randomBytes(32).toString('base64url') });
    worker = await startWorker(config);
    ({ app: api } = await startApi(config));
    for (const [caller, identity] of Object.entries(CALLERS)) {
      if (identity) tokens[caller as Caller] = await tokenFor(identity[0], identity[1]);
    }
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
  });

  it('covers every route the API serves', () => {
    const document = SwaggerModule.createDocument(api, new DocumentBuilder().build());
    const routes = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(routes.filter((r) => !(r in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((r) => !routes.includes(r))).toEqual([]);
  });

  /**
   * The pathway each route's callers are tried on, prepared once and kept while nothing changes
   * it: a refusal leaves it as it was, and a read changes nothing, so only an accepted change
   * (2xx to anything but GET) makes the next caller start from a fresh one.
   */
  const prepared = new Map<string, Json>();

  describe.each(Object.entries(MATRIX))('%s', (route, row) => {
    it.each(Object.keys(CALLERS) as Caller[])('answers %s as the matrix says', async (caller) => {
      const server = api.getHttpServer();
      const get = async (as: Caller, path: string) => (await request(server).get(path).set('Authorization', `Bearer ${tokens[as]}`).expect(200)).body;
      const post = async (as: Caller, path: string, body: object) => (await request(server).post(path).set('Authorization', `Bearer ${tokens[as]}`).send(body)).body;
      const put = async (as: Caller, path: string, body: object) => (await request(server).put(path).set('Authorization', `Bearer ${tokens[as]}`).send(body)).body;
      const fresh = async (): Promise<Json> => {
        const registered = (await request(server).post('/v1/releases').set('Authorization', `Bearer ${tokens.prison}`).send((row.registration ?? registration)()).expect(201)).body;
        return row.prepare ? row.prepare(registered, get, post, put) : registered;
      };
      const pathway: Json = prepared.get(route) ?? (await fresh());
      prepared.set(route, pathway);
      if (row.lists && route.includes('escalations')) {
        await eventually('the first escalation', async () => (await request(server).get(`/v1/pathways/${pathway.id}`).set('Authorization', `Bearer ${tokens.prison}`)).body.escalations.length > 0);
      }
      const { path, body } = row.call(pathway);
      const method = route.split(' ')[0].toLowerCase() as 'get' | 'post' | 'put' | 'delete';
      const req = request(api.getHttpServer())[method](path);
      if (tokens[caller]) req.set('Authorization', `Bearer ${tokens[caller]}`);
      const res = await (body ? req.send(body) : req);
      if (method !== 'get' && res.status < 300) prepared.delete(route);
      const expected = row.expect[caller] ?? row.expect.otherwise;
      expect({ route, caller, status: res.status }).toEqual({ route, caller, status: expected });
      if (res.status >= 400) expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      if (row.lists && res.status === 200) {
        expect({ route, caller, listed: row.lists.has(pathway, res.body) }).toEqual({ route, caller, listed: row.lists.seenBy.includes(caller) });
      }
    });
  });
});
