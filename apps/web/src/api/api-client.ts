/**
 * The web app's only way to the data: the public API, called with the signed-in person's own
 * token, as any other client. Access rules stay in the API; a page shows what the API answers.
 * Every call waits a bounded time.
 */
import { Inject, Injectable } from '@nestjs/common';
import { WebConfig } from '../web-config';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface ApiAnswer {
  status: number;
  body: Json;
}

/** The API said no in a way a page shows as a whole page: not found, not signed in, or down. */
export class ApiPageError extends Error {
  constructor(
    readonly status: number,
    readonly problem?: Json,
  ) {
    super(`API answered ${status}`);
  }
}

const TIMEOUT_MS = 25_000;

@Injectable()
export class ApiClient {
  constructor(@Inject(WebConfig) private readonly config: WebConfig) {}

  /** Any answer; the page decides what a 4xx means for it. */
  async call(token: string, method: 'GET' | 'POST' | 'PUT', path: string, body?: object, idempotencyKey?: string): Promise<ApiAnswer> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (body) headers['content-type'] = 'application/json';
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    let res: Response;
    try {
      res = await fetch(new URL(path, this.config.API_URL), { method, headers, body: body ? JSON.stringify(body) : undefined, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch {
      throw new ApiPageError(503);
    }
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Json) : {} };
  }

  /** A read of something other than JSON (a chart as SVG): the text when 200, else a whole-page answer. */
  async text(token: string, path: string, accept: string): Promise<string> {
    let res: Response;
    try {
      res = await fetch(new URL(path, this.config.API_URL), { headers: { authorization: `Bearer ${token}`, accept }, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch {
      throw new ApiPageError(503);
    }
    const text = await res.text();
    if (res.status !== 200) throw new ApiPageError(res.status, text && /json/.test(res.headers.get('content-type') ?? '') ? (JSON.parse(text) as Json) : undefined);
    return text;
  }

  /** A read whose only good answer is 200; anything else becomes a whole-page answer (a malformed read, 404). */
  async get(token: string, path: string): Promise<Json> {
    const answer = await this.call(token, 'GET', path);
    // A read the API refuses as malformed is a page's address someone edited (an id that is no
    // id): there is no such page, so "Page not found", not "a problem with the service".
    if (answer.status === 400) throw new ApiPageError(404, answer.body);
    if (answer.status !== 200) throw new ApiPageError(answer.status, answer.body);
    return answer.body;
  }
}
