/**
 * What an inbox row needs to be read as a to-do item, read at the time of asking and minimised
 * by the caller's view of each pathway: whom it is about (never for commissioners) and the
 * state of its task now (its own due time, outcome, and a decline's reason only for those who
 * see treatment). A message's stored body stays free of all of it (notification-rows.ts).
 */
import { DataSource, In } from 'typeorm';
import type { AuthenticatedUser } from '@throughcare/auth';
import { NotificationEntity, PathwayEntity, TaskEntity } from '@throughcare/persistence';
import { recordViewFor, seesPerson, showsTask, visibleDetails } from '@throughcare/access';
import { mapNotification, NotificationResponseDto } from './notification.dto';

export async function withContext(dataSource: DataSource, user: AuthenticatedUser, rows: NotificationEntity[]): Promise<NotificationResponseDto[]> {
  const pathwayIds = [...new Set(rows.map((n) => n.pathwayId).filter((id): id is string => id !== null))];
  const taskIds = [...new Set(rows.map((n) => n.taskId).filter((id): id is string => id !== null))];
  const [pathways, tasks] = await Promise.all([
    pathwayIds.length ? dataSource.getRepository(PathwayEntity).find({ where: { id: In(pathwayIds) }, relations: { person: true } }) : [],
    taskIds.length ? dataSource.getRepository(TaskEntity).findBy({ id: In(taskIds) }) : [],
  ]);
  const pathwayById = new Map(pathways.map((p) => [p.id, p]));
  const taskById = new Map(tasks.map((t) => [t.id, t]));
  return rows.map((n) => {
    const pathway = n.pathwayId ? pathwayById.get(n.pathwayId) : undefined;
    // The inbox only lists messages on pathways the caller reaches, so the view is theirs.
    const view = pathway ? recordViewFor(user, pathway) : undefined;
    const task = n.taskId ? taskById.get(n.taskId) : undefined;
    const person = pathway?.person && view && seesPerson(view) ? { prisonNumber: pathway.person.prisonNumber, givenName: pathway.person.givenName, familyName: pathway.person.familyName } : null;
    const details = task && view ? visibleDetails(view, task.details) : null;
    return mapNotification(n, {
      person,
      task:
        task && view && showsTask(view, task.type)
          ? { type: task.type, owner: task.ownerCode, ownerType: task.ownerType, state: task.state, dueAt: task.dueAt.toISOString(), outcome: task.outcome, reason: typeof details?.reason === 'string' ? details.reason : null }
          : null,
    });
  });
}
