/**
 * Registrations are written to PostgreSQL before their workflow starts, because personal data
 * never travels through Temporal. If Temporal cannot be reached in between, the caller gets a
 * 503 and a retry with the same Idempotency-Key finishes the job; this sweep finishes it when
 * nobody retries, so no registered pathway is left without its workflow. Starting is
 * idempotent (the workflow id is the pathway's), and several worker instances sweep at once
 * without sharing a registration: each claims one at a time in PostgreSQL (FOR UPDATE SKIP
 * LOCKED) and holds it while it tries (`recovery_claimed_until`). A started one stays claimed
 * for a sweep's interval, long enough for its first write to mark it active, so no other
 * instance starts it again; a failed try gives the claim back for the next sweep.
 *
 * A registration the sweep cannot start in REGISTRATION_RECOVERY_MAX_ATTEMPTS tries is marked
 * failed (`registration-not-started`), logged and counted (`throughcare_pathways_failed`), rather than retried for
 * ever: the person can then be registered again, and the failure is there to be seen.
 * Each start the sweep makes is audited (`pathway.recovery-start`, naming the instance).
 *
 * A loop in the worker, not a Temporal Schedule: it exists for the registrations Temporal was
 * not there to start, and it counts the tries that fail while Temporal is still away, so it
 * must run without Temporal (docs/operations.md: periodic jobs).
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import { AuditService } from '@throughcare/audit';
import { Config } from '@throughcare/config';
import { counter } from '@throughcare/logging';
import { PathwayEntity } from '@throughcare/persistence';
import { TemporalClientService } from '@throughcare/temporal';
import { pathwayWorkflowId } from '@throughcare/workflows/pathway';
import { WorkflowStarter } from './workflow-starter';

const BATCH = 100;
/** How long giving up waits for Temporal to stop a workflow that may have started after all. */
const TERMINATE_TIMEOUT_MS = 5_000;
/** Who the audit trail names for a start the sweep made; its correlation id names the instance. */
const SWEEP_ACTOR = { sub: 'system:stalled-registration-sweep', name: 'Stalled-registration sweep', org: 'system', roles: [] };
const INSTANCE = `${hostname()}:${process.pid}`;

export interface SweepResult {
  started: number;
  /** Registrations given up on in this sweep. */
  failed: number;
}

