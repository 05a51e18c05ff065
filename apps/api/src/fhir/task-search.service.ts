/**
 * Task search: the tasks of the pathways the caller sees (access/'s SQL, as /v1's lists), the
 * steps their view shows, newest change first, in keyset pages; with the ServiceRequests and
 * Patients they point at when `_include` asks.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '@throughcare/auth';
import type { Policy } from '@throughcare/domain';
import { TaskEntity } from '@throughcare/persistence';
import type { Resource } from '@medplum/fhirtypes';
import { recordViewFor, seesPerson, whereTaskShown, whereVisibleTo } from '@throughcare/access';
import { keysetPage } from '../common/cursor';
import { FhirRecordsService } from './fhir-records.service';
import { fhirPatient } from '@throughcare/fhir';
import { TaskSearch } from './task-search';
import { taskStatusSql } from './task-status';

/** updated_at to the millisecond, as the cursor holds it (PostgreSQL keeps microseconds). */
const CHANGED = `date_trunc('milliseconds', t.updated_at)`;

export interface TaskSearchResult {
  matches: Resource[];
  included: Resource[];
  /** The cursor of the next page, when there is one. */
  next: string | null;
}

@Injectable()
export class TaskSearchService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly records: FhirRecordsService,
  ) {}

  async search(user: AuthenticatedUser, search: TaskSearch): Promise<TaskSearchResult> {
    const q = this.dataSource
      .getRepository(TaskEntity)
      .createQueryBuilder('t')
      .innerJoinAndSelect('t.pathway', 'p')
      .leftJoinAndSelect('p.person', 'person')
      .andWhere(`p.status <> 'failed'`)
      .orderBy(CHANGED, 'DESC')
      .addOrderBy('t.id', 'DESC')
      // limit, not take: the pathway join is many-to-one, so rows are not multiplied.
      .limit(search.count + 1);
    whereVisibleTo(q, 'p', user);
    whereTaskShown(q, 't', 'p', user);
    search.owner.forEach((codes, i) => q.andWhere(`t.owner_code IN (:...owner${i})`, { [`owner${i}`]: codes }));
    search.patient.forEach((ids, i) => q.andWhere(`t.pathway_id IN (:...patient${i})`, { [`patient${i}`]: ids }));
    search.code.forEach((codes, i) => q.andWhere(`t.type IN (:...code${i})`, { [`code${i}`]: codes }));
    search.status.forEach((statuses) => q.andWhere(`(${statuses.map(taskStatusSql).join(' OR ')})`));
    search.updatedAfter.forEach((at, i) => q.andWhere(`${CHANGED} > :after${i}`, { [`after${i}`]: at }));
    search.updatedBefore.forEach((at, i) => q.andWhere(`${CHANGED} < :before${i}`, { [`before${i}`]: at }));
    if (search.cursor) q.andWhere(`(${CHANGED}, t.id) < (:at, :id)`, search.cursor);
    const { items: page, nextCursor: next } = keysetPage(await q.getMany(), search.count, (task) => ({ at: task.updatedAt.toISOString(), id: task.id }), (task) => task);
    const policies = new Map<string, Promise<Policy>>();
    const matches = await Promise.all(page.map((task) => this.records.taskResource(user, task, policies)));
    return { matches, included: await this.included(user, page, search), next };
  }

  /** Each pathway once: its ServiceRequest (Task:focus), its Patient where the view shows who (Task:patient). */
  private async included(user: AuthenticatedUser, tasks: TaskEntity[], search: TaskSearch): Promise<Resource[]> {
    const pathways = [...new Map(tasks.map((t) => [t.pathwayId, t.pathway!])).values()];
    const included: Resource[] = [];
    if (search.includes.includes('Task:focus')) included.push(...(await Promise.all(pathways.map((p) => this.records.serviceRequestOf(user, p)))));
    if (search.includes.includes('Task:patient')) included.push(...pathways.filter((p) => seesPerson(recordViewFor(user, p))).map(fhirPatient));
    return included;
  }
}
