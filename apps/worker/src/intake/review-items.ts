/**
 * The one way a review item is made: a row in intake_review_items for the prison healthcare team
 * of the prison the person left, who decide it (GET /v1/intake/reviews), at most once per
 * `messageId` (an SNS message, or a date check's own key). No name or prison number is stored:
 * the pathway holds the person. Written inside the caller's transaction where there is one, so
 * the item exists exactly when the message that raised it is completed.
 */
import { DataSource, EntityManager } from 'typeorm';
import type { ReviewItemKind } from '@throughcare/persistence';
import { intakeMetrics } from './intake-metrics';

export interface NewReviewItem {
  pathwayId: string;
  kind: ReviewItemKind;
  occurredAt: Date;
  /** The prison the person left: its healthcare team decides. */
  prisonCode: string;
  /** What raised it, once: an SNS MessageId, or another key unique to its source. */
  messageId: string;
  /** For a transfer to a prison Throughcare does not know: that prison. */
  toPrisonCode?: string;
}

/** Adds the item unless its message raised one already; answers whether it was added. */
export async function addReviewItem(db: DataSource | EntityManager, item: NewReviewItem): Promise<boolean> {
  const rows = (await db.query(
    `INSERT INTO intake_review_items (pathway_id, movement_kind, occurred_at, prison_code, message_id, to_prison_code)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (message_id) DO NOTHING RETURNING id`,
    [item.pathwayId, item.kind, item.occurredAt, item.prisonCode, item.messageId, item.toPrisonCode ?? null],
  )) as unknown[];
  if (rows.length > 0) intakeMetrics.reviewItems().inc({ kind: item.kind });
  return rows.length > 0;
}
