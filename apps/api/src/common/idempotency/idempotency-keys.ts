/**
 * Where Idempotency-Keys live: each scoped to the caller's organisation, bound to a
 * fingerprint of its first request and, once answered, that first answer, less any secret it
 * showed (storedAnswer). Old keys, and the answers they hold, are deleted after IDEMPOTENCY_KEY_HOURS
 * by the worker (apps/worker/src/maintenance, on a Temporal Schedule).
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Operation } from './idempotency.interceptor';
import { storedAnswer } from './stored-answer';

export interface KeyedRequest {
  org: string;
  key: string;
  fingerprint: string;
  method: string;
  path: string;
  sub: string;
}

/** What a key already holds: its first request, and that request's answer once given. */
export type Binding =
  | { kind: 'new' }
  | { kind: 'other-request'; method: string; path: string }
  | { kind: 'same-request'; answer?: { status: number; body: unknown } };

@Injectable()
export class IdempotencyKeys {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Binds the key to this request unless it is bound already, and says to what. */
  async bind(request: KeyedRequest): Promise<Binding> {
    const claimed: unknown[] = await this.dataSource.query(
      `INSERT INTO idempotency_keys (org, key, fingerprint, method, path, actor_sub) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (org, key) DO NOTHING RETURNING key`,
      [request.org, request.key, request.fingerprint, request.method, request.path, request.sub],
    );
    if (claimed.length > 0) return { kind: 'new' };
    // A separate statement, so it sees a binding committed while the insert waited on it.
    const [first]: Array<{ fingerprint: string; method: string; path: string; response_status: number | null; response_body: unknown }> =
      await this.dataSource.query(`SELECT fingerprint, method, path, response_status, response_body FROM idempotency_keys WHERE org = $1 AND key = $2`, [
        request.org,
        request.key,
      ]);
    if (!first) return this.bind(request); // expired and purged in between: bind afresh
    if (first.fingerprint !== request.fingerprint) return { kind: 'other-request', method: first.method, path: first.path };
    return { kind: 'same-request', answer: first.response_status === null ? undefined : { status: first.response_status, body: first.response_body } };
  }

  /** Keeps the first answer, without its secrets, for retries. */
  async remember(org: string, key: string, status: number, body: unknown): Promise<void> {
    await this.dataSource.query(`UPDATE idempotency_keys SET response_status = $3, response_body = $4 WHERE org = $1 AND key = $2 AND response_status IS NULL`, [
      org,
      key,
      status,
      storedAnswer(body),
    ]);
  }

  /**
   * Creates at most once per operation: `create` runs in the transaction that stores its
   * answer (without secrets) on the binding. A retry that reaches the handler while the first is running waits
   * on the binding's row, then gets the first answer; so does one after the first answered 5xx
   * once its change had committed. Without a key, `create` simply runs in a transaction.
   */
  async answerOnce<T>(operation: Operation | undefined, status: number, create: (tx: EntityManager) => Promise<T>): Promise<T> {
    if (!operation) return this.dataSource.transaction(create);
    return this.dataSource.transaction(async (tx) => {
      const [binding]: Array<{ response_status: number | null; response_body: T }> = await tx.query(
        `SELECT response_status, response_body FROM idempotency_keys WHERE org = $1 AND key = $2 FOR UPDATE`,
        [operation.org, operation.key],
      );
      if (binding && binding.response_status !== null) return binding.response_body;
      const answer = await create(tx);
      await tx.query(`UPDATE idempotency_keys SET response_status = $3, response_body = $4 WHERE org = $1 AND key = $2`, [
        operation.org,
        operation.key,
        status,
        storedAnswer(answer),
      ]);
      return answer;
    });
  }

  /** Frees a key whose request changed nothing, for the corrected request. */
  async release(org: string, key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_keys WHERE org = $1 AND key = $2 AND response_status IS NULL`, [org, key]);
  }
}
