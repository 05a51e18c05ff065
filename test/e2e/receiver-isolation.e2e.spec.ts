/**
 * Receivers isolated from each other (issue 21, item 2), end to end: the real API and worker,
 * the real Temporal server and PostgreSQL, webhooks over real HTTP on loopback. A prison's five
 * webhook endpoints accept every request and never answer; while its messages pile up behind
 * them, another organisation's webhook still gets its message within its normal time, the
 * breaker pauses each dead endpoint, and the prison is told once per endpoint.
 *
 * The suite has a database of its own, so the messages and deliveries it counts are its own.
 */
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { Config } from '@throughcare/config';
import { dataSourceOptions, seedDemoOrganisations } from '@throughcare/persistence';
import { notificationWorkflowId } from '@throughcare/workflows/notifications';
import { ApiClient, eventually, Json } from '../support/api-client';
import { healthyReceiver, hangingReceiver } from '../support/webhook-receivers';
import { registration, startApi, startWorker, suiteConfig, tokenFor } from '../support/system';

const HANGING_ORG = 'LEI';
const HEALTHY_ORG = 'PDU-LDS';
const HANGING_ENDPOINTS = 5;
/** How long after its message was made the healthy receiver has it: a workflow start and one request, with room for a busy machine. */
const NORMAL_DELIVERY_MS = 5000;

