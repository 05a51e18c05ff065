/** A small client over supertest for the scenarios: each call asserts its status. */
import request from 'supertest';
import type { App } from 'supertest/types';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export class ApiClient {
  constructor(
    private readonly server: App,
    private readonly token: string,
  ) {}

  async get(path: string, status = 200): Promise<Json> {
    return (await request(this.server).get(path).set('Authorization', `Bearer ${this.token}`).expect(status)).body;
  }

  async post(path: string, body: object, status = 200, idempotencyKey?: string): Promise<Json> {
    const req = request(this.server).post(path).set('Authorization', `Bearer ${this.token}`);
    if (idempotencyKey) req.set('Idempotency-Key', idempotencyKey);
    const res = await req.send(body);
    if (res.status !== status) throw new Error(`POST ${path}: expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async put(path: string, body: object, status = 200): Promise<Json> {
    return (await request(this.server).put(path).set('Authorization', `Bearer ${this.token}`).send(body).expect(status)).body;
  }

  /**
   * A request as this caller, status unchecked, for bodies the helpers above cannot send: raw
   * JSON text (a lone surrogate survives only as an escape in the text), other content types.
   */
  raw(method: 'get' | 'post' | 'put', path: string): request.Test {
    return request(this.server)[method](path).set('Authorization', `Bearer ${this.token}`);
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
