/**
 * The nightly release-date reconciliation's Temporal Schedule, `release-date-reconciliation`:
 * at 02:00 Europe/London every day, every open, not-yet-released pathway's person is read from
 * Prisoner Search and what changed is applied, so an event lost on the way (a queue purged, a
 * message put aside) is caught within a day, and a person registered after their events came
 * is brought up to date. Created only while HMPPS events are on. A worker that finds the
 * Schedule keeps it current with its own task queue and concurrency; a run still going when the
 * next is due makes the next one skip.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ScheduleAlreadyRunning } from '@temporalio/client';
import { Config } from '@throughcare/config';
import { TemporalClientService } from '@throughcare/temporal';
import { RECONCILIATION_SCHEDULE_ID, ReleaseDateReconciliationInput } from '@throughcare/workflows/intake';

@Injectable()
export class ReconciliationSchedule implements OnApplicationBootstrap {
  private readonly logger = new Logger(ReconciliationSchedule.name);

  constructor(
    @Inject(Config) private readonly config: Config,
    private readonly temporal: TemporalClientService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.HMPPS_EVENTS_QUEUE_URL || !this.config.INTAKE_RECONCILE_NIGHTLY) return;
    await this.ensure().catch((err: unknown) =>
      this.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'the nightly release-date reconciliation schedule could not be created'),
    );
  }

  async ensure(): Promise<void> {
    const client = await this.temporal.client();
    const spec = { calendars: [{ hour: 2, minute: 0 }], timezone: 'Europe/London' };
    const action = {
      type: 'startWorkflow' as const,
      workflowType: 'releaseDateReconciliationWorkflow',
      workflowId: RECONCILIATION_SCHEDULE_ID,
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
      args: [{ concurrency: this.config.INTAKE_RECONCILE_CONCURRENCY } satisfies ReleaseDateReconciliationInput],
    };
    try {
      await client.schedule.create({ scheduleId: RECONCILIATION_SCHEDULE_ID, spec, action, policies: { overlap: 'SKIP', catchupWindow: '6 hours' } });
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      await client.schedule.getHandle(RECONCILIATION_SCHEDULE_ID).update((previous) => ({ ...previous, spec, action }));
    }
  }
}
