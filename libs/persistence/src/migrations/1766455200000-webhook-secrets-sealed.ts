import { MigrationInterface, QueryRunner } from 'typeorm';
import { resealWebhookSecrets, webhookSecrets } from '../webhook-secrets';

/**
 * Webhook secrets sealed at rest (libs/persistence/src/webhook-secrets.ts). Every secret stored
 * in clear is sealed under WEBHOOK_SECRET_KEYS' current key, read from the migration's own
 * environment (the deployment's migrate service is given the same keys as the API and worker);
 * from then on a CHECK refuses any secret that is not sealed. Down opens them again, with the
 * same keys.
 */
export class WebhookSecretsSealed1766455200000 implements MigrationInterface {
  name = 'WebhookSecretsSealed1766455200000';

  async up(q: QueryRunner): Promise<void> {
    await resealWebhookSecrets(q, webhookSecrets(process.env));
    await q.query(`
      ALTER TABLE webhook_endpoints
        ADD CONSTRAINT webhook_endpoints_secret_sealed CHECK (secret LIKE 'sealed:%'),
        ADD CONSTRAINT webhook_endpoints_previous_secret_sealed CHECK (previous_secret IS NULL OR previous_secret LIKE 'sealed:%')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE webhook_endpoints DROP CONSTRAINT webhook_endpoints_secret_sealed, DROP CONSTRAINT webhook_endpoints_previous_secret_sealed`);
    const box = webhookSecrets(process.env);
    const rows = (await q.query(`SELECT id, secret, previous_secret FROM webhook_endpoints FOR UPDATE`)) as Array<{ id: string; secret: string; previous_secret: string | null }>;
    for (const row of rows) {
      await q.query(`UPDATE webhook_endpoints SET secret = $2, previous_secret = $3 WHERE id = $1`, [row.id, box.open(row.id, row.secret), row.previous_secret && box.open(row.id, row.previous_secret)]);
    }
  }
}
