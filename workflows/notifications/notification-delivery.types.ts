/**
 * What the notification-delivery workflow, its activities and its starters share: types and
 * ids only, so the API and the worker can import them without the workflow code.
 */
import type { HolidayCalendar } from '@throughcare/domain';

/** The channels a message goes out on besides the inbox (`bars`: a referral as a BaRS message to the service's system). */
export const DELIVERY_CHANNELS = ['webhook', 'email', 'bars'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

export const DELIVERY_STATES = ['pending', 'sent', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** How long and how often a delivery is tried, from the starter's configuration (seconds). */
export interface DeliveryRetry {
  initialSeconds: number;
  maximumIntervalSeconds: number;
  /** Tries stop this long after the first began; the delivery is then marked failed. */
  limitSeconds: number;
  /** Every request gives up after this long (and counts as a try to repeat). */
  requestTimeoutSeconds: number;
}

/**
 * What to deliver: a notification to every target it has (its deliveries are made on the way),
 * or deliveries already made, again with the same ids (an admin's retry).
 */
export type DeliveryWorkflowInput = { retry: DeliveryRetry } & ({ notificationId: string } | { deliveryIds: string[] });

/** One message to one channel target; `deliveryId` is the webhook-id and Notify's reference. */
export interface DeliveryTarget {
  deliveryId: string;
  channel: DeliveryChannel;
  /** An immediate message (sent ahead of digest ones, on the urgent delivery queue); absent in plans made before it existed. */
  urgent?: boolean;
}

export interface DeliveryResult extends DeliveryTarget {
  state: Exclude<DeliveryState, 'pending'>;
}

export interface NotificationDeliveryActivities {
  /** The deliveries to make (each stored, pending, with its stable id); none when nobody is to be told beyond the inbox. */
  planDeliveries(request: { notificationId: string } | { deliveryIds: string[] }): Promise<DeliveryTarget[]>;
  /** One try at one delivery: records the try, sends, and records the outcome. Throws to be retried, or non-retryably when the receiver refused it. */
  deliver(target: DeliveryTarget): Promise<void>;
  /** After the last try: the delivery is failed (its last error as the tries recorded it, else this one). */
  markDeliveryFailed(failure: DeliveryTarget & { error: string }): Promise<void>;
  /**
   * The day's digests (one per organisation with a mailbox and anything to say: messages for the
   * digest no digest has taken, tasks due that day, tasks done since the working day before),
   * each stored once with its e-mail delivery; the deliveries to make. None while e-mail is off.
   */
  prepareDigests(request: { day: string; since: string }): Promise<DeliveryTarget[]>;
}

export interface DigestWorkflowInput {
  retry: DeliveryRetry;
  /**
   * The bank holidays the digest counts working days with, pinned by the worker that keeps the
   * Schedule (as a pathway's are pinned when it starts); absent from digests started before.
   */
  calendar?: HolidayCalendar;
}

/** The Temporal Schedule that starts the daily digest: 08:00 Europe/London, every day (the workflow skips days that are not working days). */
export const DIGEST_SCHEDULE_ID = 'notification-digest';

/** The failure type a try throws when the receiver refused the message for good (4xx but 408 and 429). */
export const DELIVERY_REFUSED = 'DeliveryRefused';

/** The workflow that delivers a notification: at most one per message, whoever starts it. */
export function notificationWorkflowId(notificationId: string): string {
  return `notification-${notificationId}`;
}

/** An admin's retry of a delivery: one per try at most, so two clicks start one. */
export function deliveryRetryWorkflowId(deliveryId: string, attempts: number): string {
  return `delivery-retry-${deliveryId}-${attempts}`;
}

/**
 * Where a delivery's tries run: task queues of their own beside the workflows' (`<queue>-deliveries-urgent`
 * for immediate messages, `<queue>-deliveries` for digest ones and digests), so sends never take
 * a pathway's activity slots and routine messages never queue ahead of urgent ones.
 */
export function deliveryTaskQueue(workflowTaskQueue: string, urgent: boolean): string {
  return `${workflowTaskQueue}-deliveries${urgent ? '-urgent' : ''}`;
}

