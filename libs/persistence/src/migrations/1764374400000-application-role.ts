import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The login the API and worker connect as, `throughcare_app`: it reads and writes the read
 * model but may only read and append to the audit log. It owns nothing and is no member of
 * the owner, so it cannot update, delete or truncate audit rows, nor disable the triggers that
 * refuse those, nor alter any table. Migrations run as the owner (MIGRATION_DATABASE_URL).
 * Creating the role needs CREATEROLE; where the migrating login lacks it, an operator creates
 * the role first. Its password is set by the migrate command (DATABASE_APP_PASSWORD) or by
 * the operator.
 */
export class ApplicationRole1764374400000 implements MigrationInterface {
  name = 'ApplicationRole1764374400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'throughcare_app') THEN
          CREATE ROLE throughcare_app LOGIN;
        ELSIF NOT (SELECT rolcanlogin FROM pg_roles WHERE rolname = 'throughcare_app') THEN
          ALTER ROLE throughcare_app LOGIN;
        END IF;
      END $$`);
    await q.query(`GRANT CONNECT ON DATABASE "${await currentDatabase(q)}" TO throughcare_app`);
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
    await q.query(`REVOKE CONNECT ON DATABASE "${await currentDatabase(q)}" FROM throughcare_app`);
  }
}

async function currentDatabase(q: QueryRunner): Promise<string> {
  const [{ name }] = (await q.query(`SELECT current_database() AS name`)) as Array<{ name: string }>;
  return name.replace(/"/g, '""');
}
