/**
 * Liveness of what the API depends on, PostgreSQL and Temporal, and how the read model
 * stands: with pathways whose read model misses writes PostgreSQL refused for good
 * (unresolved faults), the answer is still 200 but `degraded`, with their count, so an
 * operator looks before staff act on a stale worklist.
 */
import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '@throughcare/auth';
import { TemporalClientService } from '@throughcare/temporal';
import { ReadModelHealth } from './read-model-health';

export type HealthStatus = Omit<HealthCheckResult, 'status'> & { status: HealthCheckResult['status'] | 'degraded' };

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly temporal: TemporalClientService,
    private readonly readModel: ReadModelHealth,
  ) {}

  @Get()
  @HealthCheck()
  async check(): Promise<HealthStatus> {
    const result = await this.health.check([
      () => this.database.pingCheck('postgres', { timeout: 1500 }),
      () =>
        this.indicators
          .check('temporal')
          .attempt(async () => {
            await (await this.temporal.connect()).healthService.check({});
            return {};
          })
          .withTimeout(1500),
      () =>
        this.indicators
          .check('readModel')
          .attempt(async () => ({ pathwaysWithUnresolvedFaults: await this.readModel.pathwaysWithUnresolvedFaults() }))
          .withTimeout(1500),
    ]);
    const faulted = Number(result.details.readModel?.pathwaysWithUnresolvedFaults ?? 0);
    return faulted > 0 ? { ...result, status: 'degraded' } : result;
  }
}
