import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What each organisation is told: one row per message and organisation, derived from the
 * read model in the same statement that writes it (so nothing is told that was not stored,
 * and a retried write tells nothing twice: `key` names the source, e.g.
 * `task.created:<task id>:<org>`). `id` is the message's stable id, for receivers to
 * de-duplicate on. `body` holds ids, types, dates, levels and organisation codes, never
 * anything that names a person. `urgency` says whether it goes out at once or in the daily
 * digest; `dispatched_at` when it was handed on for delivery (or taken into a digest).
 */
export class Notifications1765238400000 implements MigrationInterface {
  name = 'Notifications1765238400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notifications (
        id             uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
        key            text PRIMARY KEY,
        org_code       text NOT NULL REFERENCES organisations (code),
        audience       text NOT NULL CHECK (audience IN ('team', 'managers')),
        event          text NOT NULL CHECK (event IN ('task.created', 'task.escalated', 'task.completed', 'pathway.notice', 'pathway.released', 'pathway.outcome')),
        urgency        text NOT NULL CHECK (urgency IN ('immediate', 'digest')),
        pathway_id     uuid NOT NULL REFERENCES pathways (id),
        task_id        uuid REFERENCES tasks (id),
        body           jsonb NOT NULL,
        -- To the millisecond, as the inbox's cursors carry it.
        created_at     timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        read_at        timestamptz,
        read_by        text,
        dispatched_at  timestamptz
      )`);
    // The inbox: an organisation's messages, newest first, unread ones apart.
    await q.query(`CREATE INDEX notifications_inbox_idx ON notifications (org_code, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX notifications_unread_idx ON notifications (org_code, created_at DESC, id DESC) WHERE read_at IS NULL`);
    // What is still to hand on for delivery.
    await q.query(`CREATE INDEX notifications_undispatched_idx ON notifications (urgency, created_at) WHERE dispatched_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notifications`);
  }
}
