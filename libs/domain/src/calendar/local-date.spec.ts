import { addDays, dayOfWeek, londonInstant } from './local-date';

describe('calendar dates', () => {
  it('adds days across the clock changes, month ends and a leap day', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29'); // the spring clock change
    expect(addDays('2026-10-24', 2)).toBe('2026-10-26'); // the autumn one
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2026-11-23', 365)).toBe('2027-11-23');
  });

  it('names the weekday, Monday 1 to Sunday 7', () => {
    expect(dayOfWeek('2026-11-23')).toBe(1);
    expect(dayOfWeek('2026-03-29')).toBe(7);
    expect(dayOfWeek('2027-03-26')).toBe(5);
  });

  it('refuses what is not a calendar date', () => {
    expect(() => addDays('2027-02-29', 1)).toThrow(RangeError);
    expect(() => dayOfWeek('2026-13-01')).toThrow(RangeError);
    expect(() => addDays('23/11/2026', 1)).toThrow(RangeError);
  });

  it('refuses a move past the years it can write, rather than return what is not a date', () => {
    expect(() => addDays('2027-01-11', 99_999_999_999_999_999_999)).toThrow(RangeError);
    expect(() => addDays('2027-01-11', 3_000_000)).toThrow(RangeError); // past 9999
    expect(() => addDays('2027-01-11', -800_000)).toThrow(RangeError); // before year 0
    expect(addDays('9999-12-30', 1)).toBe('9999-12-31');
  });

  it('puts a wall-clock time on a London date in summer and winter time', () => {
    expect(londonInstant('2026-07-01', '17:00').toISOString()).toBe('2026-07-01T16:00:00.000Z');
    expect(londonInstant('2026-12-01', '17:00').toISOString()).toBe('2026-12-01T17:00:00.000Z');
  });
});
