import { DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { Config, ConfigModule } from '@throughcare/config';
import { loggerModule } from '@throughcare/logging';
import { dataSourceOptions, textingContact } from '@throughcare/persistence';
import type { DataSource } from 'typeorm';
import { TemporalModule } from '@throughcare/temporal';
import { HmppsEventsConsumer } from './intake/hmpps-events.consumer';
import { IntakeService } from './intake/intake.service';
import { IntakeTally } from './intake/intake-tally';
import { PRISONER_SEARCH, prisonerSearch } from './intake/prisoner-search';
import { ReconciliationSchedule } from './intake/reconciliation.schedule';
import { ReleaseDateActivitiesService } from './intake/release-date.activities';
import { ImportsModule } from './imports/imports.module';
import { EscalationSweep } from './escalations/escalation-sweep';
import { DeliveryActivitiesService } from './notifications/delivery.activities';
import { DeliveryStarter } from './notifications/delivery-starter';
import { MaintenanceModule } from './maintenance/maintenance.module';
import { PathwayActivitiesService } from './pathway.activities';
import { RecoveryModule } from './recovery/recovery.module';
import { TemporalWorkerService } from './temporal-worker.service';
import { TextActivitiesService } from './texts/text.activities';
import { TEXTING_CONTACT, type TextingContactLookup } from './texts/texting-contact';
import { WorkerMetricsServer } from './worker-metrics.server';

@Module({})
export class WorkerModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        loggerModule(config, 'worker'),
        TypeOrmModule.forRoot(dataSourceOptions(config.DATABASE_URL, { applicationName: 'throughcare-worker' })),
        TemporalModule,
        RecoveryModule,
        MaintenanceModule,
        ImportsModule,
      ],
      providers: [
        PathwayActivitiesService,
        DeliveryActivitiesService,
        TextActivitiesService,
        {
          provide: TEXTING_CONTACT,
          inject: [getDataSourceToken(), Config],
          useFactory: (db: DataSource, settings: Config): TextingContactLookup => (pathwayId) => textingContact(db, settings, pathwayId),
        },
        TemporalWorkerService,
        DeliveryStarter,
        EscalationSweep,
        IntakeService,
        IntakeTally,
        HmppsEventsConsumer,
        WorkerMetricsServer,
        // Release-date changes from HMPPS: Prisoner Search (or its development stand-in), the checks, the nightly Schedule.
        { provide: PRISONER_SEARCH, useFactory: prisonerSearch, inject: [Config, getDataSourceToken()] },
        ReleaseDateActivitiesService,
        ReconciliationSchedule,
      ],
    };
  }
}
