import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Review items for release-date changes a person must decide (docs/design.md §11): Prisoner
 * Search could not be read after its tries, did not know the person, or gave a new date that
 * equals none of the key dates. Their `message_id` is the check's own key (one item per pathway,
 * kind and day), since a debounced read answers many messages, or none (the reconciliation).
 */
export class ReleaseDateReviews1766448000000 implements MigrationInterface {
  name = 'ReleaseDateReviews1766448000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE intake_review_items DROP CONSTRAINT intake_review_items_movement_kind_check`);
    await q.query(`
      ALTER TABLE intake_review_items ADD CONSTRAINT intake_review_items_movement_kind_check CHECK (movement_kind IN (
        'death', 'hospital', 'deportation', 'absconded', 'transfer-to-unknown-prison',
        'prisoner-search-unavailable', 'not-in-prisoner-search', 'release-date-unmatched'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM intake_review_items WHERE movement_kind IN ('prisoner-search-unavailable', 'not-in-prisoner-search', 'release-date-unmatched')`);
    await q.query(`ALTER TABLE intake_review_items DROP CONSTRAINT intake_review_items_movement_kind_check`);
    await q.query(`ALTER TABLE intake_review_items ADD CONSTRAINT intake_review_items_movement_kind_check CHECK (movement_kind IN ('death', 'hospital', 'deportation', 'absconded', 'transfer-to-unknown-prison'))`);
  }
}
