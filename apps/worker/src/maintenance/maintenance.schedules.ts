/**
 * Puts the periodic jobs on Temporal Schedules when the worker starts: one Schedule per job
 * and task queue (`<TEMPORAL_TASK_QUEUE>-<job>`), created by whichever worker starts first and
 * brought up to date by the others, so any number of workers run each job once per interval.
 * A run is skipped while the last one still runs; one missed while Temporal was away is not
 * made up for beyond a minute (the next does the same work). `temporal schedule list` shows them
 * (docs/operations.md: periodic jobs).
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ScheduleAlreadyRunning, ScheduleOptionsAction, ScheduleOverlapPolicy, ScheduleSpec } from '@temporalio/client';
import { Config } from '@throughcare/config';
import { TemporalClientService } from '@throughcare/temporal';
import { MaintenanceJob, maintenanceScheduleId } from '@throughcare/workflows/maintenance';

/** How often each job runs. */
export const MAINTENANCE_EVERY: Record<MaintenanceJob, string> = {
  // Keys live IDEMPOTENCY_KEY_HOURS: a quarter of an hour more changes nothing.
  'purge-idempotency-keys': '15 minutes',
  // Reports are right without it (what is not folded is computed live); it keeps them fast.
  'refresh-handover-step-summary': '1 minute',
};

/** How long the worker waits for Temporal to create or update a Schedule. */
const SCHEDULE_CALL_MS = 10_000;

@Injectable()
export class MaintenanceSchedules implements OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceSchedules.name);

  constructor(
    private readonly temporal: TemporalClientService,
    @Inject(Config) private readonly config: Config,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const job of Object.keys(MAINTENANCE_EVERY) as MaintenanceJob[]) await this.ensure(job);
  }

  /** Creates the job's Schedule, or brings an existing one (an earlier release's) up to date. */
  private async ensure(job: MaintenanceJob): Promise<void> {
    const client = await this.temporal.client();
    const scheduleId = maintenanceScheduleId(this.config.TEMPORAL_TASK_QUEUE, job);
    const spec: ScheduleSpec = { intervals: [{ every: MAINTENANCE_EVERY[job] }] };
    const action: ScheduleOptionsAction = {
      type: 'startWorkflow',
      workflowType: 'maintenanceWorkflow',
      workflowId: scheduleId,
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
      args: [{ job }],
      // A run nobody picks up (its task queue's workers gone) ends rather than blocking the next for ever.
      workflowRunTimeout: '30 minutes',
    };
    await client.withDeadline(Date.now() + SCHEDULE_CALL_MS, async () => {
      try {
        await client.schedule.create({ scheduleId, spec, action, policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' } });
        this.logger.log({ scheduleId, every: MAINTENANCE_EVERY[job] }, 'created the schedule of a periodic job');
      } catch (err) {
        if (!(err instanceof ScheduleAlreadyRunning)) throw err;
        await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action }));
      }
    });
  }
}
