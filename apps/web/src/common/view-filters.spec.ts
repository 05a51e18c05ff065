import { dateInWords, dueInWords, stateInWords, stateTagClass, taskTypeInWords, timeInWords } from './view-filters';

describe('the words the pages use', () => {
  // Fixed instants: a Wednesday in winter (GMT) and one in summer (BST).
  const wednesdayNoon = new Date('2027-01-13T12:00:00Z');

  it('says when a task is due, from today, in London time', () => {
    expect(dueInWords('2027-01-13T17:00:00Z', wednesdayNoon)).toBe('due today, 5pm');
    expect(dueInWords('2027-01-14T17:00:00Z', wednesdayNoon)).toBe('due tomorrow, 5pm');
    expect(dueInWords('2027-01-12T17:00:00Z', wednesdayNoon)).toBe('was due yesterday, 5pm');
    expect(dueInWords('2027-01-13T09:00:00Z', wednesdayNoon)).toBe('was due today, 9am');
    expect(dueInWords('2027-01-22T17:00:00Z', wednesdayNoon)).toBe('due Friday 22 January, 5pm');
    expect(dueInWords('2028-01-21T17:00:00Z', wednesdayNoon)).toBe('due Friday 21 January 2028, 5pm');
  });

  it('shows summer times in British Summer Time', () => {
    expect(timeInWords(new Date('2027-07-01T16:00:00Z'))).toBe('5pm');
    expect(timeInWords(new Date('2027-07-01T09:30:00Z'))).toBe('10:30am');
    expect(dueInWords('2027-07-01T16:00:00Z', new Date('2027-06-30T08:00:00Z'))).toBe('due tomorrow, 5pm');
  });

  it('writes dates and task types as words', () => {
    expect(dateInWords('2027-03-12')).toBe('12 March 2027');
    expect(taskTypeInWords('referral-acceptance')).toBe('Referral acceptance');
    expect(taskTypeInWords('ost-bridging')).toBe('OST bridging');
  });

  it('tags overdue open tasks red, and says so', () => {
    expect([stateTagClass({ state: 'open', overdue: true }), stateInWords({ state: 'open', overdue: true })]).toEqual(['govuk-tag--red', 'Overdue']);
    expect([stateTagClass({ state: 'done' }), stateInWords({ state: 'done' })]).toEqual(['govuk-tag--green', 'Done']);
  });
});
