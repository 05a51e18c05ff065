/**
 * The day-of-release rule (DESIGN §3.1). Since December 2023 releases on CRD, ARD and
 * PRRD dates are brought forward while the day, or the day after it, is not a working
 * day, so nobody leaves prison on a Friday or the eve of a bank holiday with services shut.
 * Other date types (HDCAD, APD, CONFIRMED) are never moved.
 *
 * The rule plans a release: a date already past is a fact, not a plan, and stays as given.
 * HMPPS's calculate-release-dates-api (NonFridayReleaseService) does the same: it moves only
 * dates from today on.
 */
import { addDays, HolidayCalendar, isWorkingDay, LocalDate } from '../calendar';

export const RELEASE_DATE_TYPES = ['CRD', 'ARD', 'PRRD', 'HDCAD', 'APD', 'CONFIRMED'] as const;
export type ReleaseDateType = (typeof RELEASE_DATE_TYPES)[number];

const MOVABLE: ReadonlySet<ReleaseDateType> = new Set(['CRD', 'ARD', 'PRRD']);

export interface ExpectedReleaseDay {
  expectedReleaseDate: LocalDate;
  /** The date the prison gave, when the rule moved it. */
  releaseDateAdjustedFrom?: LocalDate;
  adjustmentReason?: string;
}

/**
 * The day the person is expected to leave prison.
 * @param today the London date the rule is applied on: a release date before it is left as given.
 *   Without it the rule applies to any date, which only explains an adjustment already made.
 */
export function expectedReleaseDay(releaseDate: LocalDate, type: ReleaseDateType, today: LocalDate | undefined, calendar: HolidayCalendar): ExpectedReleaseDay {
  const working = (date: LocalDate) => isWorkingDay(date, calendar);
  if (!MOVABLE.has(type)) return { expectedReleaseDate: releaseDate };
  if (today !== undefined && releaseDate < today) return { expectedReleaseDate: releaseDate };
  let day = releaseDate;
  while (!working(day) || !working(addDays(day, 1))) day = addDays(day, -1);
  if (day === releaseDate) return { expectedReleaseDate: releaseDate };
  return {
    expectedReleaseDate: day,
    releaseDateAdjustedFrom: releaseDate,
    adjustmentReason: `${type} ${releaseDate} is ${working(releaseDate) ? 'the day before a non-working day' : 'not a working day'}; brought forward to ${day}, the last working day before it that is followed by one`,
  };
}
