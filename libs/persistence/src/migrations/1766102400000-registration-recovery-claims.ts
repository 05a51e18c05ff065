import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Several API instances run the stalled-registration sweep. A sweep claims one registration
 * at a time (FOR UPDATE SKIP LOCKED) and holds it until this time, so no two instances try
 * the same registration at once, and one that started is not started again by another.
 */
export class RegistrationRecoveryClaims1766102400000 implements MigrationInterface {
  name = 'RegistrationRecoveryClaims1766102400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE pathways ADD COLUMN recovery_claimed_until timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE pathways DROP COLUMN recovery_claimed_until`);
  }
}
