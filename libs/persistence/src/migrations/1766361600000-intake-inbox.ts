import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * HMPPS domain events, taken in exactly once (docs/design.md, "Releases that arrive by themselves").
 *
 * - `intake_inbox`: one row per message about a person with a pathway, keyed by the SNS MessageId,
 *   and per movement by `business_key` (pathway, movement, day), so a redelivery and the same
 *   movement by another event type or a manual re-emit both find the movement already taken.
 *   `outcome` is `claimed` until the effect is durable; `attempts` counts the tries at it, since
 *   not every SQS counts receives (goaws 0.4.5 always answers ApproximateReceiveCount 1).
 *   Nothing is stored for people with no pathway.
 * - `intake_review_items`: movements a person must decide (death, hospital, deportation,
 *   absconding). No name or prison number: the pathway holds the person.
 */
export class IntakeInbox1766361600000 implements MigrationInterface {
  name = 'IntakeInbox1766361600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE intake_inbox (
        message_id text PRIMARY KEY,
        business_key text UNIQUE,
        pathway_id uuid NOT NULL REFERENCES pathways (id),
        event_type text NOT NULL,
        occurred_at timestamptz NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('claimed', 'applied', 'already-released', 'reported', 'review', 'historic', 'out-of-order', 'no-change', 'duplicate', 'refused')),
        attempts integer NOT NULL DEFAULT 1,
        received_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz
      )`);
    await q.query(`CREATE INDEX intake_inbox_pathway_applied ON intake_inbox (pathway_id, occurred_at) WHERE outcome = 'applied'`);
    await q.query(`
      CREATE TABLE intake_review_items (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        pathway_id uuid NOT NULL REFERENCES pathways (id),
        movement_kind text NOT NULL CHECK (movement_kind IN ('death', 'hospital', 'deportation', 'absconded')),
        occurred_at timestamptz NOT NULL,
        prison_code text NOT NULL,
        message_id text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz
      )`);
    await q.query(`CREATE INDEX intake_review_items_open ON intake_review_items (prison_code, created_at) WHERE resolved_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE intake_review_items`);
    await q.query(`DROP TABLE intake_inbox`);
  }
}
