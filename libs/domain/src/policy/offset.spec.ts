import { isValidOffset, shiftInstant } from './offset';
import { COMPILED_CALENDAR } from '../calendar';

describe('offsets', () => {
  it('reads working days, calendar days and ISO-8601 durations', () => {
    expect(['-20WD', '+21D', 'PT30S', '-P1M', '+PT5S'].every(isValidOffset)).toBe(true);
  });

  it('refuses a duration with no length, as no one writes one on purpose', () => {
    expect(['P', 'PT', '-P', '+PT'].some(isValidOffset)).toBe(false);
  });

  it('refuses at once a move the calendar cannot hold, instead of handing on an invalid date', () => {
    const from = new Date('2027-01-11T17:00:00Z');
    for (const offset of ['P99999999Y', 'PT99999999999999999999S', '+99999999999999999999D', '+99999999WD', '-P9000Y']) {
      const started = Date.now();
      expect(() => shiftInstant(from, offset, COMPILED_CALENDAR)).toThrow(RangeError);
      expect(Date.now() - started).toBeLessThan(500);
    }
    expect(shiftInstant(from, 'P1Y', COMPILED_CALENDAR).toISOString()).toBe('2028-01-11T17:00:00.000Z');
  });
});
