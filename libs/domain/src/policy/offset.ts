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
  // luxon reads `P` and `PT` as durations of nothing: not a length anyone wrote on purpose.
  if (!duration.isValid || Object.keys(duration.toObject()).length === 0) throw new RangeError(`Not an offset: ${offset}`);
  return { kind: 'duration', duration, negative };
}

/**
 * Adds a duration on the London calendar, so `P1M` is a calendar month and `P1D` a calendar
 * day across clock changes. A result the calendar cannot hold (`P99999999Y`) is refused at
 * once rather than handed on as an invalid date.
 */
export function addDuration(instant: Date, offset: Extract<ParsedOffset, { kind: 'duration' }>): Date {
  const from = DateTime.fromJSDate(instant, { zone: LONDON });
  const moved = offset.negative ? from.minus(offset.duration) : from.plus(offset.duration);
  if (!moved.isValid || moved.year < 1 || moved.year > 9999) throw new RangeError('A duration that leaves the calendar');
  return moved.toJSDate();
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
export function shiftInstant(instant: Date, offset: string, calendar: HolidayCalendar): Date {
  const parsed = parseOffset(offset);
  if (parsed.kind === 'duration') return addDuration(instant, parsed);
  const date = londonDateOf(instant);
  const shifted = parsed.working ? addWorkingDays(date, parsed.days, calendar) : addDays(date, parsed.days);
  return londonInstant(shifted, londonTimeOf(instant));
}
