import { MigrationInterface, QueryRunner } from 'typeorm';

/** England and Wales bank holidays as compiled on 22 November 2026 (gov.uk/bank-holidays.json). */
const BANK_HOLIDAYS: ReadonlySet<string> = new Set([
  '2022-01-03', '2022-04-15', '2022-04-18', '2022-05-02', '2022-06-02', '2022-06-03',
  '2022-08-29', '2022-09-19', '2022-12-26', '2022-12-27', '2023-01-02', '2023-04-07',
  '2023-04-10', '2023-05-01', '2023-05-08', '2023-05-29', '2023-08-28', '2023-12-25',
  '2023-12-26', '2024-01-01', '2024-03-29', '2024-04-01', '2024-05-06', '2024-05-27',
  '2024-08-26', '2024-12-25', '2024-12-26', '2025-01-01', '2025-04-18', '2025-04-21',
  '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26', '2026-01-01',
  '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25',
  '2026-12-28', '2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31',
  '2027-08-30', '2027-12-27', '2027-12-28',
]);

const isWorkingDay = (day: string): boolean => {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !BANK_HOLIDAYS.has(day);
};

const dayAfter = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const dayBefore = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** Why the rule brought `given` forward, in the words the rule used then (CRD, ARD and PRRD only move). */
function adjustmentReason(given: string, type: string): string | null {
  if (!['CRD', 'ARD', 'PRRD'].includes(type)) return null;
  let day = given;
  while (!isWorkingDay(day) || !isWorkingDay(dayAfter(day))) day = dayBefore(day);
  if (day === given) return null;
  return `${type} ${given} is ${isWorkingDay(given) ? 'the day before a non-working day' : 'not a working day'}; brought forward to ${day}, the last working day before it that is followed by one`;
}

/**
 * The day of release as the workflow computed it, stored once so no reader recomputes it:
 * - `release_day`: T, the actual day if recorded, else the expected one (the date given until
 *   the workflow's first write); the cohort key of lists and reports, indexed as a column
 *   instead of the expression it replaces.
 * - `release_date_adjustment_reason`: why the day-of-release rule moved the date.
 * Existing rows are backfilled: T by the rule's SQL form, the reason by the day-of-release rule
 * as it stood when this migration was written (the reason is only text; the rule that moved
 * the date is the one that explains it). A migration must give the same answer whenever it
 * runs, so the rule and the bank holidays it needs are frozen here rather than imported from
 * libs/domain, whose rule and compiled list may change after it.
 */
export class ReleaseDay1764892800000 implements MigrationInterface {
  name = 'ReleaseDay1764892800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE pathways ADD COLUMN release_day date, ADD COLUMN release_date_adjustment_reason text`);
    await q.query(`UPDATE pathways SET release_day = coalesce(released_on, expected_release_date, release_date)`);
    const adjusted = (await q.query(`SELECT id, release_date::text AS given, release_date_type AS type FROM pathways WHERE release_date_adjusted_from IS NOT NULL`)) as Array<{
      id: string;
      given: string;
      type: string;
    }>;
    for (const row of adjusted) {
      await q.query(`UPDATE pathways SET release_date_adjustment_reason = $2 WHERE id = $1`, [row.id, adjustmentReason(row.given, row.type)]);
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
