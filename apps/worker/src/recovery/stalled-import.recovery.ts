/**
 * An import is stored before its workflow starts. If Temporal cannot be reached in between,
 * the caller gets a 503 and a retry with the same Idempotency-Key starts it; this sweep starts
 * it when nobody retries, so no accepted list is left `processing` for ever. Starting is
 * idempotent (the workflow id is the import's; a running one is found, not started again), and
 * worker instances divide the work: each claims an import in PostgreSQL (FOR UPDATE SKIP LOCKED)
 * for a sweep's interval, so an import is tried at most once an interval, whoever sweeps.
 *
 * A loop in the worker, not a Temporal Schedule: it exists for the imports Temporal was not
 * there to start, so it must not depend on Temporal to run (docs/operations.md: periodic jobs).
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Config } from '@throughcare/config';
import { WorkflowStarter } from './workflow-starter';

const BATCH = 20;

@Injectable()
export class StalledImportRecovery implements OnApplicationBootstrap {
  private readonly logger = new Logger(StalledImportRecovery.name);
  private sweeping = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly starter: WorkflowStarter,
    private readonly scheduler: SchedulerRegistry,
    @Inject(Config) private readonly config: Config,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.REGISTRATION_RECOVERY_SECONDS * 1000;
    this.scheduler.addInterval(StalledImportRecovery.name, setInterval(() => void this.sweep(), every));
  }

  /** Starts (or finds running) the workflow of each import still processing; returns how many it tried. */
  async sweep(): Promise<number> {
    if (this.sweeping) return 0;
    this.sweeping = true;
    try {
      const interval = this.config.REGISTRATION_RECOVERY_SECONDS;
      // An UPDATE's raw answer is [rows, count].
      const [claimed] = (await this.dataSource.query(
        `UPDATE release_imports SET recovery_claimed_until = now() + make_interval(secs => $2)
          WHERE id IN (SELECT id FROM release_imports
                        WHERE state = 'processing' AND created_at < now() - make_interval(secs => $2)
                          AND (recovery_claimed_until IS NULL OR recovery_claimed_until < now())
                        ORDER BY created_at
                        LIMIT $1
                        FOR UPDATE SKIP LOCKED)
          RETURNING id`,
        [BATCH, interval],
      )) as [Array<{ id: string }>, number];
      for (const { id } of claimed) {
        await this.starter.startImport(id).catch((err: unknown) => {
          this.logger.warn({ importId: id, err: err instanceof Error ? err.message : String(err) }, 'could not start the workflow of an import still processing');
        });
      }
      return claimed.length;
    } catch (err) {
      this.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'the stalled-import sweep failed');
      return 0;
    } finally {
      this.sweeping = false;
    }
  }
}
