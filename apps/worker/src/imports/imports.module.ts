import { Module } from '@nestjs/common';
import { AuditService } from '@throughcare/audit';
import { RegistrationModule } from '@throughcare/registration';
import { ReleaseImportActivitiesService } from './release-import.activities';

/** The import workflow's activities: each row registered as `POST /v1/releases` registers one. */
@Module({
  imports: [RegistrationModule],
  providers: [ReleaseImportActivitiesService, AuditService],
  exports: [ReleaseImportActivitiesService],
})
export class ImportsModule {}
