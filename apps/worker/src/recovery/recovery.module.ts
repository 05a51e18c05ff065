/**
 * The sweeps that start workflows whose first start failed because Temporal was away: loops in
 * the worker process (not Temporal Schedules, since they exist for when Temporal is not there).
 */
import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AuditService } from '@throughcare/audit';
import { StalledImportRecovery } from './stalled-import.recovery';
import { StalledRegistrationRecovery } from './stalled-registration.recovery';
import { WorkflowStarter } from './workflow-starter';

@Module({
  imports: [ScheduleModule.forRoot()],
  providers: [WorkflowStarter, StalledRegistrationRecovery, StalledImportRecovery, AuditService],
})
export class RecoveryModule {}
