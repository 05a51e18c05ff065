/**
 * A circuit breaker per webhook endpoint, kept in PostgreSQL so every worker process sees the
 * same one (see the webhook-breaker migration). After WEBHOOK_BREAKER_FAILURES timeouts or
 * network errors in a row the endpoint is paused for WEBHOOK_BREAKER_PAUSE_SECONDS; after that
 * its next try decides: an answer (any HTTP status: the receiver is there) closes the breaker,
 * another failure pauses it again. Its organisation is told in the same statement that pauses
 * it, once per run of failures (the notice's key names when the run began), through the
 * notifications table like any other message: the inbox, and the managers' mailbox at once
 * (the caller starts its delivery).
 * The notice names the endpoint by id, never its address or the error's detail.
 * Owns only the breaker columns of `webhook_endpoints` and these notices.
 */
import { DataSource } from 'typeorm';

export interface BreakerSettings {
  failures: number;
  pauseSeconds: number;
}

export class EndpointBreaker {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: BreakerSettings,
  ) {}

  /** When the endpoint's pause ends, while it is paused; undefined otherwise (or when it is gone). */
  async pausedUntil(endpointId: string): Promise<Date | undefined> {
    const [row]: Array<{ paused_until: Date }> = await this.dataSource.query(
      `SELECT paused_until FROM webhook_endpoints WHERE id = $1::uuid AND paused_until > now()`,
      [endpointId],
    );
    return row?.paused_until;
  }

  /** The receiver answered: the run of failures is over (no write when there was none). */
  async answered(endpointId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE webhook_endpoints SET consecutive_failures = 0, unreachable_since = NULL, paused_until = NULL
        WHERE id = $1::uuid AND (consecutive_failures > 0 OR unreachable_since IS NOT NULL OR paused_until IS NOT NULL)`,
      [endpointId],
    );
  }

  /**
   * A timeout or a network error: counted; at the threshold the endpoint is paused and, the first
   * time in this run, its organisation told. Returns the id of the notice it stored, if it did,
   * for the caller to start its delivery.
   */
  async unreachable(endpointId: string): Promise<string[]> {
    const notices: Array<{ id: string }> = await this.dataSource.query(
      `WITH counted AS (
         UPDATE webhook_endpoints w
            SET consecutive_failures = w.consecutive_failures + 1,
                unreachable_since = coalesce(w.unreachable_since, now()),
                paused_until = CASE WHEN w.consecutive_failures + 1 >= $2 AND (w.paused_until IS NULL OR w.paused_until <= now())
                                    THEN now() + make_interval(secs => $3) ELSE w.paused_until END
          WHERE w.id = $1::uuid
         RETURNING w.id, w.org_code, w.unreachable_since, w.paused_until, w.consecutive_failures >= $2 AS paused)
       INSERT INTO notifications (key, org_code, audience, event, urgency, pathway_id, task_id, body)
       SELECT 'webhook.paused:' || c.id || ':' || (extract(epoch FROM c.unreachable_since) * 1000000)::bigint, c.org_code, 'managers',
              'webhook.paused', 'immediate', NULL, NULL,
              jsonb_build_object('event', 'webhook.paused', 'endpointId', c.id, 'pausedUntil', c.paused_until, 'organisation', c.org_code)
         FROM counted c
        WHERE c.paused
       ON CONFLICT (key) DO NOTHING
       RETURNING id`,
      [endpointId, this.settings.failures, this.settings.pauseSeconds],
    );
    return notices.map((n) => n.id);
  }
}
