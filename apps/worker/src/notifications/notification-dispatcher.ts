/**
 * Hands notifications on for delivery: every NOTIFICATION_DISPATCH_SECONDS, a bounded batch of
 * those not yet dispatched is taken (FOR UPDATE SKIP LOCKED, so several workers share the work
 * without taking the same row), one delivery workflow is started for each that has anyone to
 * tell beyond the inbox (a webhook subscribed to its event; a mailbox, for an immediate one
 * while e-mail is on), and the batch is marked dispatched in the same transaction. The
 * workflow's id is the notification's, and a second start of it is refused by Temporal, so a
 * sweep that dies before its commit (and is repeated) never delivers anything twice.
 * Digest-urgency messages go to webhooks at once; their e-mail is the daily digest's.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client, Connection, ScheduleAlreadyRunning, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { Config } from '@throughcare/config';
import { clientConnectionOptions, dataConverter } from '@throughcare/temporal';
import {
  DIGEST_SCHEDULE_ID,
  type DeliveryRetry,
  type DeliveryWorkflowInput,
  type DigestWorkflowInput,
  notificationWorkflowId,
} from '@throughcare/workflows/notifications';
import { targetsSql } from './delivery.activities';

/** Batches one sweep may take back to back before it yields to the next tick. */
const MAX_BATCHES_A_SWEEP = 50;

export function deliveryRetry(config: Config): DeliveryRetry {
  return {
    initialSeconds: config.NOTIFICATION_RETRY_INITIAL_SECONDS,
    maximumIntervalSeconds: config.NOTIFICATION_RETRY_MAX_INTERVAL_SECONDS,
    limitSeconds: config.NOTIFICATION_RETRY_LIMIT_SECONDS,
    requestTimeoutSeconds: config.NOTIFICATION_REQUEST_TIMEOUT_SECONDS,
  };
}

@Injectable()
export class NotificationDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NotificationDispatcher.name);
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<number>;
  private connection?: Promise<Connection>;
  private client?: Client;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(Config) private readonly config: Config,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.NOTIFICATION_DISPATCH_SECONDS === 0) return;
    this.timer = setInterval(() => void this.sweep(), this.config.NOTIFICATION_DISPATCH_SECONDS * 1000);
    await this.ensureDigestSchedule().catch((err: unknown) =>
      this.logger.error({ err: err instanceof Error ? err.message : String(err), msg: 'the daily digest schedule could not be created' }),
    );
  }

  /**
   * The daily digest's Temporal Schedule, `notification-digest`: 08:00 Europe/London every day
   * (the workflow itself skips days that are not working days). Created once; a worker that
   * finds it keeps it current with its own task queue and retry settings.
   */
  async ensureDigestSchedule(): Promise<void> {
    const client = await this.temporal();
    const input: DigestWorkflowInput = { retry: deliveryRetry(this.config) };
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

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping?.catch(() => undefined);
    const connection = await this.connection?.catch(() => undefined);
    await connection?.close();
  }

  /**
   * One sweep; a tick while one runs does nothing. A full batch is followed by the next at once,
   * up to MAX_BATCHES_A_SWEEP, so a backlog (a burst of registrations, a list of releases, the
   * worker back after an outage) drains in seconds rather than a batch a tick. Returns how many
   * workflows it started.
   */
  sweep(): Promise<number> {
    if (this.sweeping) return this.sweeping;
    this.sweeping = this.drain()
      .catch((err: unknown) => {
        this.logger.warn({ err: err instanceof Error ? err.message : String(err), msg: 'the notification dispatch sweep failed' });
        return 0;
      })
      .finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async drain(): Promise<number> {
    let started = 0;
    for (let i = 0; i < MAX_BATCHES_A_SWEEP; i++) {
      const batch = await this.dispatch();
      started += batch.started;
      if (batch.taken < this.config.NOTIFICATION_DISPATCH_BATCH || batch.stalled) break;
    }
    return started;
  }

  /** One batch: how many it took, how many workflows it started, and whether Temporal stopped it short. */
  private async dispatch(): Promise<{ taken: number; started: number; stalled: boolean }> {
    const emailEnabled = this.config.NOTIFY_API_KEY !== undefined;
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let started = 0;
    let taken = 0;
    let stalled = false;
    try {
      await runner.startTransaction();
      const batch: Array<{ id: string; deliverable: boolean }> = await runner.query(
        `WITH batch AS (
           SELECT n.id, n.org_code, n.audience, n.event, n.urgency, n.created_at FROM notifications n
            WHERE n.dispatched_at IS NULL
            ORDER BY n.created_at
            LIMIT $1
              FOR UPDATE SKIP LOCKED)
         SELECT n.id, EXISTS (${targetsSql(emailEnabled)}) AS deliverable FROM batch n ORDER BY n.created_at`,
        [this.config.NOTIFICATION_DISPATCH_BATCH],
      );
      taken = batch.length;
      if (batch.length === 0) {
        await runner.commitTransaction();
        return { taken, started, stalled };
      }
      const handedOn: string[] = [];
      for (const n of batch) {
        if (!n.deliverable) {
          handedOn.push(n.id); // the inbox has it; nobody else is to be told
          continue;
        }
        try {
          await this.start(n.id);
          started++;
          handedOn.push(n.id);
        } catch (err) {
          // Left for the next sweep: Temporal away, say.
          this.logger.warn({ notificationId: n.id, err: err instanceof Error ? err.message : String(err), msg: 'could not start a delivery' });
          stalled = true;
          break;
        }
      }
      await runner.query(`UPDATE notifications SET dispatched_at = now() WHERE id = ANY ($1::uuid[])`, [handedOn]);
      await runner.commitTransaction();
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await runner.release();
    }
    if (started > 0) this.logger.log({ started, msg: 'notifications handed on for delivery' });
    return { taken, started, stalled };
  }

  private async start(notificationId: string): Promise<void> {
    const client = await this.temporal();
    const input: DeliveryWorkflowInput = { notificationId, retry: deliveryRetry(this.config) };
    try {
      await client.workflow.start('notificationDeliveryWorkflow', {
        workflowId: notificationWorkflowId(notificationId),
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        args: [input],
        // Started once for ever: a closed one is not started again either.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }

  private async temporal(): Promise<Client> {
    this.connection ??= Connection.connect(clientConnectionOptions(this.config.TEMPORAL_ADDRESS)).catch((err: unknown) => {
      this.connection = undefined;
      throw err;
    });
    const connection = await this.connection;
    this.client ??= new Client({ connection, namespace: this.config.TEMPORAL_NAMESPACE, dataConverter: dataConverter(this.config) });
    return this.client;
  }
}
