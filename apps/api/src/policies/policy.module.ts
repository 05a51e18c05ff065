import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../common/idempotency/idempotency.module';
import { PolicyController } from './policy.controller';
import { PolicyService } from './policy.service';

@Module({ imports: [IdempotencyModule], controllers: [PolicyController], providers: [PolicyService], exports: [PolicyService] })
export class PolicyModule {}
