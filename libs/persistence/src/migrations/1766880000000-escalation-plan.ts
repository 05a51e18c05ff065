import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each pathway's next rungs of the escalation ladder as its workflow will raise them (`rungs`,
 * written with every snapshot at its version) and when (`due_at`), so the worker's sweep can
 * store a burst of escalations due at one instant ahead of the workflows' own wake-ups
 * (docs/design.md, "The 17:00 burst"). A table of its own, not columns of `pathways`: the plan
 * changes with every rung raised, and an indexed column of `pathways` would make each of those
 * writes update every one of its many indexes instead of none.
 */
export class EscalationPlan1766880000000 implements MigrationInterface {
  name = 'EscalationPlan1766880000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE escalation_plans (
        pathway_id uuid PRIMARY KEY REFERENCES pathways (id) ON DELETE CASCADE,
        version int NOT NULL,
        due_at timestamptz NOT NULL,
        rungs jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX escalation_plans_due_idx ON escalation_plans (due_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE escalation_plans`);
  }
}
