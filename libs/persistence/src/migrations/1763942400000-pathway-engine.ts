import { MigrationInterface, QueryRunner } from 'typeorm';

/** The pathway engine: release and outcome on pathways, escalations, the timeline, policies. */
export class PathwayEngine1763942400000 implements MigrationInterface {
  name = 'PathwayEngine1763942400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE pathways ADD COLUMN released_on date, ADD COLUMN outcome text, ADD COLUMN outcome_at timestamptz`);
    // prison_code follows transfers; the prison that registered the pathway keeps sight of it.
    await q.query(`ALTER TABLE pathways ADD COLUMN registering_prison_code text REFERENCES organisations (code)`);
    await q.query(`UPDATE pathways SET registering_prison_code = prison_code`);
    await q.query(`ALTER TABLE pathways ALTER COLUMN registering_prison_code SET NOT NULL`);
    await q.query(`ALTER TABLE pathways ADD CONSTRAINT pathways_outcome_check CHECK (outcome IN ('engaged', 'not-engaged', 'excluded'))`);
    await q.query(`CREATE INDEX pathways_outcome_idx ON pathways (commissioner_code, outcome_at) WHERE outcome IS NOT NULL`);
    await q.query(`ALTER TABLE tasks ADD COLUMN cancel_reason text`);

    await q.query(`
      CREATE TABLE escalations (
        key            text PRIMARY KEY,
        pathway_id     uuid NOT NULL REFERENCES pathways (id),
        task_id        uuid REFERENCES tasks (id),
        level          text NOT NULL CHECK (level IN ('reminder', 'L1', 'L2', 'L3')),
        raised_at      timestamptz NOT NULL,
        due_at         timestamptz NOT NULL,
        reason         text NOT NULL,
        notify         jsonb NOT NULL,
        notified_orgs  text[] NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX escalations_pathway_idx ON escalations (pathway_id, raised_at)`);
    await q.query(`CREATE INDEX escalations_notified_idx ON escalations USING gin (notified_orgs)`);

    await q.query(`
      CREATE TABLE pathway_events (
        pathway_id  uuid NOT NULL REFERENCES pathways (id),
        seq         int NOT NULL,
        type        text NOT NULL,
        at          timestamptz NOT NULL,
        actor_sub   text,
        actor_org   text,
        correlation_id text,
        details     jsonb NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (pathway_id, seq)
      )`);

    await q.query(`
      CREATE TABLE policies (
        id          text NOT NULL,
        version     int NOT NULL,
        definition  jsonb NOT NULL,
        created_by  text NOT NULL,
        idempotency_key text UNIQUE,
        created_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id, version)
      )`);
    await q.query(`
      CREATE TABLE area_policies (
        area        text PRIMARY KEY,
        policy_id   text NOT NULL,
        updated_by  text NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE area_policies`);
    await q.query(`DROP TABLE policies`);
    await q.query(`DROP TABLE pathway_events`);
    await q.query(`DROP TABLE escalations`);
    await q.query(`ALTER TABLE tasks DROP COLUMN cancel_reason`);
    await q.query(`DROP INDEX pathways_outcome_idx`);
    await q.query(`ALTER TABLE pathways DROP CONSTRAINT pathways_outcome_check, DROP COLUMN released_on, DROP COLUMN outcome, DROP COLUMN outcome_at`);
    await q.query(`ALTER TABLE pathways DROP COLUMN registering_prison_code`);
  }
}
