/**
 * The pathway workflow: one per person per release. It owns the pathway's tasks and their
 * deadlines, validates every human action synchronously, and writes the read model only
 * through an idempotent activity before it answers, so callers read their own writes.
 * Deterministic: no I/O, no clock but the workflow's, ids from the workflow's seeded uuid4.
 */
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  proxyActivities,
  setHandler,
  uuid4,
} from '@temporalio/workflow';
import {
  allowedActions,
  detailsProblem,
  expectedReleaseDay,
  outcomeOf,
  StepPolicy,
  stepDueAt,
  StepTrigger,
  stepsTriggeredBy,
} from '@throughcare/domain';
import type { PathwayActivities } from './pathway.activities.interface';
import { pathwayQuery, registeredUpdate, taskActionUpdate } from './pathway.messages';
import type { PathwayInput, PathwayStatus, PathwayView, TaskActionInput, TaskView } from './pathway.types';

const { recordPathwaySnapshot } = proxyActivities<PathwayActivities>({
  startToCloseTimeout: '30 seconds',
  // Retry without limit: a PostgreSQL outage delays the read model, it must never lose a write.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Why an action was refused; the API maps each to an HTTP status. */
export type TaskActionRejection = 'TaskNotFound' | 'TaskNotOpen' | 'ActionNotAllowed' | 'NotOwner' | 'InvalidDetails';

function reject(type: TaskActionRejection, message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}

export async function pathwayWorkflow(input: PathwayInput): Promise<void> {
  const registeredAt = new Date(input.registeredAt);
  const releaseDay = expectedReleaseDay(input.releaseDate, input.releaseDateType);
  const tasks = new Map<string, TaskView>();
  let status: PathwayStatus = 'active';
  let version = 0;
  let registered = false;

  const view = (): PathwayView => ({
    pathwayId: input.pathwayId,
    status,
    expectedReleaseDate: releaseDay.expectedReleaseDate,
    releaseDateAdjustedFrom: releaseDay.releaseDateAdjustedFrom,
    adjustmentReason: releaseDay.adjustmentReason,
    tasks: [...tasks.values()],
  });

  const createSteps = (trigger: StepTrigger, appointmentAt?: Date): TaskView[] => {
    const now = new Date();
    return stepsTriggeredBy(input.policy, trigger, input.flags).map((step: StepPolicy) => {
      const dueAt = stepDueAt(input.policy, step, {
        releaseDate: releaseDay.expectedReleaseDate,
        registeredAt,
        createdAt: now,
        appointmentAt,
      });
      const task: TaskView = {
        id: uuid4(),
        type: step.type,
        ownerType: step.owner,
        owner: input.routing[step.owner],
        state: 'open',
        createdAt: now.toISOString(),
        dueAt: dueAt.toISOString(),
        critical: step.critical ?? false,
      };
      tasks.set(task.id, task);
      return task;
    });
  };

  // Versions are taken synchronously, so concurrent handlers' writes are ordered even
  // when their activities finish out of order.
  const persist = async (): Promise<void> => {
    version += 1;
    const { tasks: taskViews, ...pathway } = view();
    await recordPathwaySnapshot({ ...pathway, version, tasks: taskViews });
  };

  setHandler(pathwayQuery, view);

  setHandler(registeredUpdate, async () => {
    await condition(() => registered);
    return view();
  });

  setHandler(
    taskActionUpdate,
    async ({ taskId, action, actor, details }: TaskActionInput) => {
      const task = tasks.get(taskId)!;
      const outcome = outcomeOf(task.type, action, details);
      const completedAt = new Date();
      Object.assign(task, {
        state: 'done',
        completedAt: completedAt.toISOString(),
        completedBy: actor.sub,
        outcome,
        details,
      } satisfies Partial<TaskView>);
      const appointmentAt = typeof details?.appointmentAt === 'string' ? new Date(details.appointmentAt) : undefined;
      const created = createSteps({ on: 'completed', step: task.type, outcome }, appointmentAt);
      await persist();
      return { task, created };
    },
    {
      validator: ({ taskId, action, actor, details }: TaskActionInput) => {
        const task = tasks.get(taskId);
        if (!task) reject('TaskNotFound', `Task ${taskId} is not part of this pathway`);
        if (task.state !== 'open') reject('TaskNotOpen', `Task ${taskId} is already ${task.state}`);
        if (task.owner !== actor.org) reject('NotOwner', `Task ${taskId} belongs to ${task.owner}`);
        if (!allowedActions(task.type).includes(action)) {
          reject('ActionNotAllowed', `A ${task.type} task allows ${allowedActions(task.type).join(', ')}, not ${action}`);
        }
        const problem = detailsProblem(task.type, action, details);
        if (problem) reject('InvalidDetails', problem);
      },
    },
  );

  createSteps({ on: 'registration' });
  await persist();
  registered = true;

  await condition(() => (status as PathwayStatus) === 'closed');
  await condition(allHandlersFinished);
}
