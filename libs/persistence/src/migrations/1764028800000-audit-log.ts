import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log: who did and saw what, to whom. Append-only, enforced by the database: a
 * trigger refuses every UPDATE, DELETE and TRUNCATE, whoever the application connects as.
 */
export class AuditLog1764028800000 implements MigrationInterface {
  name = 'AuditLog1764028800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_log (
        id              bigserial PRIMARY KEY,
        at              timestamptz NOT NULL DEFAULT now(),
        actor_sub       text NOT NULL,
        actor_org       text NOT NULL,
        actor_roles     text[] NOT NULL,
        action          text NOT NULL,
        pathway_id      uuid,
        task_id         uuid,
        status          int NOT NULL,
        correlation_id  text
      )`);
    await q.query(`CREATE INDEX audit_log_pathway_idx ON audit_log (pathway_id, at) WHERE pathway_id IS NOT NULL`);
    await q.query(`CREATE INDEX audit_log_actor_idx ON audit_log (actor_org, at)`);
    await q.query(`
      CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP FUNCTION audit_log_is_append_only()`);
  }
}
