import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The role the API and worker act as (Config.DATABASE_ROLE): it reads and writes the read model
 * but may only read and append to the audit log. Unlike the tables' owner, it cannot update,
 * delete or truncate audit rows, nor disable the triggers that refuse those. Creating the role
 * needs CREATEROLE; where the migrating login lacks it, an operator creates the role first.
 */
export class ApplicationRole1764374400000 implements MigrationInterface {
  name = 'ApplicationRole1764374400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'throughcare_app') THEN
          CREATE ROLE throughcare_app NOLOGIN;
        END IF;
        -- The login the application connects as must be able to act as the role.
        IF NOT pg_has_role(current_user, 'throughcare_app', 'MEMBER') THEN
          EXECUTE format('GRANT throughcare_app TO %I', current_user);
        END IF;
      END $$`);
    await q.query(`GRANT USAGE ON SCHEMA public TO throughcare_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO throughcare_app`);
    await q.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO throughcare_app`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM throughcare_app`);
    // Tables added by later migrations are the application's to use unless they say otherwise.
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO throughcare_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO throughcare_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM throughcare_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM throughcare_app`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM throughcare_app`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM throughcare_app`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM throughcare_app`);
  }
}
