import { Module } from '@nestjs/common';
import { CodecController } from './codec.controller';

@Module({ controllers: [CodecController] })
export class CodecModule {}
