/** Worklists and task actions. Reads come from PostgreSQL; actions go to the pathway workflow as Updates. */
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthenticatedUser } from '@throughcare/auth';
import { actionFields, TaskAction } from '@throughcare/domain';
import type { TaskType } from '@throughcare/domain';
import { OrganisationEntity, TaskEntity } from '@throughcare/persistence';
import { DomainError, notFound, validationError } from '@throughcare/problem';
import { taskActionUpdate } from '@throughcare/workflows/pathway';
import { PathwayWorkflowClient } from '@throughcare/registration';
import { actsFor, forbidden, organisationTypesOf, recordViewFor, showsTask, whereVisibleTo } from '@throughcare/access';
import { ListTasksQueryDto, mapTask, TaskActionDto, TaskPageDto, TaskResponseDto } from './task.dto';
import { decodeCursor, keysetPage } from '../common/cursor';
import { taskActionsFor } from './task-actions';
import { taskStarts } from './task-starts';
import { placeAndPharmacy } from './place-details';
import { worklistTasks, type WorklistTask } from './worklist-rows';

@Injectable()
export class TaskService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workflows: PathwayWorkflowClient,
  ) {}

  /** The caller's organisation's worklist, soonest due first. */
  async list(user: AuthenticatedUser, query: ListTasksQueryDto): Promise<TaskPageDto> {
    const now = new Date();
    const q = this.dataSource
      .getRepository(TaskEntity)
      .createQueryBuilder('t')
      .innerJoin('t.pathway', 'p')
      .leftJoin('p.person', 'person')
      .where('t.owner_code = :org AND t.owner_type IN (:...types)', { org: user.org, types: organisationTypesOf(user) })
      // A failed pathway's tasks can no longer be acted on; its prison sees it among its pathways.
      .andWhere(`p.status <> 'failed'`)
      // By day of release, the day's tasks soonest due first; else soonest due first. The id last, so the order is total.
      .orderBy(query.sort === 'release' ? 'p.release_day' : 't.due_at', 'ASC')
      .addOrderBy('t.due_at', 'ASC')
      .addOrderBy('t.id', 'ASC')
      // limit, not take: the pathway join is many-to-one, so rows are not multiplied.
      .limit(query.limit + 1);
    if (query.state === 'overdue') q.andWhere(`t.state = 'open' AND t.due_at < :now`, { now });
    else q.andWhere('t.state = :state', { state: query.state });
    if (query.type) q.andWhere('t.type = :type', { type: query.type });
    if (query.pathwayId) q.andWhere('t.pathway_id = :pathwayId', { pathwayId: query.pathwayId });
    if (query.cursor) {
      const after = decodeCursor(query.cursor);
      if (query.sort === 'release') {
        // A cursor issued before the due time joined this sort holds no `then`: from the day's first task, so none is skipped.
        q.andWhere(`(p.release_day, t.due_at, t.id) > ((:at::timestamptz AT TIME ZONE 'UTC')::date, :then::timestamptz, :id)`, { ...after, then: after.then ?? '-infinity' });
      }
      else q.andWhere('(t.due_at, t.id) > (:at, :id)', after);
    }
    const rows = organisationTypesOf(user).length > 0 ? await worklistTasks(q) : [];
    const cursorOf = (t: WorklistTask) =>
      query.sort === 'release' ? { at: `${t.pathway.releaseDay}T00:00:00.000Z`, then: t.dueAt.toISOString(), id: t.id } : { at: t.dueAt.toISOString(), id: t.id };
    const starts = await taskStarts(this.dataSource, rows.map((t) => ({ task: t, pathway: t.pathway })), now);
    return keysetPage(rows, query.limit, cursorOf, (t) => mapTask(t, recordViewFor(user, t.pathway), taskActionsFor(user, t, t.pathway, starts.get(t.id)), now, starts.get(t.id)));
  }

  async get(user: AuthenticatedUser, id: string): Promise<TaskResponseDto> {
    const task = await this.findVisible(user, id);
    const now = new Date();
    const startsAt = (await taskStarts(this.dataSource, [{ task, pathway: task.pathway! }], now)).get(task.id);
    return mapTask(task, recordViewFor(user, task.pathway!), taskActionsFor(user, task, task.pathway!, startsAt), now, startsAt);
  }

  async act(user: AuthenticatedUser, id: string, action: TaskAction, dto: TaskActionDto, operationId?: string): Promise<TaskResponseDto> {
    const task = await this.findVisible(user, id);
    if (!actsFor(user, task.ownerType, task.ownerCode)) throw forbidden(`Only ${task.ownerCode} can act on this task`);
    if (dto.communityTreatmentCode !== undefined) await this.requireCommunityService(task, action, dto.communityTreatmentCode);
    const { place, pharmacy, firstCollectionOn, ...rest } = dto;
    const details = {
      ...(Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Record<string, string | boolean>),
      ...(await placeAndPharmacy(this.dataSource, task, action, { place, pharmacy, firstCollectionOn })),
    };
    await this.workflows.update(
      task.pathwayId,
      taskActionUpdate,
      { taskId: id, action, actor: { sub: user.sub, org: user.org }, details },
      operationId ?? randomUUID(),
    );
    return this.get(user, id);
  }

  /** A re-referral may name another community treatment service: a known one, and only there. */
  private async requireCommunityService(task: TaskEntity, action: TaskAction, code: string): Promise<void> {
    if (!actionFields(task.type as TaskType, action).some((f) => f.name === 'communityTreatmentCode')) {
      throw validationError([{ field: 'communityTreatmentCode', messages: ['only completing a re-referral names a community treatment service'] }]);
    }
    const organisation = await this.dataSource.getRepository(OrganisationEntity).findOneBy({ code });
    if (organisation?.type !== 'community-treatment') {
      throw new DomainError('unknownOrganisation', `${code} is not a known community treatment service`, { field: 'communityTreatmentCode' });
    }
  }

  /** The task, with its pathway, if the caller may see both; else 404. */
  async findVisible(user: AuthenticatedUser, id: string): Promise<TaskEntity> {
    const q = this.dataSource.getRepository(TaskEntity).createQueryBuilder('t').innerJoinAndSelect('t.pathway', 'p').leftJoinAndSelect('p.person', 'person').where('t.id = :id', { id });
    const task = await whereVisibleTo(q, 'p', user).getOne();
    if (!task || !showsTask(recordViewFor(user, task.pathway!), task.type)) throw notFound(`Task ${id}`);
    return task;
  }
}

