/**
 * The handover-step report's summary of settled pathways (migration 1765065600000): a closed
 * pathway's tasks and escalations never change again, so their figures are folded once, per
 * month of release, step, organisation and lateness, and a national report sums a few thousand
 * rows where it would aggregate a million tasks. Only pathways not folded are computed live.
 *
 * The worker refreshes the summary every minute, on a Temporal Schedule (maintenance.schedules.ts),
 * and a report is right whatever the refresh has reached: a pathway is either folded or live, never both, and each report
 * statement reads the summary and the live tasks from one snapshot.
 *
 * Folding is recomputed per month, never added to: a month whose folded pathways changed, or
 * that has newly closed ones, is deleted and folded again from the read model, so a refresh
 * that is retried, runs twice or on several worker instances at once (one at a time, by an
 * advisory lock) gives the same rows. A folded pathway whose row changes after all (a new
 * version, a new day of release, no longer closed) has its month refolded by the next refresh,
 * and a bank-holiday change, which moves lateness in working days, refolds everything (the API
 * writes `working_days` from the calendar at its start; the next refresh sees the change).
 */
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { taskTimelinessSql } from '@throughcare/persistence';
import { DataSource, EntityManager } from 'typeorm';

/** Any constant: refreshes on every instance take turns on it. */
const REFRESH_LOCK = 'SELECT pg_advisory_xact_lock(hashtext($1))';

/** Due, on time and late as the live report counts them: the one definition (the domain's timelinessOf). */
const TIMELINESS = taskTimelinessSql('t');

/** Settled: closed, so its outcome and tasks are final, with no task left open (the workflow cancels them on closing). */
const SETTLED_PATHWAYS = `
  SELECT p.id, date_trunc('month', p.release_day)::date AS month, p.version
    FROM pathways p
   WHERE p.status = 'closed'
     AND NOT EXISTS (SELECT 1 FROM tasks o WHERE o.pathway_id = p.id AND o.state = 'open')`;

/**
 * Months to fold again: those of folded pathways whose row has changed or gone, and those of
 * settled pathways not folded as they now are.
 */
const STALE_MONTHS = `
  WITH closed AS (SELECT id, date_trunc('month', release_day)::date AS month, version FROM pathways WHERE status = 'closed'),
  changed AS (
    SELECT c.id, c.month, f.month AS folded_month
      FROM closed c FULL JOIN handover_summary_pathways f ON f.pathway_id = c.id
     WHERE c.id IS NULL OR f.pathway_id IS NULL OR f.version <> c.version OR f.month <> c.month)
  SELECT folded_month::text AS month FROM changed WHERE folded_month IS NOT NULL
  UNION
  SELECT ch.month::text FROM changed ch
   WHERE ch.id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM tasks o WHERE o.pathway_id = ch.id AND o.state = 'open')`;

/**
 * Folds the settled pathways of the months given, in one statement so the pathways' versions
 * and their tasks come from one snapshot (the activity writes both in one statement too).
 * Counts as the live report does, by the same definition (TIMELINESS): due, on time, lateness
 * in working days for the late ones (a settled pathway has no open task, so due means done),
 * and every escalation by level on any of its tasks, cancelled ones included.
 */
const FOLD_MONTHS = `
  WITH folded AS (
    INSERT INTO handover_summary_pathways (pathway_id, month, version)
    SELECT s.id, s.month, s.version FROM (${SETTLED_PATHWAYS}) s WHERE s.month = ANY($1::date[])
    RETURNING pathway_id, month
  ), raised AS (
    SELECT e.task_id,
           count(*) FILTER (WHERE e.level = 'reminder') AS reminder, count(*) FILTER (WHERE e.level = 'L1') AS l1,
           count(*) FILTER (WHERE e.level = 'L2') AS l2, count(*) FILTER (WHERE e.level = 'L3') AS l3,
           count(*) FILTER (WHERE e.level = 'notice') AS notice
      FROM escalations e JOIN folded f ON f.pathway_id = e.pathway_id
     WHERE e.task_id IS NOT NULL
     GROUP BY e.task_id
  ), facts AS (
    SELECT f.month, t.type, t.owner_code, ${TIMELINESS.due} AS due, ${TIMELINESS.onTime} AS on_time,
           t.outcome, r.reminder, r.l1, r.l2, r.l3, r.notice, ${TIMELINESS.workingDaysLate} AS late_working_days
      FROM folded f JOIN tasks t ON t.pathway_id = f.pathway_id
      LEFT JOIN raised r ON r.task_id = t.id
  )
  INSERT INTO handover_step_summary (month, type, owner_code, late_working_days, due, on_time, declined, did_not_attend, reminder, l1, l2, l3, notice)
  SELECT month, type, owner_code, late_working_days, count(*) FILTER (WHERE due), count(*) FILTER (WHERE on_time),
         count(*) FILTER (WHERE due AND outcome = 'declined'), count(*) FILTER (WHERE due AND outcome = 'did-not-attend'),
         coalesce(sum(reminder), 0), coalesce(sum(l1), 0), coalesce(sum(l2), 0), coalesce(sum(l3), 0), coalesce(sum(notice), 0)
    FROM facts
   GROUP BY month, type, owner_code, late_working_days`;

/** Which calendar the lateness was counted on. */
const CALENDAR_FINGERPRINT = `SELECT md5(string_agg(day::text || ':' || ordinal, ',' ORDER BY day)) AS fingerprint FROM working_days`;

@Injectable()
export class HandoverStepSummary {
  private readonly logger = new Logger(HandoverStepSummary.name);
  private refreshing: Promise<number> | undefined;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Folds what has settled since the last refresh; returns how many months were folded. A call while one runs joins it. */
  refresh(): Promise<number> {
    this.refreshing ??= this.dataSource.transaction((tx) => this.refreshIn(tx)).finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async refreshIn(tx: EntityManager): Promise<number> {
    await tx.query(REFRESH_LOCK, ['handover_step_summary']);
    const [{ fingerprint }] = (await tx.query(CALENDAR_FINGERPRINT)) as Array<{ fingerprint: string | null }>;
    const stored = (await tx.query(`SELECT fingerprint FROM handover_summary_calendar`)) as Array<{ fingerprint: string }>;
    if (stored[0]?.fingerprint !== (fingerprint ?? '')) {
      // Lateness was counted on another calendar: nothing folded stands.
      await tx.query(`DELETE FROM handover_summary_pathways`);
      await tx.query(`DELETE FROM handover_step_summary`);
      await tx.query(
        `INSERT INTO handover_summary_calendar (singleton, fingerprint) VALUES (true, $1) ON CONFLICT (singleton) DO UPDATE SET fingerprint = EXCLUDED.fingerprint`,
        [fingerprint ?? ''],
      );
    }
    const months = ((await tx.query(STALE_MONTHS)) as Array<{ month: string }>).map((r) => r.month);
    if (months.length === 0) return 0;
    await tx.query(`DELETE FROM handover_step_summary WHERE month = ANY($1::date[])`, [months]);
    await tx.query(`DELETE FROM handover_summary_pathways WHERE month = ANY($1::date[])`, [months]);
    await tx.query(`SET LOCAL work_mem = '64MB'`);
    await tx.query(FOLD_MONTHS, [months]);
    this.logger.log({ months: months.length }, 'handover-step summary refreshed');
    return months.length;
  }
}
