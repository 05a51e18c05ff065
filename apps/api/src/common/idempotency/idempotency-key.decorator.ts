/**
 * The request's operation: its Idempotency-Key, scoped by IdempotencyInterceptor to the
 * caller's organisation and to the request's fingerprint. Undefined without a key.
 *
 * One mechanism, one key (docs/design.md, idempotency). The interceptor's binding in
 * `idempotency_keys` is the idempotency of the API: it refuses a key reused for another request
 * (409 idempotency-key-reused) and gives a retry the first answer. A retry that reaches a
 * handler (the first request still running, or answered 5xx) is joined through what the
 * handler derives from the operation, never from the raw header:
 * - a change to a pathway: the operation id is its Temporal Update id;
 * - a registration: the pathway's id is derived from the operation id (`derivedId`), so the
 *   row's primary key and its workflow id join the retry to the first request;
 * - a policy version: created in the same transaction that stores the answer on the binding
 *   (`IdempotencyKeys.answerOnce`), so a retry finds the answer or waits for it.
 */
import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { IdempotentRequest, Operation } from './idempotency.interceptor';

export const IdempotentOperation = createParamDecorator(
  (_: unknown, context: ExecutionContext): Operation | undefined => context.switchToHttp().getRequest<IdempotentRequest>().operation,
);

export const UNKEYED = 'throughcare:unkeyed';

/**
 * A route whose request or answer holds what must not be kept outside its own table (a
 * person's mobile number): its Idempotency-Key is ignored, so neither the answer nor a
 * fingerprint of the body goes into `idempotency_keys`. Only for a request that is idempotent
 * by itself (a PUT of the whole resource, a DELETE).
 */
export const Unkeyed = () => SetMetadata(UNKEYED, true);
