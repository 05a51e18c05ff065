/**
 * The admin view of HMPPS events: how many messages of each type came to what, and the
 * messages put aside (their reason and SQS id, never a body or a person).
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '@throughcare/auth';
import { requireAdmin } from '@throughcare/access';
import { decodeCursor, encodeCursor } from '../common/cursor';
import { IntakeEventsDto, IntakeEventsQueryDto } from './intake-events.dto';

@Injectable()
export class IntakeEventsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async overview(user: AuthenticatedUser, query: IntakeEventsQueryDto): Promise<IntakeEventsDto> {
    requireAdmin(user, 'Only an administrator can see the HMPPS events taken in');
    const after = query.cursor ? decodeCursor(query.cursor, IntakeEventsQueryDto.cursorShape) : undefined;
    const [counts, putAside] = await Promise.all([
      this.dataSource.query(
        `SELECT event_type, outcome, sum(count)::bigint AS count, to_char(max(day), 'YYYY-MM-DD') AS last_day
           FROM intake_event_counts GROUP BY event_type, outcome ORDER BY event_type, outcome`,
      ) as Promise<Array<{ event_type: string; outcome: string; count: string; last_day: string }>>,
      this.dataSource.query(
        `SELECT id, sqs_message_id, reason, event_type, put_aside_at FROM intake_put_aside
          WHERE $1::timestamptz IS NULL OR (put_aside_at, id) < ($1::timestamptz, $2::uuid)
          ORDER BY put_aside_at DESC, id DESC LIMIT $3`,
        [after?.at ?? null, after?.id ?? null, query.limit + 1],
      ) as Promise<Array<{ id: string; sqs_message_id: string | null; reason: string; event_type: string; put_aside_at: Date }>>,
    ]);
    const page = putAside.slice(0, query.limit);
    const last = page.at(-1);
    return {
      counts: counts.map((c) => ({ eventType: c.event_type, outcome: c.outcome, count: Number(c.count), lastDay: c.last_day })),
      putAside: page.map((p) => ({ id: p.id, sqsMessageId: p.sqs_message_id, reason: p.reason, eventType: p.event_type, putAsideAt: p.put_aside_at.toISOString() })),
      nextCursor: putAside.length > query.limit && last ? encodeCursor({ at: last.put_aside_at.toISOString(), id: last.id }) : null,
    };
  }
}
