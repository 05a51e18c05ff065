import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency has one home, `idempotency_keys`: a registration's pathway id is derived from its
 * operation, and a policy version is created in the transaction that stores its answer on the
 * binding. The per-table key columns go. A retry of a registration keyed before this change
 * meets the person's open pathway (409 pathway-exists naming it) instead of its first answer.
 */
export class OneIdempotency1765152000000 implements MigrationInterface {
  name = 'OneIdempotency1765152000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS pathways_idempotency_key`);
    await q.query(`ALTER TABLE pathways DROP COLUMN idempotency_key`);
    await q.query(`ALTER TABLE policies DROP COLUMN idempotency_key`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE policies ADD COLUMN idempotency_key text UNIQUE`);
    await q.query(`ALTER TABLE pathways ADD COLUMN idempotency_key text`);
    await q.query(`CREATE UNIQUE INDEX pathways_idempotency_key ON pathways (prison_code, idempotency_key) WHERE idempotency_key IS NOT NULL`);
  }
}
