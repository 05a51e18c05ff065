import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notices: a declined referral tells the commissioner, a missed first appointment tells
 * probation, through the escalations they read, at level `notice`.
 */
export class EscalationNotices1764115200000 implements MigrationInterface {
  name = 'EscalationNotices1764115200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE escalations DROP CONSTRAINT escalations_level_check`);
    await q.query(`ALTER TABLE escalations ADD CONSTRAINT escalations_level_check CHECK (level IN ('reminder', 'L1', 'L2', 'L3', 'notice'))`);
  }

  /** Fails while notices are stored, rather than deleting what organisations were told. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE escalations DROP CONSTRAINT escalations_level_check`);
    await q.query(`ALTER TABLE escalations ADD CONSTRAINT escalations_level_check CHECK (level IN ('reminder', 'L1', 'L2', 'L3'))`);
  }
}
