/**
 * Where webhooks may go, and secrets shown once (issue 21): outside development a webhook URL
 * into the network is refused when it is saved and again when a message is delivered, after
 * DNS and before any connection; a URL with credentials is refused; one receiver is listed
 * once however its URL is spelt; and an idempotent replay never shows a secret again.
 *
 * Two APIs share the database: one as a developer's (private destinations allowed, as in every
 * other suite) and one as production would check (WEBHOOK_ALLOW_PRIVATE_DESTINATIONS=false),
 * with a worker that checks too. Nothing is sent to any address but loopback: refused
 * destinations are refused before connecting, and only the loopback receiver listens.
 */
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { Client, Connection } from '@temporalio/client';
import { Config } from '@throughcare/config';
import { dataSourceOptions, DEVELOPMENT_WEBHOOK_SECRET_KEY, resealWebhookSecrets, WebhookSecretBox, webhookSecrets } from '@throughcare/persistence';
import { dataConverter } from '@throughcare/temporal';
import type { DeliveryRetry } from '@throughcare/workflows/notifications';
import { deliveryRetry } from '../../apps/worker/src/notifications/delivery-retry';
import { WebhookUrlsListedOnce1766203200000 } from '../../libs/persistence/src/migrations/1766203200000-webhook-urls-listed-once';
import { WebhookSecretsSealed1766455200000 } from '../../libs/persistence/src/migrations/1766455200000-webhook-secrets-sealed';
import { ApiClient, eventually, Json } from '../support/api-client';
import { registration, startApi, startWorker, suiteConfig, tokenFor } from '../support/system';

/** Organisations of this suite only: nothing the engine does is routed to them. */
const ORG = 'CTS-DST';
const DELIVERY_ORG = 'CTS-DST-DLV';
const PUBLIC_ORG = 'CTS-DST-PUB';
const NO_ANSWER_ORG = 'CTS-DST-NOA';
const BARS_ORG = 'CTS-DST-BRS';

const NOT_PUBLIC = 'url must be a public address on the internet, not a private, local or cloud metadata one';

/** A loopback receiver that counts every connection made to it, not only requests. */
class CountingReceiver {
  connections = 0;
  requests = 0;
  url = '';
  private readonly server = http.createServer((_req, res) => {
    this.requests++;
    res.writeHead(204).end();
  });

