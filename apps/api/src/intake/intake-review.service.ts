/**
 * Review items: movements HMPPS reported that no rule may apply by itself (a death, a hospital
 * stay, a deportation, absconding, a transfer to a prison Throughcare does not know). Only the
 * healthcare team of the prison the person left sees them; another organisation gets 404. A
 * resolution is the pathway action of the same name, sent as the caller (so the pathway's own
 * rules and audit apply), with the item's id as the Update's id: a retry is answered once.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '@throughcare/auth';
import { londonDateOf, releaseKind } from '@throughcare/domain';
import { DomainError, notFound } from '@throughcare/problem';
import { requireRole } from '@throughcare/access';
import { decodeCursor, keysetPage } from '../common/cursor';
import { PathwayEventService } from '../pathways/pathway-event.service';
import { ListReviewsQueryDto, Resolution, ResolveReviewDto, ReviewItemDto, ReviewPageDto } from './intake-review.dto';

interface Row {
  id: string;
  pathway_id: string;
  movement_kind: ReviewItemDto['kind'];
  occurred_at: Date;
  created_at: Date;
  prison_code: string;
  prison_name: string | null;
  to_prison_code: string | null;
  to_prison_name: string | null;
  given_name: string;
  family_name: string;
  prison_number: string;
  pathway_status: string;
  released_on: string | null;
  release_day: string;
  resolved_at: Date | null;
  resolution: Resolution | null;
  resolution_reason: string | null;
  resolved_by: string | null;
}

const SELECT = `
  SELECT r.id, r.pathway_id, r.movement_kind, r.occurred_at, r.created_at, r.prison_code, o.name AS prison_name,
         r.to_prison_code, t.name AS to_prison_name, pp.given_name, pp.family_name, pp.prison_number,
         p.status AS pathway_status, to_char(p.released_on, 'YYYY-MM-DD') AS released_on,
         to_char(coalesce(p.expected_release_date, p.release_date), 'YYYY-MM-DD') AS release_day,
         r.resolved_at, r.resolution, r.resolution_reason, r.resolved_by
    FROM intake_review_items r
    JOIN pathways p ON p.id = r.pathway_id
    JOIN pathway_people pp ON pp.pathway_id = r.pathway_id
    LEFT JOIN organisations o ON o.code = r.prison_code
    LEFT JOIN organisations t ON t.code = r.to_prison_code`;

const READERS = ['prison-healthcare'] as const;
const NOT_A_READER = 'Only the healthcare team of the prison the person left can see the movements to review';

@Injectable()
export class IntakeReviewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: PathwayEventService,
  ) {}

  async list(user: AuthenticatedUser, query: ListReviewsQueryDto): Promise<ReviewPageDto> {
    requireRole(user, READERS, NOT_A_READER);
    const after = query.cursor ? decodeCursor(query.cursor, ListReviewsQueryDto.cursorShape) : undefined;
    const open = query.state === 'open';
    // Open items oldest first (the longest waiting at the top); resolved ones most recent first.
    // The cursor holds milliseconds and PostgreSQL microseconds: rows are compared as the cursor has them.
    const [sortKey, direction, compare] = open
      ? [`date_trunc('milliseconds', r.created_at)`, 'ASC', '>']
      : [`date_trunc('milliseconds', r.resolved_at)`, 'DESC', '<'];
    const rows: Row[] = await this.dataSource.query(
      `${SELECT}
        WHERE r.prison_code = $1 AND (r.resolved_at IS NULL) = $2
          AND ($3::timestamptz IS NULL OR (${sortKey}, r.id) ${compare} ($3::timestamptz, $4::uuid))
          AND ($6::uuid IS NULL OR r.pathway_id = $6::uuid)
        ORDER BY ${sortKey} ${direction}, r.id ${direction}
        LIMIT $5`,
      [user.org, open, after?.at ?? null, after?.id ?? null, query.limit + 1, query.pathwayId ?? null],
    );
    return keysetPage(rows, query.limit, (r) => ({ at: (open ? r.created_at : r.resolved_at!).toISOString(), id: r.id }), mapReview);
  }

  async get(user: AuthenticatedUser, id: string): Promise<ReviewItemDto> {
    requireRole(user, READERS, NOT_A_READER);
    return mapReview(await this.find(user, id));
  }

  /**
   * Decides the item under a lock on its row, held while the pathway action runs (bounded by the
   * API's Update deadline), so two people deciding at once make one change: the second waits,
   * then finds it decided. The action's id names the item and the decision, so a retry after a
   * failure is answered once by the pathway, and another decision is never taken for it.
   */
  async resolve(user: AuthenticatedUser, id: string, dto: ResolveReviewDto): Promise<ReviewItemDto> {
    requireRole(user, READERS, NOT_A_READER);
    const item = await this.find(user, id);
    await this.dataSource.transaction(async (tx) => {
      const [locked] = (await tx.query(`SELECT resolution FROM intake_review_items WHERE id = $1 FOR UPDATE`, [id])) as Array<{ resolution: Resolution | null }>;
      if (locked.resolution) {
        // The same decision again (a retry) is answered as the first; another is a conflict.
        if (locked.resolution === dto.resolution) return;
        throw new DomainError('reviewResolved', `This movement was resolved as ${locked.resolution.replace(/-/g, ' ')}`);
      }
      await this.act(user, item, dto, `review-${id}-${dto.resolution}`);
      await tx.query(`UPDATE intake_review_items SET resolved_at = now(), resolution = $2, resolution_reason = $3, resolved_by = $4 WHERE id = $1`, [id, dto.resolution, dto.reason, user.sub]);
    });
    return mapReview(await this.find(user, id));
  }

  /** The pathway action a decision is, sent as the person deciding. */
  private async act(user: AuthenticatedUser, item: Row, dto: ResolveReviewDto, operationId: string): Promise<void> {
    const day = londonDateOf(item.occurred_at);
    switch (dto.resolution) {
      case 'released':
        await this.events.recordRelease(user, item.pathway_id, { releasedOn: day, kind: releaseKind(day, item.release_day) }, operationId);
        return;
      case 'returned-to-custody':
        await this.events.returnToCustody(user, item.pathway_id, { on: day, reason: dto.reason }, operationId);
        return;
      case 'cancelled':
        await this.events.cancel(user, item.pathway_id, { reason: dto.reason }, operationId);
        return;
      case 'dismissed':
        return;
    }
  }

  /** The item, if it is the caller's prison's to decide; else 404, as if it did not exist. */
  private async find(user: AuthenticatedUser, id: string): Promise<Row> {
    const [row] = (await this.dataSource.query(`${SELECT} WHERE r.id = $1 AND r.prison_code = $2`, [id, user.org])) as Row[];
    if (!row) throw notFound(`Review item ${id}`);
    return row;
  }
}

/** What the team may still do: release only a pathway not yet released; nothing to a closed one but dismiss. */
function actionsFor(row: Row): Resolution[] {
  if (row.resolution) return [];
  if (row.pathway_status !== 'active') return ['dismissed'];
  return [...(row.released_on ? [] : (['released'] as const)), 'returned-to-custody', 'cancelled', 'dismissed'];
}

function mapReview(row: Row): ReviewItemDto {
  return {
    id: row.id,
    pathwayId: row.pathway_id,
    kind: row.movement_kind,
    occurredAt: row.occurred_at.toISOString(),
    createdAt: row.created_at.toISOString(),
    prison: { code: row.prison_code, name: row.prison_name },
    toPrison: row.to_prison_code ? { code: row.to_prison_code, name: row.to_prison_name } : null,
    person: { givenName: row.given_name, familyName: row.family_name, prisonNumber: row.prison_number },
    actions: actionsFor(row),
    resolution:
      row.resolution && row.resolved_at
        ? { resolution: row.resolution, reason: row.resolution_reason ?? '', resolvedBy: row.resolved_by ?? '', resolvedAt: row.resolved_at.toISOString() }
        : null,
  };
}
