import { textsInWords } from './texts-in-words';

describe(textsInWords.name, () => {
  it('says what each text was about, when it goes and what became of it, in words', () => {
    expect(
      textsInWords([
        { kind: 'booked', dueAt: '2027-01-04T12:00:00.000Z', state: 'delivered', reason: null, sentAt: '2027-01-04T12:00:01.000Z' },
        { kind: 'reminder', dueAt: '2027-01-07T10:00:00.000Z', state: 'cancelled', reason: 'no-consent', sentAt: null },
        { kind: 'reminder', dueAt: '2027-07-08T08:30:00.000Z', state: 'not-sent', reason: 'no-notify-key', sentAt: null },
        { kind: 'missed', dueAt: '2027-01-08T15:00:00.000Z', state: 'failed', reason: 'permanent-failure', sentAt: '2027-01-08T15:00:00.000Z' },
        { kind: 'reminder', dueAt: '2027-01-08T08:30:00.000Z', state: 'not-sent', reason: 'too-late', sentAt: null },
      ]),
    ).toEqual([
      { about: 'Appointment booked', when: 'Monday 4 January 2027, 12pm', state: 'Delivered', tagClass: 'govuk-tag--green' },
      { about: 'Reminder before the appointment', when: 'Thursday 7 January 2027, 10am', state: 'Cancelled: no mobile number, or the person does not agree to texts or withdrew', tagClass: 'govuk-tag--grey' },
      { about: 'Reminder before the appointment', when: 'Thursday 8 July 2027, 9:30am', state: 'Not sent: no Notify key', tagClass: 'govuk-tag--grey' },
      { about: 'After a missed appointment', when: 'Friday 8 January 2027, 3pm', state: 'Not delivered: the number may be wrong', tagClass: 'govuk-tag--red' },
      { about: 'Reminder before the appointment', when: 'Friday 8 January 2027, 8:30am', state: 'Not sent: too late, the appointment was too close or had passed when it was due to go', tagClass: 'govuk-tag--grey' },
    ]);
  });
});
