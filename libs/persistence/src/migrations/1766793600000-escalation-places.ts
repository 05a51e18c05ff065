import { MigrationInterface, QueryRunner } from 'typeorm';

/** The pathway columns that name an organisation holding a place on it, or its area: what the access rules read. */
const PLACES = ['prison_code', 'registering_prison_code', 'community_treatment_code', 'probation_code', 'commissioner_code', 'destination_area'];

/**
 * Each escalation carries its pathway's places, kept equal to the pathway's by triggers, so that
 * the escalation list finds a caller's page among the escalations themselves (newest first,
 * from an index for a single place) instead of reading every escalation from the newest and
 * looking up each one's pathway to keep 1 in 30 (docs/benchmarks.md, "Reads at scale"). The
 * pathway stays the authority: the list still checks it for every row it shows, so a copy can
 * never show more than the pathway allows.
 * - On insert, the copy is taken from the pathway.
 * - When a pathway's places change (a transfer, a re-referral), its escalations follow. The
 *   trigger fires after the statement, so it also reaches escalations inserted by the same
 *   statement (the workflow's snapshot write changes the pathway and adds escalations in one).
 */
export class EscalationPlaces1766793600000 implements MigrationInterface {
  name = 'EscalationPlaces1766793600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE escalations ${PLACES.map((c) => `ADD COLUMN ${c} text`).join(', ')}`);
    await q.query(`UPDATE escalations e SET ${PLACES.map((c) => `${c} = p.${c}`).join(', ')} FROM pathways p WHERE p.id = e.pathway_id`);
    await q.query(`
      CREATE FUNCTION escalation_places_from_pathway() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        SELECT ${PLACES.map((c) => `p.${c}`).join(', ')} INTO ${PLACES.map((c) => `NEW.${c}`).join(', ')}
          FROM pathways p WHERE p.id = NEW.pathway_id;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER escalations_places_on_insert BEFORE INSERT ON escalations FOR EACH ROW EXECUTE FUNCTION escalation_places_from_pathway()`);
    await q.query(`
      CREATE FUNCTION pathway_places_to_escalations() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE escalations SET ${PLACES.map((c) => `${c} = NEW.${c}`).join(', ')} WHERE pathway_id = NEW.id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER pathways_places_to_escalations AFTER UPDATE OF ${PLACES.join(', ')} ON pathways
        FOR EACH ROW WHEN ((${PLACES.map((c) => `OLD.${c}`).join(', ')}) IS DISTINCT FROM (${PLACES.map((c) => `NEW.${c}`).join(', ')}))
        EXECUTE FUNCTION pathway_places_to_escalations()`);
    // The places a caller's organisation holds alone; the others (a prison's two, a commissioner's
    // code or areas) are an OR, which reads escalations_raised_idx and tests each row's own copy.
    await q.query(`CREATE INDEX escalations_community_treatment_idx ON escalations (community_treatment_code, raised_at, key)`);
    await q.query(`CREATE INDEX escalations_probation_idx ON escalations (probation_code, raised_at, key)`);
    // Read a page at a time: with a filter on the task (state=open) the planner took a page for a
    // scan worth two processes, whose start-up (a Gather Merge) cost more than the page itself.
    await q.query(`ALTER TABLE escalations SET (parallel_workers = 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE escalations RESET (parallel_workers)`);
    await q.query(`DROP TRIGGER pathways_places_to_escalations ON pathways`);
    await q.query(`DROP FUNCTION pathway_places_to_escalations()`);
    await q.query(`DROP TRIGGER escalations_places_on_insert ON escalations`);
    await q.query(`DROP FUNCTION escalation_places_from_pathway()`);
    await q.query(`ALTER TABLE escalations ${PLACES.map((c) => `DROP COLUMN ${c}`).join(', ')}`);
  }
}
