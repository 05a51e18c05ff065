import { MigrationInterface, QueryRunner } from 'typeorm';

/** A prison's past imports, newest first (GET /v1/releases/imports): read by organisation and time. */
export class ReleaseImportHistory1766707500000 implements MigrationInterface {
  name = 'ReleaseImportHistory1766707500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX release_imports_org_created_idx ON release_imports (org_code, created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX release_imports_org_created_idx`);
  }
}
