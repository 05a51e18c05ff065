import { Module } from '@nestjs/common';
import { PathwayModule } from '../pathways/pathway.module';
import { PolicyModule } from '../policies/policy.module';
import { TaskModule } from '../tasks/task.module';
import { BarsMessagesService } from './bars/bars-messages.service';
import { BarsController } from './bars/bars.controller';
import { FhirFallbackController } from './fhir-fallback.controller';
import { FhirReadController } from './fhir-read.controller';
import { FhirRecordsService } from './fhir-records.service';
import { FhirWriteController } from './fhir-write.controller';
import { FhirWritesService } from './fhir-writes.service';
import { TaskSearchService } from './task-search.service';

/** The FHIR R4 API (/fhir/R4): docs/design.md, "FHIR R4 API". */
@Module({
  imports: [PathwayModule, TaskModule, PolicyModule],
  controllers: [FhirReadController, FhirWriteController, BarsController, FhirFallbackController],
  providers: [FhirRecordsService, TaskSearchService, FhirWritesService, BarsMessagesService],
})
export class FhirModule {}
