/**
 * A GOV.UK Notify stand-in on loopback, for tests: checks the client's JWT as Notify does
 * (issuer = the key's service id, HS256 with the key's secret) and records each e-mail and
 * text. Texts answer Notify's way: `sendSms` 201 with an id (or 429 while `rateLimited` lasts);
 * `getNotificationById` says `sending` at the first read and then the number's outcome
 * (`outcomes`, by default `delivered`); `getNotifications` finds a text by its reference.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtVerify } from 'jose';
import { sleep, type Json } from './api-client';

export interface Received {
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: Json;
  status: number;
  /** When it arrived (ms since the epoch). */
  at?: number;
}

/** Listens on a loopback port; `handle` answers each request with a status and records it. */
export async function listen(
  handle: (req: http.IncomingMessage, raw: string) => Promise<{ status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number }>,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void handle(req, Buffer.concat(chunks).toString('utf8')).then(async ({ status, body, headers, delayMs }) => {
        if (delayMs) await sleep(delayMs);
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(body === undefined ? '' : JSON.stringify(body));
      });
    });
  });
  server.keepAliveTimeout = 500;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Notify's final states of a text. */
export type SmsOutcome = 'delivered' | 'permanent-failure' | 'temporary-failure' | 'technical-failure';

export interface SentText extends Received {
  id: string;
  /** Reads of its state so far. */
  reads: number;
}

const error = (status: number, name: string, message: string) => ({ status, body: { status_code: status, errors: [{ error: name, message }] } });

export class NotifyStandIn {
  readonly serviceId = randomUUID();
  readonly secret = randomUUID();
  readonly apiKey = `e2e_test-${this.serviceId}-${this.secret}`;
  readonly emails: Received[] = [];
  readonly texts: SentText[] = [];
  readonly refused: string[] = [];
  /** Each text's final state, by the number it went to. */
  readonly outcomes = new Map<string, SmsOutcome>();
  /** How many more texts are answered 429 (Notify's rate limit) before one is taken. */
  rateLimited = 0;
  /** Texts refused with a 429 so far. */
  throttled = 0;
  url = '';
  close: () => Promise<void> = async () => undefined;

  async start(): Promise<void> {
    ({ url: this.url, close: this.close } = await listen(async (req, raw) => {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      try {
        if (!token) throw new Error('no token');
        await jwtVerify(token, new TextEncoder().encode(this.secret), { issuer: this.serviceId, algorithms: ['HS256'] });
      } catch (err) {
        this.refused.push(String(err));
        return error(403, 'AuthError', 'Invalid token');
      }
      const url = new URL(req.url ?? '/', 'http://notify');
      if (req.method === 'POST' && url.pathname === '/v2/notifications/email') return this.email(req, raw);
      if (req.method === 'POST' && url.pathname === '/v2/notifications/sms') return this.sms(req, raw);
      if (req.method === 'GET' && url.pathname === '/v2/notifications') return this.list(url.searchParams);
      const byId = /^\/v2\/notifications\/([0-9a-f-]{36})$/.exec(url.pathname);
      if (req.method === 'GET' && byId) return this.read(byId[1]);
      return error(404, 'NotFound', 'Not found');
    }));
  }

  private email(req: http.IncomingMessage, raw: string) {
    const body = JSON.parse(raw) as Json;
    this.emails.push({ headers: req.headers, raw, body, status: 201 });
    return { status: 201, body: { id: randomUUID(), reference: body.reference, content: { subject: 's', body: 'b', from_email: 'x@notify' }, uri: '', template: { id: body.template_id, version: 1, uri: '' } } };
  }

  private sms(req: http.IncomingMessage, raw: string) {
    if (this.rateLimited > 0) {
      this.rateLimited--;
      this.throttled++;
      return error(429, 'RateLimitError', 'Exceeded rate limit for key type TEAM of 3000 requests per 60 seconds');
    }
    const body = JSON.parse(raw) as Json;
    const text: SentText = { id: randomUUID(), headers: req.headers, raw, body, status: 201, at: Date.now(), reads: 0 };
    this.texts.push(text);
    return { status: 201, body: { id: text.id, reference: body.reference, content: { body: 'b', from_number: 'GOVUK' }, uri: '', template: { id: body.template_id, version: 1, uri: '' } } };
  }

  private read(id: string) {
    const text = this.texts.find((t) => t.id === id);
    if (!text) return error(404, 'NoResultFound', 'No result found');
    text.reads++;
    return { status: 200, body: this.notification(text) };
  }

  private list(query: URLSearchParams) {
    const reference = query.get('reference');
    const found = this.texts.filter((t) => (query.get('template_type') ?? 'sms') === 'sms' && (!reference || t.body.reference === reference));
    return { status: 200, body: { notifications: found.map((t) => this.notification(t)), links: { current: '' } } };
  }

  private notification(text: SentText) {
    const status = text.reads <= 1 ? 'sending' : (this.outcomes.get(text.body.phone_number as string) ?? 'delivered');
    return { id: text.id, reference: text.body.reference, type: 'sms', status, phone_number: text.body.phone_number, template: { id: text.body.template_id, version: 1, uri: '' } };
  }
}
