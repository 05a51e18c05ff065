import { appointmentTexts, DEFAULT_TEXT_POLICY, inQuietHours, missedText, TextPolicy } from '..';

const times = (texts: ReturnType<typeof appointmentTexts>) => texts.map((t) => [t.kind, t.dueAt.toISOString()]);

describe('appointmentTexts (the default policy: 10:00 the day before, 2 hours before, nothing from 20:00 to 08:00 London)', () => {
  it('texts at booking, at 10:00 London the day before and 2 hours before', () => {
    const texts = appointmentTexts(new Date('2027-01-08T10:30:00Z'), new Date('2027-01-04T12:00:00Z'), DEFAULT_TEXT_POLICY);
    expect(times(texts)).toEqual([
      ['booked', '2027-01-04T12:00:00.000Z'],
      ['reminder', '2027-01-07T10:00:00.000Z'],
      ['reminder', '2027-01-08T08:30:00.000Z'],
    ]);
  });

  it('sends a reminder that falls in the quiet hours at 08:00 when that is still an hour before the appointment', () => {
    const texts = appointmentTexts(new Date('2027-01-08T09:00:00Z'), new Date('2027-01-04T12:00:00Z'), DEFAULT_TEXT_POLICY);
    expect(times(texts).at(-1)).toEqual(['reminder', '2027-01-08T08:00:00.000Z']);
  });

  it('sends it at 20:00 the evening before when 08:00 would be too close to the appointment', () => {
    const texts = appointmentTexts(new Date('2027-01-08T08:30:00Z'), new Date('2027-01-04T12:00:00Z'), DEFAULT_TEXT_POLICY);
    expect(times(texts)).toEqual([
      ['booked', '2027-01-04T12:00:00.000Z'],
      ['reminder', '2027-01-07T10:00:00.000Z'],
      ['reminder', '2027-01-07T20:00:00.000Z'],
    ]);
  });

  it('a booking 30 minutes before the appointment sends the booking text only: both reminders have passed', () => {
    const texts = appointmentTexts(new Date('2027-01-08T14:00:00Z'), new Date('2027-01-08T13:30:00Z'), DEFAULT_TEXT_POLICY);
    expect(times(texts)).toEqual([['booked', '2027-01-08T13:30:00.000Z']]);
  });

  it('a booking made at night is texted at 08:00, and a reminder that would come with it is dropped', () => {
    const texts = appointmentTexts(new Date('2027-01-08T10:00:00Z'), new Date('2027-01-07T22:00:00Z'), DEFAULT_TEXT_POLICY);
    expect(times(texts)).toEqual([['booked', '2027-01-08T08:00:00.000Z']]);
  });

  it('drops a booking text at night for an appointment before 08:00 the next morning: too late to matter', () => {
    expect(appointmentTexts(new Date('2027-01-08T07:30:00Z'), new Date('2027-01-07T22:00:00Z'), DEFAULT_TEXT_POLICY)).toEqual([]);
  });

  it('a move plans the texts again from the new time, as of the move', () => {
    const moved = appointmentTexts(new Date('2027-01-12T15:00:00Z'), new Date('2027-01-07T11:00:00Z'), DEFAULT_TEXT_POLICY);
    expect(times(moved)).toEqual([
      ['booked', '2027-01-07T11:00:00.000Z'],
      ['reminder', '2027-01-11T10:00:00.000Z'],
      ['reminder', '2027-01-12T13:00:00.000Z'],
    ]);
  });

  describe('across the clock changes', () => {
    it('in spring (Sunday 28 March 2027, 01:00 GMT becomes 02:00 BST) the reminders keep London wall-clock times', () => {
      // Monday 29 March, 10:00 BST.
      const texts = appointmentTexts(new Date('2027-03-29T09:00:00Z'), new Date('2027-03-20T12:00:00Z'), DEFAULT_TEXT_POLICY);
      expect(times(texts)).toEqual([
        ['booked', '2027-03-20T12:00:00.000Z'],
        ['reminder', '2027-03-28T09:00:00.000Z'], // 10:00 BST on the day of the change
        ['reminder', '2027-03-29T07:00:00.000Z'],
      ]);
    });

    it('two hours before an appointment on the morning of the spring change is counted in real hours, then kept out of the quiet hours', () => {
      // Sunday 28 March, 08:45 BST (07:45Z); two hours before is 05:45Z, 06:45 BST, quiet; 08:00 BST is too close; 20:00 GMT the evening before.
      const texts = appointmentTexts(new Date('2027-03-28T07:45:00Z'), new Date('2027-03-20T12:00:00Z'), DEFAULT_TEXT_POLICY);
      expect(times(texts).slice(1)).toEqual([
        ['reminder', '2027-03-27T10:00:00.000Z'],
        ['reminder', '2027-03-27T20:00:00.000Z'],
      ]);
    });

    it('in autumn (Sunday 31 October 2027, 02:00 BST becomes 01:00 GMT) 10:00 the day before is 10:00 GMT', () => {
      // Monday 1 November, 09:00 GMT: two hours before is 07:00 GMT, quiet, so 08:00 GMT.
      const texts = appointmentTexts(new Date('2027-11-01T09:00:00Z'), new Date('2027-10-20T12:00:00Z'), DEFAULT_TEXT_POLICY);
      expect(times(texts).slice(1)).toEqual([
        ['reminder', '2027-10-31T10:00:00.000Z'],
        ['reminder', '2027-11-01T08:00:00.000Z'],
      ]);
    });

    it('reads the quiet hours on the London clock in summer and in winter', () => {
      expect(inQuietHours(new Date('2027-07-01T19:30:00Z'), DEFAULT_TEXT_POLICY.quietHours)).toBe(true); // 20:30 BST
      expect(inQuietHours(new Date('2027-07-01T06:30:00Z'), DEFAULT_TEXT_POLICY.quietHours)).toBe(true); // 07:30 BST
      expect(inQuietHours(new Date('2027-07-01T07:30:00Z'), DEFAULT_TEXT_POLICY.quietHours)).toBe(false); // 08:30 BST
      expect(inQuietHours(new Date('2027-01-07T19:30:00Z'), DEFAULT_TEXT_POLICY.quietHours)).toBe(false); // 19:30 GMT
    });
  });

  it('a fast policy without quiet hours texts at any hour, at its offsets', () => {
    const fast: TextPolicy = { reminders: [{ offset: '-PT20S' }, { offset: '-PT10S' }], minimumLead: 'PT1S', statusCheck: 'PT2S' };
    const texts = appointmentTexts(new Date('2027-01-08T02:00:30Z'), new Date('2027-01-08T02:00:00Z'), fast);
    expect(times(texts)).toEqual([
      ['booked', '2027-01-08T02:00:00.000Z'],
      ['reminder', '2027-01-08T02:00:10.000Z'],
      ['reminder', '2027-01-08T02:00:20.000Z'],
    ]);
  });
});

describe('missedText', () => {
  it('goes at once in the day, and at 08:00 London when recorded in the evening', () => {
    expect(missedText(new Date('2027-01-08T15:00:00Z'), DEFAULT_TEXT_POLICY).dueAt.toISOString()).toBe('2027-01-08T15:00:00.000Z');
    expect(missedText(new Date('2027-07-08T20:00:00Z'), DEFAULT_TEXT_POLICY).dueAt.toISOString()).toBe('2027-07-09T07:00:00.000Z');
  });
});
