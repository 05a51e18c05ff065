import { adjustedFrom, dayT, plannedReleaseDay } from './release-day-value';
import { COMPILED_CALENDAR } from '../calendar';

describe('the day of release', () => {
  it('is T: the expected day until the actual one is recorded', () => {
    const day = plannedReleaseDay('2027-03-12', 'CRD', '2027-01-04', COMPILED_CALENDAR);
    expect(dayT(day)).toBe('2027-03-11');
    expect(dayT({ ...day, actual: '2027-03-10' })).toBe('2027-03-10');
  });

  it('keeps the date given, the day it was moved to and why', () => {
    const day = plannedReleaseDay('2027-03-12', 'CRD', '2027-01-04', COMPILED_CALENDAR);
    expect(day).toMatchObject({ given: '2027-03-12', type: 'CRD', expected: '2027-03-11', adjustmentReason: expect.stringMatching(/brought forward to 2027-03-11/) });
    expect(adjustedFrom(day)).toBe('2027-03-12');
  });

  it('is not moved, and has no reason, when the rule leaves it', () => {
    const day = plannedReleaseDay('2027-03-12', 'CONFIRMED', '2027-01-04', COMPILED_CALENDAR);
    expect(day).toEqual({ given: '2027-03-12', type: 'CONFIRMED', expected: '2027-03-12', adjustmentReason: undefined });
    expect(adjustedFrom(day)).toBeUndefined();
  });
});
