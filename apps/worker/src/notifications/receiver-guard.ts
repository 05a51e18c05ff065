/**
 * Keeps one organisation's webhook endpoints from slowing anyone else's messages. A try to an
 * endpoint is let through only while the endpoint is not paused (EndpointBreaker) and this worker
 * has fewer than WEBHOOK_MAX_IN_FLIGHT requests open to it (InFlightLimit). A try that finds the
 * endpoint full stands in a short line (BUSY_LINE per place, BUSY_WAIT_MS at most) while the
 * endpoint's places are moving (one freed within BUSY_WAIT_MS, or all free until then): a
 * receiver that answers at once frees a place within milliseconds, so its messages go in turn
 * instead of being put off for a request's time, again and again (the escalation-to-webhook
 * benchmark's tail, docs/benchmarks.md). Otherwise the try gives its activity slot back, without
 * a request and without counting as a try of the receiver's, and Temporal tries it again after
 * `nextRetryDelay`: when the pause ends, or about one request's time later. So a receiver that
 * never answers (its places held longer than BUSY_WAIT_MS, none freed) gets no line and holds a
 * few slots, not the queue.
 * Wraps the send; never touches the request itself.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { DataSource } from 'typeorm';
import { Config } from '@throughcare/config';
import { EndpointBreaker } from './endpoint-breaker';
import { InFlightLimit } from './in-flight-limit';

/** What a put-off delivery shows as its last error while its endpoint is paused. */
export const ENDPOINT_PAUSED = 'endpoint paused';

/** How long a try waits in line for a place at a full endpoint before it is put off. */
export const BUSY_WAIT_MS = 1000;
/** Tries that may wait in line at one endpoint, per place (WEBHOOK_MAX_IN_FLIGHT); more are put off at once. */
export const BUSY_LINE = 4;

export class ReceiverGuard {
  readonly breaker: EndpointBreaker;
  private readonly limit: InFlightLimit;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: Config,
  ) {
    this.breaker = new EndpointBreaker(dataSource, { failures: config.WEBHOOK_BREAKER_FAILURES, pauseSeconds: config.WEBHOOK_BREAKER_PAUSE_SECONDS });
    this.limit = new InFlightLimit(config.WEBHOOK_MAX_IN_FLIGHT);
  }

  /**
   * A place for one request to the endpoint (call the answer when it is over), or a throw that
   * puts the try off: EndpointPaused until the pause ends, EndpointBusy for about one request's time
   * (after waiting in line up to BUSY_WAIT_MS).
   */
  async admit(endpointId: string, deliveryId: string): Promise<() => void> {
    const pausedUntil = await this.breaker.pausedUntil(endpointId);
    if (pausedUntil) {
      // Shown on the delivery lists; written once, not on every try put off.
      await this.dataSource.query(
        `UPDATE deliveries SET last_error = $2, updated_at = now() WHERE id = $1 AND state = 'pending' AND last_error IS DISTINCT FROM $2`,
        [deliveryId, ENDPOINT_PAUSED],
      );
      throw putOff('EndpointPaused', pausedUntil.getTime() - Date.now());
    }
    const release = await this.limit.wait(endpointId, BUSY_WAIT_MS, BUSY_LINE * this.config.WEBHOOK_MAX_IN_FLIGHT);
    if (!release) throw putOff('EndpointBusy', this.config.NOTIFICATION_REQUEST_TIMEOUT_SECONDS * 1000);
    return release;
  }
}

/**
 * A try put off for about `delayMs` (at least a second), spread over a fifth more so the tries
 * waiting on one endpoint do not all come back at the same moment. Benign: nothing went wrong.
 */
function putOff(type: 'EndpointPaused' | 'EndpointBusy', delayMs: number): ApplicationFailure {
  const base = Math.max(1000, delayMs);
  return ApplicationFailure.create({
    message: type === 'EndpointPaused' ? ENDPOINT_PAUSED : 'endpoint busy',
    type,
    category: 'BENIGN',
    nextRetryDelay: Math.round(base + Math.random() * base * 0.2),
  });
}
