/**
 * Europe/London wall-clock time from the platform's time-zone database, through one Intl
 * formatter. Every deadline of every pathway is computed here inside a workflow, and
 * Temporal evaluates a workflow's modules afresh for each workflow, so a date library's
 * zone, formatter and parser caches start cold for every pathway: with luxon that was
 * about a quarter of the worker's CPU for a registration (bench/, docs/benchmarks.md).
 *
 * Assumes at most one change of offset within any two days, as the Temporal proposal's
 * reference polyfill does; London has never had two.
 */
const ZONE = 'Europe/London';
const MINUTE = 60_000;
const DAY = 86_400_000;
const OFFSET_NAME = /^GMT(?:([+-])(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?)?$/;

let formatter: Intl.DateTimeFormat | undefined;

/** London's offset from UTC at an instant, in milliseconds (0 in winter, 3,600,000 in summer). */
export function londonOffsetMs(epochMs: number): number {
  formatter ??= new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, timeZoneName: 'longOffset' });
  const name = formatter.formatToParts(epochMs).find((part) => part.type === 'timeZoneName')?.value ?? '';
  const match = OFFSET_NAME.exec(name);
  if (!match) throw new RangeError(`Unexpected offset name from Intl: ${name}`);
  const [, sign, hours = '0', minutes = '0', seconds = '0'] = match;
  const ms = (Number(hours) * 60 + Number(minutes)) * MINUTE + Number(seconds) * 1000;
  return sign === '-' ? -ms : ms;
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** The London wall-clock reading at an instant. */
export function londonWallClock(instant: Date): WallClock {
  const local = new Date(instant.getTime() + londonOffsetMs(instant.getTime()));
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    millisecond: local.getUTCMilliseconds(),
  };
}

/**
 * The instant a London wall clock shows a reading. A reading the autumn change shows twice
 * is the earlier instant; one the spring change skips is read with the winter offset, so
 * 01:30 becomes 02:30 summer time (the "compatible" rule of RFC 9557 and java.time).
 */
export function instantOfLondonWallClock(clock: WallClock): Date {
  const local = Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second, clock.millisecond);
  const before = londonOffsetMs(local - DAY);
  const after = londonOffsetMs(local + DAY);
  if (before === after) return new Date(local - before);
  const candidates = [local - before, local - after].filter((at, i) => londonOffsetMs(at) === (i === 0 ? before : after));
  if (candidates.length === 0) return new Date(local - before); // in the gap: pushed forward by it
  return new Date(Math.min(...candidates));
}
