import { Module } from '@nestjs/common';
import { PathwayModule } from '../pathways/pathway.module';
import { IntakeController } from './intake.controller';
import { IntakeEventsService } from './intake-events.service';
import { IntakeReviewService } from './intake-review.service';

@Module({ imports: [PathwayModule], controllers: [IntakeController], providers: [IntakeReviewService, IntakeEventsService] })
export class IntakeModule {}
