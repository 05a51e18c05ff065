import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '@throughcare/auth';
import { Config, ConfigModule } from '@throughcare/config';
import { dataSourceOptions } from '@throughcare/persistence';
import { ProblemDetailsFilter } from '@throughcare/problem';
import { TemporalModule } from '@throughcare/temporal';
import { loggerModule } from '@throughcare/logging';
import { EscalationModule } from './escalations/escalation.module';
import { HealthModule } from './health/health.module';
import { OrganisationModule } from './organisations/organisation.module';
import { PathwayModule } from './pathways/pathway.module';
import { PolicyModule } from './policies/policy.module';
import { TaskModule } from './tasks/task.module';

@Module({})
export class AppModule {
  static forRoot(config: Config) {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        loggerModule(config, 'api'),
        TypeOrmModule.forRoot(dataSourceOptions(config.DATABASE_URL, { applicationName: 'throughcare-api' })),
        TemporalModule,
        AuthModule,
        HealthModule,
        OrganisationModule,
        PathwayModule,
        TaskModule,
        EscalationModule,
        PolicyModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
