/**
 * Delivers one notification on every channel its organisation has (webhooks subscribed to its
 * event, the team's or managers' mailbox), each target on its own: a retry policy per target
 * (exponential backoff up to a total limit, from configuration), the receiver's `Retry-After`
 * honoured by the activity, a refusal (4xx but 408/429) never retried. After the last try the
 * delivery is marked failed, for an admin to see and re-send. Separate from the pathway's
 * workflow, so a receiver that fails never slows a pathway; its tries run on delivery task
 * queues of their own (urgent apart from routine), so they never take a pathway's activity slots.
 * Deterministic: no I/O here, only activities.
 */
import { ActivityFailure, ApplicationFailure, patched, proxyActivities, TemporalFailure, workflowInfo } from '@temporalio/workflow';
import { addWorkingDays, isWorkingDay, londonDateOf, pinHolidayCalendar } from '@throughcare/domain';
import type {
  DeliveryResult,
  DeliveryRetry,
  DeliveryTarget,
  DeliveryWorkflowInput,
  DigestWorkflowInput,
  NotificationDeliveryActivities,
} from './notification-delivery.types';
import { DELIVERY_REFUSED, deliveryTaskQueue } from './notification-delivery.types';

export async function notificationDeliveryWorkflow(input: DeliveryWorkflowInput): Promise<DeliveryResult[]> {
  const { records, deliverAll } = activitiesFor(input.retry);
  const targets = await records.planDeliveries('notificationId' in input ? { notificationId: input.notificationId } : { deliveryIds: input.deliveryIds });
  return deliverAll(targets);
}

/**
 * The daily digest, started by the `notification-digest` Schedule at 08:00 London: on a working
 * day (by the calendar the Schedule pinned), one e-mail per organisation with anything to say,
 * with what happened since the working day before; nothing on other days, nothing to the others.
 */
export async function notificationDigestWorkflow(input: DigestWorkflowInput): Promise<DeliveryResult[]> {
  const day = londonDateOf(new Date()); // the workflow's clock: deterministic on replay
  // A digest started before the Schedule pinned a calendar counted with the compiled list, as it was then.
  const calendar = input.calendar ?? pinHolidayCalendar(day);
  if (!isWorkingDay(day, calendar)) return [];
  const { records, deliverAll } = activitiesFor(input.retry);
  const targets = await records.prepareDigests({ day, since: addWorkingDays(day, -1, calendar) });
  return deliverAll(targets);
}

function activitiesFor(retry: DeliveryRetry) {
  // Database work: retried until PostgreSQL answers.
  const records = proxyActivities<NotificationDeliveryActivities>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  });
  const sendingOn = (taskQueue?: string) =>
    proxyActivities<NotificationDeliveryActivities>({
      taskQueue,
      // A try is one request (with its timeout) and a few small writes; a try on a worker that died is tried again after this.
      startToCloseTimeout: `${retry.requestTimeoutSeconds + 10} seconds`,
      scheduleToCloseTimeout: `${retry.limitSeconds} seconds`,
      retry: {
        initialInterval: `${retry.initialSeconds} seconds`,
        maximumInterval: `${retry.maximumIntervalSeconds} seconds`,
        backoffCoefficient: 2,
        nonRetryableErrorTypes: [DELIVERY_REFUSED],
      },
    });
  // Sends on queues of their own, urgent apart from routine (see deliveryTaskQueue). A delivery
  // begun before this change keeps its tries on the workflow's queue, where they were scheduled.
  const ownQueues = patched('delivery-task-queues');
  const queue = workflowInfo().taskQueue;
  const sending = ownQueues ? { urgent: sendingOn(deliveryTaskQueue(queue, true)), routine: sendingOn(deliveryTaskQueue(queue, false)) } : undefined;
  const legacy = sendingOn();
  const sender = (target: DeliveryTarget) => (!sending ? legacy : target.urgent ? sending.urgent : sending.routine);

  /** Each target on its own: one failing never holds up another. */
  const deliverAll = (targets: DeliveryTarget[]): Promise<DeliveryResult[]> =>
    Promise.all(
      targets.map(async (target: DeliveryTarget): Promise<DeliveryResult> => {
        try {
          await sender(target).deliver(target);
          return { ...target, state: 'sent' };
        } catch (err) {
          await records.markDeliveryFailed({ ...target, error: describe(err) });
          return { ...target, state: 'failed' };
        }
      }),
    );
  return { records, deliverAll };
}

/** Why the last try failed, as Temporal reports it: a type or a timeout, never a body. */
function describe(err: unknown): string {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure) return cause.type ?? 'failed';
  if (cause instanceof TemporalFailure) return cause.name;
  return 'failed';
}
