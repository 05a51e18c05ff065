import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The person as registered on each pathway. Until now `persons` held one copy of a person's
 * details that every registration overwrote, so a prison registering someone showed its
 * details on another prison's closed pathway. `persons` keeps only the identity (the prison
 * number, for one open pathway per person); the details move to `pathway_people`.
 */
export class PathwayPeople1764720000000 implements MigrationInterface {
  name = 'PathwayPeople1764720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE pathway_people (
        pathway_id     uuid PRIMARY KEY REFERENCES pathways (id),
        prison_number  text NOT NULL,
        given_name     text NOT NULL,
        family_name    text NOT NULL,
        date_of_birth  date NOT NULL,
        nhs_number     text,
        corrected_at   timestamptz,
        corrected_by   text
      )`);
    await q.query(`
      INSERT INTO pathway_people (pathway_id, prison_number, given_name, family_name, date_of_birth, nhs_number)
      SELECT p.id, s.prison_number, s.given_name, s.family_name, s.date_of_birth, s.nhs_number
        FROM pathways p JOIN persons s ON s.id = p.person_id`);
    await q.query(`CREATE INDEX pathway_people_prison_number ON pathway_people (prison_number)`);
    await q.query(`ALTER TABLE persons DROP COLUMN given_name, DROP COLUMN family_name, DROP COLUMN date_of_birth, DROP COLUMN nhs_number, DROP COLUMN updated_at`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE persons ADD COLUMN given_name text, ADD COLUMN family_name text, ADD COLUMN date_of_birth date, ADD COLUMN nhs_number text, ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    // The latest registration's details, as the single copy held before.
    await q.query(`
      UPDATE persons s SET given_name = pp.given_name, family_name = pp.family_name, date_of_birth = pp.date_of_birth, nhs_number = pp.nhs_number
        FROM (SELECT DISTINCT ON (p.person_id) p.person_id, pp.* FROM pathway_people pp JOIN pathways p ON p.id = pp.pathway_id ORDER BY p.person_id, p.registered_at DESC) pp
       WHERE pp.person_id = s.id`);
    await q.query(`DELETE FROM persons WHERE given_name IS NULL AND NOT EXISTS (SELECT FROM pathways p WHERE p.person_id = persons.id)`);
    await q.query(`ALTER TABLE persons ALTER COLUMN given_name SET NOT NULL, ALTER COLUMN family_name SET NOT NULL, ALTER COLUMN date_of_birth SET NOT NULL`);
    await q.query(`DROP TABLE pathway_people`);
  }
}
