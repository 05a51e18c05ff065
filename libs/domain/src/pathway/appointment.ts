/**
 * The one reading of a task's `appointmentAt` detail (an ISO instant the booking recorded):
 * the booking's validator, its deadline anchor, attendance and the outcome all use it.
 */
import type { TaskDetails } from '../policy/task-actions';

/** When the appointment in these details is or was, if they hold one. */
export function appointmentAtOf(details: TaskDetails | undefined): Date | undefined {
  return typeof details?.appointmentAt === 'string' ? new Date(details.appointmentAt) : undefined;
}
