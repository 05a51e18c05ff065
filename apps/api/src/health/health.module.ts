import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { ReadModelHealth } from './read-model-health';

@Module({
  imports: [TerminusModule, PrometheusModule.register({ controller: MetricsController, path: '/metrics', defaultMetrics: { enabled: true } })],
  controllers: [HealthController],
  providers: [ReadModelHealth],
})
export class HealthModule {}
