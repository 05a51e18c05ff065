/** The periodic jobs' activities (workflows/maintenance): each idempotent, safe to run twice or on two workers at once. */
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Config } from '@throughcare/config';
import type { MaintenanceActivities } from '@throughcare/workflows/maintenance';
import { HandoverStepSummary } from './handover-step-summary';

@Injectable()
export class MaintenanceActivitiesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly summary: HandoverStepSummary,
    @Inject(Config) private readonly config: Config,
  ) {}

  activities(): MaintenanceActivities {
    return {
      purgeIdempotencyKeys: () => this.purgeIdempotencyKeys(),
      refreshHandoverStepSummary: () => this.summary.refresh(),
    };
  }

  /** Idempotency-Keys, and the first answers they keep, live IDEMPOTENCY_KEY_HOURS. */
  async purgeIdempotencyKeys(): Promise<number> {
    const [, deleted] = (await this.dataSource.query(`DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`, [
      this.config.IDEMPOTENCY_KEY_HOURS,
    ])) as [unknown, number];
    return deleted;
  }
}
