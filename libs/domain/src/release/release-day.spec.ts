import { expectedReleaseDay } from './release-day';

describe('the day-of-release rule', () => {
  it('brings a Friday conditional release forward to Thursday', () => {
    expect(expectedReleaseDay('2027-03-12', 'CRD')).toMatchObject({
      expectedReleaseDate: '2027-03-11',
      releaseDateAdjustedFrom: '2027-03-12',
    });
  });

  it('brings a weekend release back past the Friday', () => {
    expect(expectedReleaseDay('2027-03-13', 'ARD').expectedReleaseDate).toBe('2027-03-11');
  });

  it('moves a release on the eve of Good Friday to the Wednesday', () => {
    expect(expectedReleaseDay('2027-03-25', 'PRRD').expectedReleaseDate).toBe('2027-03-24');
  });

  it('moves a Christmas Eve release to the day before', () => {
    expect(expectedReleaseDay('2027-12-24', 'CRD').expectedReleaseDate).toBe('2027-12-23');
  });

  it('leaves a mid-week release where it is', () => {
    expect(expectedReleaseDay('2027-03-10', 'CRD')).toEqual({ expectedReleaseDate: '2027-03-10' });
  });

  it('never moves home detention curfew, parole or confirmed dates', () => {
    for (const type of ['HDCAD', 'APD', 'CONFIRMED'] as const) {
      expect(expectedReleaseDay('2027-03-12', type)).toEqual({ expectedReleaseDate: '2027-03-12' });
    }
  });
});
