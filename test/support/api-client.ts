/**
 * The scenarios' client: the pages' own client (apps/web/src/api/api-client.ts, generated from
 * docs/openapi.json) against the API under test, each call asserting its status. Its answers are
 * loose (`Json`) where the pages' are typed: a scenario sends what the contract refuses on
 * purpose, and reads the refusals.
 */
import type { Server } from 'node:http';
import request from 'supertest';
import type { App } from 'supertest/types';
import { callApi } from '../../apps/web/src/api/api-client';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The API's address: given, or the listening server's (every suite's API listens, see startApi). */
function addressOf(server: App | string): string {
  if (typeof server === 'string') return server;
  const address = (server as Server).address?.();
  if (!address || typeof address === 'string') throw new Error('The API under test is not listening on a TCP port');
  return `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
}

export class ApiClient {
  private readonly baseUrl: string;

  constructor(
    private readonly server: App | string,
    private readonly token: string,
  ) {
    this.baseUrl = addressOf(server);
  }

  get(path: string, status = 200): Promise<Json> {
    return this.send('GET', path, undefined, status);
  }

  post(path: string, body: object, status = 200, idempotencyKey?: string): Promise<Json> {
    return this.send('POST', path, body, status, idempotencyKey);
  }

  put(path: string, body: object, status = 200): Promise<Json> {
    return this.send('PUT', path, body, status);
  }

  delete(path: string, status = 200): Promise<Json> {
    return this.send('DELETE', path, undefined, status);
  }

  /**
   * A request as this caller, status unchecked, for bodies the helpers above cannot send: raw
   * JSON text (a lone surrogate survives only as an escape in the text), other content types.
   */
  raw(method: 'get' | 'post' | 'put' | 'delete', path: string): request.Test {
    return request(this.server)[method](path).set('Authorization', `Bearer ${this.token}`);
  }

  private async send(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body: object | undefined, status: number, idempotencyKey?: string): Promise<Json> {
    const answer = await callApi(this.baseUrl, this.token, method, path, body, idempotencyKey);
    if (answer.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body as Json;
  }
}

export async function eventually<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
