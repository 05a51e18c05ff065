/** The periodic jobs: their activities, and the Temporal Schedules that run them. */
import { Module } from '@nestjs/common';
import { HandoverStepSummary } from './handover-step-summary';
import { MaintenanceActivitiesService } from './maintenance.activities';
import { MaintenanceSchedules } from './maintenance.schedules';

@Module({
  providers: [HandoverStepSummary, MaintenanceActivitiesService, MaintenanceSchedules],
  exports: [MaintenanceActivitiesService],
})
export class MaintenanceModule {}
