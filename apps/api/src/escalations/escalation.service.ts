/** Escalations on the pathways the caller can see, newest first. */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { AuthenticatedUser } from '@throughcare/auth';
import { decodeCursor, keysetPage } from '../common/cursor';
import { type Columns, rawRows } from '../common/raw-rows';
import { mayHaveView, recordViewSql, TREATMENT_REVEALING_TASKS, whereVisibleTo } from '@throughcare/access';
import { EscalationPageDto, ListEscalationsQueryDto, mapEscalation, type MappedEscalation } from './escalation.dto';

/** The columns of escalations the page's subquery answers with. */
const PAGE_COLUMNS = ['key', 'pathway_id', 'task_id', 'level', 'raised_at', 'due_at', 'reason', 'notify'];

/** What a page reads of each escalation, from the page's subquery (`page`). */
const COLUMNS: Columns<MappedEscalation> = {
  key: 'page.key',
  pathwayId: 'page.pathway_id',
  taskId: 'page.task_id',
  level: 'page.level',
  raisedAt: 'page.raised_at',
  dueAt: 'page.due_at',
  reason: 'page.reason',
  notify: 'page.notify',
};

@Injectable()
export class EscalationService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(user: AuthenticatedUser, query: ListEscalationsQueryDto): Promise<EscalationPageDto> {
    const q = this.dataSource
      .createQueryBuilder()
      .from((page) => this.page(page, user, query), 'page')
      // The pathway is the authority on who sees it: a row of the page is shown only if its
      // pathway is visible to the caller, whatever the escalation's copy of its places says.
      .innerJoin('pathways', 'p', 'p.id = page.pathway_id')
      .orderBy('page.raised_at', 'DESC')
      .addOrderBy('page.key', 'DESC');
    whereVisibleTo(q, 'p', user);
    const rows = await rawRows(q, COLUMNS);
    return keysetPage(rows, query.limit, (e) => ({ at: e.raisedAt.toISOString(), id: e.key }), mapEscalation);
  }

  /**
   * The page, found among the escalations themselves by the copy each carries of its pathway's
   * places (migration 1766793600000): newest first from an index, where testing each one's
   * pathway read 30 escalations and their pathways for each one shown.
   */
  private page(page: SelectQueryBuilder<ObjectLiteral>, user: AuthenticatedUser, query: ListEscalationsQueryDto): SelectQueryBuilder<ObjectLiteral> {
    page.from('escalations', 'e');
    // Each column under its own name, as the outer query reads it.
    PAGE_COLUMNS.forEach((column, i) => (i === 0 ? page.select(`e.${column}`, column) : page.addSelect(`e.${column}`, column)));
    page
      .leftJoin('tasks', 't', 't.id = e.task_id')
      .orderBy('e.raised_at', 'DESC')
      .addOrderBy('e.key', 'DESC')
      // limit, not take: the joins are many-to-one, so rows are not multiplied.
      .limit(query.limit + 1);
    whereVisibleTo(page, 'e', user);
    // Minimised as on the pathway: probation without consent never learns of treatment-revealing
    // steps. Only a caller who can have that view needs the test (and the task and pathway it reads).
    if (mayHaveView(user, 'probation')) {
      page.innerJoin('pathways', 'ep', 'ep.id = e.pathway_id');
      page.andWhere(`NOT (coalesce(t.type, '') IN (:...revealing) AND ${recordViewSql('ep', user)} = 'probation')`, { revealing: TREATMENT_REVEALING_TASKS });
    }
    if (query.pathwayId) page.andWhere('e.pathway_id = :pathwayId', { pathwayId: query.pathwayId });
    if (query.notifiedToMe) page.andWhere(':org = ANY(e.notified_orgs)', { org: user.org });
    if (query.state === 'open') page.andWhere(`t.state = 'open'`);
    if (query.state === 'past') page.andWhere(`(t.state IS NULL OR t.state <> 'open')`);
    if (query.cursor) {
      const after = decodeCursor(query.cursor);
      page.andWhere('(e.raised_at, e.key) < (:at, :key)', { at: after.at, key: after.id });
    }
    return page;
  }
}
