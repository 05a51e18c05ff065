/**
 * Binds an Idempotency-Key to the first request it came with. The key is scoped to the
 * caller's organisation and remembered with a fingerprint of that request (who sent it, the
 * method, the path and the body): a retry passes on to the handler, where the key becomes the
 * Temporal start or Update id and so gets the first answer; the same key with a different
 * request answers 409 instead of silently returning the first request's result.
 */
import { CallHandler, ExecutionContext, HttpException, Injectable, NestInterceptor } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { catchError, from, mergeMap, Observable, throwError } from 'rxjs';
import stringify from 'safe-stable-stringify';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '@throughcare/auth';
import { ProblemException } from '@throughcare/problem';

type KeyedRequest = Request & { user?: AuthenticatedUser };

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<KeyedRequest>();
    const key = request.header('idempotency-key');
    const user = request.user;
    if (key === undefined || !user || !['POST', 'PUT', 'PATCH'].includes(request.method)) return next.handle();
    return from(this.bind(request, user, key)).pipe(
      mergeMap(() =>
        next.handle().pipe(
          // An invalid or refused request changed nothing, so its key is free for the corrected one.
          catchError((err: unknown) => from(this.releaseIfInvalid(err, user, key)).pipe(mergeMap(() => throwError(() => err)))),
        ),
      ),
    );
  }

  private async bind(request: KeyedRequest, user: AuthenticatedUser, key: string): Promise<void> {
    const fingerprint = createHash('sha256')
      .update(stringify({ sub: user.sub, method: request.method, path: request.path, body: request.body ?? null }) ?? '')
      .digest('base64url');
    const claimed: unknown[] = await this.dataSource.query(
      `INSERT INTO idempotency_keys (org, key, fingerprint, method, path, actor_sub) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (org, key) DO NOTHING RETURNING key`,
      [user.org, key, fingerprint, request.method, request.path, user.sub],
    );
    if (claimed.length > 0) return;
    // A separate statement, so it sees a binding committed while the insert waited on it.
    const [first]: Array<{ fingerprint: string; method: string; path: string }> = await this.dataSource.query(
      `SELECT fingerprint, method, path FROM idempotency_keys WHERE org = $1 AND key = $2`,
      [user.org, key],
    );
    if (first && first.fingerprint !== fingerprint) {
      throw new ProblemException({
        status: 409,
        type: 'idempotency-key-reused',
        title: 'The Idempotency-Key was used for a different request',
        detail: `This key was first used for ${first.method} ${first.path} with other content; send a new key for a new request`,
      });
    }
  }

  /** Not after a 409 (it may be the first request, still in progress) or a 429 (retry as is), nor a 5xx. */
  private async releaseIfInvalid(err: unknown, user: AuthenticatedUser, key: string): Promise<void> {
    const status = err instanceof ProblemException ? err.problem.status : err instanceof HttpException ? err.getStatus() : 500;
    if (![400, 403, 404, 422].includes(status)) return;
    await this.dataSource.query(`DELETE FROM idempotency_keys WHERE org = $1 AND key = $2`, [user.org, key]);
  }
}

/**
 * The Temporal start or Update id for a request: its Idempotency-Key scoped to the caller's
 * organisation, so two organisations' keys never meet; a fresh id when the caller sent none.
 */
export function operationId(user: AuthenticatedUser, key?: string): string {
  return key ? `${user.org}:${key}` : randomUUID();
}
