import { Module } from '@nestjs/common';
import { FaultController } from './fault.controller';
import { FaultService } from './fault.service';

@Module({ controllers: [FaultController], providers: [FaultService] })
export class FaultModule {}