/** Made once per process: tests host several workers in one. */
@Injectable()
export class StalledRegistrationRecovery implements OnApplicationBootstrap {
  private readonly logger = new Logger(StalledRegistrationRecovery.name);
  private sweeping = false;
  private readonly startedCount = counter('throughcare_stalled_registrations_started_total', 'Stalled registrations whose workflow this process started');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly starter: WorkflowStarter,
    private readonly scheduler: SchedulerRegistry,
    private readonly temporal: TemporalClientService,
    private readonly audit: AuditService,
    @Inject(Config) private readonly config: Config,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.REGISTRATION_RECOVERY_SECONDS * 1000;
    this.scheduler.addInterval(StalledRegistrationRecovery.name, setInterval(() => void this.sweep(), every));
  }

  /** Starts the workflow of each stalled registration; gives up on those tried too often. */
  async sweep(): Promise<SweepResult> {
    const result = { started: 0, failed: 0 };
    if (this.sweeping) return result; // a slow sweep is not joined by the next tick
    this.sweeping = true;
    try {
      const stalledBefore = new Date(Date.now() - this.config.REGISTRATION_RECOVERY_SECONDS * 1000);
      const tried: string[] = [];
      for (;;) {
        const pathway = await this.claim(stalledBefore, tried);
        if (!pathway) break;
        tried.push(pathway.id);
        try {
          // Found running: its first write is on the way, and the claim holds it meanwhile.
          if ((await this.starter.startPathway(pathway)) === 'running') continue;
          result.started++;
          this.startedCount.inc();
          await this.recordStart(pathway.id);
        } catch (err) {
          if (await this.failedAttempt(pathway.id, err)) result.failed++;
        }
      }
      if (result.started > 0) this.logger.log({ started: result.started }, 'started the workflows of stalled registrations');
    } catch (err) {
      this.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'the stalled-registration sweep failed');
    } finally {
      this.sweeping = false;
    }
    return result;
  }

  /**
   * The trail shows who finished a registration nobody retried, and which instance: a line
   * lost to an outage is logged, never a reason to start the pathway again.
   */
  private async recordStart(pathwayId: string): Promise<void> {
    try {
      await this.audit.record({ user: SWEEP_ACTOR, action: 'pathway.recovery-start', pathwayId, status: 201, correlationId: `sweep:${INSTANCE}` });
    } catch (err) {
      this.logger.warn({ pathwayId, err: err instanceof Error ? err.message : String(err) }, 'started a stalled registration but could not audit it');
    }
  }

  /**
   * Claims the stalled registration least recently tried that no instance holds and this sweep
   * has not tried yet, until a sweep's interval from now; at most BATCH a sweep.
   */
  private async claim(stalledBefore: Date, tried: string[]): Promise<PathwayEntity | undefined> {
    if (tried.length >= BATCH) return undefined;
    // An UPDATE's raw answer is [rows, count].
    const [[claimed]] = (await this.dataSource.query(
      `UPDATE pathways SET recovery_claimed_until = now() + make_interval(secs => $3)
        WHERE id = (SELECT id FROM pathways
                     WHERE status = 'registering' AND registered_at < $1 AND NOT (id = ANY ($2::uuid[]))
                       AND (recovery_claimed_until IS NULL OR recovery_claimed_until < now())
                     ORDER BY updated_at
                     LIMIT 1
                     FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [stalledBefore, tried, this.config.REGISTRATION_RECOVERY_SECONDS],
    )) as [Array<{ id: string }>, number];
    return claimed ? ((await this.dataSource.getRepository(PathwayEntity).findOneBy({ id: claimed.id })) ?? undefined) : undefined;
  }

  /**
   * Counts a failed try: Temporal still away, or the pathway closed meanwhile. The next sweeps
   * try again, after the others, until the last try allowed; then the registration is failed.
   * Returns whether it was given up on.
   */
  private async failedAttempt(pathwayId: string, err: unknown): Promise<boolean> {
    const [[row]] = (await this.dataSource.query(
      `UPDATE pathways
          SET registration_attempts = registration_attempts + 1, updated_at = now(), recovery_claimed_until = NULL,
              status = CASE WHEN registration_attempts + 1 >= $2 THEN 'failed' ELSE status END,
              failure_reason = CASE WHEN registration_attempts + 1 >= $2 THEN 'registration-not-started' ELSE failure_reason END,
              failed_at = CASE WHEN registration_attempts + 1 >= $2 THEN now() ELSE failed_at END
        WHERE id = $1 AND status = 'registering'
        RETURNING status, registration_attempts AS attempts`,
      [pathwayId, this.config.REGISTRATION_RECOVERY_MAX_ATTEMPTS],
    )) as [Array<{ status: string; attempts: number }>, number];
    const reason = err instanceof Error ? err.message : String(err);
    if (row?.status !== 'failed') {
      this.logger.warn({ pathwayId, attempts: row?.attempts, err: reason }, 'could not start a stalled registration');
      return false;
    }
    this.logger.error(
      { pathwayId, attempts: row.attempts, reason: 'registration-not-started', err: reason },
      'gave up starting a stalled registration: the pathway is marked failed',
    );
    await this.stopIfStarted(pathwayId);
    return true;
  }

  /**
   * A workflow that did start (its answer lost on the way) must not run on behind a pathway
   * marked failed: it is terminated if Temporal can be reached, and nothing is done if not.
   */
  private async stopIfStarted(pathwayId: string): Promise<void> {
    const stop = (async () => {
      const client = await this.temporal.client();
      await client.workflow.getHandle(pathwayWorkflowId(pathwayId)).terminate('registration-not-started: the recovery sweep gave up starting the pathway');
    })();
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, TERMINATE_TIMEOUT_MS).unref());
    await Promise.race([stop.catch(() => undefined), timeout]);
  }
}
