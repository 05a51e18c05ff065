/**
 * Delivery of notifications end to end, over real HTTP on loopback: the real API and worker,
 * the real Temporal server, GOV.UK Notify's own client talking to a stand-in that checks the
 * JWT it sends, and a webhook receiver that checks signatures with `standardwebhooks`' own
 * `Webhook.verify`. Retry intervals are seconds (test-only configuration).
 *
 * The suite has its own community treatment service (CTS-DLV), named on its registrations, so
 * only its messages reach its contacts, whatever other suites do in the same database.
 */
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Client, Connection } from '@temporalio/client';
import { Config } from '@throughcare/config';
import { COMPILED_CALENDAR, isWorkingDay, londonDateOf } from '@throughcare/domain';
import { dataConverter } from '@throughcare/temporal';
import { ApiClient, eventually, Json } from '../support/api-client';
import { listen, NotifyStandIn, type Received } from '../support/notify-stand-in';
import { FAST_AREA, installFastPolicy } from '../support/fast-policy';
import { registration, startApi, startWorker, suiteConfig, tokenFor } from '../support/system';
import { kill, spawnWorker } from '../support/worker-process';
import { NOTIFICATION_HISTORY_GENERATION, recordWorkflowHistoryFor } from '../support/histories';
import { notificationWorkflowId } from '@throughcare/workflows/notifications';

const ORG = 'CTS-DLV';
const TEAM_EMAIL = 'sm-team@cts-dlv.example.nhs.uk';
const MANAGERS_EMAIL = 'sm-managers@cts-dlv.example.nhs.uk';
/** An organisation with a mailbox and nothing to say. */
const QUIET = 'CTS-DLV-QUIET';
const QUIET_EMAIL = 'team@cts-dlv-quiet.example.nhs.uk';

/** How the receiver answers a try: a status, or a status after a delay and with a Retry-After. */
type Answer = number | { status: number; retryAfter?: string; delayMs?: number };

/** A webhook receiver verifying with the spec's own code; `respond` decides each answer (by the tries of that webhook-id so far). */
class WebhookReceiver {
  readonly received: Array<Received & { verifiedWith: string[] }> = [];
  secrets: string[] = [];
  respond: (id: string, triesBefore: number, body: Json) => Answer = () => 204;
  url = '';
  close: () => Promise<void> = async () => undefined;

  async start(): Promise<void> {
    ({ url: this.url, close: this.close } = await listen(async (req, raw) => {
      const headers = { 'webhook-id': String(req.headers['webhook-id']), 'webhook-timestamp': String(req.headers['webhook-timestamp']), 'webhook-signature': String(req.headers['webhook-signature']) };
      const verifiedWith = this.secrets.filter((secret) => {
        try {
          new Webhook(secret).verify(raw, headers);
          return true;
        } catch {
          return false;
        }
      });
      const body = JSON.parse(raw) as Json;
      const id = headers['webhook-id'];
      const answer = verifiedWith.length === 0 ? 401 : this.respond(id, this.received.filter((r) => r.headers['webhook-id'] === id).length, body);
      const { status, retryAfter, delayMs } = typeof answer === 'number' ? { status: answer } : answer;
      this.received.push({ headers: req.headers, raw, body, status, verifiedWith, at: Date.now() });
      return { status, delayMs, headers: retryAfter ? { 'retry-after': retryAfter } : undefined };
    }));
  }

  of(id: string) {
    return this.received.filter((r) => r.headers['webhook-id'] === id);
  }
}

