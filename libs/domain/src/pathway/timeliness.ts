/**
 * Due, on time and late: the one definition every report counts tasks by (DESIGN §3.3). A task
 * is due once it is done, or while it is open past its deadline; on time when done by its
 * deadline; late when due and not on time. A cancelled task, and an open one not yet at its
 * deadline, is not due. How late: working days from the deadline's London day to the day it was
 * done (today while it is open), so a task a few hours late on its due day is 0.
 *
 * Reports count in SQL: libs/persistence/src/read-model/task-timeliness.sql.ts builds the same
 * definition for PostgreSQL, and its spec checks the two agree case by case.
 */
import { addDays, HolidayCalendar, isWorkingDay, londonDateOf } from '../calendar';

export type Timeliness = 'not-due' | 'on-time' | 'late';

/** A task as the definition reads it: a done task always has the time it was done. */
export type TimedTask = { state: 'done'; dueAt: Date; completedAt: Date } | { state: 'open' | 'cancelled'; dueAt: Date };

export function timelinessOf(task: TimedTask, now: Date): Timeliness {
  if (task.state === 'done') return task.completedAt <= task.dueAt ? 'on-time' : 'late';
  return task.state === 'open' && task.dueAt < now ? 'late' : 'not-due';
}

/** How many working days late a late task is (undefined for one that is not late). */
export function workingDaysLate(task: TimedTask, now: Date, calendar: HolidayCalendar): number | undefined {
  if (timelinessOf(task, now) !== 'late') return undefined;
  const until = londonDateOf(task.state === 'done' ? task.completedAt : now);
  let late = 0;
  for (let day = addDays(londonDateOf(task.dueAt), 1); day <= until; day = addDays(day, 1)) if (isWorkingDay(day, calendar)) late += 1;
  return late;
}
