import { Module } from '@nestjs/common';
import { PathwayModule } from '../pathways/pathway.module';
import { TaskController } from './task.controller';
import { TaskService } from './task.service';

@Module({ imports: [PathwayModule], controllers: [TaskController], providers: [TaskService], exports: [TaskService] })
export class TaskModule {}
