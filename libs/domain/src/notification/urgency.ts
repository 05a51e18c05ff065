/**
 * How soon a message goes out: `immediate` messages are sent at once (webhooks, and e-mail to
 * the team's or managers' mailbox); `digest` ones reach the inbox and webhooks at once and wait
 * for the daily digest by e-mail. The read-model write stores each message with the urgency these
 * rules give its source (apps/worker's notification rows); nothing else decides it.
 */
export const NOTIFICATION_URGENCIES = ['immediate', 'digest'] as const;
export type NotificationUrgency = (typeof NOTIFICATION_URGENCIES)[number];

/** Escalation levels told at once (the first rung, L1, waits for the digest unless the step is critical). */
const URGENT_ESCALATION_LEVELS: ReadonlySet<string> = new Set(['L2', 'L3', 'notice']);

/**
 * A new task: at once when it is on a critical step, or for another organisation than the prison
 * (a referral to accept, an acknowledgement), except the first tasks of a pathway registered from
 * a prison's list, which reach each service as one digest rather than a message per release.
 */
export function newTaskUrgency(task: { critical: boolean; ownerType: string }, firstWriteOfListedRelease: boolean): NotificationUrgency {
  return task.critical || (task.ownerType !== 'prison' && !firstWriteOfListedRelease) ? 'immediate' : 'digest';
}

/** A task done, told to the prison that asked for it. */
export const COMPLETED_TASK_URGENCY: NotificationUrgency = 'digest';

/** An escalation or a notice: at once from L2 up, every notice, and anything on a critical step. */
export function escalationUrgency(level: string, critical: boolean): NotificationUrgency {
  return URGENT_ESCALATION_LEVELS.has(level) || critical ? 'immediate' : 'digest';
}

/** A release, told to the community treatment service and probation: at once when it was unplanned. */
export function releaseUrgency(kind: string | undefined): NotificationUrgency {
  return kind === 'unplanned' ? 'immediate' : 'digest';
}

/** An outcome, told to the commissioner and the prison. */
export const OUTCOME_URGENCY: NotificationUrgency = 'digest';
