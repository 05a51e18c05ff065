/**
 * The request's operation id: its Idempotency-Key, scoped by IdempotencyInterceptor to the
 * caller's organisation and to the request's fingerprint, ready to be the Temporal start or
 * Update id (or the key a registration or policy is stored under). Undefined without a key.
 */
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { IdempotentRequest } from './idempotency.interceptor';

export const IdempotencyKey = createParamDecorator(
  (_: unknown, context: ExecutionContext): string | undefined => context.switchToHttp().getRequest<IdempotentRequest>().operationId,
);
