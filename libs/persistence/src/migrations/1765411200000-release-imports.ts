import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A list of releases sent at once, and each of its rows: the row as sent (personal data: here
 * in PostgreSQL, never in Temporal, which carries only the import's id and row numbers) and
 * its result: created (with the pathway), duplicate, or invalid (with the field errors a single
 * registration would get). `pending` until the import's workflow has registered it.
 */
export class ReleaseImports1765411200000 implements MigrationInterface {
  name = 'ReleaseImports1765411200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE release_imports (
        id            uuid PRIMARY KEY,
        org_code      text NOT NULL REFERENCES organisations (code),
        created_by    text NOT NULL,
        created_by_name text NOT NULL,
        total         int NOT NULL CHECK (total BETWEEN 1 AND 5000),
        state         text NOT NULL CHECK (state IN ('processing', 'done')),
        created_at    timestamptz NOT NULL DEFAULT now(),
        finished_at   timestamptz
      )`);
    await q.query(`
      CREATE TABLE release_import_rows (
        import_id   uuid NOT NULL REFERENCES release_imports (id),
        row_number  int NOT NULL,
        registration jsonb,
        result      text NOT NULL CHECK (result IN ('pending', 'created', 'duplicate', 'invalid')),
        pathway_id  uuid REFERENCES pathways (id),
        errors      jsonb,
        detail      text,
        PRIMARY KEY (import_id, row_number)
      )`);
    await q.query(`CREATE INDEX release_import_rows_pending_idx ON release_import_rows (import_id) WHERE result = 'pending'`);
    // A pathway registered from a list: its first tasks go into the receivers' daily digests,
    // not one message per row.
    await q.query(`ALTER TABLE pathways ADD COLUMN import_id uuid REFERENCES release_imports (id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE pathways DROP COLUMN import_id`);
    await q.query(`DROP TABLE release_import_rows`);
    await q.query(`DROP TABLE release_imports`);
  }
}
