import { dateOfBirthRange, outOfRangeProblem, releaseDateRange } from './supported-dates';

describe('the dates the product can plan with', () => {
  it('takes release dates from eight weeks ago to three years ahead', () => {
    expect(releaseDateRange('2026-12-01')).toEqual({ earliest: '2026-10-06', latest: '2029-12-01' });
  });

  it('takes dates of birth of people at least 18 and at most 120 years old today', () => {
    expect(dateOfBirthRange('2026-12-01')).toEqual({ earliest: '1906-12-01', latest: '2008-12-01' });
  });

  it('keeps 29 February in a leap year and moves it to 28 February in another', () => {
    expect(releaseDateRange('2028-02-29').latest).toBe('2031-02-28');
    expect(dateOfBirthRange('2028-02-29')).toEqual({ earliest: '1908-02-29', latest: '2010-02-28' });
    // 2000 is a leap year (divisible by 400), 1900 is not.
    expect(dateOfBirthRange('2020-02-29')).toEqual({ earliest: '1900-02-28', latest: '2002-02-28' });
    expect(releaseDateRange('1997-02-28').latest).toBe('2000-02-28');
  });

  it('counts the eight weeks back across a year end', () => {
    expect(releaseDateRange('2027-01-15').earliest).toBe('2026-11-20');
  });

  it('says what range a date is outside, and nothing for one inside, ends included', () => {
    const range = releaseDateRange('2026-12-01');
    expect(outOfRangeProblem('2026-10-06', range)).toBeUndefined();
    expect(outOfRangeProblem('2029-12-01', range)).toBeUndefined();
    expect(outOfRangeProblem('2026-10-05', range)).toBe('must be from 2026-10-06 to 2029-12-01');
    expect(outOfRangeProblem('9999-12-31', range)).toBe('must be from 2026-10-06 to 2029-12-01');
    expect(outOfRangeProblem('0001-01-01', range)).toBe('must be from 2026-10-06 to 2029-12-01');
  });

  it('refuses yesterday as a date of birth', () => {
    expect(outOfRangeProblem('2026-11-30', dateOfBirthRange('2026-12-01'))).toBeDefined();
  });
});
