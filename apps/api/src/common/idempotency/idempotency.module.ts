import { Module } from '@nestjs/common';
import { IdempotencyKeys } from './idempotency-keys';

/** The key store, for the interceptor and for handlers that create once per key. */
@Module({ providers: [IdempotencyKeys], exports: [IdempotencyKeys] })
export class IdempotencyModule {}
