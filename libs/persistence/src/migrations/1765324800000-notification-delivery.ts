import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivery of notifications beyond the inbox.
 *
 * - `organisation_contacts`: an organisation's team and managers' mailboxes (admin-managed).
 * - `webhook_endpoints`: the URLs an organisation receives signed webhooks at, the events each
 *   takes, and its Standard Webhooks secret (`whsec_…`); after a rotation the previous secret
 *   also signs until `previous_secret_until`. Secrets are shown once, when made, never read back
 *   through the API.
 * - `deliveries`: one row per message and channel target (a webhook endpoint, or a mailbox:
 *   `team` or `managers`), its id stable for ever: the webhook's `webhook-id` and Notify's
 *   `reference`, never used for another message. State pending, sent or failed, with the tries
 *   made and the last error (a status or error code, nothing personal).
 * - `digests`: the daily digest, one per organisation and working day with anything to say:
 *   its body lists the digest-urgency messages it took (each then points at it), the tasks due
 *   that day and what was done since the working day before; ids, types and dates only. Its
 *   e-mail is a delivery like any other (`digest_id` instead of `notification_id`).
 * - `delivery_counters`: running totals for Prometheus (sent, retried, failed by channel), kept in
 *   the database because the worker that delivers has no HTTP server; the API reports them.
 */
export class NotificationDelivery1765324800000 implements MigrationInterface {
  name = 'NotificationDelivery1765324800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organisation_contacts (
        org_code        text PRIMARY KEY REFERENCES organisations (code),
        team_email      text,
        managers_email  text,
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE webhook_endpoints (
        id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_code               text NOT NULL REFERENCES organisations (code),
        url                    text NOT NULL,
        events                 text[] NOT NULL,
        secret                 text NOT NULL,
        previous_secret        text,
        previous_secret_until  timestamptz,
        created_at             timestamptz NOT NULL DEFAULT now(),
        updated_at             timestamptz NOT NULL DEFAULT now(),
        UNIQUE (org_code, url)
      )`);
    await q.query(`
      CREATE TABLE digests (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_code    text NOT NULL REFERENCES organisations (code),
        day         date NOT NULL,
        body        jsonb NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        UNIQUE (org_code, day)
      )`);
    await q.query(`ALTER TABLE notifications ADD COLUMN digest_id uuid REFERENCES digests (id)`);
    // What the next digest takes: an organisation's digest-urgency messages no digest has taken.
    await q.query(`CREATE INDEX notifications_undigested_idx ON notifications (org_code, created_at) WHERE urgency = 'digest' AND digest_id IS NULL`);
    await q.query(`
      CREATE TABLE deliveries (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        notification_id  uuid REFERENCES notifications (id),
        digest_id        uuid REFERENCES digests (id),
        channel          text NOT NULL CHECK (channel IN ('webhook', 'email')),
        target           text NOT NULL,
        state            text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
        attempts         integer NOT NULL DEFAULT 0,
        last_error       text,
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now(),
        sent_at          timestamptz,
        UNIQUE (notification_id, channel, target),
        UNIQUE (digest_id, channel, target),
        CHECK (num_nonnulls(notification_id, digest_id) = 1)
      )`);
    // Admins' list of failed deliveries, newest first.
    await q.query(`CREATE INDEX deliveries_state_idx ON deliveries (state, created_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE delivery_counters (
        channel  text NOT NULL,
        outcome  text NOT NULL CHECK (outcome IN ('sent', 'retried', 'failed')),
        count    bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (channel, outcome)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE delivery_counters`);
    await q.query(`DROP TABLE deliveries`);
    await q.query(`ALTER TABLE notifications DROP COLUMN digest_id`);
    await q.query(`DROP TABLE digests`);
    await q.query(`DROP TABLE webhook_endpoints`);
    await q.query(`DROP TABLE organisation_contacts`);
  }
}
