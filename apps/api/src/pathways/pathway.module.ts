import { Module } from '@nestjs/common';
import { OrganisationModule } from '../organisations/organisation.module';
import { PolicyModule } from '../policies/policy.module';
import { PathwayEventService } from './pathway-event.service';
import { PathwayWorkflowClient } from './pathway-workflow.client';
import { PathwayController } from './pathway.controller';
import { PathwayService } from './pathway.service';
import { ReleaseController } from './release.controller';

@Module({
  imports: [OrganisationModule, PolicyModule],
  controllers: [ReleaseController, PathwayController],
  providers: [PathwayService, PathwayEventService, PathwayWorkflowClient],
  exports: [PathwayWorkflowClient, PathwayService, PathwayEventService],
})
export class PathwayModule {}
