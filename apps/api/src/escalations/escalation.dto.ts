import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import type { EscalationEntity } from '@throughcare/persistence';
import type { CursorShape } from '../common/cursor';
import { PageQueryDto } from '../common/page-query.dto';

export class NotifiedDto {
  /** @example CTS-LDS */
  org: string;
  /** owner, owner-managers, requester, commissioner, or probation (told of a missed appointment) */
  audience: string;
}

export class EscalationResponseDto {
  /** @example 0b7e2f4c-3a51-4d1e-9a8f-2c6d5e4b3a21:L1 */
  key: string;
  pathwayId: string;
  taskId: string | null;
  /**
   * reminder, L1, L2 or L3 (the ladder), or notice: an organisation told of an event (a
   * declined referral, a missed appointment) without escalating the task. @example L1
   */
  level: string;
  /** @example 2027-02-15T17:00:00.000Z */
  raisedAt: string;
  /** When the ladder planned it; for a notice, when it was raised. @example 2027-02-15T17:00:00.000Z */
  dueAt: string;
  /** @example referral-acceptance is due 2027-02-15T17:00:00.000Z */
  reason: string;
  notify: NotifiedDto[];
}

/** What mapEscalation reads of an escalation. */
export type MappedEscalation = Pick<EscalationEntity, 'key' | 'pathwayId' | 'taskId' | 'level' | 'raisedAt' | 'dueAt' | 'reason' | 'notify'>;

export function mapEscalation(e: MappedEscalation): EscalationResponseDto {
  return {
    key: e.key,
    pathwayId: e.pathwayId,
    taskId: e.taskId,
    level: e.level,
    raisedAt: e.raisedAt.toISOString(),
    dueAt: e.dueAt.toISOString(),
    reason: e.reason,
    notify: e.notify,
  };
}

export class ListEscalationsQueryDto extends PageQueryDto {
  /** Escalations are sorted by when they were raised, then key. */
  static cursorShape: CursorShape = { at: 'instant', id: 'escalation-key' };

  /** `open`: on tasks still open; `past`: on tasks done or cancelled, and pathway outcomes. */
  @IsOptional()
  @IsIn(['open', 'past', 'all'])
  state: 'open' | 'past' | 'all' = 'all';

  /** Only escalations my organisation is told of. */
  @IsOptional()
  @Transform(({ value }) => value === 'true' || value === true)
  notifiedToMe = false;

  /** Only the escalations of this pathway. */
  @IsOptional()
  @IsUUID()
  pathwayId?: string;
}

export class EscalationPageDto {
  items: EscalationResponseDto[];
  nextCursor: string | null;
}
