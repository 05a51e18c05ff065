/**
 * The 17:00 burst (docs/design.md): thousands of steps due at one instant. Each pathway's
 * workflow raises its own escalations when its timer wakes it, but thousands waking at once
 * queue on the workers for a minute or two (docs/benchmarks.md). So each snapshot also stores
 * the ladder's next rungs as the workflow will raise them (`escalation_plans`: the rungs and
 * when), and this sweep stores those due, many pathways a round, at their instant. The
 * workflow stays the authority and the guarantee: when it wakes it raises the same escalations
 * by the same keys, which store nothing twice, and its write hands on the messages
 * the sweep stored (NOT_HANDED_ON), so deliveries go from the worker that owns the pathway.
 *
 * Only what the workflow would raise: a rung of a task still open, on an active pathway, by the
 * plan its last write left (each write replaces the plan, at its version).
 *
 * A loop in the worker, not a Temporal Schedule: it must fire at the instant (a Schedule's runs
 * are a minute apart at best), and it sleeps until the soonest rung, reading again at least
 * every MAX_WAIT_MS for rungs planned since. Several workers sweep side by side, each taking
 * its own share of the plans due; every insert is by key in any case.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Config } from '@throughcare/config';
import { preparedStatement, queryPrepared } from '@throughcare/persistence';
import { counter } from '@throughcare/logging';
import { classifyDatabaseError, type Statement, sweptEscalationsStatement, sweptLevelsStatement } from '../pathway.activities';

/** Pathways a round reads; a round that finds this many is followed at once by another. */
const BATCH = 500;
/** Pathways written at once within a round (connections from the worker's pool). */
const WRITERS = 4;
/** The longest the sweep sleeps before it reads the plans again. */
const MAX_WAIT_MS = 30_000;
/** After a round that failed (PostgreSQL away), before the next. */
const AFTER_FAILURE_MS = 5_000;

/** Takes the plans due, up to BATCH, with their pathway's status and open tasks (see sweep()). */
const TAKE_DUE = preparedStatement(`WITH taken AS (
    DELETE FROM escalation_plans
     WHERE pathway_id IN (SELECT pathway_id FROM escalation_plans WHERE due_at <= now() ORDER BY due_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
    RETURNING pathway_id, rungs
  )
  SELECT taken.pathway_id AS id, p.status, taken.rungs AS planned, now() AS now,
         ARRAY(SELECT t.id::text FROM tasks t WHERE t.pathway_id = taken.pathway_id AND t.state = 'open') AS open_tasks
    FROM taken JOIN pathways p ON p.id = taken.pathway_id`);

interface DuePathway {
  id: string;
  /** The pathway's status: a plan left on one no longer active is dropped, not carried out. */
  status: string;
  /** The plan's rows: escalationRows's shape without `raised_at`. */
  planned: PlannedRow[];
  open_tasks: string[];
  now: Date;
}

interface PlannedRow {
  key: string;
  task_id: string | null;
  due_at: string;
  [field: string]: unknown;
}

export interface EscalationSweepRound {
  /** Pathways whose due plans the round took. */
  pathways: number;
  /** Escalations it stored (those the workflows had not stored already). */
  stored: number;
}

/** Made once per worker: tests host several in one process, each sweeping the same tables harmlessly. */
@Injectable()
export class EscalationSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EscalationSweep.name);
  private readonly insert: Statement;
  private readonly levels: Statement;
  private readonly swept = counter('throughcare_escalations_swept_total', 'Escalations the sweep stored ahead of their workflow');
  private stopped = false;
  private wake?: () => void;
  private looping?: Promise<void>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(Config) private readonly config: Config,
  ) {
    this.insert = sweptEscalationsStatement(config.NOTIFY_API_KEY !== undefined);
    this.levels = sweptLevelsStatement();
  }

  onApplicationBootstrap(): void {
    if (this.config.ESCALATION_SWEEP) this.looping = this.loop();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.looping;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let waitMs: number;
      try {
        const round = await this.sweep();
        waitMs = round.pathways >= BATCH ? 0 : await this.untilNextRung();
      } catch (err) {
        this.logger.warn({ error: err instanceof Error ? err.name : 'unknown', msg: 'the escalation sweep could not read or write; it tries again shortly' });
        waitMs = AFTER_FAILURE_MS;
      }
      await this.pause(waitMs);
    }
  }

  private pause(ms: number): Promise<void> {
    if (this.stopped || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** How long until the soonest planned rung, by PostgreSQL's clock (the one the sweep compares with). */
  private async untilNextRung(): Promise<number> {
    const [row] = await this.dataSource.query<Array<{ ms: number | null }>>(
      `SELECT (extract(epoch FROM min(due_at) - clock_timestamp()) * 1000)::float8 AS ms FROM escalation_plans`,
    );
    // A plan due but not taken was held by its workflow's write in flight: a moment, not a busy loop.
    return row.ms === null ? MAX_WAIT_MS : Math.min(MAX_WAIT_MS, Math.max(100, Math.ceil(row.ms)));
  }

  /**
   * One round: takes the plans due, up to BATCH, out of `escalation_plans` (so that workers
   * sweeping side by side share them out, each row to one), then stores their rungs. A plan
   * taken by a worker that dies before storing it is not lost: its workflow raises the same
   * escalations when it wakes, as it would without the sweep.
   */
  async sweep(): Promise<EscalationSweepRound> {
    const due = await queryPrepared<DuePathway>(this.dataSource, TAKE_DUE, []);
    let stored = 0;
    let failed = 0;
    let passing: unknown;
    const queue = [...due];
    const writer = async (): Promise<void> => {
      for (let pathway = queue.shift(); pathway; pathway = queue.shift()) {
        try {
          stored += await this.raise(pathway);
        } catch (err) {
          // A deadlock with the pathway's own write, or PostgreSQL gone: the workflow raises them when it wakes.
          failed++;
          passing = err;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(WRITERS, due.length) }, writer));
    if (due.length > 0) {
      this.swept.inc(stored);
      this.logger.log({ pathways: due.length, stored, leftToWorkflows: failed, msg: 'escalations swept' });
    }
    if (failed > 0 && failed === due.length) throw passing;
    return { pathways: due.length, stored };
  }

  /** The pathway's due rungs whose task is still open, stored by key; returns how many were new. */
  private async raise(pathway: DuePathway): Promise<number> {
    if (pathway.status !== 'active') return 0; // closed or failed since: its workflow raises nothing more
    const raisedAt = pathway.now.toISOString();
    const rows = pathway.planned
      .filter((row) => row.task_id !== null && pathway.open_tasks.includes(row.task_id) && new Date(row.due_at) <= pathway.now)
      .map((row) => ({ ...row, raised_at: raisedAt }));
    if (rows.length === 0) return 0;
    try {
      const values = { pathwayId: pathway.id, escalations: JSON.stringify(rows), tasks: '[]' };
      // The levels first: the task's lock before the escalations' keys, in the snapshot write's order.
      return await this.dataSource.transaction(async (tx) => {
        await queryPrepared(tx, this.levels, this.levels.parameters(values));
        const [{ stored }] = await queryPrepared<{ stored: number }>(tx, this.insert, this.insert.parameters(values));
        return stored;
      });
    } catch (err) {
      if (classifyDatabaseError(err) === 'transient') throw err;
      // The workflow raises them itself when it wakes; its write has its own way with what cannot be stored.
      this.logger.warn({ pathwayId: pathway.id, error: err instanceof Error ? err.name : 'unknown', msg: 'the sweep could not store a pathway’s due escalations; its workflow will' });
      return 0;
    }
  }
}
