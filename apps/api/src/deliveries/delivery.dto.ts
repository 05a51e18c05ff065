import { IsIn, IsOptional } from 'class-validator';
import { DELIVERY_STATES } from '@throughcare/workflows/notifications';
import type { CursorShape } from '../common/cursor';
import { PageQueryDto } from '../common/page-query.dto';

export class DeliveryResponseDto {
  /** The delivery's stable id: the webhook's `webhook-id`, Notify's `reference`; the same on every try and re-send. */
  id: string;
  /** The message delivered (the inbox's notification id); null for a daily digest. */
  notificationId: string | null;
  /** The daily digest delivered, when it is one. */
  digestId: string | null;
  /** The message's event, or `digest`. @example task.escalated */
  event: string;
  /** The organisation told. @example CTS-BHM */
  organisation: string;
  /** webhook, email, or bars (a referral as a BaRS message to the service's system). @example webhook */
  channel: string;
  /** The webhook endpoint's id, the mailbox (team or managers), or for bars the message's kind (new, or update for a revoked referral). */
  target: string;
  /** pending, sent or failed. @example failed */
  state: string;
  /** Tries made, re-sends included. */
  attempts: number;
  /**
   * The last try's error, in what the receiving organisation needs and no more: the receiver's
   * HTTP status (`HTTP 503`), `no answer` (no HTTP answer in time, whatever the network said),
   * `destination not allowed` (its address is not a public one), or why nothing could be sent
   * (`webhook endpoint removed`, `no mailbox for this audience`). @example HTTP 410
   */
  lastError: string | null;
  /** The pathway the message is about (null for a digest). */
  pathwayId: string | null;
  taskId: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}

export class DeliveryPageDto {
  items: DeliveryResponseDto[];
  nextCursor: string | null;
}

export class ListDeliveriesQueryDto extends PageQueryDto {
  /** Newest first: by when they were made, then id. */
  static cursorShape: CursorShape = { at: 'instant', id: 'uuid' };

  /** Only deliveries in this state (`failed` for those to look at). */
  @IsOptional()
  @IsIn(DELIVERY_STATES)
  state?: 'pending' | 'sent' | 'failed';
}

export interface DeliveryRow {
  id: string;
  notification_id: string | null;
  digest_id: string | null;
  event: string;
  org_code: string;
  channel: string;
  target: string;
  state: string;
  attempts: number;
  last_error: string | null;
  pathway_id: string | null;
  task_id: string | null;
  created_at: Date;
  updated_at: Date;
  sent_at: Date | null;
}

export const DELIVERY_COLUMNS = `d.id, d.notification_id, d.digest_id, coalesce(n.event, 'digest') AS event, coalesce(n.org_code, g.org_code) AS org_code,
  d.channel, d.target, d.state, d.attempts, d.last_error, n.pathway_id, n.task_id, d.created_at, d.updated_at, d.sent_at`;

/** Deliveries with what they deliver: a message, or a digest. */
export const DELIVERIES_FROM = `deliveries d LEFT JOIN notifications n ON n.id = d.notification_id LEFT JOIN digests g ON g.id = d.digest_id`;

export function mapDelivery(r: DeliveryRow): DeliveryResponseDto {
  return {
    id: r.id,
    notificationId: r.notification_id,
    digestId: r.digest_id,
    event: r.event,
    organisation: r.org_code,
    channel: r.channel,
    target: r.target,
    state: r.state,
    attempts: r.attempts,
    lastError: r.last_error,
    pathwayId: r.pathway_id,
    taskId: r.task_id,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    sentAt: r.sent_at?.toISOString() ?? null,
  };
}
