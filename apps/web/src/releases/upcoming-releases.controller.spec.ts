import { dayFrom } from './upcoming-releases.controller';

describe(dayFrom.name, () => {
  const filters = (day: string, month: string, year: string) => ({ 'releaseFrom-day': day, 'releaseFrom-month': month, 'releaseFrom-year': year });

  it('is no filter when the three fields are empty', () => {
    expect(dayFrom(filters('', ' ', ''), 'releaseFrom')).toBeUndefined();
  });

  it('is the calendar date of a real day', () => {
    expect(dayFrom(filters('5', '3', '2027'), 'releaseFrom')).toBe('2027-03-05');
    expect(dayFrom(filters('29', '2', '2028'), 'releaseFrom')).toBe('2028-02-29');
  });

  it('refuses a day that is not in the calendar, a part missing, or words', () => {
    expect(dayFrom(filters('31', '2', '2027'), 'releaseFrom')).toBe(false);
    expect(dayFrom(filters('29', '2', '2027'), 'releaseFrom')).toBe(false);
    expect(dayFrom(filters('5', '', '2027'), 'releaseFrom')).toBe(false);
    expect(dayFrom(filters('5', 'March', '2027'), 'releaseFrom')).toBe(false);
    expect(dayFrom(filters('5', '3', '27'), 'releaseFrom')).toBe(false);
  });
});
