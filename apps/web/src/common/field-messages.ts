/**
 * Every error message the pages show, in the GOV.UK Design System's words: one per form field
 * and rule, keyed by the API's field name and its stable error `code` (and, for refusals with
 * no field, its problem type). The API's own `messages` and `detail` are for API clients and
 * are never shown: a code this module does not know gets the field's plain fallback
 * ("Check the release date"), so a new API rule can never put developer language on a page.
 */
import { dayInWords, timeInWords } from './view-filters';

/** One field error as the API answers it (problem+json `errors[]`). */
export interface ApiFieldError {
  field: string;
  code?: string;
  [value: string]: unknown;
}

type Say = (error: ApiFieldError) => string;

interface FieldWords {
  /** For a code this field has no words for. */
  fallback: string;
  [code: string]: string | Say;
}

/** "Friday 8 January 2027" from an ISO date the API compared with; the fallback when it is missing. */
const day = (value: unknown): string | undefined => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? dayInWords(value) : undefined);

/** Words for a date field: missing, not a real date, and outside the range the API gives. */
function dateWords(name: string, missing: string): FieldWords {
  const between = (e: ApiFieldError) =>
    day(e.earliest) && day(e.latest) ? `${name} must be between ${day(e.earliest)} and ${day(e.latest)}` : `Check the ${name.toLowerCase()}`;
  return {
    fallback: `Check the ${name.toLowerCase()}`,
    required: missing,
    'not-a-date': `${name} must be a real date`,
    'before-earliest': (e) => (day(e.earliest) ? `${name} must be on or after ${day(e.earliest)}` : between(e)),
    'after-latest': (e) => (day(e.latest) ? `${name} must be on or before ${day(e.latest)}` : between(e)),
  };
}

const yesNo = (question: string): FieldWords => ({ fallback: question, required: question, 'wrong-type': question });

const UNSAFE = 'contains characters that cannot be saved; remove them and try again';

export const FIELD_MESSAGES: Record<string, FieldWords> = {
  prisonNumber: {
    fallback: 'Check the prison number',
    required: 'Enter the person’s prison number',
    'invalid-format': 'Enter the person’s prison number, like A1234BC',
  },
  givenName: {
    fallback: 'Check the first name',
    required: 'Enter the person’s first name',
    'no-letter': 'First name must include a letter',
    'too-long': 'First name must be 100 characters or fewer',
    'unsafe-text': `First name ${UNSAFE}`,
  },
  familyName: {
    fallback: 'Check the last name',
    required: 'Enter the person’s last name',
    'no-letter': 'Last name must include a letter',
    'too-long': 'Last name must be 100 characters or fewer',
    'unsafe-text': `Last name ${UNSAFE}`,
  },
  dateOfBirth: {
    ...dateWords('Date of birth', 'Enter the person’s date of birth'),
    'after-latest': (e) => (day(e.latest) ? `The person must be 18 or over: their date of birth must be on or before ${day(e.latest)}` : 'The person must be 18 or over'),
    'before-earliest': (e) => (day(e.earliest) ? `Date of birth must be on or after ${day(e.earliest)}` : 'Check the date of birth'),
  },
  nhsNumber: {
    fallback: 'Check the NHS number',
    'invalid-nhs-number': 'Enter a valid NHS number, 10 digits like 943 476 5919',
  },
  releaseDate: dateWords('Release date', 'Enter the release date'),
  releaseDateType: { fallback: 'Select the type of release date', required: 'Select the type of release date', 'not-one-of': 'Select the type of release date' },
  destinationArea: {
    fallback: 'Check the area the person is released to',
    required: 'Select the area the person is released to',
    'invalid-format': 'Select the area the person is released to from the list',
  },
  substances: {
    fallback: 'Select what the person is in treatment for',
    required: 'Select what the person is in treatment for',
  },
  onOst: { ...yesNo('Select yes if they are on opioid substitution therapy'), 'ost-without-opiates': 'Select no for opioid substitution therapy, or select opiates as something the person is in treatment for' },
  consentToShare: yesNo('Select yes if they consent to their treatment being shared with probation'),
  treatment: { fallback: 'Answer the questions about treatment' },
  prisonCode: {
    fallback: 'Select the prison the person is moving to',
    'same-prison': 'Select a different prison: the person is already at this one',
  },
  releasedOn: {
    ...dateWords('The release date', 'Enter the date the person was released'),
    'in-the-future': 'The release date must be today or in the past',
    'after-latest': 'The release date must be today or in the past',
  },
  kind: { fallback: 'Select whether the release was planned', required: 'Select whether the release was planned', 'not-one-of': 'Select whether the release was planned' },
  on: dateWords('The date of the return to custody', 'Enter the date the person returned to custody'),
  reason: {
    fallback: 'Check the reason',
    required: 'Enter the reason',
    'too-long': 'The reason is too long; shorten it',
    'unsafe-text': `The reason ${UNSAFE}`,
  },
  appointmentAt: {
    fallback: 'Check the date and time of the appointment',
    required: 'Enter the date of the appointment, like 27 3 2027',
    'not-a-date': 'Enter the date of the appointment, like 27 3 2027',
    'not-a-date-time': 'Enter the date of the appointment, like 27 3 2027',
    'after-latest': (e) => {
      const latest = day(e.latest);
      if (!latest) return 'The first appointment is too late: choose an earlier day';
      return e.onOst === true
        ? `The first appointment must be on or before ${latest}, the next working day after release, for someone on opioid substitution therapy`
        : `The first appointment must be on or before ${latest}`;
    },
  },
  appointmentAtTime: { fallback: 'Enter the time of the appointment, like 10:30' },
  attended: {
    ...yesNo('Select yes if the person attended'),
    'before-appointment': (e) => {
      const at = typeof e.appointmentAt === 'string' ? new Date(e.appointmentAt) : undefined;
      return at && !Number.isNaN(at.getTime())
        ? `You can record attendance once the appointment has begun, at ${timeInWords(at)} on ${dayInWords(at)}`
        : 'You can record attendance once the appointment has begun';
    },
  },
  supplied: yesNo('Select yes if naloxone was supplied'),
  communityTreatmentCode: { fallback: 'Select the community treatment service' },
  mobileNumber: {
    fallback: 'Enter a UK mobile number, starting 07 or +44 7',
    required: 'Enter the person’s mobile number',
    'wrong-type': 'Enter a UK mobile number, starting 07 or +44 7',
    'not-a-phone-number': 'Enter a UK mobile number, starting 07 or +44 7, using only numbers, spaces and brackets',
    'not-a-mobile': 'Enter a UK mobile number: texts cannot be sent to landlines or numbers outside the UK',
  },
  consentToText: yesNo('Select yes if the person agrees to be sent text reminders'),
  q: {
    fallback: 'Enter a prison number, name, NHS number or date of birth',
    'too-long': 'Search must be 100 characters or fewer',
    'unsafe-text': `Search ${UNSAFE}`,
  },
};

