import { contactSummary } from './contact.controller';

type Pathway = Parameters<typeof contactSummary>[0];

const withdrawnContact = (byReply: boolean) =>
  ({
    id: '6f1c9d2e-8b47-4a3f-b5e6-1d2c3b4a5f60',
    actions: [],
    contact: {
      mobileNumber: null,
      mobileNumberInWords: null,
      consentToText: 'withdrawn',
      recordedBy: { name: 'Alex Nurse', organisation: 'HMP Leeds' },
      recordedAt: '2027-01-04T10:30:00.000Z',
      withdrawnBy: byReply ? null : { name: 'Sam Worker', organisation: 'Forward Leeds' },
      withdrawnAt: '2027-01-08T10:30:00.000Z',
      withdrawnByTextReply: byReply,
    },
  }) as unknown as Pathway;

describe(contactSummary.name, () => {
  it('says the person withdrew, by replying STOP, and when, in words', () => {
    expect(contactSummary(withdrawnContact(true))?.rows).toContainEqual({ key: 'Consent withdrawn by', value: 'The person, who replied STOP to a text, at 10:30am on Friday 8 January 2027' });
  });

  it('names the staff member who recorded a withdrawal', () => {
    expect(contactSummary(withdrawnContact(false))?.rows).toContainEqual({ key: 'Consent withdrawn by', value: 'Sam Worker, Forward Leeds, at 10:30am on Friday 8 January 2027' });
  });

  it('says a number that cannot be read should be recorded again, not that it was withdrawn', () => {
    const unreadable = withdrawnContact(false) as unknown as { contact: Record<string, unknown> };
    unreadable.contact = { ...unreadable.contact, consentToText: 'yes', withdrawnBy: null, withdrawnAt: null, mobileNumberUnreadable: true };
    expect(contactSummary(unreadable as unknown as Pathway)?.rows[0]).toEqual({ key: 'Mobile number', value: 'Cannot be read at the moment: record it again' });
  });
});
