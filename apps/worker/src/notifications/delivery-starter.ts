/**
 * Starts delivery workflows through the one Temporal client (libs/temporal):
 *   - each message a pathway's read-model write stored, started by that write's activity once
 *     its transaction has committed (`start`, see PathwayActivitiesService);
 *   - the daily digest's Schedule, created (or kept current) once at start while e-mail is on
 *     (without Notify a digest has nothing to send);
 *   - a one-shot catch-up, CATCH_UP_AFTER_MS after start: deliverable messages older than that
 *     which no delivery has planned yet (`dispatched_at` still empty). Those are messages stored
 *     by the code before writes started their deliveries (a deploy with some not yet handed on)
 *     on a pathway that writes nothing again (its next write would start them). It runs once,
 *     over a set that only shrinks, and nothing in normal running waits on it: not a poll;
 *   - a webhook paused by its breaker (the notice to its organisation's managers).
 * Each delivery's workflow id is its message's (`notification-<id>`) and a second start is
 * refused, so a message started twice (a retried write, the catch-up) is delivered once.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Client, ScheduleAlreadyRunning, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { Config } from '@throughcare/config';
import { londonDateOf, pinHolidayCalendar } from '@throughcare/domain';
import { TemporalClientService } from '@throughcare/temporal';
import { DIGEST_SCHEDULE_ID, type DeliveryWorkflowInput, type DigestWorkflowInput, notificationWorkflowId } from '@throughcare/workflows/notifications';
import { deliveryRetry } from './delivery-retry';

/** Messages the catch-up reads (and starts at once) at a time. */
const CATCH_UP_BATCH = 100;
/** How long the starts of one batch may take: a write's activity waits for them before it answers. */
const START_TIMEOUT_MS = 10_000;
/** How long after start the catch-up runs, and how old a message must be for it to take it. */
const CATCH_UP_AFTER_MS = 30_000;

@Injectable()
export class DeliveryStarter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeliveryStarter.name);
  private catchUpTimer?: NodeJS.Timeout;
  private catchingUp?: Promise<unknown>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(Config) private readonly config: Config,
    private readonly temporal: TemporalClientService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.NOTIFY_API_KEY !== undefined) {
      await this.ensureDigestSchedule().catch((err: unknown) =>
        this.logger.error({ err: err instanceof Error ? err.message : String(err), msg: 'the daily digest schedule could not be created' }),
      );
    }
    this.catchUpTimer = setTimeout(() => {
      this.catchingUp = this.catchUp().catch((err: unknown) =>
        this.logger.error({ err: err instanceof Error ? err.message : String(err), msg: 'the catch-up of messages never handed on stopped; the next start takes it up again' }),
      );
    }, CATCH_UP_AFTER_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.catchUpTimer);
    await this.catchingUp;
  }

  /**
   * The daily digest's Temporal Schedule, `notification-digest`: 08:00 Europe/London every day
   * (the workflow itself skips days that are not working days, by the calendar pinned here: the
   * compiled list as this code has it, so a holiday refresh reaches the digest with its deploy).
   * Created once; a worker that finds it keeps it current with its own task queue and settings.
   */
  async ensureDigestSchedule(): Promise<void> {
    const client = await this.temporal.client();
    const input: DigestWorkflowInput = { retry: deliveryRetry(this.config), calendar: pinHolidayCalendar(londonDateOf(new Date())) };
    const spec = { calendars: [{ hour: 8, minute: 0 }], timezone: 'Europe/London' };
    const action = {
      type: 'startWorkflow' as const,
      workflowType: 'notificationDigestWorkflow',
      workflowId: DIGEST_SCHEDULE_ID,
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
      args: [input],
    };
    try {
      await client.schedule.create({ scheduleId: DIGEST_SCHEDULE_ID, spec, action, policies: { overlap: 'SKIP', catchupWindow: '2 hours' } });
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      await client.schedule.getHandle(DIGEST_SCHEDULE_ID).update((previous) => ({ ...previous, spec, action }));
    }
  }

  /** Starts the delivery of every deliverable message no delivery has planned yet, oldest first; returns how many it started. */
  async catchUp(): Promise<number> {
    let started = 0;
    let after: { created_at: Date; id: string } | undefined;
    for (;;) {
      const batch: Array<{ id: string; created_at: Date }> = await this.dataSource.query(
        `SELECT id, created_at FROM notifications
          WHERE dispatched_at IS NULL AND created_at < now() - make_interval(secs => $4)
            AND ($1::timestamptz IS NULL OR (created_at, id) > ($1, $2::uuid))
          ORDER BY created_at, id LIMIT $3`,
        [after?.created_at ?? null, after?.id ?? null, CATCH_UP_BATCH, CATCH_UP_AFTER_MS / 1000],
      );
      if (batch.length === 0) break;
      started += await this.start(batch.map((n) => n.id));
      after = batch.at(-1);
    }
    if (started > 0) this.logger.log({ started, msg: 'messages stored but never handed on were started for delivery' });
    return started;
  }

  /**
   * Starts each message's delivery once for ever (a closed one is not started again either), all
   * within START_TIMEOUT_MS; returns how many were new. Throws when Temporal did not take them all.
   */
  async start(notificationIds: string[]): Promise<number> {
    if (notificationIds.length === 0) return 0;
    const client = await this.temporal.client();
    const retry = deliveryRetry(this.config);
    const started = await client.withDeadline(Date.now() + START_TIMEOUT_MS, () =>
      Promise.all(notificationIds.map((notificationId) => this.startOne(client, { notificationId, retry }))),
    );
    return started.filter(Boolean).length;
  }

  /** Whether this start began the delivery (false: it was started before). */
  private async startOne(client: Client, input: DeliveryWorkflowInput & { notificationId: string }): Promise<boolean> {
    try {
      await client.workflow.start('notificationDeliveryWorkflow', {
        workflowId: notificationWorkflowId(input.notificationId),
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
      return true;
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
      throw err;
    }
  }
}
