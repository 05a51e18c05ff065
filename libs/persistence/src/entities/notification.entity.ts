/**
 * A message to one organisation about one thing on a pathway (or about its own set-up) (see the notifications
 * migration): ids, types, dates, levels and organisation codes, never anything personal.
 */
import { Column, Entity, PrimaryColumn } from 'typeorm';

export const NOTIFICATION_EVENTS = ['task.created', 'task.escalated', 'task.completed', 'pathway.notice', 'pathway.released', 'pathway.outcome', 'webhook.paused'] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

@Entity('notifications')
export class NotificationEntity {
  /** Names the source and the receiver, so each is told once. */
  @PrimaryColumn({ type: 'text' })
  key: string;

  /** The message's stable id, for receivers to de-duplicate on. */
  @Column({ type: 'uuid' })
  id: string;

  @Column({ name: 'org_code', type: 'text' })
  orgCode: string;

  /** team or managers: which of the organisation's mailboxes. */
  @Column({ type: 'text' })
  audience: 'team' | 'managers';

  @Column({ type: 'text' })
  event: NotificationEvent;

  /** immediate, or digest: in the daily digest. */
  @Column({ type: 'text' })
  urgency: 'immediate' | 'digest';

  /** Null for a notice about the organisation's own set-up (a webhook paused), which concerns no pathway. */
  @Column({ name: 'pathway_id', type: 'uuid', nullable: true })
  pathwayId: string | null;

  @Column({ name: 'task_id', type: 'uuid', nullable: true })
  taskId: string | null;

  @Column({ type: 'jsonb' })
  body: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt: Date | null;

  @Column({ name: 'read_by', type: 'text', nullable: true })
  readBy: string | null;

  @Column({ name: 'dispatched_at', type: 'timestamptz', nullable: true })
  dispatchedAt: Date | null;
}
