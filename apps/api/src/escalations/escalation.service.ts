/** Escalations on the pathways the caller can see, newest first. */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '@throughcare/auth';
import { EscalationEntity } from '@throughcare/persistence';
import { decodeCursor, keysetPage } from '../common/cursor';
import { mayHaveView, recordViewSql, TREATMENT_REVEALING_TASKS, whereVisibleTo } from '@throughcare/access';
import { EscalationPageDto, ListEscalationsQueryDto, mapEscalation } from './escalation.dto';

@Injectable()
export class EscalationService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(user: AuthenticatedUser, query: ListEscalationsQueryDto): Promise<EscalationPageDto> {
    const q = this.dataSource
      .getRepository(EscalationEntity)
      .createQueryBuilder('e')
      .innerJoin('pathways', 'p', 'p.id = e.pathway_id')
      .leftJoin('tasks', 't', 't.id = e.task_id')
      .orderBy('e.raised_at', 'DESC')
      .addOrderBy('e.key', 'DESC')
      // limit, not take: both joins are many-to-one, so rows are not multiplied, and take would
      // wrap the query in a DISTINCT over every visible escalation before the page is cut.
      .limit(query.limit + 1);
    whereVisibleTo(q, 'p', user);
    // Minimised as on the pathway: probation without consent never learns of treatment-revealing
    // steps. Only a caller who can have that view needs the test (and the task it reads).
    if (mayHaveView(user, 'probation')) {
      q.andWhere(`NOT (coalesce(t.type, '') IN (:...revealing) AND ${recordViewSql('p', user)} = 'probation')`, { revealing: TREATMENT_REVEALING_TASKS });
    }
    if (query.pathwayId) q.andWhere('e.pathway_id = :pathwayId', { pathwayId: query.pathwayId });
    if (query.notifiedToMe) q.andWhere(':org = ANY(e.notified_orgs)', { org: user.org });
    if (query.state === 'open') q.andWhere(`t.state = 'open'`);
    if (query.state === 'past') q.andWhere(`(t.state IS NULL OR t.state <> 'open')`);
    if (query.cursor) {
      const after = decodeCursor(query.cursor);
      q.andWhere('(e.raised_at, e.key) < (:at, :key)', { at: after.at, key: after.id });
    }
    const rows = await q.getMany();
    return keysetPage(rows, query.limit, (e) => ({ at: e.raisedAt.toISOString(), id: e.key }), mapEscalation);
  }
}
