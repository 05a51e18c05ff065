import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Config, ConfigModule } from '@throughcare/config';
import { loggerModule } from '@throughcare/logging';
import { dataSourceOptions } from '@throughcare/persistence';
import { TemporalModule } from '@throughcare/temporal';
import { HmppsEventsConsumer } from './intake/hmpps-events.consumer';
import { IntakeService } from './intake/intake.service';
import { DeliveryActivitiesService } from './notifications/delivery.activities';
import { NotificationDispatcher } from './notifications/notification-dispatcher';
import { MaintenanceModule } from './maintenance/maintenance.module';
import { PathwayActivitiesService } from './pathway.activities';
import { RecoveryModule } from './recovery/recovery.module';
import { TemporalWorkerService } from './temporal-worker.service';

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
      ],
      providers: [PathwayActivitiesService, DeliveryActivitiesService, TemporalWorkerService, NotificationDispatcher, IntakeService, HmppsEventsConsumer],
    };
  }
}
