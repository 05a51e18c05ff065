import { fieldMessage, problemMessage } from './field-messages';
import { fieldErrorsFrom } from './form-errors';

describe('the pages’ own error messages', () => {
  it('says each rule for its field in GOV.UK’s words, with the compared values written out', () => {
    expect(fieldMessage({ field: 'prisonNumber', code: 'invalid-format' })).toBe('Enter the person’s prison number, like A1234BC');
    expect(fieldMessage({ field: 'treatment.onOst', code: 'wrong-type' })).toBe('Select yes if they are on opioid substitution therapy');
    expect(fieldMessage({ field: 'releasedOn', code: 'in-the-future', latest: '2027-01-07' })).toBe('The release date must be today or in the past');
    expect(fieldMessage({ field: 'appointmentAt', code: 'after-latest', latest: '2027-01-08', onOst: true })).toBe(
      'The first appointment must be on or before Friday 8 January 2027, the next working day after release, for someone on opioid substitution therapy',
    );
    expect(fieldMessage({ field: 'attended', code: 'before-appointment', appointmentAt: '2027-01-08T10:30:00.000Z' })).toBe(
      'You can record attendance once the appointment has begun, at 10:30am on Friday 8 January 2027',
    );
  });

  it('says why a mobile number is refused, by the API’s code', () => {
    expect(fieldMessage({ field: 'mobileNumber', code: 'not-a-mobile' })).toBe('Enter a UK mobile number: texts cannot be sent to landlines or numbers outside the UK');
    expect(fieldMessage({ field: 'mobileNumber', code: 'not-a-phone-number' })).toBe('Enter a UK mobile number, starting 07 or +44 7, using only numbers, spaces and brackets');
    expect(fieldMessage({ field: 'mobileNumber', code: 'required' })).toBe('Enter the person’s mobile number');
    expect(fieldMessage({ field: 'consentToText', code: 'wrong-type' })).toBe('Select yes if the person agrees to be sent text reminders');
  });

  it('falls back to a plain sentence for the field, never the API’s words, for a code it does not know', () => {
    expect(fieldMessage({ field: 'releaseDate', code: 'some-new-rule', messages: ['releaseDate must match /x/'] })).toBe('Check the release date');
    expect(fieldMessage({ field: 'releaseDate', code: 'toString' })).toBe('Check the release date');
    expect(fieldMessage({ field: 'somethingNew', code: 'required' })).toBe('Check your answers');
  });

  it('answers a refusal with no field by its type, linking a duplicate registration to the open pathway', () => {
    const id = '6f1c9d2e-8b47-4a3f-b5e6-1d2c3b4a5f60';
    const errors = fieldErrorsFrom({ type: 'https://throughcare.dev/problems/pathway-exists', detail: `Pathway ${id} is open`, pathwayId: id }, {});
    expect(errors.errorList).toEqual([{ text: 'This person already has an open pathway', href: `/pathways/${id}` }]);
    expect(problemMessage({ type: 'https://throughcare.dev/problems/never-heard-of' })).toBe('The change could not be made; reload the page and try again');
  });
});
