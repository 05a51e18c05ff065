/**
 * The optional Idempotency-Key header, checked for shape. IdempotencyInterceptor binds it to
 * its first request; `operationId` turns it into the Temporal Update id.
 */
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { validationProblem } from '@throughcare/problem';

const KEY = /^[A-Za-z0-9._:-]{1,100}$/;

export const IdempotencyKey = createParamDecorator((_: unknown, context: ExecutionContext): string | undefined => {
  const value = context.switchToHttp().getRequest<Request>().header('idempotency-key');
  if (value === undefined) return undefined;
  if (!KEY.test(value)) {
    throw validationProblem([{ field: 'Idempotency-Key', messages: ['must be 1 to 100 letters, digits or . _ : -'] }]);
  }
  return value;
});
