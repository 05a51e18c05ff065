/**
 * Offsets, the one vocabulary for "how long after": `-20WD` working days, `+21D` calendar
 * days, or an ISO-8601 duration (`PT30S`, `-PT5S`) for hour-level steps and fast test policies.
 */
import { Duration } from 'luxon';
import { addDays, addWorkingDays, londonDateOf, londonInstant, londonTimeOf } from '../calendar';

const DAY_OFFSET = /^([+-]?\d+)(WD|D)$/;

export type ParsedOffset = { kind: 'days'; days: number; working: boolean } | { kind: 'duration'; ms: number };

export function parseOffset(offset: string): ParsedOffset {
  const days = DAY_OFFSET.exec(offset);
  if (days) return { kind: 'days', days: Number(days[1]), working: days[2] === 'WD' };
  const negative = offset.startsWith('-');
  const duration = Duration.fromISO(negative || offset.startsWith('+') ? offset.slice(1) : offset);
  if (!duration.isValid) throw new RangeError(`Not an offset: ${offset}`);
  return { kind: 'duration', ms: (negative ? -1 : 1) * duration.as('milliseconds') };
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
export function shiftInstant(instant: Date, offset: string): Date {
  const parsed = parseOffset(offset);
  if (parsed.kind === 'duration') return new Date(instant.getTime() + parsed.ms);
  const date = londonDateOf(instant);
  const shifted = parsed.working ? addWorkingDays(date, parsed.days) : addDays(date, parsed.days);
  return londonInstant(shifted, londonTimeOf(instant));
}
