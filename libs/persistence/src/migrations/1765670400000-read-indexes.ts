import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the everyday reads at national scale (issue 15; bench/reads.bench.mts):
 * - pathways by each place an organisation can hold on them (the access rules' columns),
 *   by status and by outcome, each in the lists' order (day of release, then id), so that a caller's
 *   page is read in order, or gathered from a few thousand rows, never from every pathway;
 *   the prison's index replaces the one on the expected date, which no query sorts by;
 * - escalations newest first, the escalation list's order, so that a page is read from its
 *   newest end instead of sorting every escalation.
 */
export class ReadIndexes1765670400000 implements MigrationInterface {
  name = 'ReadIndexes1765670400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX pathways_prison_idx`);
    await q.query(`CREATE INDEX pathways_prison_idx ON pathways (prison_code, release_day, id)`);
    await q.query(`CREATE INDEX pathways_registering_prison_idx ON pathways (registering_prison_code, release_day, id)`);
    await q.query(`CREATE INDEX pathways_community_treatment_idx ON pathways (community_treatment_code, release_day, id)`);
    await q.query(`CREATE INDEX pathways_probation_idx ON pathways (probation_code, release_day, id)`);
    await q.query(`CREATE INDEX pathways_commissioner_idx ON pathways (commissioner_code, release_day, id)`);
    await q.query(`CREATE INDEX pathways_area_idx ON pathways (destination_area, release_day, id)`);
    await q.query(`CREATE INDEX pathways_status_idx ON pathways (status, release_day, id)`);
    await q.query(`CREATE INDEX pathways_outcome_list_idx ON pathways (outcome, release_day, id) WHERE outcome IS NOT NULL`);
    await q.query(`CREATE INDEX escalations_raised_idx ON escalations (raised_at, key)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of ['escalations_raised_idx', 'pathways_outcome_list_idx', 'pathways_status_idx', 'pathways_area_idx', 'pathways_commissioner_idx', 'pathways_probation_idx',
      'pathways_community_treatment_idx', 'pathways_registering_prison_idx', 'pathways_prison_idx']) {
      await q.query(`DROP INDEX ${index}`);
    }
    await q.query(`CREATE INDEX pathways_prison_idx ON pathways (prison_code, expected_release_date)`);
  }
}
