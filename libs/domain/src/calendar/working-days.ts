/** Working days in England and Wales: Monday to Friday except bank holidays. */
import { bankHoliday } from './bank-holidays';
import { addDays, dayOfWeek, LocalDate } from './local-date';

export function isWorkingDay(date: LocalDate): boolean {
  return dayOfWeek(date) <= 5 && !bankHoliday(date);
}

/**
 * Moves n working days from a date (n may be negative). Counting starts from the next
 * (or previous) working day, so "T + 1 WD" from a Friday is the Monday, and "T + 0 WD"
 * on a non-working day rolls forward to the next working day.
 */
export function addWorkingDays(date: LocalDate, n: number): LocalDate {
  let d = date;
  if (n === 0) {
    while (!isWorkingDay(d)) d = addDays(d, 1);
    return d;
  }
  const step = n > 0 ? 1 : -1;
  let remaining = Math.abs(n);
  while (remaining > 0) {
    d = addDays(d, step);
    if (isWorkingDay(d)) remaining--;
  }
  return d;
}

export function nextWorkingDay(date: LocalDate): LocalDate {
  return addWorkingDays(date, 1);
}
