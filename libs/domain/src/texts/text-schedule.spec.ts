import { appointmentTexts, DEFAULT_TEXT_POLICY, inQuietHours, missedText, stillAheadToText, textAtSendTime, TextPolicy, timelyAppointmentTexts } from '..';

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

describe('timelyAppointmentTexts (patch texts-timely): nothing about an appointment past or within the minimum lead', () => {
  it('plans as before for an appointment well ahead', () => {
    const args = [new Date('2027-01-08T10:30:00Z'), new Date('2027-01-04T12:00:00Z'), DEFAULT_TEXT_POLICY] as const;
    expect(times(timelyAppointmentTexts(...args))).toEqual(times(appointmentTexts(...args)));
  });

  it('plans nothing for a booking recorded after the appointment (a service recording it late to record attendance)', () => {
    expect(timelyAppointmentTexts(new Date('2027-01-08T10:30:00Z'), new Date('2027-01-08T15:00:00Z'), DEFAULT_TEXT_POLICY)).toEqual([]);
  });

  it('plans nothing within the minimum lead (an hour), and the booking text as before an hour and a minute ahead', () => {
    const appointmentAt = new Date('2027-01-08T14:00:00Z');
    expect(timelyAppointmentTexts(appointmentAt, new Date('2027-01-08T13:30:00Z'), DEFAULT_TEXT_POLICY)).toEqual([]);
    expect(timelyAppointmentTexts(appointmentAt, new Date('2027-01-08T13:00:00Z'), DEFAULT_TEXT_POLICY)).toEqual([]);
    expect(times(timelyAppointmentTexts(appointmentAt, new Date('2027-01-08T12:59:00Z'), DEFAULT_TEXT_POLICY))).toEqual([['booked', '2027-01-08T12:59:00.000Z']]);
  });

  it('drops a booking text the quiet hours would hold until within the lead (booked at 22:00 for 08:30)', () => {
    expect(timelyAppointmentTexts(new Date('2027-01-08T08:30:00Z'), new Date('2027-01-07T22:00:00Z'), DEFAULT_TEXT_POLICY)).toEqual([]);
    expect(times(appointmentTexts(new Date('2027-01-08T08:30:00Z'), new Date('2027-01-07T22:00:00Z'), DEFAULT_TEXT_POLICY))).toEqual([['booked', '2027-01-08T08:00:00.000Z']]);
  });

  it('stillAheadToText reads the lead in real time across the spring change', () => {
    // Sunday 28 March 2027, 02:30 BST (01:30Z): an hour before is 00:30Z (00:30 GMT).
    const appointmentAt = new Date('2027-03-28T01:30:00Z');
    expect(stillAheadToText(appointmentAt, new Date('2027-03-28T00:29:00Z'), DEFAULT_TEXT_POLICY)).toBe(true);
    expect(stillAheadToText(appointmentAt, new Date('2027-03-28T00:30:00Z'), DEFAULT_TEXT_POLICY)).toBe(false);
  });
});

