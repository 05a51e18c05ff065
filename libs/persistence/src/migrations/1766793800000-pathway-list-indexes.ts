import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pathway lists read in their order from one index per branch (visibleBranchesSql in
 * libs/access; docs/design.md §5), measured at bench:reads' scale (106,000 pathways):
 *
 * - The pathways a prison registered and no longer holds (transferred): the second branch of
 *   a prison's list. On the index of every registering prison that branch read all of the
 *   prison's pathways (3,560) to find the few transferred ones. Partial: only transferred
 *   pathways have an entry; the predicate is the branch's own condition, word for word, so
 *   that the planner can prove it.
 * - The active pathways of a prison, a probation unit and a community treatment service, for
 *   `status=active`, the list each works from: active pathways are the latest by day of
 *   release, so the index on the place alone walked all its closed ones first, and the one on
 *   the status walked every organisation's (about 1,400 rows for a page of 51).
 * - Both of a prison's branches' indexes carry the columns its lists filter on (status,
 *   outcome, area), so that a filtered page is read in order from the index alone, the filter
 *   tested on each entry without reading its pathway (`area=…`: 21 pages read where a bitmap
 *   AND of the prison's and the area's indexes read 176, and sorted the 118 it found). The
 *   planner cannot estimate how few pathways are transferred (it takes `IS DISTINCT FROM`
 *   between two columns to hold on 99.5% of rows), so with a filter to test on each pathway it
 *   chose a parallel scan of the whole table for that branch (18 ms of `sort=due` with
 *   `outcome=not-engaged`) over reading the pathways its index names; from the index alone
 *   the branch costs nothing whatever the estimate.
 */
export class PathwayListIndexes1766793800000 implements MigrationInterface {
  name = 'PathwayListIndexes1766793800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX pathways_transferred_idx ON pathways (registering_prison_code, release_day, id) INCLUDE (${FILTERED}) WHERE registering_prison_code IS DISTINCT FROM prison_code`,
    );
    for (const place of ACTIVE_BY) await q.query(`CREATE INDEX pathways_${place}_active_idx ON pathways (${place}_code, release_day, id) WHERE status = 'active'`);
    await q.query(`DROP INDEX pathways_prison_idx`);
    await q.query(`CREATE INDEX pathways_prison_idx ON pathways (prison_code, release_day, id) INCLUDE (${FILTERED})`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX pathways_prison_idx`);
    await q.query(`CREATE INDEX pathways_prison_idx ON pathways (prison_code, release_day, id)`);
    for (const place of ACTIVE_BY) await q.query(`DROP INDEX pathways_${place}_active_idx`);
    await q.query(`DROP INDEX pathways_transferred_idx`);
  }
}

const ACTIVE_BY = ['prison', 'probation', 'community_treatment'];
/** The columns a prison's lists filter on, carried by both of its branches' indexes. */
const FILTERED = 'status, outcome, destination_area';
