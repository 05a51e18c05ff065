/**
 * Liveness of what the API depends on, PostgreSQL and Temporal (its frontend and its
 * persistence), and how the read model
 * stands: with pathways whose read model misses writes PostgreSQL refused for good
 * (unresolved faults), or pathways that failed within the last day (RECENT_FAILURE_HOURS),
 * the answer is still 200 but `degraded`, with their counts, so an operator looks before
 * staff act on a stale worklist or a person's handover stays stopped.
 */
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '@throughcare/auth';
import { Config } from '@throughcare/config';
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
    @Inject(Config) private readonly config: Config,
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
            const connection = await this.temporal.connect();
            await connection.healthService.check({});
            // The frontend answers its health check while its own database is down; describing the
            // namespace reads that database, so an unusable Temporal is reported as down.
            await connection.workflowService.describeNamespace({ namespace: this.config.TEMPORAL_NAMESPACE });
            return {};
          })
          .withTimeout(1500),
      () =>
        this.indicators
          .check('readModel')
          .attempt(async () => {
            const [pathwaysWithUnresolvedFaults, pathwaysFailedRecently] = await Promise.all([
              this.readModel.pathwaysWithUnresolvedFaults(),
              this.readModel.pathwaysFailedRecently(),
            ]);
            return { pathwaysWithUnresolvedFaults, pathwaysFailedRecently };
          })
          .withTimeout(1500),
    ]);
    const readModel = result.details.readModel;
    const flagged = Number(readModel?.pathwaysWithUnresolvedFaults ?? 0) + Number(readModel?.pathwaysFailedRecently ?? 0);
    return flagged > 0 ? { ...result, status: 'degraded' } : result;
  }
}
