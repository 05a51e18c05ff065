/**
 * The delivery workflow's activities. A try records itself (attempts, last error: a status or
 * an error code, nothing personal), sends one request with a timeout, and classifies the
 * answer: 2xx sent; 408, 429, 5xx, a timeout or a network error retried (after `Retry-After`
 * when the receiver gives one); any other answer refused for good (a non-retryable failure).
 * The delivery's id is the webhook's `webhook-id` and Notify's `reference` on every try.
 * The last error stored says only what the receiver's organisation needs ("HTTP 503", "no
 * answer", "destination not allowed"): others may read deliveries, and a connection-level code
 * (refused or timed out) would map their network for them; the code is logged for operators.
 * A BaRS delivery posts a referral's FHIR message to the service's BaRS endpoint (bars-referral.ts).
 * Outside development a webhook or BaRS message goes only to a public address, checked on the connection itself
 * after DNS (libs/net): a refused destination fails for good, before anything is sent.
 * A webhook try passes the ReceiverGuard first (its endpoint not paused, not too busy here),
 * and tells the endpoint's breaker whether the receiver answered.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { AxiosError } from 'axios';
import type { NotifyClient } from 'notifications-node-client';
import { notifyClient } from './notify-client';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { type Agent, fetch, type Response } from 'undici';
import { Config } from '@throughcare/config';
import { addDays, londonInstant } from '@throughcare/domain';
import { DESTINATION_NOT_ALLOWED, guardedAgent, isDestinationRefused, refusedByUrl } from '@throughcare/net';
import { openWebhookSecrets } from '@throughcare/persistence';
import {
  DELIVERY_REFUSED,
  type DeliveryChannel,
  type DeliveryTarget,
  type NotificationDeliveryActivities,
} from '@throughcare/workflows/notifications';
import { BarsRequest, barsReferralRequest, BarsUnsendable } from './bars-referral';
import { DeliveryStarter } from './delivery-starter';
import { DigestBody, digestPersonalisation, emailPersonalisation, NotificationRow, webhookPayload } from './message';
import { targetsSql } from './notification-rows';
import { ReceiverGuard } from './receiver-guard';

/**
 * Why a try failed: the reason is stored and shown, the detail (an error code) only logged;
 * never a response body, which may echo anything.
 */
class TryFailed extends Error {
  constructor(
    readonly reason: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
    readonly detail?: string,
  ) {
    super(reason);
  }

  /** No answer at all (a timeout, a network error), as opposed to an answer, or a refusal of ours. */
  get unreachable(): boolean {
    return this.retryable && !/^HTTP \d+$/.test(this.reason);
  }
}

/** A request that got no HTTP answer (refused, reset, timed out, no such name): retried, and stored as one reason. */
const noAnswer = (err: unknown) => new TryFailed('no answer', true, undefined, errorCode(err));

