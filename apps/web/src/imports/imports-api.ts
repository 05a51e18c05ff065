/**
 * The API's list imports, for the upload page: a prison's CSV file sent as it is
 * (`POST /v1/releases/imports`, `text/csv`), the import followed (`GET …/{id}`) and the past ones listed, with the
 * signed-in person's own token. Apart from the JSON client (api-client.ts) because the body
 * is a file, not JSON.
 */
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ApiClient, ApiPageError, type ApiAnswer, type Problem } from '../api/api-client';
import type { Schemas } from '../api/api-paths';
import type { Json } from './import-rows';
import { WebConfig } from '../web-config';

const TIMEOUT_MS = 60_000;

@Injectable()
export class ImportsApi {
  constructor(
    @Inject(WebConfig) private readonly config: WebConfig,
    private readonly api: ApiClient,
  ) {}

  /**
   * Sends the file. Its Idempotency-Key is its hash (as `npm run import` does), so the same file
   * sent twice (a double click, Back and send again) is the same import and registers nobody twice.
   */
  async send(token: string, csv: Buffer): Promise<ApiAnswer<Json>> {
    const key = `file-${createHash('sha256').update(csv).digest('base64url').slice(0, 43)}`;
    let res: Response;
    try {
      res = await fetch(new URL('/v1/releases/imports', this.config.API_URL), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, accept: 'application/json', 'content-type': 'text/csv; charset=utf-8', 'idempotency-key': key },
        body: new Uint8Array(csv),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch {
      throw new ApiPageError(503);
    }
    const text = await res.text();
    const body = text ? (JSON.parse(text) as Json) : {};
    return res.ok ? { ok: true, status: res.status, body } : { ok: false, status: res.status, body: body as Problem };
  }

  /** The prison's past imports, newest first, a page at a time. */
  async history(token: string, cursor?: string): Promise<Schemas['ImportPageDto']> {
    const query = new URLSearchParams({ limit: '25', ...(cursor ? { cursor } : {}) });
    return this.api.get(token, `/v1/releases/imports?${query}`);
  }

  /** How the import stands, with each row's result; 404 for an import that is not the caller's prison's. */
  async read(token: string, id: string): Promise<Json> {
    return (await this.api.get(token, `/v1/releases/imports/${id}`)) as Json;
  }
}
