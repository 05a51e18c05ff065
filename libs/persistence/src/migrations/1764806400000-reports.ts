import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the commissioners' reports read, so they aggregate in SQL and never load pathways:
 * - `working_days`: every calendar day with the count of England and Wales working days up to
 *   it, so lateness in working days is one subtraction. Filled by the API from the domain's
 *   calendar (it knows the bank holidays; SQL does not), and refilled when the list changes.
 * - the day of release (actual, else expected) as an indexed expression, the cohort's key.
 */
export class Reports1764806400000 implements MigrationInterface {
  name = 'Reports1764806400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE working_days (day date PRIMARY KEY, ordinal int NOT NULL, working boolean NOT NULL)`);
    await q.query(`CREATE INDEX pathways_release_day_idx ON pathways ((coalesce(released_on, expected_release_date, release_date)))`);
    await q.query(`CREATE INDEX escalations_task_idx ON escalations (task_id) WHERE task_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX escalations_task_idx`);
    await q.query(`DROP INDEX pathways_release_day_idx`);
    await q.query(`DROP TABLE working_days`);
  }
}
