/**
 * How the pathways' read model stands, from PostgreSQL, for /health and /metrics: pathways
 * whose last writes left something out (unresolved faults) and pathways that failed. The
 * worker has no HTTP server of its own, so what it records there is reported here.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { counter, gauge } from '@throughcare/logging';

export interface ReadModelCounts {
  /** Pathways with at least one write PostgreSQL refused and no later write has made good. */
  pathwaysWithUnresolvedFaults: number;
  /** Faults recorded, by kind and whether resolved: a running count, as rows are never deleted. */
  faults: Array<{ kind: string; resolved: boolean; count: number }>;
  /** Failed pathways by reason code. */
  failedPathways: Array<{ reason: string; count: number }>;
}

/** How long a failed pathway keeps /health degraded. */
export const RECENT_FAILURE_HOURS = 24;

@Injectable()
export class ReadModelHealth {
  private readonly deliveries = counter(
    'throughcare_notification_deliveries_total',
    'Deliveries of notifications by channel (webhook, email) and outcome: sent, retried (a try that failed and will be repeated), failed (after the last try)',
    ['channel', 'outcome'] as const,
  );
  private readonly faulted = gauge('throughcare_pathways_with_unresolved_faults', 'Pathways whose read model misses writes PostgreSQL refused for good');
  private readonly faults = gauge('throughcare_pathway_faults', 'Read-model writes PostgreSQL refused for good, stored as far as they could be', ['kind', 'resolved'] as const);
  private readonly failed = gauge('throughcare_pathways_failed', 'Pathways whose workflow failed, by reason', ['reason'] as const);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Pathways with unresolved faults: the partial index makes this a short scan, even on every health check. */
  async pathwaysWithUnresolvedFaults(): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT count(DISTINCT pathway_id)::int AS n FROM pathway_faults WHERE resolved_at IS NULL`);
    return row.n;
  }

  /**
   * Pathways that failed within the last day: a person whose handover stopped, to be looked at
   * now. A failure is never undone, so counting them all would leave /health degraded for good
   * after the first; GET /v1/faults keeps listing them and /metrics keeps counting them. The
   * partial index on failed pathways by `failed_at` makes this a short range scan.
   */
  async pathwaysFailedRecently(): Promise<number> {
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM pathways WHERE status = 'failed' AND failed_at > now() - make_interval(hours => $1)`,
      [RECENT_FAILURE_HOURS],
    );
    return row.n;
  }

  async counts(): Promise<ReadModelCounts> {
    const [faulted, faults, failed] = await Promise.all([
      this.pathwaysWithUnresolvedFaults(),
      this.dataSource.query(`SELECT kind, resolved_at IS NOT NULL AS resolved, count(*)::int AS count FROM pathway_faults GROUP BY 1, 2`),
      this.dataSource.query(`SELECT failure_reason AS reason, count(*)::int AS count FROM pathways WHERE status = 'failed' GROUP BY 1`),
    ]);
    return { pathwaysWithUnresolvedFaults: faulted, faults, failedPathways: failed };
  }

  /** Sets the gauges from the database, just before a scrape reads them. */
  async refreshMetrics(): Promise<void> {
    const counts = await this.counts();
    this.faulted.set(counts.pathwaysWithUnresolvedFaults);
    this.faults.reset();
    for (const f of counts.faults) this.faults.set({ kind: f.kind, resolved: String(f.resolved) }, f.count);
    this.failed.reset();
    for (const f of counts.failedPathways) this.failed.set({ reason: f.reason ?? 'unknown' }, f.count);
    // The worker delivers and has no HTTP server: it keeps the running totals in the database.
    const totals: Array<{ channel: string; outcome: string; count: number }> = await this.dataSource.query(
      `SELECT channel, outcome, count::float8 AS count FROM delivery_counters`,
    );
    this.deliveries.reset();
    for (const t of totals) this.deliveries.inc({ channel: t.channel, outcome: t.outcome }, t.count);
  }
}
