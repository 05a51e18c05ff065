/**
 * Registrations are written to PostgreSQL before their workflow starts, because personal data
 * never travels through Temporal. If Temporal cannot be reached in between, the caller gets a
 * 503 and a retry with the same Idempotency-Key finishes the job; this sweep finishes it when
 * nobody retries, so no registered pathway is left without its workflow. Starting is
 * idempotent (the workflow id is the pathway's), so several API instances may sweep at once.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan } from 'typeorm';
import { Config } from '@throughcare/config';
import { PathwayEntity } from '@throughcare/persistence';
import { PathwayService } from './pathway.service';

const BATCH = 100;

@Injectable()
export class StalledRegistrationRecovery implements OnApplicationBootstrap {
  private readonly logger = new Logger(StalledRegistrationRecovery.name);
  private sweeping = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly pathways: PathwayService,
    private readonly scheduler: SchedulerRegistry,
    @Inject(Config) private readonly config: Config,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.REGISTRATION_RECOVERY_SECONDS * 1000;
    this.scheduler.addInterval(StalledRegistrationRecovery.name, setInterval(() => void this.sweep(), every));
  }

  /** Starts the workflow of each stalled registration; returns how many were started. */
  async sweep(): Promise<number> {
    if (this.sweeping) return 0; // a slow sweep is not joined by the next tick
    this.sweeping = true;
    let started = 0;
    try {
      const stalledBefore = new Date(Date.now() - this.config.REGISTRATION_RECOVERY_SECONDS * 1000);
      const stalled = await this.dataSource.getRepository(PathwayEntity).find({
        where: { status: 'registering', registeredAt: LessThan(stalledBefore) },
        // Least recently tried first, so a registration that keeps failing cannot hold up the rest.
        order: { updatedAt: 'ASC' },
        take: BATCH,
      });
      for (const pathway of stalled) {
        try {
          await this.pathways.startWorkflow(pathway);
          started++;
        } catch (err) {
          // Temporal still away, or the pathway closed meanwhile: the next sweeps try again, after the others.
          await this.dataSource.query(`UPDATE pathways SET updated_at = now() WHERE id = $1 AND status = 'registering'`, [pathway.id]);
          this.logger.warn({ pathwayId: pathway.id, err: err instanceof Error ? err.message : String(err) }, 'could not start a stalled registration');
        }
      }
      if (started > 0) this.logger.log({ started }, 'started the workflows of stalled registrations');
    } catch (err) {
      this.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'the stalled-registration sweep failed');
    } finally {
      this.sweeping = false;
    }
    return started;
  }
}