describe('delivery of notifications by webhook and GOV.UK Notify', () => {
  let config: Config;
  let api: INestApplication;
  let worker: INestApplicationContext;
  /** The suite's own settings, for a worker started as a process. */
  let settings: Record<string, string>;
  let admin: ApiClient;
  let prison: ApiClient;
  let team: ApiClient;
  const notify = new NotifyStandIn();
  const receiver = new WebhookReceiver();
  let webhookId: string;
  /** Everything registered in this suite: none of it may reach a receiver. */
  const people: Json[] = [];
  let temporal: Connection;

  /** The message's delivery workflow has finished: no channel of it can be tried again (a re-send is a new workflow). */
  async function deliveryFinished(notificationId: string): Promise<void> {
    await new Client({ connection: temporal, dataConverter: dataConverter(config) }).workflow.getHandle(notificationWorkflowId(notificationId)).result();
  }

  beforeAll(async () => {
    await Promise.all([notify.start(), receiver.start()]);
    config = suiteConfig((settings = {
      NOTIFICATION_RETRY_INITIAL_SECONDS: '1',
      NOTIFICATION_RETRY_MAX_INTERVAL_SECONDS: '2',
      NOTIFICATION_RETRY_LIMIT_SECONDS: '60',
      NOTIFICATION_REQUEST_TIMEOUT_SECONDS: '2',
      WEBHOOK_SECRET_OVERLAP_HOURS: '1',
      NOTIFY_API_KEY: notify.apiKey,
      NOTIFY_BASE_URL: notify.url,
      NOTIFY_TEMPLATE_ID_IMMEDIATE: randomUUID(),
      NOTIFY_TEMPLATE_ID_DIGEST: randomUUID(),
      WEB_BASE_URL: 'https://throughcare.example.gov.uk',
    }));
    worker = await startWorker(config);
    temporal = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
    ({ app: api } = await startApi(config));
    const server = api.getHttpServer();
    const as = async (org: string, role: string) => new ApiClient(server, await tokenFor(org, role));
    [admin, prison, team] = await Promise.all([as('THC-OPS', 'admin'), as('BMI', 'prison-healthcare'), as(ORG, 'community-treatment')]);
    await installFastPolicy(admin);
    await admin.post('/v1/organisations', { code: ORG, name: 'Delivery test treatment service', type: 'community-treatment', areas: ['E06000001'] }, 201);
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await temporal?.close();
    await Promise.all([notify.close(), receiver.close()]);
  });

  /** A new pathway for CTS-DLV with its referral sent: the acceptance task is CTS-DLV's, a message at once. */
  async function referralToAccept(onRegistered: (pathwayId: string) => void = () => undefined): Promise<{ pathway: Json; acceptance: Json }> {
    const person = registration({
      prisonCode: 'BMI',
      destinationArea: FAST_AREA,
      communityTreatmentCode: ORG,
      givenName: 'Ottoline',
      familyName: 'Quarrendon',
      dateOfBirth: '1979-11-23',
    });
    people.push(person);
    const pathway = await prison.post('/v1/releases', person, 201);
    onRegistered(pathway.id);
    const referral = pathway.tasks.find((t: Json) => t.type === 'referral');
    await prison.post(`/v1/tasks/${referral.id}/complete`, {});
    const after = await prison.get(`/v1/pathways/${pathway.id}`);
    return { pathway, acceptance: after.tasks.find((t: Json) => t.type === 'referral-acceptance') };
  }

  /** The deliveries of the task.created message about this task, once there is one per channel expected. */
  async function deliveriesOf(pathwayId: string, taskId: string, channels: string[], state?: string): Promise<Json[]> {
    return eventually(`deliveries of task ${taskId} (${channels.join(', ')}${state ? `, ${state}` : ''})`, async () => {
      const all = (await admin.get(`/v1/pathways/${pathwayId}/deliveries`)) as unknown as Json[];
      const mine = all.filter((d) => d.taskId === taskId && d.event === 'task.created' && d.organisation === ORG);
      const ok = channels.every((c) => mine.some((d) => d.channel === c && (!state || d.state === state)));
      return ok && mine;
    }, 60_000);
  }

  it('validates contacts: e-mail addresses, https URLs (http only on loopback outside production), admins only', async () => {
    const bad = await admin.put(`/v1/organisations/${ORG}/contacts`, { teamEmail: 'not-an-address', webhooks: [{ url: 'http://receiver.example.org/hook', events: ['task.created'] }] }, 400);
    expect(bad).toMatchObject({ type: expect.stringMatching(/validation$/) });
    expect(bad.errors.map((e: Json) => e.field)).toEqual(['teamEmail']);
    const notHttps = await admin.put(`/v1/organisations/${ORG}/contacts`, { webhooks: [{ url: 'http://receiver.example.org/hook', events: ['task.created'] }] }, 400);
    expect(notHttps.errors).toEqual([{ field: 'webhooks.0.url', messages: ['url must be https'] }]);
    const badEvent = await admin.put(`/v1/organisations/${ORG}/contacts`, { webhooks: [{ url: 'https://receiver.example.org/hook', events: ['task.deleted'] }] }, 400);
    expect(badEvent.errors[0].field).toMatch(/^webhooks\.0\.events/);
    await team.put(`/v1/organisations/${ORG}/contacts`, { teamEmail: TEAM_EMAIL }, 403);
    await admin.put('/v1/organisations/NOPE-ORG/contacts', { teamEmail: TEAM_EMAIL }, 404);

    const put = await admin.put(`/v1/organisations/${ORG}/contacts`, {
      teamEmail: TEAM_EMAIL,
      managersEmail: MANAGERS_EMAIL,
      webhooks: [{ url: `${receiver.url}/hook`, events: ['task.created'] }],
    });
    expect(put.webhooks).toEqual([{ id: expect.any(String), url: `${receiver.url}/hook`, events: ['task.created'], secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/=]{40,}$/), previousSecretValidUntil: null, pausedUntil: null }]);
    webhookId = put.webhooks[0].id;
    receiver.secrets = [put.webhooks[0].secret];

    // The same URL again keeps its secret, which is never shown again.
    const again = await admin.put(`/v1/organisations/${ORG}/contacts`, {
      teamEmail: TEAM_EMAIL,
      managersEmail: MANAGERS_EMAIL,
      webhooks: [{ url: `${receiver.url}/hook`, events: ['task.created'] }],
    });
    expect(again.webhooks).toEqual([{ id: webhookId, url: `${receiver.url}/hook`, events: ['task.created'], previousSecretValidUntil: null, pausedUntil: null }]);
    const read = await team.get(`/v1/organisations/${ORG}/contacts`);
    expect(read).toEqual({ organisation: ORG, teamEmail: TEAM_EMAIL, managersEmail: MANAGERS_EMAIL, barsEndpoint: null, webhooks: [{ id: webhookId, url: `${receiver.url}/hook`, events: ['task.created'], previousSecretValidUntil: null, pausedUntil: null }] });
    expect(JSON.stringify(await admin.get(`/v1/organisations/${ORG}/contacts`))).not.toContain('whsec_');
    await prison.get(`/v1/organisations/${ORG}/contacts`, 403);
  });

  it('delivers a task raised by the engine to the inbox, a verified webhook and Notify, each once', async () => {
    const { pathway, acceptance } = await referralToAccept();
    const deliveries = await deliveriesOf(pathway.id, acceptance.id, ['webhook', 'email'], 'sent');
    const hook = deliveries.find((d) => d.channel === 'webhook')!;
    const email = deliveries.find((d) => d.channel === 'email')!;
    expect(hook).toMatchObject({ target: webhookId, state: 'sent', attempts: 1, lastError: null });
    expect(email).toMatchObject({ target: 'team', state: 'sent', attempts: 1 });
    expect(hook.id).not.toBe(email.id);

    // The inbox has the same message, by the same id.
    const inbox = await team.get(`/v1/notifications?pathwayId=${pathway.id}&state=all`);
    const message = inbox.items.find((n: Json) => n.taskId === acceptance.id && n.event === 'task.created');
    expect(message.id).toBe(hook.notificationId);

    // The webhook: once, signed (verified by the spec's own code), the delivery id as webhook-id.
    await deliveryFinished(message.id);
    const hooks = receiver.of(hook.id);
    expect(hooks).toHaveLength(1);
    expect(hooks[0]).toMatchObject({ status: 204, verifiedWith: receiver.secrets });
    expect(hooks[0].body).toMatchObject({
      type: 'task.created',
      timestamp: expect.any(String),
      data: { id: message.id, pathwayId: pathway.id, taskId: acceptance.id, taskType: 'referral-acceptance', link: `https://throughcare.example.gov.uk/pathways/${pathway.id}#task-${acceptance.id}` },
    });
    expect(receiver.received.filter((r) => r.body.data?.id === message.id)).toHaveLength(1);

    // Notify: once, with the real client's JWT accepted, the delivery id as reference, the team's mailbox.
    expect(notify.refused).toEqual([]);
    const emails = notify.emails.filter((e) => e.body.reference === email.id);
    expect(emails).toHaveLength(1);
    expect(emails[0].body).toMatchObject({
      template_id: config.NOTIFY_TEMPLATE_ID_IMMEDIATE,
      email_address: TEAM_EMAIL,
      reference: email.id,
      personalisation: { event: 'task.created', task_type: 'referral-acceptance', message_id: message.id, link: expect.stringContaining(pathway.id) },
    });
    expect(notify.emails.filter((e) => e.body.personalisation?.message_id === message.id)).toHaveLength(1);
    await recordWorkflowHistoryFor(config, notificationWorkflowId(message.id), `notification-delivery-${NOTIFICATION_HISTORY_GENERATION}-webhook-and-email`);
  });

  it('tries again a receiver that answers 500 three times: the fourth try, with the same id, is taken', async () => {
    let pending: string | undefined;
    receiver.respond = (_id, before, body) => (body.data?.pathwayId === pending && before < 3 ? 500 : 204);
    const { pathway, acceptance } = await referralToAccept((id) => (pending = id));
    const [hook] = (await deliveriesOf(pathway.id, acceptance.id, ['webhook'], 'sent')).filter((d) => d.channel === 'webhook');
    const tries = receiver.of(hook.id);
    expect(tries.map((t) => t.status)).toEqual([500, 500, 500, 204]);
    expect(new Set(tries.map((t) => t.body.data.id)).size).toBe(1);
    expect(tries.every((t) => t.verifiedWith.length === 1)).toBe(true);
    expect(hook).toMatchObject({ state: 'sent', attempts: 4, lastError: null });

    const metrics = await request(api.getHttpServer()).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/throughcare_notification_deliveries_total\{channel="webhook",outcome="retried"\} [3-9]/);
    expect(metrics.text).toMatch(/throughcare_notification_deliveries_total\{channel="email",outcome="sent"\} [1-9]/);
  });

  it('tries again after a request that timed out, and waits as long as the Retry-After of a 429 says', async () => {
    let slow: string | undefined;
    // First try: no answer within the 2 s request timeout. Second: 429, retry after 3 s (the backoff alone would wait 2 s). Third: taken.
    receiver.respond = (_id, before, body) =>
      body.data?.pathwayId !== slow ? 204 : before === 0 ? { status: 200, delayMs: 4000 } : before === 1 ? { status: 429, retryAfter: '3' } : 204;
    const { pathway, acceptance } = await referralToAccept((id) => (slow = id));
    const [hook] = (await deliveriesOf(pathway.id, acceptance.id, ['webhook'], 'sent')).filter((d) => d.channel === 'webhook');
    const tries = receiver.of(hook.id);
    // The 200 came too late: the worker had given up on that request.
    expect(tries.map((t) => t.status)).toEqual([200, 429, 204]);
    expect(tries[2].at! - tries[1].at!).toBeGreaterThanOrEqual(2900);
    expect(new Set(tries.map((t) => t.headers['webhook-id'])).size).toBe(1);
    expect(hook).toMatchObject({ state: 'sent', attempts: 3, lastError: null });
  });

  it('loses nothing and sends no second id when the worker is killed in the middle of a delivery', async () => {
    // The suite's worker makes way for one in its own process, which is killed while a request is in flight.
    await worker.close();
    const doomed = await spawnWorker(config, settings);
    let hanging: string | undefined;
    let inFlight: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => (inFlight = resolve));
    receiver.respond = (_id, before, body) => {
      if (body.data?.pathwayId !== hanging) return 204;
      if (before === 0) {
        inFlight();
        return { status: 200, delayMs: 10_000 };
      }
      return 204;
    };
    try {
      const { pathway, acceptance } = await referralToAccept((id) => (hanging = id));
      await arrived;
      await kill(doomed);
      worker = await startWorker(config);
      // Both channels: the e-mail's try may have been cut short by the kill too, and is made again.
      const [hook] = (await deliveriesOf(pathway.id, acceptance.id, ['webhook', 'email'], 'sent')).filter((d) => d.channel === 'webhook');
      const tries = receiver.of(hook.id);
      expect(tries.map((t) => t.status)).toEqual([200, 204]);
      // Every request about this message carried the one delivery id; one delivery row per channel.
      const about = receiver.received.filter((r) => r.body.data?.id === hook.notificationId);
      expect(new Set(about.map((r) => r.headers['webhook-id']))).toEqual(new Set([hook.id]));
      const rows = ((await admin.get(`/v1/pathways/${pathway.id}/deliveries`)) as unknown as Json[]).filter((d) => d.notificationId === hook.notificationId);
      expect(rows.map((d) => d.channel).sort()).toEqual(['email', 'webhook']);
      // The e-mail too went out under one reference (at least once: a try cut short is made again with the same one).
      const references = notify.emails.filter((e) => e.body.personalisation?.message_id === hook.notificationId).map((e) => e.body.reference);
      expect(references.length).toBeGreaterThan(0);
      expect(new Set(references)).toEqual(new Set([rows.find((d) => d.channel === 'email')!.id]));
    } finally {
      await kill(doomed);
    }
  }, 90_000);

  it('does not retry a receiver that answers 410: the delivery fails, admins see it, and a retry sends it with the same id', async () => {
    let refusing: string | undefined;
    receiver.respond = (_id, _before, body) => (body.data?.pathwayId === refusing ? 410 : 204);
    const { pathway, acceptance } = await referralToAccept((id) => (refusing = id));
    const [hook] = (await deliveriesOf(pathway.id, acceptance.id, ['webhook'])).filter((d) => d.channel === 'webhook');
    const failed = await eventually('the delivery failed', async () => {
      const page = await admin.get('/v1/deliveries?state=failed&limit=100');
      return page.items.find((d: Json) => d.id === hook.id);
    });
    expect(failed).toMatchObject({ state: 'failed', attempts: 1, lastError: 'HTTP 410', channel: 'webhook', pathwayId: pathway.id });
    await deliveryFinished(hook.notificationId);
    expect(receiver.of(hook.id).map((t) => t.status)).toEqual([410]);
    await team.get('/v1/deliveries?state=failed', 403);
    await admin.get('/v1/deliveries?state=lost', 400);

    // The receiver is mended; an admin sends it again, with the same delivery id.
    refusing = undefined;
    await team.post(`/v1/deliveries/${hook.id}/retry`, {}, 403);
    const retried = await admin.post(`/v1/deliveries/${hook.id}/retry`, {}, 202);
    expect(retried).toMatchObject({ id: hook.id });
    const sent = await eventually('the delivery sent again', async () => {
      const all = (await admin.get(`/v1/pathways/${pathway.id}/deliveries`)) as unknown as Json[];
      return all.find((d) => d.id === hook.id && d.state === 'sent');
    });
    expect(sent).toMatchObject({ attempts: 2, lastError: null });
    const tries = receiver.of(hook.id);
    expect(tries.map((t) => t.status)).toEqual([410, 204]);
    expect(tries[1].body.data.id).toBe(tries[0].body.data.id);
    const again = await admin.post(`/v1/deliveries/${hook.id}/retry`, {}, 409);
    expect(again.type).toMatch(/delivery-not-failed$/);
    await admin.post(`/v1/deliveries/${randomUUID()}/retry`, {}, 404);
  });

  it('shows deliveries on a pathway to its healthcare teams and admins only', async () => {
    const { pathway } = await referralToAccept();
    await eventually('a delivery', async () => ((await team.get(`/v1/pathways/${pathway.id}/deliveries`)) as unknown as Json[]).length > 0);
    const probation = new ApiClient(api.getHttpServer(), await tokenFor('PDU-BHM', 'probation'));
    await probation.get(`/v1/pathways/${pathway.id}/deliveries`, 403);
    const elsewhere = new ApiClient(api.getHttpServer(), await tokenFor('LEI', 'prison-healthcare'));
    await elsewhere.get(`/v1/pathways/${pathway.id}/deliveries`, 404);
    await admin.get(`/v1/pathways/${randomUUID()}/deliveries`, 404);
  });

  it('signs with the old secret as well as the new during the overlap after a rotation', async () => {
    receiver.respond = () => 204;
    await team.post(`/v1/organisations/${ORG}/webhooks/${webhookId}/rotate-secret`, {}, 403);
    const rotated = await admin.post(`/v1/organisations/${ORG}/webhooks/${webhookId}/rotate-secret`, {});
    expect(rotated).toMatchObject({ id: webhookId, secret: expect.stringMatching(/^whsec_/), previousSecretValidUntil: expect.any(String) });
    const [old] = receiver.secrets;
    expect(rotated.secret).not.toBe(old);
    receiver.secrets = [old, rotated.secret];
    // The database holds both only sealed: neither secret, nor its key material, is in it.
    const [stored]: Array<{ secret: string; previous_secret: string }> = await api.get(DataSource).query(`SELECT secret, previous_secret FROM webhook_endpoints WHERE id = $1`, [webhookId]);
    for (const sealed of [stored.secret, stored.previous_secret]) {
      expect(sealed).toMatch(/^sealed:development:/);
      for (const secret of [old, rotated.secret]) expect(sealed).not.toContain(secret.slice('whsec_'.length, 30));
    }
    const read = await admin.get(`/v1/organisations/${ORG}/contacts`);
    expect(read.webhooks[0]).toEqual({ id: webhookId, url: `${receiver.url}/hook`, events: ['task.created'], previousSecretValidUntil: rotated.previousSecretValidUntil, pausedUntil: null });

    const { pathway, acceptance } = await referralToAccept();
    const [hook] = (await deliveriesOf(pathway.id, acceptance.id, ['webhook'], 'sent')).filter((d) => d.channel === 'webhook');
    const [got] = receiver.of(hook.id);
    expect(got.verifiedWith).toEqual([old, rotated.secret]);
    expect(String(got.headers['webhook-signature']).split(' ')).toHaveLength(2);
    // Each secret alone verifies it, as a receiver that has switched (or not yet) would.
    const headers = { 'webhook-id': hook.id, 'webhook-timestamp': String(got.headers['webhook-timestamp']), 'webhook-signature': String(got.headers['webhook-signature']) };
    expect(() => new Webhook(old).verify(got.raw, headers)).not.toThrow();
    expect(() => new Webhook(rotated.secret).verify(got.raw, headers)).not.toThrow();
  });

  it('sends the daily digest from its Schedule: one e-mail per organisation with anything to say, once a day, on working days', async () => {
    await admin.post('/v1/organisations', { code: QUIET, name: 'A quiet treatment service', type: 'community-treatment', areas: ['E06000002'] }, 201);
    await admin.put(`/v1/organisations/${QUIET}/contacts`, { teamEmail: QUIET_EMAIL });
    // Routine messages for CTS-DLV (the acceptance tasks' reminders and L1s) wait for the digest.
    await eventually('a message for the digest', async () => (await team.get('/v1/notifications?state=all&limit=100')).items.some((n: Json) => n.urgency === 'digest'));

    const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
    try {
      const client = new Client({ connection, dataConverter: dataConverter(config) });
      const schedule = client.schedule.getHandle('notification-digest');
      const described = await schedule.describe();
      expect(described.spec.timezone).toBe('Europe/London');
      expect(described.spec.calendars?.[0]).toMatchObject({ hour: [expect.objectContaining({ start: 8, end: 8 })], minute: [expect.objectContaining({ start: 0, end: 0 })] });
      expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'notificationDigestWorkflow', taskQueue: config.TEMPORAL_TASK_QUEUE });
      // The digest plans with a calendar pinned in its input, as a pathway does.
      expect(described.action.type === 'startWorkflow' && described.action.args?.[0]).toMatchObject({ calendar: { id: expect.any(String), holidays: expect.any(Array) } });

      /** Starts the digest now, as 08:00 would, and waits for it to finish. */
      const runDigest = async (): Promise<Json[]> => {
        const before = (await schedule.describe()).info.recentActions.length;
        await schedule.trigger();
        const action = await eventually('the digest started', async () => (await schedule.describe()).info.recentActions[before]);
        const results = await client.workflow.getHandle(action.action.workflow.workflowId, action.action.workflow.firstExecutionRunId).result();
        if (before === 0) await recordWorkflowHistoryFor(config, action.action.workflow.workflowId, `notification-digest-${NOTIFICATION_HISTORY_GENERATION}-first-run`);
        return results;
      };
      const digestEmails = () => notify.emails.filter((e) => e.body.template_id === config.NOTIFY_TEMPLATE_ID_DIGEST);

      const results = await runDigest();
      if (!isWorkingDay(londonDateOf(new Date()), COMPILED_CALENDAR)) {
        expect(results).toEqual([]);
        expect(digestEmails()).toEqual([]);
        return;
      }
      const [mine] = digestEmails().filter((e) => e.body.email_address === TEAM_EMAIL);
      expect(digestEmails().filter((e) => e.body.email_address === TEAM_EMAIL)).toHaveLength(1);
      expect(digestEmails().filter((e) => e.body.email_address === QUIET_EMAIL)).toEqual([]);
      expect(results).toContainEqual({ deliveryId: mine.body.reference, channel: 'email', state: 'sent' });
      expect(Number(mine.body.personalisation.new_count)).toBeGreaterThan(0);
      expect(mine.body.personalisation.new_items[0]).toMatch(/https:\/\/throughcare\.example\.gov\.uk\/pathways\//);
      const delivery = (await admin.get('/v1/deliveries?limit=100')).items.find((d: Json) => d.id === mine.body.reference);
      expect(delivery).toMatchObject({ event: 'digest', organisation: ORG, channel: 'email', target: 'team', state: 'sent', notificationId: null, pathwayId: null });

      // A second run the same day sends nothing more: the day's digest was made and sent once.
      await runDigest();
      expect(digestEmails().filter((e) => e.body.email_address === TEAM_EMAIL)).toHaveLength(1);
    } finally {
      await connection.close();
    }
  });

  it('sent no name, date of birth, NHS or prison number to any receiver', () => {
    expect(people.length).toBeGreaterThan(3);
    const sent = [...receiver.received.map((r) => r.raw), ...notify.emails.map((e) => e.raw)].join('\n');
    expect(receiver.received.length + notify.emails.length).toBeGreaterThan(5);
    for (const person of people) {
      for (const secret of [person.givenName, person.familyName, person.dateOfBirth, person.nhsNumber, person.prisonNumber]) {
        expect(sent).not.toContain(secret as string);
      }
    }
  });
});
