/** A client for the FHIR API in the scenarios: each answer's status and media type asserted, and its body checked against R4. */
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types';
import type { Config } from '@throughcare/config';
import { ApiClient, type Json } from './api-client';
import { expectValidR4 } from './fhir-conformance';
import { registration, startApi, startWorker, suiteConfig, tokenFor } from './system';
import { BARS } from '@throughcare/fhir';

export class FhirClient {
  constructor(
    private readonly server: App,
    private readonly token: string | null,
  ) {}

  private checked(res: request.Response, status: number, what: string): Json {
    if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status}: ${res.text}`);
    if (res.text) {
      expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
      expectValidR4(res.body);
    }
    return res.body;
  }

  private authorised(req: request.Test, headers: Record<string, string>): request.Test {
    if (this.token) req.set('Authorization', `Bearer ${this.token}`);
    for (const [name, value] of Object.entries(headers)) req.set(name, value);
    return req;
  }

  async get(path: string, status = 200, headers: Record<string, string> = {}): Promise<Json> {
    return this.checked(await this.authorised(request(this.server).get(`/fhir/R4/${path}`), headers), status, `GET ${path}`);
  }

  /** A body sent as JSON text with the given media type (FHIR's own by default). */
  async send(method: 'post' | 'put' | 'patch', path: string, body: unknown, status = 200, headers: Record<string, string> = {}): Promise<Json> {
    const req = this.authorised(request(this.server)[method](`/fhir/R4/${path}`), { 'Content-Type': 'application/fhir+json', ...headers });
    return this.checked(await req.send(typeof body === 'string' ? body : JSON.stringify(body)), status, `${method.toUpperCase()} ${path}`);
  }

  /** Every page of a search, following its next links. */
  async searchAll(query: string): Promise<{ pages: Json[]; matches: Json[] }> {
    const pages: Json[] = [];
    let path: string | null = `Task?${query}`;
    while (path) {
      const page = await this.get(path);
      pages.push(page);
      const next: string | undefined = page.link.find((l: Json) => l.relation === 'next')?.url;
      path = next ? next.slice(next.indexOf('/fhir/R4/') + '/fhir/R4/'.length) : null;
    }
    return { pages, matches: pages.flatMap((p) => (p.entry ?? []).filter((e: Json) => e.search.mode === 'match').map((e: Json) => e.resource)) };
  }
}

/** The resources of a Bundle's entries that `_include` brought. */
export const includedIn = (bundle: Json): Json[] => (bundle.entry ?? []).filter((e: Json) => e.search.mode === 'include').map((e: Json) => e.resource);
export const matchesIn = (bundle: Json): Json[] => (bundle.entry ?? []).filter((e: Json) => e.search.mode === 'match').map((e: Json) => e.resource);

/** The FHIR suites' system: a worker and an API on a suite's own configuration, and callers by organisation and role. */
export interface FhirSystem {
  config: Config;
  api: INestApplication;
  worker: INestApplicationContext;
  server: App;
  /** A /v1 client with a token of the organisation and role. */
  v1(org: string, role: string): Promise<ApiClient>;
  /** A FHIR client with a token of the organisation and role. */
  fhir(org: string, role: string): Promise<FhirClient>;
  close(): Promise<void>;
}

export async function startFhirSystem(overrides: Record<string, string> = {}): Promise<FhirSystem> {
  const config = suiteConfig(overrides);
  const worker = await startWorker(config);
  const { app: api } = await startApi(config);
  const server = api.getHttpServer() as App;
  return {
    config,
    api,
    worker,
    server,
    v1: async (org, role) => new ApiClient(server, await tokenFor(org, role)),
    fhir: async (org, role) => new FhirClient(server, await tokenFor(org, role)),
    close: async () => {
      await api.close();
      await worker.close();
    },
  };
}

/**
 * A referral the prison has sent: the pathway as registered, and the acceptance Task as its
 * owner finds it through FHIR (`requested`, in the owner's worklist).
 */
export async function sentReferral(prison: ApiClient, owner: FhirClient, ownerCode: string, overrides: Record<string, unknown> = {}): Promise<{ pathway: Json; task: Json }> {
  const pathway = await prison.post('/v1/releases', registration(overrides), 201);
  await prison.post(`/v1/tasks/${pathway.tasks.find((t: Json) => t.type === 'referral').id}/complete`, {});
  const [task] = matchesIn(await owner.get(`Task?owner=${ownerCode}&status=requested&patient=${pathway.id}`));
  expect(task).toMatchObject({ status: 'requested', code: { coding: [{ code: 'referral-acceptance' }] } });
  return { pathway, task };
}

let messages = 0;
const nextMessageId = () => `bars-e2e-${process.pid}-${++messages}`;

/** A BaRS message as a receiving system sends it: the MessageHeader of `event`, focused on the one resource it carries. */
const barsMessage = (event: string, messageId: string, focus: { fullUrl: string; resource: Record<string, unknown> }): Json => ({
  resourceType: 'Bundle',
  type: 'message',
  timestamp: new Date().toISOString(),
  entry: [
    {
      fullUrl: 'urn:uuid:0c1b8a55-3e0b-4d3b-8a43-5f5a1c1f2b7e',
      resource: {
        resourceType: 'MessageHeader',
        id: messageId,
        eventCoding: { system: BARS.events, code: event },
        source: { endpoint: 'https://cms.forward-leeds.example/bars' },
        reason: { coding: [{ system: BARS.reasons, code: 'new' }] },
        focus: [{ reference: focus.fullUrl.startsWith('urn:') ? focus.fullUrl : `${String(focus.resource.resourceType)}/${String(focus.resource.id)}` }],
      },
    },
    focus,
  ],
});

/** A BaRS servicerequest-response: `status` active accepts the referral, revoked (with a note) declines it. */
export const barsResponse = (referralId: string, serviceRequest: object, messageId = nextMessageId()) =>
  barsMessage('servicerequest-response', messageId, {
    fullUrl: `https://cms.forward-leeds.example/fhir/ServiceRequest/${referralId}`,
    resource: { resourceType: 'ServiceRequest', id: referralId, intent: 'plan', subject: { display: 'The person referred' }, ...serviceRequest },
  });

/** A BaRS booking-request: the referral's first appointment, booked at `start`. */
export const barsBooking = (referralId: string, start: string, messageId = nextMessageId()) =>
  barsMessage('booking-request', messageId, {
    fullUrl: 'urn:uuid:7c9d2e4f-6a1b-4c3d-8e5f-0a1b2c3d4e5f',
    resource: { resourceType: 'Appointment', status: 'booked', start, basedOn: [{ reference: `ServiceRequest/${referralId}` }], participant: [{ status: 'accepted', type: [{ text: 'Key worker' }] }] },
  });
