import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The person's mobile number and their consent to text reminders (issue 26), one row per
 * pathway, recorded by its prison healthcare team or community treatment service. The number
 * is special-category contact data: only its ciphertext is kept (`mobile_ciphertext`,
 * AES-256-GCM under the CONTACT_KEYS key `key_id`, bound to the pathway's id; the plain number
 * never reaches the database). A withdrawal erases the number and keeps who withdrew and when;
 * recording a number again starts afresh. The names are kept as recorded, so the page says who
 * without asking an identity provider.
 */
export class PathwayContacts1766707300000 implements MigrationInterface {
  name = 'PathwayContacts1766707300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE pathway_contacts (
        pathway_id uuid PRIMARY KEY REFERENCES pathways (id) ON DELETE CASCADE,
        key_id text,
        mobile_ciphertext bytea,
        consent_to_text boolean NOT NULL,
        recorded_by text NOT NULL,
        recorded_by_name text NOT NULL,
        recorded_by_org text NOT NULL,
        recorded_at timestamptz NOT NULL,
        withdrawn_by text,
        withdrawn_by_name text,
        withdrawn_by_org text,
        withdrawn_at timestamptz,
        CONSTRAINT pathway_contacts_sealed CHECK ((key_id IS NULL) = (mobile_ciphertext IS NULL)),
        CONSTRAINT pathway_contacts_withdrawn_by CHECK ((withdrawn_at IS NULL) = (withdrawn_by IS NULL) AND (withdrawn_at IS NULL) = (withdrawn_by_org IS NULL)),
        -- A number is kept until, and only until, a withdrawal.
        CONSTRAINT pathway_contacts_number_until_withdrawn CHECK ((withdrawn_at IS NULL) = (mobile_ciphertext IS NOT NULL))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE pathway_contacts`);
  }
}
