import { dateInWords, datesInWords, dayInWords, dueInWords, escalationReasonInWords, stateInWords, stateTagClass, taskTypeInWords, timeInWords } from './view-filters';

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

  it('shows a declined referral and a missed appointment as what happened, never "Done"', () => {
    expect(stateInWords({ state: 'done', outcome: 'declined' })).toBe('Declined');
    expect(stateInWords({ state: 'done', outcome: 'did-not-attend' })).toBe('Did not attend');
    expect(stateTagClass({ state: 'done', outcome: 'declined' })).toBe('govuk-tag--orange');
    expect(stateInWords({ state: 'done', outcome: 'accepted' })).toBe('Done');
  });
});

describe('dates and escalations in words', () => {
  it('writes a day with its weekday, from a calendar date or an instant in London', () => {
    expect(dayInWords('2027-01-08')).toBe('Friday 8 January 2027');
    expect(dayInWords('2027-06-30T23:30:00.000Z')).toBe('Thursday 1 July 2027');
  });

  it('writes the ladder’s reason as the task and its due time, never the ISO instant', () => {
    const before = new Date('2026-12-07T09:00:00Z');
    const after = new Date('2026-12-08T09:00:00Z');
    expect(escalationReasonInWords('assessment is due 2026-12-07T17:00:00.000Z', after)).toBe('Assessment was due by 5pm on Monday 7 December 2026');
    expect(escalationReasonInWords('re-referral is due 2026-12-07T17:00:00.000Z', before)).toBe('Re-referral is due by 5pm on Monday 7 December 2026');
    expect(escalationReasonInWords('Referral declined by CTS-LDS')).toBe('Referral declined by CTS-LDS');
  });

  it('writes out the dates in the day-of-release note', () => {
    const note = 'CRD 2027-03-12 is the day before a non-working day; brought forward to 2027-03-11, the last working day before it';
    expect(datesInWords(note)).toBe('CRD Friday 12 March 2027 is the day before a non-working day; brought forward to Thursday 11 March 2027, the last working day before it');
    expect(datesInWords(note)).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });
});
