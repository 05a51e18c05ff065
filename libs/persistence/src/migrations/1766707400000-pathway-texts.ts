import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The texts to the person about their first appointment (issue 26): written only by the
 * pathway workflow's activity, each row upserted with the workflow's version of it. No number
 * and no words: the number is read at send time from the pathway's contact, the words are
 * Notify's template. `reason` is a code (why not sent, cancelled or failed); `notify_id` is
 * Notify's id of the text, read for its delivery state.
 */
export class PathwayTexts1766707400000 implements MigrationInterface {
  name = 'PathwayTexts1766707400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE pathway_texts (
        id uuid PRIMARY KEY,
        pathway_id uuid NOT NULL REFERENCES pathways (id) ON DELETE CASCADE,
        task_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('booked', 'reminder', 'missed')),
        appointment_at timestamptz,
        due_at timestamptz NOT NULL,
        state text NOT NULL CHECK (state IN ('planned', 'sent', 'delivered', 'failed', 'cancelled', 'not-sent')),
        reason text,
        notify_id uuid,
        sent_at timestamptz,
        settled_at timestamptz,
        version int NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX pathway_texts_by_pathway ON pathway_texts (pathway_id, due_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE pathway_texts`);
  }
}
