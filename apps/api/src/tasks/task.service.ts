/** Worklists and task actions. Reads come from PostgreSQL; actions go to the pathway workflow as Updates. */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuthenticatedUser } from '@throughcare/auth';
import { TaskAction } from '@throughcare/domain';
import { TaskEntity } from '@throughcare/persistence';
import { notFound, ProblemException } from '@throughcare/problem';
import { taskActionUpdate } from '@throughcare/workflows/pathway';
import { PathwayWorkflowClient } from '../pathways/pathway-workflow.client';
import { whereVisibleTo } from '../pathways/pathway-access';
import { ListTasksQueryDto, mapTask, TaskActionDto, TaskPageDto, TaskResponseDto } from './task.dto';
import { decodeCursor, encodeCursor } from '../common/cursor';

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
      .where('t.owner_code = :org', { org: user.org })
      .orderBy('t.due_at', 'ASC')
      .addOrderBy('t.id', 'ASC')
      .take(query.limit + 1);
    if (query.state === 'overdue') q.andWhere(`t.state = 'open' AND t.due_at < :now`, { now });
    else q.andWhere('t.state = :state', { state: query.state });
    if (query.type) q.andWhere('t.type = :type', { type: query.type });
    if (query.cursor) {
      const after = decodeCursor(query.cursor);
      q.andWhere('(t.due_at, t.id) > (:at, :id)', after);
    }
    const rows = await q.getMany();
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map((t) => mapTask(t, now)),
      nextCursor: rows.length > query.limit && last ? encodeCursor({ at: last.dueAt.toISOString(), id: last.id }) : null,
    };
  }

  async get(user: AuthenticatedUser, id: string): Promise<TaskResponseDto> {
    return mapTask(await this.findVisible(user, id));
  }

  async act(user: AuthenticatedUser, id: string, action: TaskAction, dto: TaskActionDto, idempotencyKey?: string): Promise<TaskResponseDto> {
    const task = await this.findVisible(user, id);
    if (task.ownerCode !== user.org) {
      throw new ProblemException({ status: 403, type: 'forbidden', title: 'Not allowed', detail: `Only ${task.ownerCode} can act on this task` });
    }
    const details = Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)) as Record<string, string | boolean>;
    await this.workflows.update(
      task.pathwayId,
      taskActionUpdate,
      { taskId: id, action, actor: { sub: user.sub, org: user.org }, details },
      idempotencyKey ?? randomUUID(),
    );
    return this.get(user, id);
  }

  private async findVisible(user: AuthenticatedUser, id: string): Promise<TaskEntity> {
    const q = this.dataSource.getRepository(TaskEntity).createQueryBuilder('t').innerJoin('t.pathway', 'p').where('t.id = :id', { id });
    const task = await whereVisibleTo(q, 'p', user).getOne();
    if (!task) throw notFound(`Task ${id}`);
    return task;
  }
}

