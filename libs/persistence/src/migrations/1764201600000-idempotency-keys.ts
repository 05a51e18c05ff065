import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys, each scoped to the organisation that sent it, with a fingerprint of the
 * request it was first used for (a key reused for a different request is refused, not
 * silently answered with the first request's result) and, once answered, that first answer,
 * which a retry gets back. Kept for a day (IDEMPOTENCY_KEY_HOURS), as the answer may hold
 * personal data.
 */
export class IdempotencyKeys1764201600000 implements MigrationInterface {
  name = 'IdempotencyKeys1764201600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE idempotency_keys (
        org          text NOT NULL,
        key          text NOT NULL,
        fingerprint  text NOT NULL,
        method       text NOT NULL,
        path         text NOT NULL,
        actor_sub    text NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        response_status  int,
        response_body    jsonb,
        PRIMARY KEY (org, key)
      )`);
    await q.query(`CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)`);
    // The recovery sweep looks for registrations whose workflow never started.
    await q.query(`CREATE INDEX pathways_registering_idx ON pathways (registered_at) WHERE status = 'registering'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX pathways_registering_idx`);
    await q.query(`DROP TABLE idempotency_keys`);
  }
}