@Injectable()
export class DeliveryActivitiesService {
  private readonly logger = new Logger(DeliveryActivitiesService.name);
  private readonly notify?: NotifyClient;
  /** Connects webhooks only to public addresses; none where private destinations are allowed (development, tests). */
  private readonly webhookAgent?: Agent;
  private readonly receivers: ReceiverGuard;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(Config) private readonly config: Config,
    private readonly starter: DeliveryStarter,
  ) {
    this.receivers = new ReceiverGuard(dataSource, config);
    this.notify = notifyClient(config);
    if (!config.WEBHOOK_ALLOW_PRIVATE_DESTINATIONS) this.webhookAgent = guardedAgent();
  }

  activities(): NotificationDeliveryActivities {
    return {
      planDeliveries: (request) => this.planDeliveries(request),
      deliver: (target) => this.deliver(target),
      prepareDigests: (request) => this.prepareDigests(request),
      markDeliveryFailed: (failure) => this.markDeliveryFailed(failure),
    };
  }

  async planDeliveries(request: { notificationId: string } | { deliveryIds: string[] }): Promise<DeliveryTarget[]> {
    if ('deliveryIds' in request) {
      const rows: Array<{ id: string; channel: DeliveryChannel; urgent: boolean }> = await this.dataSource.query(
        `SELECT d.id, d.channel, coalesce(n.urgency = 'immediate', false) AS urgent
           FROM deliveries d LEFT JOIN notifications n ON n.id = d.notification_id
          WHERE d.id = ANY ($1::uuid[]) ORDER BY d.id`,
        [request.deliveryIds],
      );
      return rows.map((r) => ({ deliveryId: r.id, channel: r.channel, urgent: r.urgent }));
    }
    // The same targets on every run: a retried plan returns the deliveries (and ids) made first.
    // The message is marked handed on in the same statement (the worker's catch-up looks for those not).
    const rows: Array<{ id: string; channel: DeliveryChannel; urgent: boolean }> = await this.dataSource.query(
      `WITH n AS (UPDATE notifications SET dispatched_at = coalesce(dispatched_at, now()) WHERE id = $1
                  RETURNING id, org_code, audience, event, urgency, pathway_id, body)
       INSERT INTO deliveries (notification_id, channel, target)
       SELECT n.id, t.channel, t.target FROM n CROSS JOIN LATERAL (${targetsSql(this.notify !== undefined)}) t
       ON CONFLICT (notification_id, channel, target) DO UPDATE SET notification_id = EXCLUDED.notification_id
       RETURNING id, channel, (SELECT urgency = 'immediate' FROM n) AS urgent`,
      [request.notificationId],
    );
    return rows.map((r) => ({ deliveryId: r.id, channel: r.channel, urgent: r.urgent })).sort((a, b) => a.deliveryId.localeCompare(b.deliveryId));
  }

  async deliver(target: DeliveryTarget): Promise<void> {
    if (target.channel !== 'webhook') return this.tryOnce(target);
    const [delivery]: Array<{ target: string }> = await this.dataSource.query(`SELECT target FROM deliveries WHERE id = $1 AND state <> 'sent'`, [target.deliveryId]);
    if (!delivery) return; // sent already, or gone
    const release = await this.receivers.admit(delivery.target, target.deliveryId);
    try {
      await this.tryOnce(target, delivery.target);
    } finally {
      release();
    }
  }

  /** One try: counted, sent, and its outcome recorded (for a webhook, told to its endpoint's breaker too). */
  private async tryOnce(target: DeliveryTarget, endpointId?: string): Promise<void> {
    // The try counted and the message it carries read in one statement.
    const [delivery]: Array<{ digest_id: string | null; target: string; notification: NotificationRow | null }> = await this.dataSource.query(
      `WITH tried AS (UPDATE deliveries SET attempts = attempts + 1, updated_at = now() WHERE id = $1 AND state <> 'sent'
                      RETURNING notification_id, digest_id, target)
       SELECT t.digest_id, t.target,
              CASE WHEN n.id IS NOT NULL THEN jsonb_build_object('id', n.id, 'org_code', n.org_code, 'audience', n.audience, 'event', n.event,
                     'urgency', n.urgency, 'pathway_id', n.pathway_id, 'task_id', n.task_id, 'body', n.body, 'created_at', n.created_at) END AS notification
         FROM tried t LEFT JOIN notifications n ON n.id = t.notification_id`,
      [target.deliveryId],
    );
    if (!delivery) return; // sent already (a try whose answer was lost), or gone
    let about: string | null = null;
    try {
      if (delivery.digest_id) {
        about = delivery.digest_id;
        await this.sendDigest(target.deliveryId, delivery.digest_id);
      } else {
        const n: NotificationRow = { ...delivery.notification!, created_at: new Date(delivery.notification!.created_at) };
        about = n.id;
        if (target.channel === 'webhook') await this.sendWebhook(target.deliveryId, { ...n, target: delivery.target });
        else if (target.channel === 'bars') await this.sendBars(target.deliveryId, n);
        else await this.sendEmail(target.deliveryId, n);
      }
    } catch (err) {
      const failed = err instanceof TryFailed ? err : new TryFailed(errorCode(err), true);
      await this.dataSource.query(`UPDATE deliveries SET last_error = $2, updated_at = now() WHERE id = $1`, [target.deliveryId, failed.reason]);
      if (endpointId && failed.unreachable) await this.endpointUnreachable(endpointId);
      else if (endpointId && failed.reason.startsWith('HTTP ')) await this.receivers.breaker.answered(endpointId);
      this.logger.warn({ deliveryId: target.deliveryId, channel: target.channel, reason: failed.reason, detail: failed.detail, attempt: Context.current().info.attempt, msg: 'delivery try failed' });
      // A receiver's failure is expected, not ours: logged above once, not again by the SDK as an error.
      if (!failed.retryable) throw ApplicationFailure.create({ message: failed.reason, type: DELIVERY_REFUSED, nonRetryable: true, category: 'BENIGN' });
      await this.count(target.channel, 'retried');
      throw ApplicationFailure.create({
        message: failed.reason,
        type: 'DeliveryFailed',
        category: 'BENIGN',
        nextRetryDelay: failed.retryAfterMs !== undefined ? Math.min(failed.retryAfterMs, this.config.NOTIFICATION_RETRY_LIMIT_SECONDS * 1000) : undefined,
      });
    }
    await this.dataSource.query(`UPDATE deliveries SET state = 'sent', sent_at = now(), last_error = NULL, updated_at = now() WHERE id = $1`, [target.deliveryId]);
    if (endpointId) await this.receivers.breaker.answered(endpointId);
    await this.count(target.channel, 'sent');
    this.logger.log({ deliveryId: target.deliveryId, channel: target.channel, about, msg: 'delivered' });
  }

  /** Counted on the endpoint's breaker; the notice of a pause it makes is started for delivery at once. */
  private async endpointUnreachable(endpointId: string): Promise<void> {
    const notices = await this.receivers.breaker.unreachable(endpointId);
    if (notices.length === 0) return;
    // Left to the next start's catch-up when Temporal cannot take it now: the try's outcome stands.
    await this.starter.start(notices).catch((err: unknown) => this.logger.warn({ err: errorCode(err), msg: 'the notice of a paused webhook could not be started for delivery' }));
  }

  /**
   * The day's digests, in one transaction: each organisation with a team mailbox and anything
   * to say gets one (a retry finds it made, with the body it was made with), the messages it
   * took point at it, and its e-mail delivery is made.
   */
  async prepareDigests(request: { day: string; since: string }): Promise<DeliveryTarget[]> {
    if (!this.notify) return [];
    const dayStart = londonInstant(request.day, '00:00');
    const dayEnd = londonInstant(addDays(request.day, 1), '00:00');
    const sinceStart = londonInstant(request.since, '00:00');
    return this.dataSource.transaction(async (tx) => {
      const digests: Array<{ id: string }> = await tx.query(
        `WITH orgs AS (SELECT org_code FROM organisation_contacts WHERE team_email IS NOT NULL),
         said AS (
           SELECT o.org_code,
                  (SELECT coalesce(jsonb_agg(jsonb_build_object('id', n.id, 'event', n.event, 'pathwayId', n.pathway_id, 'taskId', n.task_id,
                                                               'taskType', n.body->'taskType', 'level', n.body->'level', 'dueAt', n.body->'dueAt')
                                             ORDER BY n.created_at, n.id), '[]'::jsonb)
                     FROM notifications n WHERE n.org_code = o.org_code AND n.urgency = 'digest' AND n.digest_id IS NULL) AS new_items,
                  (SELECT coalesce(jsonb_agg(jsonb_build_object('taskId', t.id, 'pathwayId', t.pathway_id, 'taskType', t.type, 'dueAt', t.due_at)
                                             ORDER BY t.due_at, t.id), '[]'::jsonb)
                     FROM tasks t WHERE t.owner_code = o.org_code AND t.state = 'open' AND t.due_at >= $2 AND t.due_at < $3) AS due_today,
                  (SELECT coalesce(jsonb_agg(jsonb_build_object('taskId', t.id, 'pathwayId', t.pathway_id, 'taskType', t.type, 'completedAt', t.completed_at)
                                             ORDER BY t.completed_at, t.id), '[]'::jsonb)
                     FROM tasks t WHERE t.owner_code = o.org_code AND t.state = 'done' AND t.completed_at >= $4 AND t.completed_at < $2) AS done
             FROM orgs o)
         INSERT INTO digests (org_code, day, body)
         SELECT org_code, $1::date, jsonb_build_object('day', $1::text, 'since', $5::text, 'newItems', new_items, 'dueToday', due_today, 'done', done)
           FROM said
          WHERE jsonb_array_length(new_items) + jsonb_array_length(due_today) + jsonb_array_length(done) > 0
         ON CONFLICT (org_code, day) DO UPDATE SET org_code = EXCLUDED.org_code
         RETURNING id`,
        [request.day, dayStart, dayEnd, sinceStart, request.since],
      );
      const ids = digests.map((d) => d.id);
      await tx.query(
        `UPDATE notifications n SET digest_id = g.id
           FROM digests g CROSS JOIN LATERAL jsonb_array_elements(g.body->'newItems') AS item
          WHERE g.id = ANY ($1::uuid[]) AND n.id = (item->>'id')::uuid AND n.digest_id IS NULL`,
        [ids],
      );
      const rows: Array<{ id: string }> = await tx.query(
        `INSERT INTO deliveries (digest_id, channel, target) SELECT unnest($1::uuid[]), 'email', 'team'
         ON CONFLICT (digest_id, channel, target) DO UPDATE SET digest_id = EXCLUDED.digest_id
         RETURNING id`,
        [ids],
      );
      return rows.map((r) => ({ deliveryId: r.id, channel: 'email' as const })).sort((a, b) => a.deliveryId.localeCompare(b.deliveryId));
    });
  }

  async markDeliveryFailed(failure: DeliveryTarget & { error: string }): Promise<void> {
    const [, changed] = (await this.dataSource.query(
      `UPDATE deliveries SET state = 'failed', last_error = coalesce(last_error, $2), updated_at = now() WHERE id = $1 AND state = 'pending'`,
      [failure.deliveryId, failure.error.slice(0, 200)],
    )) as [unknown, number];
    if (changed > 0) await this.count(failure.channel, 'failed');
    this.logger.warn({ deliveryId: failure.deliveryId, channel: failure.channel, msg: 'delivery failed after its last try' });
  }

  /** The endpoint's address and the secrets it is signed with now (two during a rotation's overlap); undefined when it is gone. */
  private async webhookEndpoint(endpointId: string, orgCode: string): Promise<{ url: string; secrets: string[] } | undefined> {
    const [endpoint]: Array<{ url: string; secrets: string[] }> = await this.dataSource.query(
      `SELECT url, array_remove(ARRAY[secret, CASE WHEN previous_secret_until > now() THEN previous_secret END], NULL) AS secrets
         FROM webhook_endpoints WHERE id = $1::uuid AND org_code = $2`,
      [endpointId, orgCode],
    );
    return endpoint;
  }

  private async sendWebhook(deliveryId: string, n: NotificationRow & { target: string }): Promise<void> {
    const endpoint = await this.webhookEndpoint(n.target, n.org_code);
    if (!endpoint) throw new TryFailed('webhook endpoint removed', false);
    const payload = webhookPayload(n, this.config.WEB_BASE_URL);
    const at = new Date();
    // Standard Webhooks allows several signatures: during a rotation's overlap, one per secret.
    const signature = openWebhookSecrets(this.config, n.target, endpoint.secrets).map((secret) => new Webhook(secret).sign(deliveryId, at, payload)).join(' ');
    await this.post(endpoint.url, {
      'content-type': 'application/json',
      'user-agent': 'Throughcare-Webhooks/1',
      'webhook-id': deliveryId,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': signature,
    }, payload);
  }

  /** A referral's BaRS message to the service's endpoint: new, or the update of a revoked one (the message's state decides). */
  private async sendBars(deliveryId: string, n: NotificationRow): Promise<void> {
    let request: BarsRequest;
    try {
      request = await barsReferralRequest(this.dataSource, this.config.FHIR_BASE_URL, { messageId: deliveryId, orgCode: n.org_code, pathwayId: n.pathway_id! });
    } catch (err) {
      if (err instanceof BarsUnsendable) throw new TryFailed(err.message, false);
      throw err;
    }
    await this.post(request.url, { ...request.headers, 'user-agent': 'Throughcare-BaRS/1' }, request.body);
  }

  /**
   * One POST to a receiver an admin named, guarded as libs/net says (outside development only
   * public addresses, checked on the connection itself), with a timeout and no redirects.
   */
  private async post(url: string, headers: Record<string, string>, body: string): Promise<void> {
    const refused = this.webhookAgent && refusedByUrl(new URL(url));
    if (refused) throw new TryFailed(DESTINATION_NOT_ALLOWED, false, undefined, refused);
    let response: Response;
    try {
      response = await fetch(url, {
        dispatcher: this.webhookAgent,
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.NOTIFICATION_REQUEST_TIMEOUT_SECONDS * 1000),
      });
      await response.body?.cancel().catch(() => undefined);
    } catch (err) {
      if (isDestinationRefused(err)) throw new TryFailed(DESTINATION_NOT_ALLOWED, false, undefined, errorCode(err));
      throw noAnswer(err);
    }
    classify(response.status, response.headers.get('retry-after'));
  }

  private async sendEmail(deliveryId: string, n: NotificationRow): Promise<void> {
    if (!this.notify || !this.config.NOTIFY_TEMPLATE_ID_IMMEDIATE) throw new TryFailed('e-mail is not configured', false);
    const [contacts]: Array<{ address: string | null }> = await this.dataSource.query(
      `SELECT CASE WHEN $2 = 'managers' THEN coalesce(managers_email, team_email) ELSE team_email END AS address
         FROM organisation_contacts WHERE org_code = $1`,
      [n.org_code, n.audience],
    );
    if (!contacts?.address) throw new TryFailed('no mailbox for this audience', false);
    await this.sendThroughNotify(this.config.NOTIFY_TEMPLATE_ID_IMMEDIATE, contacts.address, emailPersonalisation(n, this.config.WEB_BASE_URL), deliveryId);
  }

  /** One e-mail through Notify's own client; its `reference` is the delivery id. */
  private async sendThroughNotify(templateId: string, address: string, personalisation: Record<string, string | string[]>, deliveryId: string): Promise<void> {
    try {
      await this.notify!.sendEmail(templateId, address, { personalisation, reference: deliveryId });
    } catch (err) {
      const response = err instanceof AxiosError ? err.response : undefined;
      if (!response) throw noAnswer(err);
      const retryAfter = response.headers?.['retry-after'];
      classify(response.status, typeof retryAfter === 'string' ? retryAfter : null);
    }
  }

  private async sendDigest(deliveryId: string, digestId: string): Promise<void> {
    if (!this.notify || !this.config.NOTIFY_TEMPLATE_ID_DIGEST) throw new TryFailed('e-mail is not configured', false);
    const [digest]: Array<{ org_code: string; body: DigestBody; address: string | null }> = await this.dataSource.query(
      `SELECT g.org_code, g.body, c.team_email AS address FROM digests g LEFT JOIN organisation_contacts c ON c.org_code = g.org_code WHERE g.id = $1`,
      [digestId],
    );
    if (!digest?.address) throw new TryFailed('no mailbox for this audience', false);
    await this.sendThroughNotify(this.config.NOTIFY_TEMPLATE_ID_DIGEST, digest.address, digestPersonalisation(digest.org_code, digest.body, this.config.WEB_BASE_URL), deliveryId);
  }

  private async count(channel: DeliveryChannel, outcome: 'sent' | 'retried' | 'failed'): Promise<void> {
    await this.dataSource
      .query(
        `INSERT INTO delivery_counters (channel, outcome, count) VALUES ($1, $2, 1)
         ON CONFLICT (channel, outcome) DO UPDATE SET count = delivery_counters.count + 1`,
        [channel, outcome],
      )
      .catch((err: unknown) => this.logger.warn({ err: String(err), msg: 'a delivery counter could not be written' }));
  }
}

/** Passes a 2xx; otherwise throws what the answer means for retrying. */
export function classify(status: number, retryAfter: string | null): void {
  if (status >= 200 && status < 300) return;
  const reason = `HTTP ${status}`;
  if (status === 408 || status === 429 || status >= 500) throw new TryFailed(reason, true, retryAfterMs(retryAfter));
  throw new TryFailed(reason, false);
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from now. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** A network error's code (ECONNREFUSED, a timeout…): never its message, which may quote a URL. */
function errorCode(err: unknown): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return 'timeout';
  if (err instanceof AxiosError && err.code === 'ECONNABORTED') return 'timeout';
  const cause = err instanceof Error ? (err.cause as { code?: unknown } | undefined) : undefined;
  const code = (err as { code?: unknown })?.code ?? cause?.code;
  return typeof code === 'string' ? code.slice(0, 50) : 'network error';
}
