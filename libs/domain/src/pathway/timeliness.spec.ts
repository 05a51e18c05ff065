import { COMPILED_CALENDAR, pinHolidayCalendar } from '../calendar';
import { timelinessOf, workingDaysLate } from './timeliness';

const NOW = new Date('2027-01-06T12:00:00Z');
const at = (iso: string) => new Date(iso);

describe('due, on time and late', () => {
  it('counts a task done by its deadline as on time, to the second', () => {
    expect(timelinessOf({ state: 'done', dueAt: at('2027-01-05T17:00:00Z'), completedAt: at('2027-01-05T17:00:00Z') }, NOW)).toBe('on-time');
  });

  it('counts a task done after its deadline, or open past it, as late', () => {
    expect(timelinessOf({ state: 'done', dueAt: at('2027-01-05T17:00:00Z'), completedAt: at('2027-01-05T17:00:01Z') }, NOW)).toBe('late');
    expect(timelinessOf({ state: 'open', dueAt: at('2027-01-06T11:59:59Z') }, NOW)).toBe('late');
  });

  it('leaves out a task still open before its deadline, and every cancelled one', () => {
    expect(timelinessOf({ state: 'open', dueAt: NOW }, NOW)).toBe('not-due');
    expect(timelinessOf({ state: 'cancelled', dueAt: at('2027-01-01T17:00:00Z') }, NOW)).toBe('not-due');
  });

  it('measures lateness in working days from the deadline’s London day, 0 on the day itself', () => {
    expect(workingDaysLate({ state: 'done', dueAt: at('2027-01-05T17:00:00Z'), completedAt: at('2027-01-05T22:00:00Z') }, NOW, COMPILED_CALENDAR)).toBe(0);
    // Due Friday 18 December 2026, still open on Wednesday 6 January: Christmas, the Boxing Day substitute and New Year's Day are not counted.
    expect(workingDaysLate({ state: 'open', dueAt: at('2026-12-18T17:00:00Z') }, NOW, COMPILED_CALENDAR)).toBe(10);
    expect(workingDaysLate({ state: 'done', dueAt: at('2027-01-04T17:00:00Z'), completedAt: at('2027-01-04T09:00:00Z') }, NOW, COMPILED_CALENDAR)).toBeUndefined();
  });

  it('counts on the calendar given: a one-off holiday is not a day late', () => {
    const pinned = pinHolidayCalendar('2026-12-01');
    const task = { state: 'done' as const, dueAt: at('2027-01-04T17:00:00Z'), completedAt: at('2027-01-06T10:00:00Z') };
    expect(workingDaysLate(task, NOW, pinned)).toBe(2);
    expect(workingDaysLate(task, NOW, { ...pinned, holidays: [...pinned.holidays, '2027-01-05'] })).toBe(1);
  });
});
