/**
 * The dates the product can plan with. A date outside these ranges is refused at the edge
 * (and again in the workflow's validators), never carried into a pathway that would fail on
 * it: the calendar, the ladder and the 21-day window are only meaningful near today.
 */
import { addDays, LocalDate } from '../calendar';

/** A release (expected, changed, or recorded as happened) from eight weeks ago… */
export const RELEASE_DATE_PAST_DAYS = 56;
/** …to three years ahead: pathways are registered in the weeks before release, not years. */
export const RELEASE_DATE_FUTURE_YEARS = 3;
/** A living adult: at least 18 years old today, and not older than 120. */
export const ADULT_AGE_YEARS = 18;
export const OLDEST_AGE_YEARS = 120;

/** The same day `years` later (or earlier); 29 February becomes 28 February in a year without one. */
function addYears(date: LocalDate, years: number): LocalDate {
  const [y, m, d] = date.split('-').map(Number);
  const year = y + years;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = m === 2 && d === 29 && !leap ? 28 : d;
  return addDays(`${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`, 0);
}

export interface DateRange {
  earliest: LocalDate;
  latest: LocalDate;
}

export function releaseDateRange(today: LocalDate): DateRange {
  return { earliest: addDays(today, -RELEASE_DATE_PAST_DAYS), latest: addYears(today, RELEASE_DATE_FUTURE_YEARS) };
}

export function dateOfBirthRange(today: LocalDate): DateRange {
  return { earliest: addYears(today, -OLDEST_AGE_YEARS), latest: addYears(today, -ADULT_AGE_YEARS) };
}

/** Why a date is outside a range, or undefined. ISO dates compare as strings. */
export function outOfRangeProblem(date: LocalDate, range: DateRange): string | undefined {
  if (date < range.earliest || date > range.latest) return `must be from ${range.earliest} to ${range.latest}`;
  return undefined;
}
