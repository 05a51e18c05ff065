import { expectedReleaseDay } from './release-day';
import { COMPILED_CALENDAR } from '../calendar';

describe('the day-of-release rule', () => {
  it('brings a Friday conditional release forward to Thursday', () => {
    expect(expectedReleaseDay('2027-03-12', 'CRD', undefined, COMPILED_CALENDAR)).toMatchObject({
      expectedReleaseDate: '2027-03-11',
      releaseDateAdjustedFrom: '2027-03-12',
    });
  });

  it('brings a weekend release back past the Friday', () => {
    expect(expectedReleaseDay('2027-03-13', 'ARD', undefined, COMPILED_CALENDAR).expectedReleaseDate).toBe('2027-03-11');
  });

  it('moves a release on the eve of Good Friday to the Wednesday', () => {
    expect(expectedReleaseDay('2027-03-25', 'PRRD', undefined, COMPILED_CALENDAR).expectedReleaseDate).toBe('2027-03-24');
  });

  it('moves a Christmas Eve release to the day before', () => {
    expect(expectedReleaseDay('2027-12-24', 'CRD', undefined, COMPILED_CALENDAR).expectedReleaseDate).toBe('2027-12-23');
  });

  it('leaves a mid-week release where it is', () => {
    expect(expectedReleaseDay('2027-03-10', 'CRD', undefined, COMPILED_CALENDAR)).toEqual({ expectedReleaseDate: '2027-03-10' });
  });

  it('never moves home detention curfew, parole or confirmed dates', () => {
    for (const type of ['HDCAD', 'APD', 'CONFIRMED'] as const) {
      expect(expectedReleaseDay('2027-03-12', type, undefined, COMPILED_CALENDAR)).toEqual({ expectedReleaseDate: '2027-03-12' });
    }
  });
});

describe('the day-of-release rule applied on a given day', () => {
  // Wednesday 2 December 2026.
  const today = '2026-12-02';

  it('leaves a Friday already past as given: the person left that day', () => {
    expect(expectedReleaseDay('2026-11-27', 'CRD', today, COMPILED_CALENDAR)).toEqual({ expectedReleaseDate: '2026-11-27' });
  });

  it('leaves a past date before a bank holiday, and a past weekend date, as given', () => {
    expect(expectedReleaseDay('2026-08-28', 'PRRD', today, COMPILED_CALENDAR)).toEqual({ expectedReleaseDate: '2026-08-28' }); // the Friday before the summer bank holiday
    expect(expectedReleaseDay('2026-11-28', 'ARD', today, COMPILED_CALENDAR)).toEqual({ expectedReleaseDate: '2026-11-28' }); // a Saturday
  });

  it('still moves a Friday from today on, today included', () => {
    expect(expectedReleaseDay('2026-12-04', 'CRD', today, COMPILED_CALENDAR)).toMatchObject({ expectedReleaseDate: '2026-12-03', releaseDateAdjustedFrom: '2026-12-04' });
    expect(expectedReleaseDay('2026-12-04', 'CRD', '2026-12-04', COMPILED_CALENDAR)).toMatchObject({ expectedReleaseDate: '2026-12-03', releaseDateAdjustedFrom: '2026-12-04' });
  });

  it('moves only CRD, ARD and PRRD, past or future', () => {
    for (const type of ['HDCAD', 'APD', 'CONFIRMED'] as const) {
      expect(expectedReleaseDay('2026-12-04', type, today, COMPILED_CALENDAR)).toEqual({ expectedReleaseDate: '2026-12-04' });
    }
  });
});
