/**
 * Task.status from a task's state, both ways: the mapper reads it, the `status` search
 * parameter turns it back into SQL over the same columns. One table, so the two agree.
 */
import type { Task } from '@medplum/fhirtypes';
import { allowedActions, TASK_TYPES } from '@throughcare/domain';
import type { TaskType } from '@throughcare/domain';
import type { TaskEntity } from '@throughcare/persistence';

export type FhirTaskStatus = NonNullable<Task['status']>;

/** Steps that wait to be accepted or declined: open, they are `requested`; other open steps are `ready`. */
export const ACCEPTABLE_TYPES: readonly TaskType[] = TASK_TYPES.filter((type) => allowedActions(type).includes('accept'));

const DECIDED_OUTCOMES = { accepted: 'accepted', declined: 'rejected' } as const;

export function fhirTaskStatus(task: Pick<TaskEntity, 'state' | 'type' | 'outcome'>): FhirTaskStatus {
  switch (task.state) {
    case 'open':
      return (ACCEPTABLE_TYPES as readonly string[]).includes(task.type) ? 'requested' : 'ready';
    case 'cancelled':
      return 'cancelled';
    case 'done':
      return DECIDED_OUTCOMES[task.outcome as keyof typeof DECIDED_OUTCOMES] ?? 'completed';
  }
}

/** SQL over task alias `t` for each status a Task can have here; the others match no task. */
export function taskStatusSql(status: FhirTaskStatus): string {
  const acceptable = ACCEPTABLE_TYPES.map((type) => `'${type}'`).join(', ');
  switch (status) {
    case 'requested':
      return `(t.state = 'open' AND t.type IN (${acceptable}))`;
    case 'ready':
      return `(t.state = 'open' AND t.type NOT IN (${acceptable}))`;
    case 'accepted':
      return `(t.state = 'done' AND t.outcome = 'accepted')`;
    case 'rejected':
      return `(t.state = 'done' AND t.outcome = 'declined')`;
    case 'completed':
      return `(t.state = 'done' AND COALESCE(t.outcome, '') NOT IN ('accepted', 'declined'))`;
    case 'cancelled':
      return `(t.state = 'cancelled')`;
    default:
      return 'false';
  }
}

/** Every Task.status R4 defines, for checking a search's values. */
export const R4_TASK_STATUSES: readonly FhirTaskStatus[] = [
  'draft', 'requested', 'received', 'accepted', 'rejected', 'ready', 'cancelled', 'in-progress', 'on-hold', 'failed', 'completed', 'entered-in-error',
];
