/** The inbox: what the caller's organisation was told, on pathways it can still see, and notices about its own set-up. */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, SelectQueryBuilder } from 'typeorm';
import type { AuthenticatedUser } from '@throughcare/auth';
import { NotificationEntity } from '@throughcare/persistence';
import { notFound } from '@throughcare/problem';
import { recordViewSql, TREATMENT_REVEALING_TASKS, visibleSql } from '@throughcare/access';
import { decodeCursor, keysetPage } from '../common/cursor';
import { withContext } from './notification-context';
import { ListNotificationsQueryDto, NotificationListDto, NotificationPageDto, NotificationResponseDto } from './notification.dto';

@Injectable()
export class NotificationService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(user: AuthenticatedUser, query: ListNotificationsQueryDto): Promise<NotificationPageDto> {
    const q = this.inbox(user).orderBy('n.created_at', 'DESC').addOrderBy('n.id', 'DESC').take(query.limit + 1);
    if (query.state === 'unread') q.andWhere('n.read_at IS NULL');
    if (query.pathwayId) q.andWhere('n.pathway_id = :pathwayId', { pathwayId: query.pathwayId });
    if (query.cursor) {
      const after = decodeCursor(query.cursor);
      q.andWhere('(n.created_at, n.id) < (:at, :id)', { at: after.at, id: after.id });
    }
    const rows = await q.getMany();
    const page = keysetPage(rows, query.limit, (n) => ({ at: n.createdAt.toISOString(), id: n.id }), (n) => n);
    return { items: await withContext(this.dataSource, user, page.items), nextCursor: page.nextCursor };
  }

  /** Marks it read for the whole organisation; reading it again keeps the first reading. */
  async markRead(user: AuthenticatedUser, id: string): Promise<NotificationResponseDto> {
    const found = await this.inbox(user).andWhere('n.id = :id', { id }).getOne();
    if (!found) throw notFound(`Notification ${id}`);
    const [read] = await withContext(this.dataSource, user, [await this.read(user, found)]);
    return read;
  }

  /**
   * Marks read those of `ids` in the caller's inbox, for the whole organisation: "Mark all as
   * read" for the messages a page shows. Ids not in the inbox are left alone, unanswered.
   */
  async markAllRead(user: AuthenticatedUser, ids: string[]): Promise<NotificationListDto> {
    const found = await this.inbox(user).andWhere('n.id IN (:...ids)', { ids }).orderBy('n.created_at', 'DESC').addOrderBy('n.id', 'DESC').getMany();
    const read: NotificationEntity[] = [];
    for (const n of found) read.push(await this.read(user, n));
    return { items: await withContext(this.dataSource, user, read) };
  }

  private async read(user: AuthenticatedUser, found: NotificationEntity): Promise<NotificationEntity> {
    if (found.readAt) return found;
    const { raw } = await this.dataSource
      .getRepository(NotificationEntity)
      .createQueryBuilder()
      .update()
      .set({ readAt: () => 'now()', readBy: user.sub })
      .where('key = :key AND read_at IS NULL', { key: found.key })
      .returning(['read_at', 'read_by'])
      .execute();
    // Nothing returned: someone else of the organisation read it in between, and their reading stays.
    const read = (raw as Array<{ read_at: Date; read_by: string }>)[0];
    return read ? { ...found, readAt: read.read_at, readBy: read.read_by } : await this.dataSource.getRepository(NotificationEntity).findOneByOrFail({ key: found.key });
  }

  /**
   * The organisation's own messages, minimised as the escalations list is: only on pathways
   * it can see, and probation without consent never learns of treatment-revealing steps. A
   * notice about no pathway (a webhook of the organisation's paused) is the organisation's own.
   */
  private inbox(user: AuthenticatedUser): SelectQueryBuilder<NotificationEntity> {
    const q = this.dataSource
      .getRepository(NotificationEntity)
      .createQueryBuilder('n')
      .leftJoin('pathways', 'p', 'p.id = n.pathway_id')
      .where('n.org_code = :org', { org: user.org })
      .andWhere(new Brackets((b) => b.where('n.pathway_id IS NULL').orWhere(visibleSql('p', user), { org: user.org })));
    return q.andWhere(`NOT (coalesce(n.body->>'taskType', '') IN (:...revealing) AND ${recordViewSql('p', user)} = 'probation')`, {
      revealing: TREATMENT_REVEALING_TASKS,
    });
  }
}
