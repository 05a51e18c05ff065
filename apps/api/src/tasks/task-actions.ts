/**
 * The actions the caller may take on a task now: those its type allows (the domain's), while it
 * is open on a pathway that still runs, for its owning organisation only (the access table's
 * `actsFor`), and once it may be started (`startsAt`, from task-starts.ts: a step with a
 * policy's `notBefore` offers nothing until then). The workflow refuses the same by the same rules.
 */
import type { AuthenticatedUser } from '@throughcare/auth';
import { actionFields, allowedActions } from '@throughcare/domain';
import type { TaskType } from '@throughcare/domain';
import type { PathwayEntity, TaskEntity } from '@throughcare/persistence';
import { actsFor } from '@throughcare/access';
import { ActionDto, actionOf } from '../common/action.dto';

export function taskActionsFor(user: AuthenticatedUser, task: Pick<TaskEntity, 'id' | 'type' | 'state' | 'ownerType' | 'ownerCode'>, pathway: Pick<PathwayEntity, 'status'>, startsAt?: Date): ActionDto[] {
  if (task.state !== 'open' || pathway.status !== 'active' || startsAt || !actsFor(user, task.ownerType, task.ownerCode)) return [];
  const type = task.type as TaskType;
  return allowedActions(type).map((action) => actionOf(action, `/v1/tasks/${task.id}/${action}`, actionFields(type, action)));
}
