/**
 * What templates show of dates and states: in words and in Europe/London, as GOV.UK pages do
 * ("due tomorrow, 5pm"). Pure functions of the value and now, so they are tested alone.
 */
import { addDays, londonDateOf } from '@throughcare/domain';

const LONDON = 'Europe/London';

/** 5pm, 9:30am */
export function timeInWords(instant: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, hour: 'numeric', minute: '2-digit', hour12: true }).formatToParts(instant);
  const hour = parts.find((p) => p.type === 'hour')!.value;
  const minute = parts.find((p) => p.type === 'minute')!.value;
  const period = parts.find((p) => p.type === 'dayPeriod')!.value.toLowerCase().replace(/\./g, '').replace(/\s/g, '');
  return `${hour}${minute === '00' ? '' : `:${minute}`}${period}`;
}

/** 12 March 2027 */
export function dateInWords(date: string | Date): string {
  const instant = typeof date === 'string' ? new Date(`${date.slice(0, 10)}T12:00:00Z`) : date;
  return new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, day: 'numeric', month: 'long', year: 'numeric' }).format(instant);
}

/** "due today, 5pm", "due tomorrow, 5pm", "due Friday 12 March, 5pm", "was due yesterday, 5pm" */
export function dueInWords(dueAt: string, now = new Date()): string {
  const due = new Date(dueAt);
  const day = londonDateOf(due);
  const today = londonDateOf(now);
  const when =
    day === today
      ? 'today'
      : day === addDays(today, 1)
        ? 'tomorrow'
        : day === addDays(today, -1)
          ? 'yesterday'
          : `${new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, weekday: 'long' }).format(due)} ${dateInWords(day).replace(day.slice(0, 4) === today.slice(0, 4) ? ` ${day.slice(0, 4)}` : '', '')}`;
  return `${due < now ? 'was due' : 'due'} ${when}, ${timeInWords(due)}`;
}

/** A task type as words: `referral-acceptance` → "Referral acceptance". */
export function taskTypeInWords(type: string): string {
  const words: Record<string, string> = { 'ost-bridging': 'OST bridging', 'gp-registration': 'GP registration' };
  return words[type] ?? type.charAt(0).toUpperCase() + type.slice(1).replace(/-/g, ' ');
}

/** The GOV.UK tag colour for a task's state. */
export function stateTagClass(task: { state: string; overdue?: boolean }): string {
  if (task.state === 'open' && task.overdue) return 'govuk-tag--red';
  return { open: 'govuk-tag--blue', done: 'govuk-tag--green', cancelled: 'govuk-tag--grey' }[task.state] ?? 'govuk-tag--grey';
}

export function stateInWords(task: { state: string; overdue?: boolean }): string {
  if (task.state === 'open' && task.overdue) return 'Overdue';
  return { open: 'Open', done: 'Done', cancelled: 'Cancelled' }[task.state] ?? task.state;
}
