import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * HMPPS domain events, the rest of issue 23 (docs/design.md §11).
 *
 * - `intake_review_items`: a transfer to a prison Throughcare does not know is also a review item
 *   (`to_prison_code`); an item is resolved by a person, with what they did and why.
 * - `intake_inbox.outcome` `in-custody`: an admission the pathway never saw the person leave
 *   before. It changes nothing, but a release older than it is then out of order.
 * - `intake_inbox.prison_code`: the prison the event names (left, or reached), so the pathway's
 *   timeline can say where a change HMPPS reported came from.
 * - `intake_event_counts`: messages by day, event type and outcome, for the admin view; counts
 *   only, so nothing about people with no pathway is kept.
 * - `intake_put_aside`: messages put aside, with the reason and SQS id, never the body.
 */
export class IntakeReviews1766430000000 implements MigrationInterface {
  name = 'IntakeReviews1766430000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE intake_review_items DROP CONSTRAINT intake_review_items_movement_kind_check`);
    await q.query(`
      ALTER TABLE intake_review_items
        ADD CONSTRAINT intake_review_items_movement_kind_check CHECK (movement_kind IN ('death', 'hospital', 'deportation', 'absconded', 'transfer-to-unknown-prison')),
        ADD COLUMN to_prison_code text,
        ADD COLUMN resolution text CHECK (resolution IN ('released', 'returned-to-custody', 'cancelled', 'dismissed')),
        ADD COLUMN resolution_reason text,
        ADD COLUMN resolved_by text,
        ADD CONSTRAINT intake_review_items_resolved CHECK ((resolved_at IS NULL) = (resolution IS NULL))`);
    await q.query(`CREATE INDEX intake_review_items_by_prison ON intake_review_items (prison_code, created_at DESC, id DESC)`);
    await q.query(`ALTER TABLE intake_inbox DROP CONSTRAINT intake_inbox_outcome_check`);
    await q.query(`
      ALTER TABLE intake_inbox ADD CONSTRAINT intake_inbox_outcome_check
        CHECK (outcome IN ('claimed', 'applied', 'already-released', 'reported', 'review', 'historic', 'out-of-order', 'no-change', 'duplicate', 'refused', 'in-custody'))`);
    await q.query(`ALTER TABLE intake_inbox ADD COLUMN prison_code text`);
    await q.query(`DROP INDEX intake_inbox_pathway_applied`);
    // The last movement (applied or in custody) and the pathway page's HMPPS facts both read by pathway.
    await q.query(`CREATE INDEX intake_inbox_pathway ON intake_inbox (pathway_id, occurred_at)`);
    await q.query(`
      CREATE TABLE intake_event_counts (
        day date NOT NULL,
        event_type text NOT NULL,
        outcome text NOT NULL,
        count bigint NOT NULL,
        PRIMARY KEY (day, event_type, outcome)
      )`);
    await q.query(`
      CREATE TABLE intake_put_aside (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        sqs_message_id text,
        reason text NOT NULL,
        event_type text,
        put_aside_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX intake_put_aside_recent ON intake_put_aside (put_aside_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE intake_put_aside`);
    await q.query(`DROP TABLE intake_event_counts`);
    await q.query(`DROP INDEX intake_inbox_pathway`);
    await q.query(`CREATE INDEX intake_inbox_pathway_applied ON intake_inbox (pathway_id, occurred_at) WHERE outcome = 'applied'`);
    await q.query(`DELETE FROM intake_inbox WHERE outcome = 'in-custody'`);
    await q.query(`ALTER TABLE intake_inbox DROP COLUMN prison_code`);
    await q.query(`ALTER TABLE intake_inbox DROP CONSTRAINT intake_inbox_outcome_check`);
    await q.query(`
      ALTER TABLE intake_inbox ADD CONSTRAINT intake_inbox_outcome_check
        CHECK (outcome IN ('claimed', 'applied', 'already-released', 'reported', 'review', 'historic', 'out-of-order', 'no-change', 'duplicate', 'refused'))`);
    await q.query(`DROP INDEX intake_review_items_by_prison`);
    await q.query(`DELETE FROM intake_review_items WHERE movement_kind = 'transfer-to-unknown-prison'`);
    await q.query(`
      ALTER TABLE intake_review_items
        DROP CONSTRAINT intake_review_items_resolved,
        DROP COLUMN resolved_by, DROP COLUMN resolution_reason, DROP COLUMN resolution, DROP COLUMN to_prison_code,
        DROP CONSTRAINT intake_review_items_movement_kind_check,
        ADD CONSTRAINT intake_review_items_movement_kind_check CHECK (movement_kind IN ('death', 'hospital', 'deportation', 'absconded'))`);
  }
}
