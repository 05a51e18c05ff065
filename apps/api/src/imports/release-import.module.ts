import { Module } from '@nestjs/common';
import { ReleaseImportController } from './release-import.controller';
import { ReleaseImportService } from './release-import.service';

/** Lists of releases: accepted and followed here; their rows are registered by the worker's import activities. */
@Module({
  controllers: [ReleaseImportController],
  providers: [ReleaseImportService],
})
export class ReleaseImportModule {}
