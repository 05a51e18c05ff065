import { expectedReleaseDay, type ReleaseDateType } from '@throughcare/domain';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The day of release as the workflow computed it, stored once so no reader recomputes it:
 * - `release_day`: T, the actual day if recorded, else the expected one (the date given until
 *   the workflow's first write); the cohort key of lists and reports, indexed as a column
 *   instead of the expression it replaces.
 * - `release_date_adjustment_reason`: why the day-of-release rule moved the date.
 * Existing rows are backfilled: T by the rule's SQL form, the reason by the domain's rule
 * (the reason is only text; the rule that moved the date is the one that explains it).
 */
export class ReleaseDay1764892800000 implements MigrationInterface {
  name = 'ReleaseDay1764892800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE pathways ADD COLUMN release_day date, ADD COLUMN release_date_adjustment_reason text`);
    await q.query(`UPDATE pathways SET release_day = coalesce(released_on, expected_release_date, release_date)`);
    const adjusted = (await q.query(`SELECT id, release_date::text AS given, release_date_type AS type FROM pathways WHERE release_date_adjusted_from IS NOT NULL`)) as Array<{
      id: string;
      given: string;
      type: ReleaseDateType;
    }>;
    for (const row of adjusted) {
      const reason = expectedReleaseDay(row.given, row.type).adjustmentReason ?? null;
      await q.query(`UPDATE pathways SET release_date_adjustment_reason = $2 WHERE id = $1`, [row.id, reason]);
    }
    await q.query(`ALTER TABLE pathways ALTER COLUMN release_day SET NOT NULL`);
    await q.query(`DROP INDEX pathways_release_day_idx`);
    await q.query(`CREATE INDEX pathways_release_day_idx ON pathways (release_day, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX pathways_release_day_idx`);
    await q.query(`CREATE INDEX pathways_release_day_idx ON pathways ((coalesce(released_on, expected_release_date, release_date)))`);
    await q.query(`ALTER TABLE pathways DROP COLUMN release_day, DROP COLUMN release_date_adjustment_reason`);
  }
}
