import { DynamicModule, Global, Module } from '@nestjs/common';
import { Config, loadConfig } from './config';

/** Provides the validated Config; a process with bad configuration fails here, at boot. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: Config = loadConfig()): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: Config, useValue: config }], exports: [Config] };
  }
}
