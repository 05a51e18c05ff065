/**
 * The one way a review item is made: a row in intake_review_items for the healthcare team of
 * the prison named, at most once per `messageId` (the SNS message, or a date check's own key).
 * No name or prison number: the pathway holds the person. The intake-reviews API reads the table.
 */
import { DataSource, EntityManager } from 'typeorm';
import type { ReviewItemKind } from '@throughcare/persistence';

export interface NewReviewItem {
  pathwayId: string;
  kind: ReviewItemKind;
  occurredAt: Date;
  prisonCode: string;
  messageId: string;
}

/** Answers whether the item is new (false: it was made already). */
export async function addReviewItem(db: DataSource | EntityManager, item: NewReviewItem): Promise<boolean> {
  const rows = (await db.query(
    `INSERT INTO intake_review_items (pathway_id, movement_kind, occurred_at, prison_code, message_id)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (message_id) DO NOTHING RETURNING id`,
    [item.pathwayId, item.kind, item.occurredAt, item.prisonCode, item.messageId],
  )) as unknown[];
  return rows.length > 0;
}
