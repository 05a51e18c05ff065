import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Several API instances run the recovery sweeps (stalled registrations, imports whose workflow
 * never started). A sweep claims what it tries (FOR UPDATE SKIP LOCKED) and holds it until
 * this time, so no two instances try the same one at once, and one just started is not
 * started again by another.
 */
export class RecoveryClaims1766102400000 implements MigrationInterface {
  name = 'RecoveryClaims1766102400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE pathways ADD COLUMN recovery_claimed_until timestamptz`);
    await q.query(`ALTER TABLE release_imports ADD COLUMN recovery_claimed_until timestamptz`);
    await q.query(`CREATE INDEX release_imports_processing_idx ON release_imports (created_at) WHERE state = 'processing'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX release_imports_processing_idx`);
    await q.query(`ALTER TABLE release_imports DROP COLUMN recovery_claimed_until`);
    await q.query(`ALTER TABLE pathways DROP COLUMN recovery_claimed_until`);
  }
}
