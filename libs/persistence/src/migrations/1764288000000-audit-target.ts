import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What an audited action touched when it is not a pathway: an organisation, a policy version
 * or an area's choice of policy. The log stays append-only (its triggers are unchanged).
 */
export class AuditTarget1764288000000 implements MigrationInterface {
  name = 'AuditTarget1764288000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log ADD COLUMN target text`);
    await q.query(`CREATE INDEX audit_log_target_idx ON audit_log (target, at) WHERE target IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log DROP COLUMN target`);
  }
}
