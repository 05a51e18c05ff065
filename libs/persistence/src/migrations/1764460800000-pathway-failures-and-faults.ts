import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Never stuck, never wrong.
 * - A pathway whose workflow failed (its rules threw what no rule meant, or the recovery
 *   sweep gave up starting it) is `failed`, with a reason code and when. A failed pathway no
 *   longer counts as the person's open one, so they can be registered again.
 * - The recovery sweep counts its tries at a registration, and gives up after a bounded number.
 * - `pathway_faults`: writes of the read model that PostgreSQL refused for good (a value it
 *   cannot hold, a constraint), each stored as far as it could be. Ids, a kind, the SQLSTATE
 *   and the keys of what was left out: no personal data. A fault is resolved once a later
 *   write stores everything; `GET /health` reports pathways with unresolved faults.
 */
export class PathwayFailuresAndFaults1764460800000 implements MigrationInterface {
  name = 'PathwayFailuresAndFaults1764460800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE pathways DROP CONSTRAINT pathways_status_check`);
    await q.query(`ALTER TABLE pathways ADD CONSTRAINT pathways_status_check CHECK (status IN ('registering', 'active', 'closed', 'failed'))`);
    await q.query(`
      ALTER TABLE pathways
        ADD COLUMN failure_reason text CHECK (failure_reason IN ('workflow-error', 'registration-not-started')),
        ADD COLUMN failed_at timestamptz,
        ADD COLUMN registration_attempts int NOT NULL DEFAULT 0`);
    await q.query(`DROP INDEX pathways_one_open_per_person`);
    await q.query(`CREATE UNIQUE INDEX pathways_one_open_per_person ON pathways (person_id) WHERE status NOT IN ('closed', 'failed')`);
    // For the failed-pathway metric and an admin's list of failures.
    await q.query(`CREATE INDEX pathways_failed_idx ON pathways (failed_at) WHERE status = 'failed'`);

    // No foreign key to pathways: a fault must be recordable whatever state the pathway row is in.
    await q.query(`
      CREATE TABLE pathway_faults (
        pathway_id   uuid NOT NULL,
        version      int NOT NULL,
        kind         text NOT NULL CHECK (kind IN ('text-replaced', 'stored-piecewise', 'partly-stored')),
        sqlstate     text,
        unstored     text[] NOT NULL DEFAULT '{}',
        at           timestamptz NOT NULL DEFAULT now(),
        resolved_at  timestamptz,
        PRIMARY KEY (pathway_id, version)
      )`);
    // Every snapshot write looks here for faults to resolve, and /health counts them: unresolved ones only.
    await q.query(`CREATE INDEX pathway_faults_unresolved_idx ON pathway_faults (pathway_id) WHERE resolved_at IS NULL`);
  }

  /** Fails while failed pathways are stored, rather than deciding what they should have been. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE pathway_faults`);
    await q.query(`DROP INDEX pathways_failed_idx`);
    await q.query(`DROP INDEX pathways_one_open_per_person`);
    await q.query(`CREATE UNIQUE INDEX pathways_one_open_per_person ON pathways (person_id) WHERE status <> 'closed'`);
    await q.query(`ALTER TABLE pathways DROP COLUMN failure_reason, DROP COLUMN failed_at, DROP COLUMN registration_attempts`);
    await q.query(`ALTER TABLE pathways DROP CONSTRAINT pathways_status_check`);
    await q.query(`ALTER TABLE pathways ADD CONSTRAINT pathways_status_check CHECK (status IN ('registering', 'active', 'closed'))`);
  }
}
