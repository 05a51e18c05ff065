/**
 * The request's operation id: its Idempotency-Key, scoped by IdempotencyInterceptor to the
 * caller's organisation and to the request's fingerprint. Undefined without a key.
 *
 * One mechanism, one key (docs/design.md §6, idempotency). The interceptor's binding in
 * `idempotency_keys` is the idempotency of the API: it refuses a key reused for another request
 * (409 idempotency-key-reused) and gives a retry the first answer. Everything else is derived
 * from the operation id it hands the handler, never from the raw header:
 * - the Temporal Update id of a change to a pathway, so a retry that arrives while the first
 *   request is still running joins it instead of acting twice;
 * - `pathways.idempotency_key` and `policies.idempotency_key`, which store it only as a
 *   uniqueness guard on the row the operation created: a retry that reaches the handler (the
 *   first request still running, or answered 5xx, or its binding expired) finds that row and
 *   answers from it instead of creating a second one; a registration's workflow id is then the
 *   row's pathway id, so its start is joined too.
 * The columns stay (rather than a resource id on the binding) because a binding expires after
 * IDEMPOTENCY_KEY_HOURS and is freed by a refused request, while the guard must hold as long as
 * the row; and because the schema is changed only by migrations in libs/persistence.
 */
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { IdempotentRequest } from './idempotency.interceptor';

export const IdempotencyKey = createParamDecorator(
  (_: unknown, context: ExecutionContext): string | undefined => context.switchToHttp().getRequest<IdempotentRequest>().operationId,
);
