import published from './england-and-wales-bank-holidays.json';
import { COMPILED_CALENDAR, COMPILED_CALENDAR_ID, isBankHoliday, pinHolidayCalendar } from './holiday-calendar';
import { addWorkingDays, isWorkingDay } from './working-days';

describe('a pathway’s pinned holiday calendar', () => {
  const pinned = pinHolidayCalendar('2027-01-04');

  it('holds the compiled holidays from the year before registration to five years after, named by the list it came from', () => {
    expect(pinned).toMatchObject({ id: COMPILED_CALENDAR_ID, fromYear: 2026, toYear: 2032 });
    expect(pinned.holidays).toEqual(expect.arrayContaining(['2026-12-25', '2027-03-26', '2027-12-27', '2032-12-27']));
    expect(isBankHoliday('2027-03-26', pinned)).toBe(true);
  });

  it('counts working days by its own list only, and by the standard pattern outside its years', () => {
    const oneOff = { ...pinned, holidays: [...pinned.holidays, '2027-03-25'] };
    expect(isWorkingDay('2027-03-25', oneOff)).toBe(false);
    expect(isWorkingDay('2027-03-25', COMPILED_CALENDAR)).toBe(true);
    expect(addWorkingDays('2027-03-24', 1, oneOff)).toBe('2027-03-30');
    // 2040 is outside it: Christmas Day still counts, from the standard pattern.
    expect(isBankHoliday('2040-12-25', pinned)).toBe(true);
  });

  it('keeps a running pathway’s working days when a refresh changes the compiled list; new pathways get the new list', () => {
    const before = addWorkingDays('2027-03-24', 1, pinned);
    jest.isolateModules(() => {
      // The list as a refresh might bring it: a one-off bank holiday announced on Thursday 25 March 2027.
      jest.doMock('./england-and-wales-bank-holidays.json', () => ({
        ...published,
        retrieved: '2027-02-01',
        events: [...published.events, { date: '2027-03-25', title: 'A one-off bank holiday' }],
      }));
      const refreshed = jest.requireActual<typeof import('./working-days')>('./working-days');
      const calendars = jest.requireActual<typeof import('./holiday-calendar')>('./holiday-calendar');
      expect(refreshed.addWorkingDays('2027-03-24', 1, pinned)).toBe(before);
      expect(refreshed.addWorkingDays('2027-03-24', 1, calendars.COMPILED_CALENDAR)).toBe('2027-03-30');
      const fresh = calendars.pinHolidayCalendar('2027-02-01');
      expect(fresh.id).not.toBe(pinned.id);
      expect(refreshed.addWorkingDays('2027-03-24', 1, fresh)).toBe('2027-03-30');
    });
  });
});
