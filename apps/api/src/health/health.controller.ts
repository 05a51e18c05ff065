/** Liveness of what the API depends on: PostgreSQL and Temporal. */
import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '@throughcare/auth';
import { TemporalClientService } from '@throughcare/temporal';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly temporal: TemporalClientService,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.database.pingCheck('postgres', { timeout: 1500 }),
      () =>
        this.indicators
          .check('temporal')
          .attempt(async () => {
            await (await this.temporal.connect()).healthService.check({});
            return {};
          })
          .withTimeout(1500),
    ]);
  }
}
