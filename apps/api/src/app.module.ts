import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSourceOptions } from 'typeorm';
import { AuditInterceptor, AuditModule } from '@throughcare/audit';
import { AuthModule, JwtAuthGuard } from '@throughcare/auth';
import { Config, ConfigModule } from '@throughcare/config';
import { dataSourceOptions } from '@throughcare/persistence';
import { ProblemDetailsFilter } from '@throughcare/problem';
import { TemporalModule } from '@throughcare/temporal';
import { loggerModule } from '@throughcare/logging';
import { CallerThrottlerGuard } from './common/caller-throttler.guard';
import { ReceivedTextsModule } from './received-texts/received-texts.module';
import { CodecModule } from './codec/codec.module';
import { ReleaseImportModule } from './imports/release-import.module';
import { DeliveryModule } from './deliveries/delivery.module';
import { NotificationModule } from './notifications/notification.module';
import { IdempotencyModule } from './common/idempotency/idempotency.module';
import { IdempotencyInterceptor } from './common/idempotency/idempotency.interceptor';
import { EscalationModule } from './escalations/escalation.module';
import { FaultModule } from './faults/fault.module';
import { FhirModule } from './fhir/fhir.module';
import { IntakeModule } from './intake/intake.module';
import { HealthModule } from './health/health.module';
import { OrganisationModule } from './organisations/organisation.module';
import { PathwayModule } from './pathways/pathway.module';
import { PolicyModule } from './policies/policy.module';
import { ReportModule } from './reports/report.module';
import { TaskModule } from './tasks/task.module';

@Module({})
export class AppModule {
  static forRoot(config: Config) {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        loggerModule(config, 'api'),
        TypeOrmModule.forRoot({
          ...(dataSourceOptions(config.DATABASE_URL, { applicationName: 'throughcare-api' }) as Extract<DataSourceOptions, { type: 'postgres' }>),
          // A database that cannot be reached answers 503 in seconds, not a request that hangs.
          connectTimeoutMS: 5_000,
        }),
        TemporalModule,
        // Per caller across all routes (CallerThrottlerGuard); generous enough for a prison registering a day's releases.
        ThrottlerModule.forRoot([{ ttl: 60_000, limit: config.RATE_LIMIT_PER_MINUTE }]),
        AuthModule,
        AuditModule,
        IdempotencyModule,
        HealthModule,
        OrganisationModule,
        PathwayModule,
        TaskModule,
        EscalationModule,
        PolicyModule,
        FaultModule,
        ReportModule,
        NotificationModule,
        ReleaseImportModule,
        CodecModule,
        DeliveryModule,
        FhirModule,
        IntakeModule,
        ReceivedTextsModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        // In this order: the rate limit counts requests with bad tokens too, before sign-in refuses them.
        { provide: APP_GUARD, useClass: CallerThrottlerGuard },
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        // In this order: the audit records every call, even a retry answered from its first answer.
        { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    };
  }
}
