import { ENGLAND_DEFAULT } from '../policy/england-default';
import { lastDayOfOutcomeWindow, outcomeSettlesAt, outcomeWindowEnd, startsTreatment } from './outcome';

describe('the outcome', () => {
  const release = { releaseDay: '2027-03-11' };

  describe('the window', () => {
    it('ends at the end of T + 21 days on the default policy, in London', () => {
      // 1 April 2027 is in British Summer Time: midnight London is 23:00 UTC the day before.
      expect(outcomeWindowEnd(ENGLAND_DEFAULT, release).toISOString()).toBe('2027-04-01T23:00:00.000Z');
      expect(lastDayOfOutcomeWindow(ENGLAND_DEFAULT, release)).toBe('2027-04-01');
    });

    it('counts an hour-level window from the release once recorded, else from T at the due time', () => {
      const fast = { outcomeWindow: 'PT8S', dueTime: '17:00' };
      expect(outcomeWindowEnd(fast, release).toISOString()).toBe('2027-03-11T17:00:08.000Z');
      expect(outcomeWindowEnd(fast, { ...release, releasedAt: new Date('2027-03-11T09:00:00Z') }).toISOString()).toBe('2027-03-11T09:00:08.000Z');
    });

    it('refuses a window that ends before release, so a pathway cannot close as not engaged before anyone could act', () => {
      expect(() => outcomeWindowEnd({ outcomeWindow: '-P100Y', dueTime: '17:00' }, release)).toThrow(RangeError);
      expect(() => outcomeWindowEnd({ outcomeWindow: '-1D', dueTime: '17:00' }, release)).toThrow(RangeError);
      expect(outcomeWindowEnd({ outcomeWindow: '+0D', dueTime: '17:00' }, release).toISOString()).toBe('2027-03-12T00:00:00.000Z');
    });
  });

  describe('when it settles', () => {
    const end = new Date('2027-04-01T23:00:00Z');

    it('at the window’s end when no appointment inside it is waiting to be recorded', () => {
      expect(outcomeSettlesAt(end, [])).toEqual(end);
      expect(outcomeSettlesAt(end, [{ appointmentAt: new Date('2027-04-05T10:00:00Z'), dueAt: new Date('2027-04-06T16:00:00Z') }])).toEqual(end);
    });

    it('waits until an appointment inside the window may still be recorded (its step’s deadline)', () => {
      const due = new Date('2027-04-02T16:00:00Z');
      expect(outcomeSettlesAt(end, [{ appointmentAt: new Date('2027-04-01T14:00:00Z'), dueAt: due }])).toEqual(due);
    });
  });

  describe('what starts treatment', () => {
    const end = new Date('2027-04-01T23:00:00Z');
    const late = new Date('2027-04-02T09:00:00Z');

    it('an attended first appointment inside the window, even when recorded after it', () => {
      expect(startsTreatment({ type: 'first-appointment', appointmentAt: new Date('2027-04-01T14:00:00Z') }, 'attended', late, end)).toBe(true);
    });

    it('not a missed appointment, an appointment after the window, or another step', () => {
      expect(startsTreatment({ type: 'first-appointment', appointmentAt: new Date('2027-04-01T14:00:00Z') }, 'did-not-attend', late, end)).toBe(false);
      expect(startsTreatment({ type: 'first-appointment', appointmentAt: late }, 'attended', late, end)).toBe(false);
      expect(startsTreatment({ type: 'naloxone' }, 'attended', new Date('2027-03-20T09:00:00Z'), end)).toBe(false);
    });

    it('a re-engagement attended, by when it was recorded', () => {
      expect(startsTreatment({ type: 're-engagement' }, 'attended', new Date('2027-03-20T09:00:00Z'), end)).toBe(true);
      expect(startsTreatment({ type: 're-engagement' }, 'attended', late, end)).toBe(false);
    });
  });
});