  async start(): Promise<void> {
    this.server.on('connection', () => this.connections++);
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('webhook destinations and secrets shown once', () => {
  let allowed: Config;
  let strict: Config;
  let api: INestApplication;
  let strictApi: INestApplication;
  let worker: INestApplicationContext;
  let admin: ApiClient;
  let strictAdmin: ApiClient;
  let db: DataSource;
  const receiver = new CountingReceiver();

  beforeAll(async () => {
    await receiver.start();
    const queue = `test-${randomUUID()}`;
    const settings = { TEMPORAL_TASK_QUEUE: queue, NOTIFICATION_RETRY_INITIAL_SECONDS: '1', NOTIFICATION_RETRY_LIMIT_SECONDS: '30', NOTIFICATION_REQUEST_TIMEOUT_SECONDS: '2' };
    allowed = suiteConfig(settings);
    strict = suiteConfig({ ...settings, WEBHOOK_ALLOW_PRIVATE_DESTINATIONS: 'false' });
    expect(allowed.WEBHOOK_ALLOW_PRIVATE_DESTINATIONS).toBe(true);
    worker = await startWorker(strict);
    [{ app: api }, { app: strictApi }] = await Promise.all([startApi(allowed), startApi(strict)]);
    db = api.get(DataSource);
    const token = await tokenFor('THC-OPS', 'admin');
    admin = new ApiClient(api.getHttpServer(), token);
    strictAdmin = new ApiClient(strictApi.getHttpServer(), token);
    for (const code of [ORG, DELIVERY_ORG, PUBLIC_ORG, NO_ANSWER_ORG, BARS_ORG]) {
      await admin.post('/v1/organisations', { code, name: `Destination test service ${code}`, type: 'community-treatment', areas: ['E06000003'] }, 201);
    }
  });

  afterAll(async () => {
    await strictApi?.close();
    await api?.close();
    await worker?.close();
    await receiver.close();
  });

  const hooks = (...urls: string[]) => ({ webhooks: urls.map((url) => ({ url, events: ['task.created'] })) });

  it.each([
    ['a cloud metadata address', 'https://169.254.169.254/latest/meta-data/'],
    ['a private address in 10/8', 'https://10.0.0.1/'],
    ['a private address in 172.16/12', 'https://172.16.0.1/'],
    ['a private address in 192.168/16', 'https://192.168.1.1/'],
    ['a loopback address with a port', 'https://127.0.0.1:6379/'],
    ['a loopback address mapped into IPv6', 'https://[::ffff:127.0.0.1]/'],
    ['the EC2 metadata address in IPv6', 'https://[fd00:ec2::254]/'],
    ['a carrier-grade NAT address', 'https://100.64.0.1/'],
    ['the unspecified address', 'https://0.0.0.0/'],
    ['a cloud metadata service by name', 'https://metadata.google.internal/'],
    ['a name that resolves to 127.0.0.1', 'https://localhost/hook'],
  ])('refuses %s outside development (%s), and stores nothing', async (_what, url) => {
    const refused = await strictAdmin.put(`/v1/organisations/${ORG}/contacts`, hooks(url), 400);
    expect(refused).toMatchObject({ type: expect.stringMatching(/validation$/), errors: [{ field: 'webhooks.0.url', messages: [NOT_PUBLIC] }] });
    expect((await strictAdmin.get(`/v1/organisations/${ORG}/contacts`)).webhooks).toEqual([]);
  });

  it('names each refused URL of a list, and accepts a public address without sending it anything', async () => {
    const refused = await strictAdmin.put(`/v1/organisations/${ORG}/contacts`, hooks('https://203.0.114.7/hook', 'https://10.0.0.1/', 'https://[::ffff:127.0.0.1]/'), 400);
    expect(refused.errors).toEqual([
      { field: 'webhooks.1.url', messages: [NOT_PUBLIC] },
      { field: 'webhooks.2.url', messages: [NOT_PUBLIC] },
    ]);
    // A public address is taken as it is: saving a URL connects to nothing.
    const saved = await strictAdmin.put(`/v1/organisations/${PUBLIC_ORG}/contacts`, hooks('https://203.0.114.7/hook'));
    expect(saved.webhooks).toEqual([expect.objectContaining({ url: 'https://203.0.114.7/hook', secret: expect.stringMatching(/^whsec_/) })]);
    await strictAdmin.put(`/v1/organisations/${PUBLIC_ORG}/contacts`, hooks());
  });

  it('keeps loopback receivers allowed where the setting allows them (development and tests)', async () => {
    const saved = await admin.put(`/v1/organisations/${ORG}/contacts`, hooks('https://127.0.0.1:6379/', 'https://localhost/hook'));
    expect(saved.webhooks.map((w: Json) => w.url).sort()).toEqual(['https://127.0.0.1:6379/', 'https://localhost/hook']);
    await admin.put(`/v1/organisations/${ORG}/contacts`, hooks());
  });

  it('refuses a URL with a user name or password, without echoing it', async () => {
    for (const url of [`http://user:pass@127.0.0.1:${new URL(receiver.url).port}/hook`, 'https://hook-user:s3cr3t-word@cts.example.org/hook', 'https://token@cts.example.org/hook']) {
      const refused = await admin.put(`/v1/organisations/${ORG}/contacts`, hooks(url), 400);
      expect(refused.errors).toEqual([{ field: 'webhooks.0.url', messages: ['url must not contain a user name or password'] }]);
      expect(JSON.stringify(refused)).not.toMatch(/pass@|s3cr3t|token@/);
    }
    expect((await admin.get(`/v1/organisations/${ORG}/contacts`)).webhooks).toEqual([]);
  });

  it('answers 400, not 500, for a URL the validator takes but a browser would not parse (an IPv6 zone)', async () => {
    const refused = await admin.put(`/v1/organisations/${ORG}/contacts`, hooks('https://[::1%eth0]/hook'), 400);
    expect(refused.errors).toEqual([{ field: 'webhooks.0.url', messages: ['url must be a URL address'] }]);
  });

  it('lists one receiver once, however its URL is spelt: …/a, …/a/ and HTTP://…/a are one endpoint', async () => {
    const port = new URL(receiver.url).port;
    const a = `http://127.0.0.1:${port}/a`;
    const twice = await admin.put(`/v1/organisations/${ORG}/contacts`, hooks(a, `${a}/`), 400);
    expect(twice.errors).toEqual([{ field: 'webhooks', messages: ['each URL may be listed once'] }]);
    const thrice = await admin.put(`/v1/organisations/${ORG}/contacts`, hooks(a, `HTTP://127.0.0.1:${port}/a`), 400);
    expect(thrice.errors).toEqual([{ field: 'webhooks', messages: ['each URL may be listed once'] }]);

    const first = await admin.put(`/v1/organisations/${ORG}/contacts`, hooks(`HTTP://127.0.0.1:${port}/a/`));
    expect(first.webhooks).toEqual([{ id: expect.any(String), url: a, events: ['task.created'], secret: expect.stringMatching(/^whsec_/), previousSecretValidUntil: null, pausedUntil: null }]);
    // Another spelling of the same receiver is the same endpoint: same id, its secret kept (so not shown).
    for (const spelling of [`${a}/`, a, `http://127.0.0.1:${port}/a#section`]) {
      const again = await admin.put(`/v1/organisations/${ORG}/contacts`, hooks(spelling));
      expect(again.webhooks).toEqual([{ id: first.webhooks[0].id, url: a, events: ['task.created'], previousSecretValidUntil: null, pausedUntil: null }]);
    }
    const https = await admin.put(`/v1/organisations/${ORG}/contacts`, hooks('HTTPS://CTS.Example.ORG:443/Hook/'));
    expect(https.webhooks.map((w: Json) => w.url)).toEqual(['https://cts.example.org/Hook']);
    await admin.put(`/v1/organisations/${ORG}/contacts`, hooks());
  });

  it('shows a webhook secret once: a replay with the same Idempotency-Key answers without it, and the key keeps none', async () => {
    const put = (key: string) => admin.raw('put', `/v1/organisations/${ORG}/contacts`).set('Idempotency-Key', key).send(hooks(`${receiver.url}/secret-once`));
    const putKey = `contacts-${randomUUID()}`;
    const made = await put(putKey).expect(200);
    const endpoint = made.body.webhooks[0];
    expect(endpoint.secret).toMatch(/^whsec_/);
    const replayed = await put(putKey).expect(200);
    expect(replayed.body.webhooks).toEqual([{ id: endpoint.id, url: endpoint.url, events: ['task.created'], previousSecretValidUntil: null, pausedUntil: null, secretShownOnce: true }]);

    const rotateKey = `rotate-${randomUUID()}`;
    const rotated = await admin.post(`/v1/organisations/${ORG}/webhooks/${endpoint.id}/rotate-secret`, {}, 200, rotateKey);
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(endpoint.secret);
    const replay = await admin.post(`/v1/organisations/${ORG}/webhooks/${endpoint.id}/rotate-secret`, {}, 200, rotateKey);
    expect(replay).toEqual({ id: endpoint.id, url: endpoint.url, previousSecretValidUntil: rotated.previousSecretValidUntil, secretShownOnce: true });
    // The replay is the first answer: the secret was not rotated a second time.
    const [row]: Array<{ secret: string }> = await db.query(`SELECT secret FROM webhook_endpoints WHERE id = $1`, [endpoint.id]);
    expect(row.secret).not.toContain(rotated.secret.slice('whsec_'.length));
    expect(webhookSecrets(strict).open(endpoint.id, row.secret)).toBe(rotated.secret);

    const stored: Array<{ body: string }> = await db.query(`SELECT response_body::text AS body FROM idempotency_keys WHERE org = 'THC-OPS' AND key = ANY ($1::text[])`, [[putKey, rotateKey]]);
    expect(stored).toHaveLength(2);
    for (const { body } of stored) {
      expect(body).not.toContain('whsec_');
      expect(body).toContain('"secretShownOnce": true');
    }
    await admin.put(`/v1/organisations/${ORG}/contacts`, hooks());
  });

  /** A message for one organisation alone, marked dispatched so that no sweep of another suite takes it. */
  async function messageFor(org: string): Promise<string> {
    const prison = new ApiClient(api.getHttpServer(), await tokenFor('LEI', 'prison-healthcare'));
    const pathway = await prison.post('/v1/releases', registration(), 201);
    const [notification]: Array<{ id: string }> = await db.query(
      `INSERT INTO notifications (key, org_code, audience, event, urgency, pathway_id, body, dispatched_at)
       VALUES ($1, $2, 'team', 'pathway.notice', 'immediate', $3, '{}'::jsonb, now()) RETURNING id`,
      [`e2e-destination-${randomUUID()}`, org, pathway.id],
    );
    return notification.id;
  }

  /** Delivers a message through the delivery workflow on a worker's queue, to the end of its tries; its deliveries as stored. */
  async function deliver(notificationId: string, queue: string, retry: DeliveryRetry): Promise<Array<{ state: string; attempts: number; last_error: string; target: string }>> {
    const connection = await Connection.connect({ address: strict.TEMPORAL_ADDRESS });
    try {
      const client = new Client({ connection, dataConverter: dataConverter(strict) });
      await client.workflow.execute('notificationDeliveryWorkflow', { workflowId: `e2e-destination-${notificationId}`, taskQueue: queue, args: [{ notificationId, retry }] });
    } finally {
      await connection.close();
    }
    return db.query(`SELECT state, attempts, last_error, target FROM deliveries WHERE notification_id = $1 ORDER BY target`, [notificationId]);
  }

  it('refuses on delivery, before connecting, an endpoint saved while private destinations were allowed: the receiver gets nothing', async () => {
    const saved = await admin.put(`/v1/organisations/${DELIVERY_ORG}/contacts`, { webhooks: [{ url: `${receiver.url}/stored-while-allowed`, events: ['pathway.notice'] }] });
    const message = await messageFor(DELIVERY_ORG);
    const before = { connections: receiver.connections, requests: receiver.requests };

    const deliveries = await deliver(message, strict.TEMPORAL_TASK_QUEUE, deliveryRetry(strict));
    // Refused for good at the first try, in words for the organisation; nothing reached the receiver, not even a connection.
    expect(deliveries).toEqual([{ state: 'failed', attempts: 1, last_error: 'destination not allowed', target: saved.webhooks[0].id }]);
    expect({ connections: receiver.connections, requests: receiver.requests }).toEqual(before);
  });

  it('checks a BaRS endpoint as a webhook URL: refused when saved into the network, and on delivery when saved while allowed', async () => {
    const refused = await strictAdmin.put(`/v1/organisations/${BARS_ORG}/contacts`, { barsEndpoint: 'https://10.0.0.1/bars' }, 400);
    expect(JSON.stringify(refused)).toContain(NOT_PUBLIC);
    await admin.put(`/v1/organisations/${BARS_ORG}/contacts`, { barsEndpoint: `${receiver.url}/bars` });
    const before = { connections: receiver.connections, requests: receiver.requests };
    const prison = new ApiClient(api.getHttpServer(), await tokenFor('LEI', 'prison-healthcare'));
    const pathway = await prison.post('/v1/releases', registration({ communityTreatmentCode: BARS_ORG }), 201);
    await prison.post(`/v1/tasks/${pathway.tasks.find((t: Json) => t.type === 'referral').id}/complete`, {});
    // The referral's BaRS message, tried by the suite's worker (which checks every destination): refused for good before connecting.
    const bars = await eventually('the BaRS delivery refused', async () => {
      const rows: Array<{ state: string; attempts: number; last_error: string | null }> = await db.query(
        `SELECT d.state, d.attempts, d.last_error FROM deliveries d JOIN notifications n ON n.id = d.notification_id WHERE n.pathway_id = $1 AND d.channel = 'bars'`,
        [pathway.id],
      );
      return rows.length > 0 && rows.every((r) => r.state !== 'pending') && rows;
    });
    expect(bars).toEqual([{ state: 'failed', attempts: 1, last_error: 'destination not allowed' }]);
    expect({ connections: receiver.connections, requests: receiver.requests }).toEqual(before);
  });

  it("says only 'no answer' whether a receiver's port is closed or it never answers: which one is for the log", async () => {
    // A worker that allows loopback, on a queue of its own: the suite's checks every destination.
    const lenient = suiteConfig({ NOTIFICATION_REQUEST_TIMEOUT_SECONDS: '1' });
    const lenientWorker = await startWorker(lenient);
    const silent = http.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    try {
      const saved = await admin.put(`/v1/organisations/${NO_ANSWER_ORG}/contacts`, {
        webhooks: [
          { url: `http://127.0.0.1:${closedPort}/closed`, events: ['pathway.notice'] },
          { url: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/silent`, events: ['pathway.notice'] },
        ],
      });
      const deliveries = await deliver(await messageFor(NO_ANSWER_ORG), lenient.TEMPORAL_TASK_QUEUE, { initialSeconds: 1, maximumIntervalSeconds: 1, limitSeconds: 4, requestTimeoutSeconds: 1 });
      expect(deliveries.map((d) => ({ target: d.target, state: d.state, lastError: d.last_error })).sort((a, b) => a.target.localeCompare(b.target))).toEqual(
        saved.webhooks.map((w: Json) => ({ target: w.id, state: 'failed', lastError: 'no answer' })).sort((a: Json, b: Json) => a.target.localeCompare(b.target)),
      );
    } finally {
      silent.closeAllConnections();
      silent.close();
      await lenientWorker.close();
    }
  });

  it('rewrites stored URLs in one spelling and drops stored secrets, in the migration for existing data', async () => {
    const port = new URL(receiver.url).port;
    await db.query(`DELETE FROM webhook_endpoints WHERE org_code = $1`, [ORG]);
    const [oldest]: Array<{ id: string }> = await db.query(
      `INSERT INTO webhook_endpoints (org_code, url, events, secret, created_at) VALUES ($1, $2, '{task.created}', 'sealed:a', now() - interval '2 days') RETURNING id`,
      [ORG, `HTTP://127.0.0.1:${port}/m/`],
    );
    await db.query(`INSERT INTO webhook_endpoints (org_code, url, events, secret) VALUES ($1, $2, '{task.created}', 'sealed:b'), ($1, $3, '{task.created}', 'sealed:c')`, [
      ORG,
      `http://127.0.0.1:${port}/m`,
      `https://cts.example.org:443/other/`,
    ]);
    const key = `migration-${randomUUID()}`;
    await db.query(
      `INSERT INTO idempotency_keys (org, key, fingerprint, method, path, actor_sub, response_status, response_body)
       VALUES ('THC-OPS', $1, 'f', 'PUT', '/x', 'thc-ops-tester', 200, $2::jsonb)`,
      [key, JSON.stringify({ organisation: ORG, webhooks: [{ id: oldest.id, url: 'u', secret: 'whsec_a', previousSecretValidUntil: null }, { id: 'w2', url: 'v' }] })],
    );

    const runner = db.createQueryRunner();
    try {
      await new WebhookUrlsListedOnce1766203200000().up(runner);
    } finally {
      await runner.release();
    }

    const endpoints: Array<{ id: string; url: string; secret: string }> = await db.query(`SELECT id, url, secret FROM webhook_endpoints WHERE org_code = $1 ORDER BY url`, [ORG]);
    expect(endpoints).toEqual([
      { id: oldest.id, url: `http://127.0.0.1:${port}/m`, secret: 'sealed:a' },
      { id: expect.any(String), url: 'https://cts.example.org/other', secret: 'sealed:c' },
    ]);
    const [kept]: Array<{ response_body: Json }> = await db.query(`SELECT response_body FROM idempotency_keys WHERE org = 'THC-OPS' AND key = $1`, [key]);
    expect(kept.response_body).toEqual({ organisation: ORG, webhooks: [{ id: oldest.id, url: 'u', previousSecretValidUntil: null, secretShownOnce: true }, { id: 'w2', url: 'v' }] });
    await db.query(`DELETE FROM webhook_endpoints WHERE org_code = $1`, [ORG]);
  });
  it('keeps no webhook secret in clear: the database refuses one, and the migration seals those stored before, re-sealed under a new key on rotation', async () => {
    const made = await admin.put(`/v1/organisations/${ORG}/contacts`, hooks(`${receiver.url}/sealed`));
    const shown: string = made.webhooks[0].secret;
    const id: string = made.webhooks[0].id;
    await expect(db.query(`UPDATE webhook_endpoints SET secret = $2 WHERE id = $1`, [id, shown])).rejects.toThrow(/webhook_endpoints_secret_sealed/);

    // As the schema's owner, in one transaction, rolled back: the migration undone (secrets in clear, as before it), then done again.
    const owner = await new DataSource(dataSourceOptions(process.env.MIGRATION_DATABASE_URL!, { poolSize: 1 })).initialize();
    const runner = owner.createQueryRunner();
    const secretOf = async (box: WebhookSecretBox | undefined) => {
      const [row]: Array<{ secret: string }> = await runner.query(`SELECT secret FROM webhook_endpoints WHERE id = $1`, [id]);
      return box ? box.open(id, row.secret) : row.secret;
    };
    const everySecret = async (): Promise<string[]> =>
      (await runner.query(`SELECT secret AS s FROM webhook_endpoints UNION ALL SELECT previous_secret FROM webhook_endpoints WHERE previous_secret IS NOT NULL`)).map((r: { s: string }) => r.s);
    await runner.startTransaction();
    try {
      const migration = new WebhookSecretsSealed1766455200000();
      await migration.down(runner);
      expect(await secretOf(undefined)).toBe(shown);
      await migration.up(runner);
      for (const sealed of await everySecret()) expect(sealed).toMatch(/^sealed:development:/);
      expect(await secretOf(undefined)).not.toContain(shown.slice('whsec_'.length));
      expect(await secretOf(webhookSecrets(strict))).toBe(shown);

      // The keys rotate: k2 is current and the development key still opens; re-sealing leaves nothing under the old one.
      const rotated = webhookSecrets({ WEBHOOK_SECRET_KEYS: `development:${DEVELOPMENT_WEBHOOK_SECRET_KEY.toString('base64')},k2:${randomBytes(32).toString('base64')}`, WEBHOOK_SECRET_KEY_ID: 'k2' });
      const [{ count }]: Array<{ count: number }> = await runner.query(`SELECT count(*)::int AS count FROM webhook_endpoints`);
      expect(await resealWebhookSecrets(runner, rotated)).toBe(count);
      for (const again of await everySecret()) expect(again).toMatch(/^sealed:k2:/);
      expect(await secretOf(rotated)).toBe(shown);
      expect(await resealWebhookSecrets(runner, rotated)).toBe(0);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
      await owner.destroy();
    }
    await admin.put(`/v1/organisations/${ORG}/contacts`, hooks());
  });
});
