/**
 * Working days in England and Wales: Monday to Friday except bank holidays. Each function
 * takes the calendar to count with, always: a pathway's (or a digest's) pinned one in a
 * workflow, COMPILED_CALENDAR elsewhere.
 */
import { HolidayCalendar, isBankHoliday } from './holiday-calendar';
import { addDays, dayOfWeek, LocalDate } from './local-date';

export function isWorkingDay(date: LocalDate, calendar: HolidayCalendar): boolean {
  return dayOfWeek(date) <= 5 && !isBankHoliday(date, calendar);
}

/**
 * The most working days counted in one move: about five years, as far as a pathway's pinned
 * calendar reaches and far past any deadline a policy means (policies are bounded at 260 when
 * saved). Counting steps day by day, so a stored policy saying `+99999999WD` would otherwise
 * keep a workflow task busy until Temporal's deadlock detector stopped it, retried for ever;
 * refused at once, the pathway fails visibly instead.
 */
export const MAX_WORKING_DAYS_COUNTED = 1_305;

/**
 * Moves n working days from a date (n may be negative). Counting starts from the next
 * (or previous) working day, so "T + 1 WD" from a Friday is the Monday, and "T + 0 WD"
 * on a non-working day rolls forward to the next working day.
 */
export function addWorkingDays(date: LocalDate, n: number, calendar: HolidayCalendar): LocalDate {
  if (!Number.isInteger(n) || Math.abs(n) > MAX_WORKING_DAYS_COUNTED) {
    throw new RangeError(`Cannot count ${n} working days: at most ${MAX_WORKING_DAYS_COUNTED} either way`);
  }
  let d = date;
  if (n === 0) {
    while (!isWorkingDay(d, calendar)) d = addDays(d, 1);
    return d;
  }
  // Counted on day numbers since 1970, the weekday by arithmetic: a date string is made only
  // for a weekday, to ask whether it is a bank holiday. A policy's deadlines and ladder count
  // hundreds of days each inside one workflow task, which the deadlock detector allows 2 s.
  const step = n > 0 ? 1 : -1;
  let remaining = Math.abs(n);
  let day = Date.parse(`${addDays(date, 0)}T00:00:00Z`) / DAY_MS;
  while (remaining > 0) {
    day += step;
    const weekday = (((day + 4) % 7) + 7) % 7; // 1 January 1970 was a Thursday; 0 is Sunday
    if (weekday === 0 || weekday === 6) continue;
    d = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (!isBankHoliday(d, calendar)) remaining--;
  }
  return addDays(d, 0); // refuses what is past the calendar's years
}

const DAY_MS = 86_400_000;

export function nextWorkingDay(date: LocalDate, calendar: HolidayCalendar): LocalDate {
  return addWorkingDays(date, 1, calendar);
}
