/**
 * A task's actions as the pages say them. Which actions a task offers, and the fields each asks
 * for, are the API's (`task.actions`); this holds only the words: the button and heading for
 * each action on each type of task.
 */
import type { Schemas } from '../api/api-paths';

export type Task = Schemas['TaskResponseDto'];
export type Action = Schemas['ActionDto'];

const LABELS: Record<string, string> = {
  accept: 'Accept the referral',
  decline: 'Decline the referral',
  acknowledge: 'Acknowledge the plan',
  'complete:appointment-booking': 'Book the first appointment',
  'complete:first-appointment': 'Record attendance',
  'rearrange:first-appointment': 'Re-arrange the appointment',
  'complete:re-engagement': 'Record attendance',
  'complete:ost-bridging': 'Record the bridging prescription',
  'complete:naloxone': 'Record naloxone',
  'complete:re-referral': 'Refer again',
  complete: 'Mark as done',
};

export function actionLabel(taskType: string, action: string): string {
  return LABELS[`${action}:${taskType}`] ?? LABELS[action] ?? 'Mark as done';
}

/** The task's actions with their words, for a page's links and buttons. */
export function offeredActions(task: Task): Array<{ action: string; label: string }> {
  return task.actions.map((a) => ({ action: a.name, label: actionLabel(task.type, a.name) }));
}
