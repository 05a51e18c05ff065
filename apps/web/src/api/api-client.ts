/**
 * The web app's only way to the data: the public API, called with the signed-in person's own
 * token, as any other client, through the client generated from docs/openapi.json (its types in
 * openapi.d.ts, openapi-fetch underneath). Access rules stay in the API; a page shows what the
 * API answers, typed by the contract. Every call waits a bounded time. The end-to-end tests'
 * client (test/support/api-client.ts) is a wrapper over this one.
 */
import { Inject, Injectable } from '@nestjs/common';
import createClient, { type Client } from 'openapi-fetch';
import { WebConfig } from '../web-config';
import type { Answer, BodyOf, paths, Problem } from './api-paths';

export type { Problem } from './api-paths';

/** A good answer with the contract's body, or a refusal with its problem details. */
export type ApiAnswer<T> = { ok: true; status: number; body: T } | { ok: false; status: number; body: Problem };

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** The API said no in a way a page shows as a whole page: not found, not signed in, or down. */
export class ApiPageError extends Error {
  constructor(
    readonly status: number,
    /** The refusal's problem details, when the API gave them. */
    readonly problem?: object,
  ) {
    super(`API answered ${status}`);
  }
}

const TIMEOUT_MS = 25_000;

/** The generated typed client for one caller at `baseUrl`: their token on every request, each bounded in time. */
export function throughcareApi(baseUrl: string, token: string): Client<paths> {
  return createClient<paths>({
    baseUrl: baseUrl.replace(/\/$/, ''),
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    fetch: (request) => fetch(new Request(request, { signal: AbortSignal.timeout(TIMEOUT_MS) })),
  });
}

/**
 * Any request, by the path as written (`/v1/tasks/${id}/decline`), its answer typed by the
 * template it fills. The body is sent as given: a client may send what the contract refuses
 * (the tests do, to see the refusal), so it is checked by the API, not here.
 */
export async function callApi<S extends string, M extends HttpMethod>(
  baseUrl: string,
  token: string,
  method: M,
  path: S,
  body?: BodyOf<S, Lowercase<M>> | object,
  idempotencyKey?: string,
): Promise<ApiAnswer<Answer<S, Lowercase<M>>>> {
  const headers: Record<string, string> = idempotencyKey ? { 'idempotency-key': idempotencyKey } : {};
  let answer: { data?: unknown; error?: unknown; response: Response };
  try {
    // The path is already filled in: openapi-fetch appends it to the base URL as it is.
    answer = await throughcareApi(baseUrl, token).request(method.toLowerCase() as never, path as never, { body, headers } as never);
  } catch {
    throw new ApiPageError(503);
  }
  const { status, ok } = answer.response;
  return ok ? { ok: true, status, body: (answer.data ?? {}) as Answer<S, Lowercase<M>> } : { ok: false, status, body: (answer.error ?? {}) as Problem };
}

@Injectable()
export class ApiClient {
  constructor(@Inject(WebConfig) private readonly config: WebConfig) {}

  /** The generated client for this person, for a call by template: `.GET('/v1/tasks/{id}', { params: { path: { id } } })`. */
  as(token: string): Client<paths> {
    return throughcareApi(this.config.API_URL, token);
  }

  /** Any answer; the page decides what a 4xx means for it. */
  call<S extends string, M extends HttpMethod>(token: string, method: M, path: S, body?: BodyOf<S, Lowercase<M>> | object, idempotencyKey?: string): Promise<ApiAnswer<Answer<S, Lowercase<M>>>> {
    return callApi(this.config.API_URL, token, method, path, body, idempotencyKey);
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
    if (res.status !== 200) throw new ApiPageError(res.status, text && /json/.test(res.headers.get('content-type') ?? '') ? (JSON.parse(text) as Problem) : undefined);
    return text;
  }

  /** A read whose only good answer is 200; anything else becomes a whole-page answer (a malformed read, 404). */
  async get<S extends string>(token: string, path: S): Promise<Answer<S, 'get'>> {
    const answer = await this.call(token, 'GET', path);
    // A read the API refuses as malformed is a page's address someone edited (an id that is no
    // id): there is no such page, so "Page not found", not "a problem with the service".
    if (!answer.ok) throw new ApiPageError(answer.status === 400 ? 404 : answer.status, answer.body);
    return answer.body;
  }
}
