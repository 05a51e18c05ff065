import { fieldMessage } from '../common/field-messages';
import { bodyOf, formFromProfile, PROFILE_MESSAGES, profileFromForm, siteCode, siteFromForm } from './profile-form';

const address = { lines: ['Forward Leeds Hub', '12 Example Lane'], town: 'Leeds', postcode: 'LS2 7ZZ' };
const profile = {
  organisation: 'CTS-LDS',
  displayName: 'Forward Leeds',
  address,
  phone: '+441134960123',
  phoneInWords: '0113 496 0123',
  openingHours: null,
  whatToBring: 'This letter.',
  sites: [{ code: 'harehills', name: 'Forward Leeds Harehills', address: { lines: ['3 Sample Road'], town: 'Leeds', postcode: 'LS8 5ZZ' } }],
  updatedAt: '2027-01-04T10:00:00.000Z',
};

describe('the public profile form', () => {
  it('sends the whole profile, keeping its sites, and leaves out what was left empty', () => {
    const { body, errors } = profileFromForm({ ...formFromProfile(profile), whatToBring: '  ' }, profile.sites);
    expect(errors.errorList).toEqual([]);
    expect(body).toEqual({ displayName: 'Forward Leeds', address, phone: '0113 496 0123', sites: profile.sites });
  });

  it('says what is missing in the pages’ own words, each linked to its field', () => {
    const { errors } = profileFromForm({ displayName: ' ', addressLine2: 'Flat 1' }, []);
    expect(errors.errorList).toEqual([
      { text: 'Enter the name people know the service by', href: '#displayName' },
      { text: 'Enter the first line of the address', href: '#addressLine1' },
      { text: 'Enter the town or city', href: '#town' },
      { text: 'Enter the postcode', href: '#postcode' },
      { text: 'Enter the telephone number people should call', href: '#phone' },
    ]);
  });

  it('words the API’s refusals by field and code, never in its own words', () => {
    expect(fieldMessage({ field: 'phone', code: 'is-uk-phone-number' }, PROFILE_MESSAGES)).toBe('Enter a UK telephone number, like 0113 496 0123');
    expect(fieldMessage({ field: 'sites.0.address.postcode', code: 'is-postal-code' }, PROFILE_MESSAGES)).toBe('Enter a real postcode, like LS2 7ZZ');
    expect(fieldMessage({ field: 'whatToBring', code: 'something-new' }, PROFILE_MESSAGES)).toBe('Check what to bring');
  });

  it('makes a new site’s code from its name, never main and never one already used', () => {
    expect(siteCode('Forward Leeds Harehills', profile.sites)).toBe('forward-leeds-harehills');
    expect(siteCode('Harehills', profile.sites)).toBe('harehills-2');
    expect(siteCode('Main', [])).toBe('main-2');
    expect(siteCode('!!!', [])).toBe('site');
    expect(siteFromForm({ siteName: 'Seacroft', addressLine1: '5 Made Up Lane', town: 'Leeds', postcode: 'LS14 9ZZ' }, profile.sites).site).toEqual({
      code: 'seacroft',
      name: 'Seacroft',
      address: { lines: ['5 Made Up Lane'], town: 'Leeds', postcode: 'LS14 9ZZ' },
    });
  });

  it('gives a profile back as the API takes it, with the sites changed', () => {
    expect(bodyOf(profile, [])).toEqual({ displayName: 'Forward Leeds', address, phone: '+441134960123', whatToBring: 'This letter.', sites: [] });
  });
});