/** Per page, where the same API field asks something else (a decline's reason, a cancellation's). */
export type FieldMessageOverrides = Record<string, Partial<FieldWords>>;

/** The page's message for one of the API's field errors; never the API's own words. */
export function fieldMessage(error: ApiFieldError, overrides: FieldMessageOverrides = {}): string {
  const key = error.field.split('.').pop() ?? error.field;
  const words = { ...FIELD_MESSAGES[key], ...overrides[key] } as Partial<FieldWords>;
  const said = (error.code && Object.hasOwn(words, error.code) ? words[error.code] : undefined) ?? words.fallback;
  if (typeof said === 'function') return said(error);
  return said ?? 'Check your answers';
}

/** What the pages say when the API refuses the whole request (no field), by its problem type. */
const PROBLEM_MESSAGES: Record<string, string> = {
  'pathway-exists': 'This person already has an open pathway',
  'pathway-exists-elsewhere': 'This person already has an open pathway at another prison',
  'unknown-organisation': 'The organisation chosen is not one Throughcare works with',
  'no-route': 'No community treatment service covers that area; check the area',
  'task-not-open': 'This task has already been done or cancelled; go back to the pathway to see it',
  'action-not-allowed': 'This cannot be done to this task; go back to the pathway to see it',
  'pathway-closed': 'This pathway is closed, so it cannot be changed',
  'already-released': 'The person’s release has already been recorded',
  'not-yet-startable': 'This task cannot be done yet; try again nearer the day of release',
  'invalid-event': 'This change does not apply to this pathway; go back to the pathway to see it',
  'idempotency-key-reused': 'This form was already sent; go back to the pathway to see whether it was saved',
  'request-in-progress': 'This form is still being saved; wait a moment, then go back to the pathway',
  forbidden: 'You cannot make this change',
};

/** The page's words for a refusal of the whole request. */
export function problemMessage(problem: { type?: unknown }): string {
  const type = typeof problem.type === 'string' ? problem.type.split('/').pop()! : '';
  return (Object.hasOwn(PROBLEM_MESSAGES, type) ? PROBLEM_MESSAGES[type] : undefined) ?? 'The change could not be made; reload the page and try again';
}
