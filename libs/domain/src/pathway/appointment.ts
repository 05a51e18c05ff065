/**
 * The one reading of a task's `appointmentAt` detail (an ISO instant the booking recorded):
 * the booking's validator, its deadline anchor, attendance and the outcome all use it.
 */
import type { TaskDetails } from '../policy/task-actions';

/** When the appointment in these details is or was, if they hold one. */
export function appointmentAtOf(details: TaskDetails | undefined): Date | undefined {
  return typeof details?.appointmentAt === 'string' ? new Date(details.appointmentAt) : undefined;
}

/** Why attendance at an appointment cannot be recorded yet (it has not begun), or undefined when it can. */
export function attendanceProblem(appointmentAt: Date | undefined, now: Date): string | undefined {
  if (!appointmentAt || now >= appointmentAt) return undefined;
  return `The appointment is at ${appointmentAt.toISOString()}: record whether the person attended once it has begun`;
}
