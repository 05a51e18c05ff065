import { Global, Module } from '@nestjs/common';
import { TemporalClientService } from './temporal-client.provider';

@Global()
@Module({ providers: [TemporalClientService], exports: [TemporalClientService] })
export class TemporalModule {}
