/**
 * Idempotency-Key on state-changing requests. The first request binds the key (scoped to the
 * caller's organisation) to a fingerprint of itself: who sent it, the method, the path and the
 * body. Its answer is kept, and a retry gets that first answer back without doing anything
 * again, even once the pathway has closed or continued as new. While the first request is
 * still running, a retry goes through to the handler, where the operation id (organisation,
 * key and fingerprint) is the Temporal start or Update id, so Temporal joins the two. The same
 * key with a different request answers 409; after the key has expired, the different request
 * gets a different operation id, so nothing can answer it with an old result.
 */
import { CallHandler, ExecutionContext, HttpException, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { catchError, from, mergeMap, Observable, of, throwError } from 'rxjs';
import stringify from 'safe-stable-stringify';
import type { AuthenticatedUser } from '@throughcare/auth';
import { DomainError, problem, PROBLEMS, ProblemException, toProblem, validationProblem } from '@throughcare/problem';
import { IdempotencyKeys, KeyedRequest } from './idempotency-keys';
import { UNKEYED } from './idempotency-key.decorator';

const KEY = /^[A-Za-z0-9._:-]{1,100}$/;

/** A keyed request: the caller's organisation, the raw key, and the id derived from both and the fingerprint. */
export interface Operation {
  org: string;
  key: string;
  id: string;
}

export type IdempotentRequest = Request & { user?: AuthenticatedUser; operation?: Operation };

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly keys: IdempotencyKeys,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<IdempotentRequest>();
    const key = request.header('idempotency-key');
    const user = request.user;
    if (key === undefined || !user || !['POST', 'PUT', 'PATCH'].includes(request.method)) return next.handle();
    if (this.reflector.get<boolean | undefined>(UNKEYED, context.getHandler())) return next.handle();
    if (!KEY.test(key)) throw validationProblem([{ field: 'Idempotency-Key', messages: ['must be 1 to 100 letters, digits or . _ : -'] }]);
    const keyed: KeyedRequest = {
      org: user.org,
      key,
      sub: user.sub,
      method: request.method,
      path: request.path,
      fingerprint: createHash('sha256')
        .update(stringify({ sub: user.sub, method: request.method, path: request.path, body: request.body ?? null }) ?? '')
        .digest('base64url'),
    };
    request.operation = { org: user.org, key, id: `${user.org}:${key}:${keyed.fingerprint.slice(0, 16)}` };
    return from(this.keys.bind(keyed)).pipe(
      mergeMap((binding) => {
        if (binding.kind === 'other-request') {
          throw problem(
            PROBLEMS.idempotencyKeyReused,
            `This key was first used for ${binding.method} ${binding.path} with other content; send a new key for a new request`,
          );
        }
        if (binding.kind === 'same-request' && binding.answer) {
          http.getResponse<Response>().status(binding.answer.status);
          return of(binding.answer.body);
        }
        return next.handle().pipe(
          mergeMap((body: unknown) => from(this.keys.remember(user.org, key, http.getResponse<Response>().statusCode, body)).pipe(mergeMap(() => of(body)))),
          // An invalid or refused request changed nothing, so its key is free for the corrected one.
          // Only by the request that bound it: a failing retry must not free a binding still in use.
          catchError((err: unknown) =>
            from(binding.kind === 'new' ? releaseIfInvalid(this.keys, err, user.org, key) : Promise.resolve()).pipe(mergeMap(() => throwError(() => err))),
          ),
        );
      }),
    );
  }
}

/**
 * Not after a 409 saying the same request is in progress (it may be the first request, still
 * running), a 429 (retry as is), nor a 5xx. Any other 409 (the pathway is closed, the task is
 * not open, the person has a pathway) is a refusal that changed nothing: its key is freed like
 * a 400's. Kept, it left a binding with no answer in the database after a refused request, and
 * the corrected request under the same key was told the key was used for another request
 * (found by the generated bad-input suite).
 */
async function releaseIfInvalid(keys: IdempotencyKeys, err: unknown, org: string, key: string): Promise<void> {
  const answer = err instanceof ProblemException || err instanceof DomainError ? toProblem(err) : undefined;
  const status = answer ? answer.problem.status : err instanceof HttpException ? err.getStatus() : 500;
  const inProgress = answer?.problem.type === PROBLEMS.requestInProgress.type;
  if ([400, 403, 404, 422].includes(status) || (status === 409 && !inProgress)) await keys.release(org, key);
}
