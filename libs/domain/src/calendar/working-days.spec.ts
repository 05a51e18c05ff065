import { bankHoliday, bankHolidaysIn, easterSunday, standardBankHolidays } from './bank-holidays';
import { addWorkingDays, isWorkingDay, MAX_WORKING_DAYS_COUNTED } from './working-days';
import { COMPILED_CALENDAR } from './holiday-calendar';

describe('England and Wales working days', () => {
  it('treats Good Friday and Easter Monday as non-working days', () => {
    expect(isWorkingDay('2026-04-03', COMPILED_CALENDAR)).toBe(false);
    expect(isWorkingDay('2026-04-06', COMPILED_CALENDAR)).toBe(false);
    expect(isWorkingDay('2026-04-07', COMPILED_CALENDAR)).toBe(true);
  });

  it('counts working days across Easter', () => {
    // Thursday 2 April 2026 + 1 WD skips Good Friday, the weekend and Easter Monday.
    expect(addWorkingDays('2026-04-02', 1, COMPILED_CALENDAR)).toBe('2026-04-07');
    expect(addWorkingDays('2026-04-07', -1, COMPILED_CALENDAR)).toBe('2026-04-02');
    expect(addWorkingDays('2026-04-07', -20, COMPILED_CALENDAR)).toBe('2026-03-06');
  });

  it('knows the Christmas substitute days when Christmas falls at a weekend', () => {
    expect(isWorkingDay('2027-12-27', COMPILED_CALENDAR)).toBe(false);
    expect(isWorkingDay('2027-12-28', COMPILED_CALENDAR)).toBe(false);
    expect(isWorkingDay('2027-12-29', COMPILED_CALENDAR)).toBe(true);
    expect(bankHoliday('2026-12-28')).toMatchObject({ title: 'Boxing Day', provisional: false });
  });

  it('refuses at once to count more working days than it supports, rather than step through millions of days', () => {
    const started = Date.now();
    expect(() => addWorkingDays('2027-01-11', 99_999_999, COMPILED_CALENDAR)).toThrow(RangeError);
    expect(() => addWorkingDays('2027-01-11', -(MAX_WORKING_DAYS_COUNTED + 1), COMPILED_CALENDAR)).toThrow(RangeError);
    expect(() => addWorkingDays('2027-01-11', 1.5, COMPILED_CALENDAR)).toThrow(RangeError);
    expect(Date.now() - started).toBeLessThan(100);
    expect(addWorkingDays('2027-01-11', MAX_WORKING_DAYS_COUNTED, COMPILED_CALENDAR) > '2031-12-31').toBe(true);
  });

  it('rolls a zero offset on a non-working day forward to the next working day', () => {
    expect(addWorkingDays('2026-11-21', 0, COMPILED_CALENDAR)).toBe('2026-11-23');
    expect(addWorkingDays('2026-11-20', 0, COMPILED_CALENDAR)).toBe('2026-11-20');
  });

  it('keeps one-off holidays from the published list', () => {
    expect(isWorkingDay('2022-09-19', COMPILED_CALENDAR)).toBe(false); // State funeral of Queen Elizabeth II
    expect(isWorkingDay('2023-05-08', COMPILED_CALENDAR)).toBe(false); // Coronation of King Charles III
  });
});

describe('bank holidays beyond the published list', () => {
  it('computes Easter Sunday', () => {
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2028)).toBe('2028-04-16');
  });

  it('reproduces the published years that had no one-off holidays', () => {
    for (const year of [2024, 2025, 2026, 2027]) {
      expect(standardBankHolidays(year).map((h) => h.date)).toEqual(bankHolidaysIn(year).map((h) => h.date));
    }
  });

  it('marks computed years provisional, with the New Year substitute for 2028', () => {
    const holidays = bankHolidaysIn(2028);
    expect(holidays.map((h) => h.date)).toEqual([
      '2028-01-03',
      '2028-04-14',
      '2028-04-17',
      '2028-05-01',
      '2028-05-29',
      '2028-08-28',
      '2028-12-25',
      '2028-12-26',
    ]);
    expect(holidays.every((h) => h.provisional)).toBe(true);
  });
});
