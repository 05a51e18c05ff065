import { Module } from '@nestjs/common';
import { OrganisationModule } from '../organisations/organisation.module';
import { PathwayWorkflowClient } from './pathway-workflow.client';
import { PathwayController } from './pathway.controller';
import { PathwayService } from './pathway.service';
import { ReleaseController } from './release.controller';

@Module({
  imports: [OrganisationModule],
  controllers: [ReleaseController, PathwayController],
  providers: [PathwayService, PathwayWorkflowClient],
  exports: [PathwayWorkflowClient],
})
export class PathwayModule {}
