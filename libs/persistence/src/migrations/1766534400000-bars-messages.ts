import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * BaRS messages received at /fhir/R4/$process-message (docs/design.md §12), one row per
 * sending organisation and MessageHeader id: what the message asked (its fingerprint) and the
 * answer given, so a repeat answers as the first did and a different message reusing the id is
 * refused. `status` is null while the first is being processed.
 */
export class BarsMessages1766534400000 implements MigrationInterface {
  name = 'BarsMessages1766534400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE bars_messages (
        organisation_code text NOT NULL,
        message_id varchar(64) NOT NULL,
        fingerprint char(64) NOT NULL,
        status smallint,
        answer jsonb,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_code, message_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE bars_messages`);
  }
}
