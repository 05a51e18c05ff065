import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsUUID } from 'class-validator';
import { NotificationEntity } from '@throughcare/persistence';
import type { CursorShape } from '../common/cursor';
import { PageQueryDto } from '../common/page-query.dto';
import { TaskPersonDto } from '../tasks/task.dto';

/** The message's task as it stands now, so an inbox can say what happened and when it is due. */
export class NotificationTaskDto {
  /** @example referral-acceptance */
  type: string;
  /** The organisation that owns the task. @example CTS-LDS */
  owner: string;
  /** @example community-treatment */
  ownerType: string;
  /** @example done */
  state: 'open' | 'done' | 'cancelled';
  /** The task's own due time (an escalation's message is about this task). @example 2027-02-15T17:00:00.000Z */
  dueAt: string;
  /** @example declined */
  outcome: string | null;
  /** Why a referral was declined, as the service wrote it: only for those who may see treatment (the prison and the service, probation with consent). */
  reason: string | null;
}

export class NotificationResponseDto {
  /** The message's stable id: the same on every channel it goes out on. @example 5f0c1c1e-8a7e-4d8e-9a39-2a7f1b0c9d11 */
  id: string;
  /** task.created, task.escalated, task.completed, pathway.notice, pathway.released, pathway.outcome, or webhook.paused (one of the organisation's webhooks paused after repeated timeouts; no pathway). @example task.escalated */
  event: string;
  /** team or managers: which of the organisation's mailboxes it is for. @example managers */
  audience: string;
  /** immediate, or digest (sent in the daily digest). @example immediate */
  urgency: string;
  /** Null for a notice about the organisation's own set-up (webhook.paused). */
  pathwayId: string | null;
  taskId: string | null;
  /** Ids, types, due dates, levels and organisation codes; never anything that names a person. */
  body: Record<string, unknown>;
  /** @example 2027-02-15T17:00:00.000Z */
  createdAt: string;
  /** When someone of the organisation marked it read; null while unread. */
  readAt: string | null;
  /** Whom it is about, read now, where the caller may see who; null for commissioners and for notices about no pathway. */
  person: TaskPersonDto | null;
  /** Its task as it stands now, where the caller may see the task; null for a message about no task. */
  task: NotificationTaskDto | null;
}

export class NotificationPageDto {
  items: NotificationResponseDto[];
  nextCursor: string | null;
}

/** Marks a page of messages read at once ("Mark all as read" for what an inbox shows). */
export class MarkNotificationsReadDto {
  /** The messages' ids; those not in the caller's inbox are left alone. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  ids: string[];
}

export class NotificationListDto {
  items: NotificationResponseDto[];
}

/** A stored message with what is read now about its person and task (notification-context.ts). */
export function mapNotification(n: NotificationEntity, context: Pick<NotificationResponseDto, 'person' | 'task'>): NotificationResponseDto {
  return {
    id: n.id,
    event: n.event,
    audience: n.audience,
    urgency: n.urgency,
    pathwayId: n.pathwayId,
    taskId: n.taskId,
    body: n.body,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt?.toISOString() ?? null,
    ...context,
  };
}

export class ListNotificationsQueryDto extends PageQueryDto {
  /** Newest first: sorted by when they were made, then id. */
  static cursorShape: CursorShape = { at: 'instant', id: 'uuid' };

  /** `unread` (the default) or `all`. */
  @IsOptional()
  @IsIn(['unread', 'all'])
  state: 'unread' | 'all' = 'unread';

  /** Only the messages about this pathway. */
  @IsOptional()
  @IsUUID()
  pathwayId?: string;
}
