import { Module } from '@nestjs/common';
import { PathwayModule } from '../pathways/pathway.module';
import { ImportActivityWorker } from './import-activity-worker';
import { ReleaseImportActivitiesService } from './release-import.activities';
import { ReleaseImportController } from './release-import.controller';
import { ReleaseImportService } from './release-import.service';

@Module({
  imports: [PathwayModule],
  controllers: [ReleaseImportController],
  providers: [ReleaseImportService, ReleaseImportActivitiesService, ImportActivityWorker],
})
export class ReleaseImportModule {}
