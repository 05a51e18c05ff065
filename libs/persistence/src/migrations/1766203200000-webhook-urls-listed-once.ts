import { MigrationInterface, QueryRunner } from 'typeorm';
import { normaliseWebhookUrl } from '@throughcare/net';

/**
 * Webhook URLs in one spelling, so one receiver is listed once (issue 21): each stored URL is
 * rewritten as the API now stores it; where an organisation listed one receiver in several
 * spellings, the oldest endpoint (and its secret) stays and the others go, so the receiver gets
 * each message once. And no idempotent answer keeps a webhook secret: answers already stored
 * lose theirs, with the marker a replay now shows (`secretShownOnce`).
 */
export class WebhookUrlsListedOnce1766203200000 implements MigrationInterface {
  name = 'WebhookUrlsListedOnce1766203200000';

  async up(q: QueryRunner): Promise<void> {
    const rows: Array<{ id: string; org_code: string; url: string }> = await q.query(`SELECT id, org_code, url FROM webhook_endpoints ORDER BY org_code, created_at, id`);
    const kept = new Map<string, { id: string; url: string }>();
    const duplicates: string[] = [];
    for (const row of rows) {
      const key = `${row.org_code} ${normaliseWebhookUrl(row.url)}`;
      if (kept.has(key)) duplicates.push(row.id);
      else kept.set(key, { id: row.id, url: normaliseWebhookUrl(row.url) });
    }
    await q.query(`DELETE FROM webhook_endpoints WHERE id = ANY ($1::uuid[])`, [duplicates]);
    for (const { id, url } of kept.values()) await q.query(`UPDATE webhook_endpoints SET url = $2 WHERE id = $1 AND url <> $2`, [id, url]);

    const withoutSecret = `((%s - 'secret') || '{"secretShownOnce": true}'::jsonb)`;
    await q.query(`
      UPDATE idempotency_keys
         SET response_body = CASE
               WHEN response_body ? 'secret' THEN ${withoutSecret.replace('%s', 'response_body')}
               ELSE jsonb_set(response_body, '{webhooks}', (
                 SELECT jsonb_agg(CASE WHEN w ? 'secret' THEN ${withoutSecret.replace('%s', 'w')} ELSE w END ORDER BY i)
                   FROM jsonb_array_elements(response_body->'webhooks') WITH ORDINALITY AS e (w, i)))
             END
       WHERE response_body::text LIKE '%whsec%'
         AND (response_body ? 'secret' OR jsonb_typeof(response_body->'webhooks') = 'array')`);
  }

  async down(): Promise<void> {
    // Spellings merged and secrets dropped cannot be brought back; the schema is unchanged.
  }
}
