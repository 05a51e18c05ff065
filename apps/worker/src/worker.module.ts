import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Config, ConfigModule } from '@throughcare/config';
import { loggerModule } from '@throughcare/logging';
import { dataSourceOptions } from '@throughcare/persistence';
import { TemporalModule } from '@throughcare/temporal';
import { HmppsEventsConsumer } from './intake/hmpps-events.consumer';
import { IntakeService } from './intake/intake.service';
import { DeliveryActivitiesService } from './notifications/delivery.activities';
import { DeliveryStarter } from './notifications/delivery-starter';
import { PathwayActivitiesService } from './pathway.activities';
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
      ],
      providers: [PathwayActivitiesService, DeliveryActivitiesService, TemporalWorkerService, DeliveryStarter, IntakeService, HmppsEventsConsumer],
    };
  }
}