describe('textAtSendTime (patch texts-timely): a text whose time has come, looked at again when it goes', () => {
  const appointmentAt = new Date('2027-01-08T14:00:00Z'); // Friday 8 January, 14:00 GMT

  it('sends in the day while the appointment is still more than the lead ahead', () => {
    expect(textAtSendTime(new Date('2027-01-08T12:00:00Z'), DEFAULT_TEXT_POLICY, appointmentAt)).toEqual({ send: true });
  });

  it('holds a text overdue at 03:00 (a worker outage) until 08:00', () => {
    expect(textAtSendTime(new Date('2027-01-08T03:00:00Z'), DEFAULT_TEXT_POLICY, appointmentAt)).toEqual({ waitUntil: new Date('2027-01-08T08:00:00Z') });
  });

  it('does not send a reminder whose appointment is past its lead, or will be by the morning', () => {
    expect(textAtSendTime(new Date('2027-01-08T13:30:00Z'), DEFAULT_TEXT_POLICY, appointmentAt)).toEqual({ tooLate: true });
    expect(textAtSendTime(new Date('2027-01-08T16:00:00Z'), DEFAULT_TEXT_POLICY, appointmentAt)).toEqual({ tooLate: true });
    expect(textAtSendTime(new Date('2027-01-08T05:00:00Z'), DEFAULT_TEXT_POLICY, new Date('2027-01-08T08:30:00Z'))).toEqual({ tooLate: true });
  });

  it('holds a missed-appointment text found at night until the morning, however late', () => {
    expect(textAtSendTime(new Date('2027-01-08T23:00:00Z'), DEFAULT_TEXT_POLICY)).toEqual({ waitUntil: new Date('2027-01-09T08:00:00Z') });
    expect(textAtSendTime(new Date('2027-01-09T09:00:00Z'), DEFAULT_TEXT_POLICY)).toEqual({ send: true });
  });

  it('a fast policy without quiet hours sends at any hour until the lead', () => {
    const fast: TextPolicy = { reminders: [{ offset: '-PT20S' }], minimumLead: 'PT1S', statusCheck: 'PT2S' };
    expect(textAtSendTime(new Date('2027-01-08T02:00:00Z'), fast, new Date('2027-01-08T02:00:30Z'))).toEqual({ send: true });
    expect(textAtSendTime(new Date('2027-01-08T02:00:30Z'), fast, new Date('2027-01-08T02:00:30Z'))).toEqual({ tooLate: true });
  });

  describe('across the clock changes', () => {
    it('on the night of the spring change (Sunday 28 March 2027) waits to 08:00 BST, 07:00Z', () => {
      // 03:30 BST (02:30Z), after the clocks went forward.
      expect(textAtSendTime(new Date('2027-03-28T02:30:00Z'), DEFAULT_TEXT_POLICY)).toEqual({ waitUntil: new Date('2027-03-28T07:00:00Z') });
      // 00:30 GMT, before they did: still the same morning's 08:00 BST.
      expect(textAtSendTime(new Date('2027-03-28T00:30:00Z'), DEFAULT_TEXT_POLICY)).toEqual({ waitUntil: new Date('2027-03-28T07:00:00Z') });
    });

    it('on the night of the autumn change (Sunday 31 October 2027) waits to 08:00 GMT, 08:00Z', () => {
      // 01:30 the first time (BST, 00:30Z) and the second time (GMT, 01:30Z).
      expect(textAtSendTime(new Date('2027-10-31T00:30:00Z'), DEFAULT_TEXT_POLICY)).toEqual({ waitUntil: new Date('2027-10-31T08:00:00Z') });
      expect(textAtSendTime(new Date('2027-10-31T01:30:00Z'), DEFAULT_TEXT_POLICY)).toEqual({ waitUntil: new Date('2027-10-31T08:00:00Z') });
    });

    it('at 20:30 BST in summer waits, where 19:30 GMT in winter sends', () => {
      expect(textAtSendTime(new Date('2027-07-01T19:30:00Z'), DEFAULT_TEXT_POLICY)).toEqual({ waitUntil: new Date('2027-07-02T07:00:00Z') });
      expect(textAtSendTime(new Date('2027-01-07T19:30:00Z'), DEFAULT_TEXT_POLICY)).toEqual({ send: true });
    });

    it('the morning after the spring change, 08:00 BST, is too close to a 08:45 BST appointment', () => {
      expect(textAtSendTime(new Date('2027-03-28T02:30:00Z'), DEFAULT_TEXT_POLICY, new Date('2027-03-28T07:45:00Z'))).toEqual({ tooLate: true });
      expect(textAtSendTime(new Date('2027-03-28T02:30:00Z'), DEFAULT_TEXT_POLICY, new Date('2027-03-28T08:00:00Z'))).toEqual({ waitUntil: new Date('2027-03-28T07:00:00Z') });
    });
  });
});
