/**
 * An HTTP stand-in for HMPPS Auth and Prisoner Search that checks what the real ones check:
 * `POST /auth/oauth/token` takes only `grant_type=client_credentials` with the client's id and
 * secret as HTTP Basic auth and answers a token with its lifetime; `GET /prisoner/{number}`
 * takes only a live token it issued and answers 404 for a person it does not know. Tests set
 * the people, make a person's reads fail (a status, or no answer at all), and count requests.
 * `npm run start:production-like` serves one too (scripts/lib/production-like.mts), whose people
 * are looked up as they were registered, with a client of its own.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

export const STAND_IN_CLIENT = { id: 'throughcare-test', secret: 'stand-in-secret' };

/** A person's Prisoner Search record by prison number, or undefined for someone it does not know. */
export type PersonLookup = (prisonNumber: string) => Promise<Record<string, unknown> | undefined>;

export class HmppsApiStandIn {
  /** Prisoner Search records by prison number. */
  readonly people = new Map<string, Record<string, unknown>>();
  /** Reads that fail, by prison number: a status to answer, or 'hang' to answer nothing. */
  readonly failing = new Map<string, number | 'hang'>();
  readonly reads = new Map<string, number>();
  tokensIssued = 0;
  /** Seconds each issued token lives. */
  tokenLifetimeSeconds = 1200;
  private readonly tokens = new Map<string, number>();
  private server?: Server;
  url = '';

  private readonly lookup: PersonLookup;
  private readonly client: { id: string; secret: string };

  /** `lookup` answers for people not in `people`; `client` is the client id and secret it takes. */
  constructor(lookup: PersonLookup = async () => undefined, client = STAND_IN_CLIENT) {
    // Plain fields, not parameter properties: scripts run this file with Node's type stripping.
    this.lookup = lookup;
    this.client = client;
  }

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => void this.answer(req, res).catch(() => send(res, 500, { status: 500, userMessage: 'Something went wrong' })));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** The settings that point a worker here. */
  settings(): Record<string, string> {
    return { PRISONER_SEARCH_URL: this.url, HMPPS_AUTH_URL: `${this.url}/auth`, HMPPS_CLIENT_ID: this.client.id, HMPPS_CLIENT_SECRET: this.client.secret };
  }

  readsOf(prisonNumber: string): number {
    return this.reads.get(prisonNumber) ?? 0;
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    if (req.method === 'POST' && req.url === '/auth/oauth/token') return this.token(req, body, res);
    const match = /^\/prisoner\/([A-Z0-9]+)$/.exec(req.url ?? '');
    if (req.method === 'GET' && match) return this.prisoner(req, match[1], res);
    send(res, 404, { status: 404, userMessage: 'Not found' });
  }

  private token(req: IncomingMessage, body: string, res: ServerResponse): void {
    const expected = `Basic ${Buffer.from(`${this.client.id}:${this.client.secret}`).toString('base64')}`;
    if (req.headers.authorization !== expected) return send(res, 401, { error: 'unauthorized', error_description: 'Bad client credentials' });
    if (new URLSearchParams(body).get('grant_type') !== 'client_credentials') return send(res, 400, { error: 'unsupported_grant_type' });
    const token = randomUUID();
    this.tokens.set(token, Date.now() + this.tokenLifetimeSeconds * 1000);
    this.tokensIssued++;
    send(res, 200, { access_token: token, token_type: 'bearer', expires_in: this.tokenLifetimeSeconds, scope: 'read', sub: this.client.id, auth_source: 'none', iss: `${this.url}/auth/issuer` });
  }

  private async prisoner(req: IncomingMessage, prisonNumber: string, res: ServerResponse): Promise<void> {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const expires = token ? this.tokens.get(token) : undefined;
    if (!expires || expires < Date.now()) return send(res, 401, { status: 401, userMessage: 'Unauthorised' });
    this.reads.set(prisonNumber, this.readsOf(prisonNumber) + 1);
    const failure = this.failing.get(prisonNumber);
    if (failure === 'hang') return; // never answers: the caller's own timeout must end the wait
    if (failure) return send(res, failure, { status: failure, userMessage: 'Something went wrong' });
    const person = this.people.get(prisonNumber) ?? (await this.lookup(prisonNumber));
    if (!person) return send(res, 404, { status: 404, userMessage: `No record found for prisoner ${prisonNumber}` });
    send(res, 200, { prisonerNumber: prisonNumber, status: 'ACTIVE IN', prisonId: 'LEI', ...person });
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
