import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The handover-step report's summary of settled pathways, so a national report reads a few
 * thousand folded rows instead of every task (apps/api/src/reports/handover-step-summary.ts):
 * - `handover_step_summary`: per month of the day of release, step, owning organisation and
 *   lateness in working days (null when on time or not due), the tasks' counts and the
 *   escalations raised on them by level. Summed, it gives each group's figures; its lateness
 *   rows are a histogram the median and 90th percentile are read from.
 * - `handover_summary_pathways`: the pathways folded in, with the month and version they were
 *   folded at; every other pathway of a report's cohort is computed live. A folded pathway
 *   whose row changes (a new version, a new day of release, no longer closed, deleted) has
 *   its month folded again.
 * - `handover_summary_calendar`: the working-days calendar the lateness was counted on; when
 *   the bank holidays change, everything is folded again.
 * The application login reads and writes them by the default privileges (application-role).
 */
export class HandoverStepSummary1765065600000 implements MigrationInterface {
  name = 'HandoverStepSummary1765065600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE handover_step_summary (
        month date NOT NULL,
        type text NOT NULL,
        owner_code text NOT NULL,
        late_working_days int,
        due int NOT NULL,
        on_time int NOT NULL,
        declined int NOT NULL,
        did_not_attend int NOT NULL,
        reminder int NOT NULL,
        l1 int NOT NULL,
        l2 int NOT NULL,
        l3 int NOT NULL,
        notice int NOT NULL
      )`);
    await q.query(`CREATE INDEX handover_step_summary_month_idx ON handover_step_summary (month)`);
    await q.query(`CREATE TABLE handover_summary_pathways (pathway_id uuid PRIMARY KEY, month date NOT NULL, version int NOT NULL)`);
    await q.query(`CREATE INDEX handover_summary_pathways_month_idx ON handover_summary_pathways (month)`);
    await q.query(`CREATE TABLE handover_summary_calendar (singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton), fingerprint text NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE handover_summary_calendar`);
    await q.query(`DROP TABLE handover_summary_pathways`);
    await q.query(`DROP TABLE handover_step_summary`);
  }
}