describe('receivers isolated from each other', () => {
  let config: Config;
  let api: INestApplication;
  let worker: INestApplicationContext;
  let owner: DataSource;
  let db: DataSource;
  let databaseName: string;
  let admin: ApiClient;
  let prison: ApiClient;
  let hanging: Awaited<ReturnType<typeof hangingReceiver>>;
  let healthy: Awaited<ReturnType<typeof healthyReceiver>>;

  beforeAll(async () => {
    const ownerUrl = new URL(process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL!);
    const appUrl = new URL(process.env.DATABASE_URL!);
    databaseName = `${ownerUrl.pathname.slice(1)}_receivers`.slice(0, 60);
    owner = await new DataSource(dataSourceOptions(ownerUrl.toString(), { poolSize: 1 })).initialize();
    await owner.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
    await owner.query(`CREATE DATABASE "${databaseName}"`);
    ownerUrl.pathname = `/${databaseName}`;
    appUrl.pathname = `/${databaseName}`;
    db = await new DataSource(dataSourceOptions(ownerUrl.toString(), { poolSize: 2, applicationName: 'receiver-isolation' })).initialize();
    await db.runMigrations({ transaction: 'each' });
    await seedDemoOrganisations(db);

    [hanging, healthy] = await Promise.all([hangingReceiver(), healthyReceiver()]);
    config = suiteConfig({
      DATABASE_URL: appUrl.toString(),
      NOTIFICATION_RETRY_INITIAL_SECONDS: '1',
      NOTIFICATION_RETRY_MAX_INTERVAL_SECONDS: '2',
      NOTIFICATION_RETRY_LIMIT_SECONDS: '600',
      // A production-like request timeout: each request to a dead receiver holds its slot this long.
      NOTIFICATION_REQUEST_TIMEOUT_SECONDS: '10',
      // Fewer slots than the dead endpoints' urgent tries alone, so only the per-endpoint cap keeps a slot free.
      NOTIFICATION_DELIVERY_SLOTS: '20',
      WEBHOOK_MAX_IN_FLIGHT: '2',
      WEBHOOK_BREAKER_FAILURES: '3',
      WEBHOOK_BREAKER_PAUSE_SECONDS: '600',
    });
    worker = await startWorker(config);
    ({ app: api } = await startApi(config));
    const server = api.getHttpServer();
    admin = new ApiClient(server, await tokenFor('THC-OPS', 'admin'));
    prison = new ApiClient(server, await tokenFor(HANGING_ORG, 'prison-healthcare'));
  }, 120_000);

  afterAll(async () => {
    await hanging?.close();
    await api?.close();
    await worker?.close();
    await healthy?.close();
    await db?.destroy();
    await owner?.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`).catch(() => undefined);
    await owner?.destroy();
  });

  it("delivers another organisation's message in its normal time while a prison's endpoints never answer, pauses them and tells the prison once each", async () => {
    const dead = await admin.put(`/v1/organisations/${HANGING_ORG}/contacts`, {
      webhooks: Array.from({ length: HANGING_ENDPOINTS }, (_, i) => ({ url: `${hanging.url}/hook-${i}`, events: ['task.created', 'task.escalated'] })),
    });
    const deadIds: string[] = dead.webhooks.map((w: Json) => w.id);
    await admin.put(`/v1/organisations/${HEALTHY_ORG}/contacts`, { webhooks: [{ url: `${healthy.url}/hook`, events: ['task.created'] }] });

    // Eight releases: about six messages each for the prison, each to five endpoints that never answer.
    for (let i = 0; i < 8; i++) await prison.post('/v1/releases', registration({ prisonCode: HANGING_ORG }), 201);
    await eventually('requests held open by the dead receiver', async () => hanging.open() >= 10, 60_000);

    // Now one more release: its probation unit's message is the one timed.
    const pathway = await prison.post('/v1/releases', registration({ prisonCode: HANGING_ORG }), 201);
    const [message]: Array<{ id: string; created_at: Date }> = await eventually('the probation unit told', () =>
      db.query(`SELECT id, created_at FROM notifications WHERE org_code = $1 AND pathway_id = $2 AND event = 'task.created'`, [HEALTHY_ORG, pathway.id]).then((rows: Array<{ id: string; created_at: Date }>) => rows.length > 0 && rows),
    );
    const arrived = await eventually('the healthy receiver has the message', async () => healthy.arrivals.get(message.id), 120_000);
    const tookMs = arrived - message.created_at.getTime();
    process.stdout.write(`receiver isolation: delivered ${tookMs} ms after the message was made, with ${hanging.received()} requests sent to the dead receiver\n`);
    expect(tookMs).toBeLessThanOrEqual(NORMAL_DELIVERY_MS);

    // Each dead endpoint is paused, on the endpoint list the prison and admins read.
    const paused = await eventually(
      'every dead endpoint paused',
      async () => {
        const contacts = await prison.get(`/v1/organisations/${HANGING_ORG}/contacts`);
        return contacts.webhooks.every((w: Json) => w.pausedUntil !== null) && contacts.webhooks;
      },
      120_000,
    );
    for (const w of paused) expect(Date.parse(w.pausedUntil)).toBeGreaterThan(Date.now());

    // The prison is told, once for each endpoint, in its inbox: the endpoint's id and the pause, nothing else.
    const notices = await eventually('a notice for each paused endpoint', async () => {
      const inbox = await prison.get('/v1/notifications?state=all&limit=100');
      const found = inbox.items.filter((n: Json) => n.event === 'webhook.paused');
      return found.length >= HANGING_ENDPOINTS && found;
    });
    expect(notices.map((n: Json) => n.body.endpointId).sort()).toEqual([...deadIds].sort());
    for (const n of notices) {
      expect(n).toMatchObject({ pathwayId: null, taskId: null, urgency: 'immediate', audience: 'managers' });
      expect(Object.keys(n.body).sort()).toEqual(['endpointId', 'event', 'organisation', 'pausedUntil']);
    }
    // Nobody else is told.
    const elsewhere = new ApiClient(api.getHttpServer(), await tokenFor(HEALTHY_ORG, 'probation'));
    expect((await elsewhere.get('/v1/notifications?state=all&limit=100')).items.filter((n: Json) => n.event === 'webhook.paused')).toEqual([]);

    // A delivery waiting on a paused endpoint says so on the admins' list.
    await eventually('a delivery shown as waiting on its paused endpoint', async () => {
      const page = await admin.get('/v1/deliveries?state=pending&limit=100');
      return page.items.find((d: Json) => deadIds.includes(d.target) && d.lastError === 'endpoint paused');
    });
    // The dead receiver was sent a few requests per endpoint (the failures that paused it, and those already in flight), not one per message.
    expect(hanging.received()).toBeLessThanOrEqual(HANGING_ENDPOINTS * (3 + 2));

    // Sends ran on the delivery queues, urgent messages apart from routine ones.
    const [routine]: Array<{ id: string }> = await db.query(
      `SELECT n.id FROM notifications n JOIN deliveries d ON d.notification_id = n.id WHERE n.pathway_id = $1 AND n.org_code = $2 AND n.urgency = 'digest' LIMIT 1`,
      [pathway.id, HANGING_ORG],
    );
    expect(await sendQueuesOf(message.id)).toEqual([`${config.TEMPORAL_TASK_QUEUE}-deliveries-urgent`]);
    expect(new Set(await sendQueuesOf(routine.id))).toEqual(new Set([`${config.TEMPORAL_TASK_QUEUE}-deliveries`]));

    // The healthy receiver had every message of its own, each once.
    const own: Array<{ id: string }> = await db.query(`SELECT id FROM notifications WHERE org_code = $1 AND event = 'task.created'`, [HEALTHY_ORG]);
    await eventually('every probation message delivered', async () => own.every((n) => healthy.arrivals.has(n.id)), 60_000);
  }, 300_000);

  /** The task queues the delivery workflow of a message scheduled its sends on. */
  async function sendQueuesOf(notificationId: string): Promise<string[]> {
    const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
    try {
      const history = await new Client({ connection }).workflow.getHandle(notificationWorkflowId(notificationId)).fetchHistory();
      return (history.events ?? [])
        .map((e) => e.activityTaskScheduledEventAttributes)
        .filter((a) => a?.activityType?.name === 'deliver')
        .map((a) => a!.taskQueue!.name!);
    } finally {
      await connection.close();
    }
  }
});
