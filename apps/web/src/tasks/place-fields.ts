/**
 * The booking's place and the OST bridge's pharmacy on the task pages: the choices a booking
 * offers (the service's sites from its public profile, telephone, video), and the API's
 * `place`, `pharmacy` and `firstCollectionOn` from what the form sent.
 */
import type { FieldMessageOverrides } from '../common/field-messages';

type Form = Record<string, string | undefined>;
/** A profile and a place as the API answers them (read loosely: a page shows what is there). */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Fail = (field: string, href: string, code: string) => void;

export interface PlaceChoice {
  value: string;
  text: string;
  hint?: string;
}

/** The page's words for the place and pharmacy fields (the API's last field segment). */
export const PLACE_MESSAGES: FieldMessageOverrides = {
  place: { fallback: 'Select where the appointment is', required: 'Select where the appointment is' },
  site: { fallback: 'Select where the appointment is' },
  channel: { fallback: 'Select where the appointment is' },
  pharmacyName: { fallback: 'Enter the name of the pharmacy', required: 'Enter the name of the pharmacy' },
  name: { fallback: 'Enter the name of the pharmacy' },
  pharmacyAddress: { fallback: 'Enter the first line of the pharmacy’s address', required: 'Enter the first line of the pharmacy’s address' },
  lines: { fallback: 'Enter the first line of the pharmacy’s address' },
  pharmacyTown: { fallback: 'Enter the town or city of the pharmacy', required: 'Enter the town or city of the pharmacy' },
  town: { fallback: 'Enter the town or city of the pharmacy' },
  postcode: { fallback: 'Enter a real postcode, like LS1 4AP', required: 'Enter the pharmacy’s postcode' },
  pharmacyPostcode: { fallback: 'Enter a real postcode, like LS1 4AP', required: 'Enter the pharmacy’s postcode' },
  pharmacy: { fallback: 'Enter the pharmacy’s name and address' },
  firstCollectionOn: {
    fallback: 'Check the first day the person can collect their prescription',
    required: 'Enter the first day the person can collect their prescription',
    'not-a-date': 'The first collection day must be a real date',
  },
};

/** Where each of these fields is on the page, for the error summary's links. */
export const PLACE_FIELD_IDS = {
  place: 'place',
  site: 'place',
  channel: 'place',
  name: 'pharmacyName',
  pharmacyName: 'pharmacyName',
  lines: 'pharmacyAddress',
  pharmacyAddress: 'pharmacyAddress',
  town: 'pharmacyTown',
  pharmacyTown: 'pharmacyTown',
  postcode: 'pharmacyPostcode',
  pharmacyPostcode: 'pharmacyPostcode',
  pharmacy: 'pharmacyName',
  firstCollectionOn: 'firstCollectionOn-day',
};

const oneLine = (address: Json): string => [...(address.lines as string[]), `${address.town} ${address.postcode}`].join(', ');

/** The places a booking can choose from: the service's main site and other sites, then telephone and video. */
export function placeChoices(profile: Json | undefined): PlaceChoice[] {
  const sites: PlaceChoice[] = profile
    ? [
        { value: 'main', text: `In person at ${profile.displayName}`, hint: oneLine(profile.address) },
        ...(profile.sites as Json[]).map((s) => ({ value: `site:${s.code}`, text: `In person at ${s.name}`, hint: oneLine(s.address) })),
      ]
    : [{ value: 'main', text: 'In person' }];
  return [...sites, { value: 'telephone', text: 'By telephone', hint: 'The service will phone the person' }, { value: 'video', text: 'By video call' }];
}

/** The choice the form starts on: the step's own place when it has one (a re-arrangement), else the main site. */
export function placeChosen(details: Json | null | undefined, choices: PlaceChoice[]): string {
  const channel = details?.placeChannel;
  const current = channel === 'telephone' || channel === 'video' ? channel : details?.placeSite && details.placeSite !== 'main' ? `site:${details.placeSite}` : 'main';
  return choices.some((c) => c.value === current) ? current : 'main';
}

/** The API's `place` from the form's choice. */
export function placeFrom(form: Form, fail: Fail): Json | undefined {
  const choice = form.place ?? '';
  if (choice === 'main') return { channel: 'in-person' };
  if (choice.startsWith('site:')) return { channel: 'in-person', site: choice.slice('site:'.length) };
  if (choice === 'telephone' || choice === 'video') return { channel: choice };
  fail('place', 'place', 'required');
  return undefined;
}

/** A date from GOV.UK's three-field date input `<prefix>-day|month|year`, as YYYY-MM-DD; undefined when it is not a real date. */
export function dateFromInput(form: Form, prefix: string): string | undefined {
  const [day, month, year] = ['day', 'month', 'year'].map((part) => Number(form[`${prefix}-${part}`]));
  const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const real = [day, month, year].every(Number.isInteger) && year >= 2000 && year < 2100 && !Number.isNaN(Date.parse(`${date}T00:00:00Z`));
  return real && new Date(`${date}T00:00:00Z`).toISOString().startsWith(date) ? date : undefined;
}

/** The API's `pharmacy` and `firstCollectionOn` from the form; every field is asked for. */
export function pharmacyFrom(form: Form, fail: Fail): Json {
  const text = (name: string) => (form[name] ?? '').trim();
  for (const [field, label] of [['pharmacyName', 'pharmacyName'], ['pharmacyAddress', 'pharmacyAddress'], ['pharmacyTown', 'pharmacyTown'], ['pharmacyPostcode', 'pharmacyPostcode']]) {
    if (!text(field)) fail(field, label, 'required');
  }
  const firstCollectionOn = dateFromInput(form, 'firstCollectionOn');
  if (!firstCollectionOn) fail('firstCollectionOn', 'firstCollectionOn-day', form['firstCollectionOn-day'] ? 'not-a-date' : 'required');
  const lines = [text('pharmacyAddress'), text('pharmacyAddress2')].filter(Boolean);
  return { pharmacy: { name: text('pharmacyName'), address: { lines, town: text('pharmacyTown'), postcode: text('pharmacyPostcode') } }, firstCollectionOn };
}
