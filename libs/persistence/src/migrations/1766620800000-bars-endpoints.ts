import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * BaRS referrals out (docs/design.md §12): a community treatment service's BaRS endpoint, set
 * by an admin with its contacts, and `bars` as a delivery channel beside webhooks and e-mail
 * (a referral's message Bundle, sent to `<endpoint>/$process-message`).
 */
export class BarsEndpoints1766620800000 implements MigrationInterface {
  name = 'BarsEndpoints1766620800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organisation_contacts ADD COLUMN bars_endpoint text`);
    await q.query(`ALTER TABLE deliveries DROP CONSTRAINT deliveries_channel_check`);
    await q.query(`ALTER TABLE deliveries ADD CONSTRAINT deliveries_channel_check CHECK (channel IN ('webhook', 'email', 'bars'))`);
    // Whether a pathway's referral went out by BaRS (its revocation then goes too): a few rows, not every delivery.
    await q.query(`CREATE INDEX deliveries_bars_idx ON deliveries (notification_id) WHERE channel = 'bars'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX deliveries_bars_idx`);
    await q.query(`DELETE FROM deliveries WHERE channel = 'bars'`);
    await q.query(`ALTER TABLE deliveries DROP CONSTRAINT deliveries_channel_check`);
    await q.query(`ALTER TABLE deliveries ADD CONSTRAINT deliveries_channel_check CHECK (channel IN ('webhook', 'email'))`);
    await q.query(`ALTER TABLE organisation_contacts DROP COLUMN bars_endpoint`);
  }
}
