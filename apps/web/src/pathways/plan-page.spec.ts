import { placeInWords } from './pathway-facts';
import { planInWords, whereInWords } from './plan-page.controller';

const service = { name: 'Forward Leeds', phone: '0113 496 0123', address: 'Forward Leeds Hub, 12 Example Lane, Leeds LS2 7ZZ', openingHours: null };

describe('the place of the first appointment in words', () => {
  it('on the pathway page: the site and its address, or how the person takes part', () => {
    expect(placeInWords({ channel: 'in-person', name: 'Forward Leeds Harehills', address: '3 Sample Road, Leeds LS8 5ZZ' })).toBe('Forward Leeds Harehills, 3 Sample Road, Leeds LS8 5ZZ');
    expect(placeInWords({ channel: 'telephone' })).toBe('By telephone: the service will phone the person');
    expect(placeInWords({ channel: 'video' })).toBe('By video call');
    expect(placeInWords(undefined)).toBeUndefined();
  });

  it('on the plan: where to go, or that they will phone, in words a person reads at a glance', () => {
    expect(whereInWords({ channel: 'in-person', placeName: 'Forward Leeds Harehills', placeAddress: '3 Sample Road, Leeds LS8 5ZZ', service })).toEqual({ lead: 'Go to Forward Leeds Harehills.', address: '3 Sample Road, Leeds LS8 5ZZ' });
    expect(whereInWords({ channel: 'telephone', service }).lead).toBe('Forward Leeds will phone you. Keep your phone switched on.');
    // A booking made before places were recorded: the service's own address.
    expect(whereInWords({ channel: null, placeName: null, service })).toEqual({ lead: 'Go to Forward Leeds.', address: service.address });
  });

  it('writes days and times as people say them, never as computers do', () => {
    const plan = planInWords({
      givenName: 'Sam',
      familyName: 'Example',
      releaseDay: '2027-03-11',
      firstAppointment: { at: '2027-03-12T10:30:00.000Z', channel: 'video', service, whatToBring: null },
      pharmacy: { name: 'Quillfeather Pharmacy', address: '14 Imaginary Parade, Leeds LS9 8ZZ', firstCollectionOn: '2027-03-11' },
      naloxone: null,
      probation: null,
      contacts: [service],
    });
    expect(plan).toMatchObject({ name: 'Sam Example', releaseDay: 'Thursday 11 March 2027', appointment: { day: 'Friday 12 March 2027', time: '10:30am' }, pharmacy: { from: 'Thursday 11 March 2027' } });
  });
});
