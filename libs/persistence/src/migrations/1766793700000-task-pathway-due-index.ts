import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A pathway's tasks by owner and state, soonest due first: the pathway list's next due step
 * (each item's `nextDueAt`, a column of the page's own query) is then one index probe per
 * pathway, where it read every task of the pathway (about a millisecond a page of 50). It
 * replaces the index on the pathway alone, whose reads (a pathway's tasks) it serves as well.
 */
export class TaskPathwayDueIndex1766793700000 implements MigrationInterface {
  name = 'TaskPathwayDueIndex1766793700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX tasks_pathway_due_idx ON tasks (pathway_id, owner_code, state, due_at)`);
    await q.query(`DROP INDEX tasks_pathway_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX tasks_pathway_idx ON tasks (pathway_id)`);
    await q.query(`DROP INDEX tasks_pathway_due_idx`);
  }
}
