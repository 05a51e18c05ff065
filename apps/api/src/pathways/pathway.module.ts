import { Module } from '@nestjs/common';
import { RegistrationModule } from '@throughcare/registration';
import { ContactService } from './contact.service';
import { PathwayEventService } from './pathway-event.service';
import { PathwayController } from './pathway.controller';
import { PathwayService } from './pathway.service';
import { ReleaseController } from './release.controller';

@Module({
  imports: [RegistrationModule],
  controllers: [ReleaseController, PathwayController],
  providers: [PathwayService, PathwayEventService, ContactService],
  // RegistrationModule: its PathwayWorkflowClient is the tasks' door to pathways too.
  exports: [RegistrationModule, PathwayService, PathwayEventService],
})
export class PathwayModule {}
