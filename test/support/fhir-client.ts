/** A client for the FHIR API in the scenarios: each answer's status and media type asserted, and its body checked against R4. */
import request from 'supertest';
import type { App } from 'supertest/types';
import type { Json } from './api-client';
import { expectValidR4 } from './fhir-conformance';

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
