/**
 * The day of release, named once: the date the prison gave and its type, the day the
 * day-of-release rule makes of it (with the reason when it moved it), and the actual day once
 * recorded. T, the day every post-release deadline and the outcome window count from, is the
 * actual day if recorded, else the expected one. The workflow keeps this; the read model
 * stores T and the reason as it computed them, so no reader recomputes either.
 */
import type { HolidayCalendar, LocalDate } from '../calendar';
import { expectedReleaseDay, ReleaseDateType } from './release-day';

export interface ReleaseDay {
  /** The date the prison gave. */
  given: LocalDate;
  type: ReleaseDateType;
  /** The expected day: `given`, or the day the rule brought it forward to. */
  expected: LocalDate;
  /** Why the rule moved the day; absent when it did not. */
  adjustmentReason?: string;
  /** The day the person actually left, once recorded. */
  actual?: LocalDate;
}

/** The release day the prison gave, as the rule plans it on `today` by the pathway's calendar (a date already past stays as given). */
export function plannedReleaseDay(given: LocalDate, type: ReleaseDateType, today: LocalDate, calendar: HolidayCalendar): ReleaseDay {
  const day = expectedReleaseDay(given, type, today, calendar);
  return { given, type, expected: day.expectedReleaseDate, adjustmentReason: day.adjustmentReason };
}

/** T: the actual day of release if recorded, else the expected one. */
export function dayT(day: Pick<ReleaseDay, 'expected' | 'actual'>): LocalDate {
  return day.actual ?? day.expected;
}

/** The date the rule moved the day from, when it moved it. */
export function adjustedFrom(day: Pick<ReleaseDay, 'given' | 'expected'>): LocalDate | undefined {
  return day.expected === day.given ? undefined : day.given;
}
