/**
 * An organisation's public profile as the pages ask for it: the GOV.UK address pattern (two
 * address lines, town, postcode), a telephone input, textareas for opening hours and what to
 * bring; and each site the same way. Turns the form into the API's whole profile (the API
 * takes the whole of it on each change) and back, and words every error by field and code as
 * the other forms do (common/field-messages), never in the API's own words.
 */
import type { Schemas } from '../api/api-paths';
import type { FieldMessageOverrides } from '../common/field-messages';
import { fieldMessage } from '../common/field-messages';
import { formErrors, FormErrors } from '../common/form-errors';

export type Profile = Schemas['ProfileResponseDto'];
export type ProfileBody = Schemas['PutProfileDto'];
type Address = Schemas['AddressDto'];
type Site = Schemas['SiteDto'];
export type Form = Record<string, string | undefined>;

/** The words of each field's errors, by the last part of the API's field name and its code. */
export const PROFILE_MESSAGES: FieldMessageOverrides = {
  displayName: { fallback: 'Check the name people know the service by', required: 'Enter the name people know the service by', 'too-long': 'The name must be 100 characters or fewer' },
  lines: { fallback: 'Check the address', required: 'Enter the first line of the address', 'too-long': 'Each line of the address must be 100 characters or fewer' },
  town: { fallback: 'Check the town or city', required: 'Enter the town or city', 'too-long': 'The town or city must be 60 characters or fewer' },
  postcode: { fallback: 'Enter a real postcode, like LS2 7ZZ', required: 'Enter the postcode', 'is-postal-code': 'Enter a real postcode, like LS2 7ZZ' },
  phone: {
    fallback: 'Enter a UK telephone number, like 0113 496 0123',
    required: 'Enter the telephone number people should call',
    'is-uk-phone-number': 'Enter a UK telephone number, like 0113 496 0123',
  },
  openingHours: { fallback: 'Check the opening hours', 'too-long': 'Opening hours must be 300 characters or fewer' },
  whatToBring: { fallback: 'Check what to bring', 'too-long': 'What to bring must be 500 characters or fewer' },
  name: { fallback: 'Check the name of the site', required: 'Enter the name of the site', 'too-long': 'The name of the site must be 100 characters or fewer' },
  sites: { fallback: 'Check the sites' },
};

/** Where each of the API's fields is on the page (its input's id). */
export const PROFILE_FIELD_IDS: Record<string, string> = { lines: 'addressLine1', name: 'siteName' };

const text = (value: string | undefined) => (value ?? '').trim();

function addressFrom(form: Form, fail: (field: string, id: string) => void): Address {
  const lines = [text(form.addressLine1), text(form.addressLine2)].filter(Boolean);
  if (!text(form.addressLine1)) fail('lines', 'addressLine1');
  if (!text(form.town)) fail('town', 'town');
  if (!text(form.postcode)) fail('postcode', 'postcode');
  return { lines, town: text(form.town), postcode: text(form.postcode) };
}

/** The form's own checks: what is missing. The API checks the rest (a real postcode, a UK number). */
function checker(): { errors: ReturnType<typeof formErrors>; fail: (field: string, id: string) => void } {
  const errors = formErrors();
  return { errors, fail: (field, id) => errors.add(field, id, fieldMessage({ field, code: 'required' }, PROFILE_MESSAGES)) };
}

const settled = (errors: ReturnType<typeof formErrors>): FormErrors => ({ errors: errors.errors, errorList: errors.errorList });

/** The whole profile from the main form, keeping the sites it had. */
export function profileFromForm(form: Form, sites: Site[]): { body: ProfileBody; errors: FormErrors } {
  const { errors, fail } = checker();
  if (!text(form.displayName)) fail('displayName', 'displayName');
  const address = addressFrom(form, fail);
  if (!text(form.phone)) fail('phone', 'phone');
  const body: ProfileBody = {
    displayName: text(form.displayName),
    address,
    phone: text(form.phone),
    ...(text(form.openingHours) ? { openingHours: text(form.openingHours) } : {}),
    ...(text(form.whatToBring) ? { whatToBring: text(form.whatToBring) } : {}),
    sites,
  };
  return { body, errors: settled(errors) };
}

/** A site from its form: its name and address. A new site's code is made from its name, unique among the others. */
export function siteFromForm(form: Form, others: Site[], code?: string): { site: Site; errors: FormErrors } {
  const { errors, fail } = checker();
  if (!text(form.siteName)) fail('name', 'siteName');
  const address = addressFrom(form, fail);
  return { site: { code: code ?? siteCode(text(form.siteName), others), name: text(form.siteName), address }, errors: settled(errors) };
}

/** A site's code from its name ("Forward Leeds Harehills" → forward-leeds-harehills), never `main`, never one already used. */
export function siteCode(name: string, others: Pick<Site, 'code'>[]): string {
  const base = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 34) || 'site';
  const taken = new Set(['main', ...others.map((s) => s.code)]);
  let code = base;
  for (let n = 2; taken.has(code); n++) code = `${base}-${n}`;
  return code;
}

/** The profile's answers as the form shows them. */
export function formFromProfile(profile: Profile | undefined): Form {
  if (!profile) return {};
  return {
    displayName: profile.displayName,
    ...addressForm(profile.address),
    phone: profile.phoneInWords,
    openingHours: profile.openingHours ?? '',
    whatToBring: profile.whatToBring ?? '',
  };
}

export function formFromSite(site: Site): Form {
  return { siteName: site.name, ...addressForm(site.address) };
}

function addressForm(address: Address): Form {
  return { addressLine1: address.lines[0], addressLine2: address.lines.slice(1).join(', '), town: address.town, postcode: address.postcode };
}

/** The profile as the API takes it back: its sites as they are, for a change to one part. */
export function bodyOf(profile: Profile, sites: Site[] = profile.sites): ProfileBody {
  return {
    displayName: profile.displayName,
    address: profile.address,
    phone: profile.phone,
    ...(profile.openingHours ? { openingHours: profile.openingHours } : {}),
    ...(profile.whatToBring ? { whatToBring: profile.whatToBring } : {}),
    sites: sites.map(({ code, name, address }) => ({ code, name, address })),
  };
}

/** An address on one line, as the page lists it. */
export function addressInWords(address: Address): string {
  return [...address.lines, address.town, address.postcode].join(', ');
}
