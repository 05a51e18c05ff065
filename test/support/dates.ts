/**
 * Dates for tests, counted from today in Europe/London, so a suite holds on any day: fixed
 * dates drift out of the supported range, or into late registration, as the calendar moves.
 */
import { addDays, COMPILED_CALENDAR, dayOfWeek, isWorkingDay, LocalDate, londonDateOf } from '@throughcare/domain';

export function londonToday(): LocalDate {
  return londonDateOf(new Date());
}

export function londonDaysAhead(days: number): LocalDate {
  return addDays(londonToday(), days);
}

/**
 * A Friday at least `weeks` weeks ahead whose Thursday and Friday are working days, so the
 * non-Friday rule brings a CRD on it forward by exactly one day, to the Thursday.
 */
export function movableFridayAhead(weeks: number): { friday: LocalDate; thursday: LocalDate } {
  let friday = londonDaysAhead(weeks * 7);
  while (dayOfWeek(friday) !== 5 || !isWorkingDay(friday, COMPILED_CALENDAR) || !isWorkingDay(addDays(friday, -1), COMPILED_CALENDAR)) friday = addDays(friday, 1);
  return { friday, thursday: addDays(friday, -1) };
}

/** The default registration's release: a Friday sixteen weeks ahead, well before the 12-week late rule. */
export const DEFAULT_RELEASE = movableFridayAhead(16);
