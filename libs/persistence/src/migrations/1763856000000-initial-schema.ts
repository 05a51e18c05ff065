import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1763856000000 implements MigrationInterface {
  name = 'InitialSchema1763856000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organisations (
        code        text PRIMARY KEY,
        name        text NOT NULL,
        type        text NOT NULL CHECK (type IN ('prison', 'probation', 'community-treatment', 'commissioner', 'operator')),
        areas       text[] NOT NULL DEFAULT '{}',
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX organisations_areas_idx ON organisations USING gin (areas)`);

    await q.query(`
      CREATE TABLE persons (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        prison_number  text NOT NULL UNIQUE,
        given_name     text NOT NULL,
        family_name    text NOT NULL,
        date_of_birth  date NOT NULL,
        nhs_number     text,
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE pathways (
        id                          uuid PRIMARY KEY,
        person_id                   uuid NOT NULL REFERENCES persons (id),
        status                      text NOT NULL CHECK (status IN ('registering', 'active', 'closed')),
        workflow_id                 text NOT NULL UNIQUE,
        prison_code                 text NOT NULL REFERENCES organisations (code),
        destination_area            text NOT NULL,
        community_treatment_code    text NOT NULL REFERENCES organisations (code),
        probation_code              text NOT NULL REFERENCES organisations (code),
        commissioner_code           text NOT NULL REFERENCES organisations (code),
        release_date                date NOT NULL,
        release_date_type           text NOT NULL,
        expected_release_date       date,
        release_date_adjusted_from  date,
        substances                  text[] NOT NULL,
        on_ost                      boolean NOT NULL,
        consent_to_share            boolean NOT NULL,
        policy_id                   text NOT NULL,
        policy_version              int NOT NULL,
        registered_by               text NOT NULL,
        registered_at               timestamptz NOT NULL,
        idempotency_key             text,
        version                     int NOT NULL DEFAULT 0,
        created_at                  timestamptz NOT NULL DEFAULT now(),
        updated_at                  timestamptz NOT NULL DEFAULT now()
      )`);
    // One open pathway per person: the database, not a read-then-write, decides a race.
    await q.query(`CREATE UNIQUE INDEX pathways_one_open_per_person ON pathways (person_id) WHERE status <> 'closed'`);
    await q.query(`CREATE UNIQUE INDEX pathways_idempotency_key ON pathways (prison_code, idempotency_key) WHERE idempotency_key IS NOT NULL`);
    await q.query(`CREATE INDEX pathways_prison_idx ON pathways (prison_code, expected_release_date)`);

    await q.query(`
      CREATE TABLE tasks (
        id                uuid PRIMARY KEY,
        pathway_id        uuid NOT NULL REFERENCES pathways (id),
        type              text NOT NULL,
        owner_type        text NOT NULL,
        owner_code        text NOT NULL REFERENCES organisations (code),
        state             text NOT NULL CHECK (state IN ('open', 'done', 'cancelled')),
        critical          boolean NOT NULL,
        due_at            timestamptz NOT NULL,
        completed_at      timestamptz,
        completed_by      text,
        outcome           text,
        details           jsonb,
        escalation_level  text,
        version           int NOT NULL,
        issued_at         timestamptz NOT NULL,
        created_at        timestamptz NOT NULL DEFAULT now(),
        updated_at        timestamptz NOT NULL DEFAULT now()
      )`);
    // The worklist: an organisation's tasks by state, soonest due first.
    await q.query(`CREATE INDEX tasks_worklist_idx ON tasks (owner_code, state, due_at, id)`);
    await q.query(`CREATE INDEX tasks_pathway_idx ON tasks (pathway_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE tasks`);
    await q.query(`DROP TABLE pathways`);
    await q.query(`DROP TABLE persons`);
    await q.query(`DROP TABLE organisations`);
  }
}
