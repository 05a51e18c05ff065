import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A circuit breaker per webhook endpoint, shared by every worker process.
 *
 * - `webhook_endpoints.consecutive_failures`: tries in a row that ended in a timeout or a
 *   network error (any HTTP answer sets it back to 0).
 * - `unreachable_since`: when that run of failures began; its organisation is told once per run
 *   (the notice's key names it), however often the endpoint is paused again meanwhile.
 * - `paused_until`: tries before then give their slot back at once, without a request, and are
 *   not counted as the receiver's tries.
 *
 * A notice about an endpoint (`webhook.paused`) concerns no pathway: `pathway_id` may be null for
 * that event only.
 */
export class WebhookBreaker1766275200000 implements MigrationInterface {
  name = 'WebhookBreaker1766275200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE webhook_endpoints
        ADD COLUMN consecutive_failures integer NOT NULL DEFAULT 0,
        ADD COLUMN unreachable_since timestamptz,
        ADD COLUMN paused_until timestamptz`);
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_event_check`);
    await q.query(`
      ALTER TABLE notifications ADD CONSTRAINT notifications_event_check
        CHECK (event IN ('task.created', 'task.escalated', 'task.completed', 'pathway.notice', 'pathway.released', 'pathway.outcome', 'webhook.paused'))`);
    await q.query(`ALTER TABLE notifications ALTER COLUMN pathway_id DROP NOT NULL`);
    await q.query(`ALTER TABLE notifications ADD CONSTRAINT notifications_pathway_check CHECK (pathway_id IS NOT NULL OR event = 'webhook.paused')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM deliveries WHERE notification_id IN (SELECT id FROM notifications WHERE event = 'webhook.paused')`);
    await q.query(`DELETE FROM notifications WHERE event = 'webhook.paused'`);
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_pathway_check`);
    await q.query(`ALTER TABLE notifications ALTER COLUMN pathway_id SET NOT NULL`);
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_event_check`);
    await q.query(`
      ALTER TABLE notifications ADD CONSTRAINT notifications_event_check
        CHECK (event IN ('task.created', 'task.escalated', 'task.completed', 'pathway.notice', 'pathway.released', 'pathway.outcome'))`);
    await q.query(`
      ALTER TABLE webhook_endpoints
        DROP COLUMN paused_until,
        DROP COLUMN unreachable_since,
        DROP COLUMN consecutive_failures`);
  }
}
