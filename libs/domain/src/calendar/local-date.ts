/**
 * Calendar dates as ISO strings (YYYY-MM-DD) in Europe/London.
 * Pure date arithmetic for the pathway rules; no clock, no I/O, so workflows can import it.
 */
import { DateTime } from 'luxon';
import { instantOfLondonWallClock, londonWallClock, WallClock } from './london-clock';

export const LONDON = 'Europe/London';

/** An ISO calendar date, YYYY-MM-DD. */
export type LocalDate = string;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isLocalDate(value: string): boolean {
  return ISO_DATE.test(value) && DateTime.fromISO(value).isValid;
}

/**
 * A calendar date as midnight UTC. Day arithmetic needs no time zone, and a zone-aware
 * DateTime costs an Intl offset lookup per step: the working-day rules step day by day.
 */
function utcMidnight(date: LocalDate): Date {
  const utc = new Date(ISO_DATE.test(date) ? `${date}T00:00:00Z` : NaN);
  if (Number.isNaN(utc.getTime()) || utc.toISOString().slice(0, 10) !== date) throw new RangeError(`Not a calendar date: ${date}`);
  return utc;
}

/** Refuses a result outside the years 0000 to 9999, which no later step could read back as a date. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const utc = utcMidnight(date);
  utc.setUTCDate(utc.getUTCDate() + days);
  const moved = Number.isNaN(utc.getTime()) ? '' : utc.toISOString().slice(0, 10);
  if (!ISO_DATE.test(moved)) throw new RangeError(`Cannot add ${days} days to ${date}: beyond the calendar`);
  return moved;
}

/** 1 = Monday … 7 = Sunday. */
export function dayOfWeek(date: LocalDate): number {
  return ((utcMidnight(date).getUTCDay() + 6) % 7) + 1;
}

/** The London calendar date of an instant. */
export function londonDateOf(instant: Date): LocalDate {
  return dateOf(londonWallClock(instant));
}

/** The instant of a wall-clock time (HH:mm[:ss[.SSS]]) on a London calendar date, right across clock changes. */
export function londonInstant(date: LocalDate, timeOfDay: string): Date {
  utcMidnight(date); // refuses what is not a calendar date
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute, seconds = '0'] = timeOfDay.split(':');
  const [second, millisecond = '0'] = seconds.split('.');
  return instantOfLondonWallClock({ year, month, day, hour: Number(hour), minute: Number(minute), second: Number(second), millisecond: Number(millisecond) });
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO-8601 date-time with an explicit offset, so it names one instant. */
export function isValidInstant(value: string): boolean {
  return ISO_INSTANT.test(value) && DateTime.fromISO(value, { setZone: true }).isValid;
}

/** The London wall-clock time of an instant, HH:mm:ss.SSS. */
export function londonTimeOf(instant: Date): string {
  return timeOf(londonWallClock(instant));
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function dateOf(clock: WallClock): LocalDate {
  return `${pad(clock.year, 4)}-${pad(clock.month)}-${pad(clock.day)}`;
}

function timeOf(clock: WallClock): string {
  return `${pad(clock.hour)}:${pad(clock.minute)}:${pad(clock.second)}.${pad(clock.millisecond, 3)}`;
}
