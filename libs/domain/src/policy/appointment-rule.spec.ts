import { firstAppointmentProblem, latestFirstAppointmentDate } from './appointment-rule';
import { ENGLAND_DEFAULT as policy } from './england-default';
import { COMPILED_CALENDAR } from '../calendar';

describe('the first-appointment rule', () => {
  describe('for someone on OST', () => {
    const onOst = true;

    it('allows the next working day after a Friday release when the Monday is a bank holiday', () => {
      // Friday 28 May 2027; Monday 31 May is the Spring bank holiday.
      const ctx = { calendar: COMPILED_CALENDAR, releaseDate: '2027-05-28', onOst, policy };
      expect(latestFirstAppointmentDate(ctx)).toBe('2027-06-01');
      expect(firstAppointmentProblem(new Date('2027-06-01T16:00:00+01:00'), ctx)).toBeUndefined();
    });

    it('allows the Tuesday after Easter for a release on the Thursday before Good Friday', () => {
      expect(firstAppointmentProblem(new Date('2027-03-30T09:00:00+01:00'), { calendar: COMPILED_CALENDAR, releaseDate: '2027-03-25', onOst, policy })).toBeUndefined();
    });

    it('allows the day of release itself', () => {
      expect(firstAppointmentProblem(new Date('2027-05-28T14:00:00+01:00'), { calendar: COMPILED_CALENDAR, releaseDate: '2027-05-28', onOst, policy })).toBeUndefined();
    });

    it('rejects two working days after release, naming the latest allowed date', () => {
      const problem = firstAppointmentProblem(new Date('2027-06-02T10:00:00+01:00'), { calendar: COMPILED_CALENDAR, releaseDate: '2027-05-28', onOst, policy });
      expect(problem).toMatch(/on or before 2027-06-01/);
      expect(problem).toMatch(/OST/);
    });
  });

  describe('for someone not on OST', () => {
    const ctx = { calendar: COMPILED_CALENDAR, releaseDate: '2027-03-11', onOst: false, policy };

    it('allows T + 21 days', () => {
      expect(latestFirstAppointmentDate(ctx)).toBe('2027-04-01');
      expect(firstAppointmentProblem(new Date('2027-04-01T16:30:00+01:00'), ctx)).toBeUndefined();
    });

    it('rejects T + 22 days', () => {
      expect(firstAppointmentProblem(new Date('2027-04-02T09:00:00+01:00'), ctx)).toMatch(/on or before 2027-04-01 \(21 days after release/);
    });
  });

  it('reads the date in London: late in a summer evening in UTC is already the next day', () => {
    const ctx = { calendar: COMPILED_CALENDAR, releaseDate: '2027-06-01', onOst: false, policy }; // latest: 22 June
    // 22:59 UTC is 23:59 on the 22nd in London; 23:30 UTC is 00:30 on the 23rd.
    expect(firstAppointmentProblem(new Date('2027-06-22T22:59:00Z'), ctx)).toBeUndefined();
    expect(firstAppointmentProblem(new Date('2027-06-22T23:30:00Z'), ctx)).toMatch(/not 2027-06-23/);
  });

  it('takes the window from the policy, the one source shared with the outcome', () => {
    const ctx = { calendar: COMPILED_CALENDAR, releaseDate: '2027-03-11', onOst: false, policy: { ...policy, outcomeWindow: '+28D' } };
    expect(latestFirstAppointmentDate(ctx)).toBe('2027-04-08');
    expect(firstAppointmentProblem(new Date('2027-04-09T09:00:00+01:00'), ctx)).toMatch(/on or before 2027-04-08 \(28 days after release/);
  });
});
