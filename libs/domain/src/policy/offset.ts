/**
 * Offsets, the one vocabulary for "how long after": `-20WD` working days, `+21D` calendar
 * days, or an ISO-8601 duration (`PT30S`, `-PT5S`) for hour-level steps and fast test policies.
 */
import { DateTime, Duration } from 'luxon';
import { addDays, addWorkingDays, HolidayCalendar, LONDON, londonDateOf, londonInstant, londonTimeOf } from '../calendar';

const DAY_OFFSET = /^([+-]?\d+)(WD|D)$/;

export type ParsedOffset = { kind: 'days'; days: number; working: boolean } | { kind: 'duration'; duration: Duration; negative: boolean };

export function parseOffset(offset: string): ParsedOffset {
  const days = DAY_OFFSET.exec(offset);
  if (days) return { kind: 'days', days: Number(days[1]), working: days[2] === 'WD' };
  const negative = offset.startsWith('-');
  const duration = Duration.fromISO(negative || offset.startsWith('+') ? offset.slice(1) : offset);
  if (!duration.isValid) throw new RangeError(`Not an offset: ${offset}`);
  return { kind: 'duration', duration, negative };
}

/** Adds a duration on the London calendar, so `P1M` is a calendar month and `P1D` a calendar day across clock changes. */
export function addDuration(instant: Date, offset: Extract<ParsedOffset, { kind: 'duration' }>): Date {
  const from = DateTime.fromJSDate(instant, { zone: LONDON });
  return (offset.negative ? from.minus(offset.duration) : from.plus(offset.duration)).toJSDate();
}

export function isValidOffset(offset: string): boolean {
  try {
    parseOffset(offset);
    return true;
  } catch {
    return false;
  }
}

/** Shifts an instant; day offsets keep its London wall-clock time, so 17:00 stays 17:00 across clock changes. */
export function shiftInstant(instant: Date, offset: string, calendar?: HolidayCalendar): Date {
  const parsed = parseOffset(offset);
  if (parsed.kind === 'duration') return addDuration(instant, parsed);
  const date = londonDateOf(instant);
  const shifted = parsed.working ? addWorkingDays(date, parsed.days, calendar) : addDays(date, parsed.days);
  return londonInstant(shifted, londonTimeOf(instant));
}
