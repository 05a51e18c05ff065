import { DateTime } from 'luxon';
import { instantOfLondonWallClock, londonOffsetMs, londonWallClock } from './london-clock';

const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);

describe('London wall clock', () => {
  it('is GMT in winter and BST in summer', () => {
    expect(londonOffsetMs(Date.parse('2026-01-15T12:00:00Z'))).toBe(0);
    expect(londonOffsetMs(Date.parse('2026-07-15T12:00:00Z'))).toBe(HOUR);
  });

  it('changes the offset at 01:00 UTC on the last Sundays of March and October', () => {
    expect(londonOffsetMs(Date.parse('2026-03-29T00:59:59.999Z'))).toBe(0);
    expect(londonOffsetMs(Date.parse('2026-03-29T01:00:00Z'))).toBe(HOUR);
    expect(londonOffsetMs(Date.parse('2026-10-25T00:59:59.999Z'))).toBe(HOUR);
    expect(londonOffsetMs(Date.parse('2026-10-25T01:00:00Z'))).toBe(0);
  });

  it('reads the same wall clock as luxon at every half hour of 2026 and 2027', () => {
    const mismatches: string[] = [];
    for (let t = Date.parse('2026-01-01T00:00:00Z'); t < Date.parse('2028-01-01T00:00:00Z'); t += HOUR / 2) {
      const ours = londonWallClock(new Date(t));
      const theirs = DateTime.fromMillis(t, { zone: 'Europe/London' });
      const same =
        ours.year === theirs.year && ours.month === theirs.month && ours.day === theirs.day && ours.hour === theirs.hour && ours.minute === theirs.minute;
      if (!same) mismatches.push(new Date(t).toISOString());
    }
    expect(mismatches).toEqual([]);
  });

  it('finds the instant of every unambiguous half-hour reading as luxon does, and round-trips it', () => {
    const mismatches: string[] = [];
    for (let day = Date.parse('2026-01-01T00:00:00Z'); day < Date.parse('2028-01-01T00:00:00Z'); day += 24 * HOUR) {
      const date = new Date(day);
      for (let minutes = 0; minutes < 24 * 60; minutes += 30) {
        const clock = { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 };
        const theirs = DateTime.fromObject(clock, { zone: 'Europe/London' });
        const ambiguousOrSkipped = theirs.hour !== clock.hour || theirs.minus({ hours: 1 }).hour === clock.hour || theirs.plus({ hours: 1 }).hour === clock.hour;
        if (ambiguousOrSkipped) continue;
        const ours = instantOfLondonWallClock(clock);
        if (ours.getTime() !== theirs.toMillis() || londonWallClock(ours).hour !== clock.hour) mismatches.push(JSON.stringify(clock));
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('reads 01:30 on the autumn change day, shown twice, as the earlier (summer-time) instant', () => {
    expect(instantOfLondonWallClock({ year: 2026, month: 10, day: 25, hour: 1, minute: 30, second: 0, millisecond: 0 })).toEqual(at('2026-10-25T00:30:00Z'));
  });

  it('reads 01:30 on the spring change day, never shown, as 02:30 summer time', () => {
    expect(instantOfLondonWallClock({ year: 2026, month: 3, day: 29, hour: 1, minute: 30, second: 0, millisecond: 0 })).toEqual(at('2026-03-29T01:30:00Z'));
  });

  it('keeps seconds and milliseconds', () => {
    const instant = at('2026-06-01T16:00:05.250Z');
    expect(londonWallClock(instant)).toEqual({ year: 2026, month: 6, day: 1, hour: 17, minute: 0, second: 5, millisecond: 250 });
    expect(instantOfLondonWallClock(londonWallClock(instant))).toEqual(instant);
  });
});
