import { fromGovUkFeed } from './gov-uk-feed';

describe('the GOV.UK bank-holidays feed', () => {
  it('keeps England and Wales, in date order, marking substitute days', () => {
    const shipped = fromGovUkFeed(
      {
        'england-and-wales': {
          division: 'england-and-wales',
          events: [
            { title: 'Boxing Day', date: '2026-12-28', notes: 'Substitute day' },
            { title: 'Christmas Day', date: '2026-12-25', notes: '' },
          ],
        },
      },
      '2026-11-22',
    );
    expect(shipped.events).toEqual([
      { date: '2026-12-25', title: 'Christmas Day' },
      { date: '2026-12-28', title: 'Boxing Day', substitute: true },
    ]);
  });

  it('refuses a feed without the England and Wales list rather than ship an empty calendar', () => {
    expect(() => fromGovUkFeed({} as never, '2026-11-22')).toThrow(/England and Wales/);
  });
});
