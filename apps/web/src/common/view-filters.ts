/**
 * What templates show of dates and states: in words and in Europe/London, as GOV.UK pages do
 * ("due tomorrow, 5pm"). Pure functions of the value and now, so they are tested alone.
 */
import { addDays, dayInWords, londonDateOf, timeInWords } from '@throughcare/domain';
import { labelOf } from './labels';

/** The domain's, shared with the person's texts. */
export { dayInWords, timeInWords };

const LONDON = 'Europe/London';

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

/** A task type as words, from the one list of labels: `re-referral` → "Re-referral". */
export function taskTypeInWords(type: string): string {
  return labelOf(type);
}

/** "5pm on Monday 7 December 2026" */
export function instantInWords(instant: Date): string {
  return `${timeInWords(instant)} on ${dayInWords(instant)}`;
}

const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})\b/g;
const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/g;

/**
 * A note the API wrote with ISO dates in it (the day-of-release rule's reason), with each date
 * and instant in words: "CRD 2027-03-12 is…" → "CRD Friday 12 March 2027 is…".
 */
export function datesInWords(text: string): string {
  return String(text ?? '')
    .replace(ISO_INSTANT, (iso) => instantInWords(new Date(iso)))
    .replace(ISO_DATE, (date) => dayInWords(date));
}

/**
 * Why an escalation was raised, in words. The ladder records "<task type> is due <instant>";
 * that becomes "Assessment was due by 5pm on Monday 7 December 2026" (or "is due by", before
 * then). Any other reason keeps its words, with its dates written out.
 */
export function escalationReasonInWords(reason: string, now = new Date()): string {
  const due = /^([a-z-]+) is due (\S+)$/.exec(String(reason ?? ''));
  const at = due ? new Date(due[2]) : undefined;
  if (!due || !at || Number.isNaN(at.getTime())) return datesInWords(reason);
  return `${labelOf(due[1])} ${at < now ? 'was' : 'is'} due by ${instantInWords(at)}`;
}

/** Outcomes that are not what the step hoped for: shown as what happened, never "Done". */
const UNWANTED_OUTCOMES: Record<string, string> = {
  declined: 'Declined',
  'did-not-attend': 'Did not attend',
  'declined-by-person': 'Declined by the person',
};

/** The GOV.UK tag colour for a task's state. */
export function stateTagClass(task: { state: string; overdue?: boolean; outcome?: string | null }): string {
  if (task.state === 'open' && task.overdue) return 'govuk-tag--red';
  if (task.state === 'done' && task.outcome && Object.hasOwn(UNWANTED_OUTCOMES, task.outcome)) return 'govuk-tag--orange';
  return { open: 'govuk-tag--blue', done: 'govuk-tag--green', cancelled: 'govuk-tag--grey' }[task.state] ?? 'govuk-tag--grey';
}

export function stateInWords(task: { state: string; overdue?: boolean; outcome?: string | null }): string {
  if (task.state === 'open' && task.overdue) return 'Overdue';
  if (task.state === 'done' && task.outcome && Object.hasOwn(UNWANTED_OUTCOMES, task.outcome)) return UNWANTED_OUTCOMES[task.outcome];
  return { open: 'Open', done: 'Done', cancelled: 'Cancelled' }[task.state] ?? task.state;
}
