/**
 * Where a message's time goes between being stored and arriving at its receiver, read from each
 * delivery workflow's history after the run (event times are the Temporal server's clock, the
 * same machine's as PostgreSQL's and the receiver's). The stages, in order:
 *   stored → workflow started: the rest of the write's transaction and the start call;
 *   → first workflow task started: the wait for a workflow task slot;
 *   → plan started: the workflow task, then the wait for an activity slot;
 *   → plan completed: planDeliveries itself;
 *   → deliver scheduled: the next workflow task (on the worker's sticky queue), wait and run;
 *   → deliver started: the wait for a send slot (and, when attempts > 1, tries put off);
 *   → received: the send's own reads and writes and its request.
 * Payloads stay sealed: only event types, times and attempts are read.
 */
import { type Client } from '@temporalio/client';
import proto from '@temporalio/proto';

const { EventType } = proto.temporal.api.enums.v1;

export const STAGES = ['stored → workflow started', '→ first workflow task started', '→ plan started', '→ plan completed', '→ deliver scheduled', '→ deliver started', '→ received'] as const;

export interface DeliveryStages {
  /** Seconds spent in each stage, in STAGES' order. */
  seconds: number[];
  /** The deliver activity's attempt that sent it (more than 1: tries were put off or failed). */
  deliverAttempt: number;
}

type Timestamp = { seconds?: { toNumber(): number } | number | null; nanos?: number | null } | null | undefined;
const ms = (t: Timestamp) => (t ? Number(typeof t.seconds === 'number' ? t.seconds : (t.seconds?.toNumber() ?? 0)) * 1000 + (t.nanos ?? 0) / 1e6 : NaN);

/** The stages of one message's delivery, or undefined when its history lacks an event. */
export async function deliveryStages(client: Client, workflowId: string, storedAt: number, receivedAt: number): Promise<DeliveryStages | undefined> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const events = history.events ?? [];
  const at = (type: number, activity?: string) => {
    const scheduledIds = new Set(
      events.filter((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED && e.activityTaskScheduledEventAttributes?.activityType?.name === activity).map((e) => Number(e.eventId)),
    );
    return events.find((e) => {
      if (e.eventType !== type) return false;
      if (activity === undefined) return true;
      if (type === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) return scheduledIds.has(Number(e.eventId));
      const attributes = e.activityTaskStartedEventAttributes ?? e.activityTaskCompletedEventAttributes;
      return scheduledIds.has(Number(attributes?.scheduledEventId));
    });
  };
  const started = at(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
  const firstTask = at(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
  const planStarted = at(EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED, 'planDeliveries');
  const planCompleted = at(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED, 'planDeliveries');
  const deliverScheduled = at(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, 'deliver');
  const deliverStarted = at(EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED, 'deliver');
  const points = [storedAt, ...[started, firstTask, planStarted, planCompleted, deliverScheduled, deliverStarted].map((e) => ms(e?.eventTime as Timestamp)), receivedAt];
  if (points.some(Number.isNaN)) return undefined;
  return {
    seconds: points.slice(1).map((p, i) => (p - points[i]) / 1000),
    deliverAttempt: deliverStarted?.activityTaskStartedEventAttributes?.attempt ?? 0,
  };
}
