import { Module } from '@nestjs/common';
import { NotifyInboundGuard } from './notify-inbound.guard';
import { ReceivedTextsController } from './received-texts.controller';
import { ReceivedTextsService } from './received-texts.service';

@Module({ controllers: [ReceivedTextsController], providers: [ReceivedTextsService, NotifyInboundGuard] })
export class ReceivedTextsModule {}
