import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An organisation's public profile (issue 26): what the person leaving prison is told about a
 * service. `display_name` is the name people know it by (it may differ from the official one);
 * `address` is its main site (`{ lines, town, postcode }`, the postcode in its usual spelling);
 * `phone` is a UK number stored in E.164 (`+44…`); `sites` the other places it sees people
 * (`[{ code, name, address }]`), each chosen by its code when an appointment is booked.
 * Set by an admin or the organisation's own `organisation-admin`; `updated_by` says who.
 */
export class OrganisationProfiles1766707200000 implements MigrationInterface {
  name = 'OrganisationProfiles1766707200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organisation_profiles (
        org_code text PRIMARY KEY REFERENCES organisations (code) ON DELETE CASCADE,
        display_name text NOT NULL,
        address jsonb NOT NULL CHECK (jsonb_typeof(address) = 'object'),
        phone text NOT NULL CHECK (phone ~ '^\\+44[0-9]{9,10}$'),
        opening_hours text,
        what_to_bring text,
        sites jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(sites) = 'array'),
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE organisation_profiles`);
  }
}
