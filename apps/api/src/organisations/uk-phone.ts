/**
 * UK phone numbers, as people type them ("0113 496 0123", "+44 113 496 0123", "(0113) 4960123"),
 * checked against libphonenumber-js's numbering plan and stored in one spelling, E.164.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
// The full metadata: only it knows a number's type (mobile, landline, pager, personal number).
import { parsePhoneNumberFromString as parseWithTypes } from 'libphonenumber-js/max';
import { registerDecorator, ValidationOptions } from 'class-validator';
import type { FieldRuleContext } from '@throughcare/problem';

/** The number in E.164 (`+441134960123`), or undefined when it is not a valid UK number. */
export function normaliseUkPhone(text: unknown): string | undefined {
  if (typeof text !== 'string' || text.length > 40) return undefined;
  const parsed = parsePhoneNumberFromString(text, 'GB');
  return parsed?.isValid() && parsed.country === 'GB' ? parsed.number : undefined;
}

export function IsUkPhoneNumber(validationOptions?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isUkPhoneNumber',
      target: target.constructor,
      propertyName,
      options: validationOptions,
      validator: {
        validate: (value: unknown) => normaliseUkPhone(value) !== undefined,
        defaultMessage: () => `${propertyName} must be a UK phone number, e.g. 0113 496 0123`,
      },
    });
}

/**
 * How people write a phone number: digits, spaces, `+`, brackets, hyphens and dots, nothing
 * else. libphonenumber-js would find a number inside any text ("call 07700 123456") and read
 * other scripts' digits; a number to text someone on is taken only as a number.
 */
const PHONE_SPELLING = /^[0-9+()\-. ]{1,30}$/;

/**
 * Why a mobile number is refused, as the field error's code: `not-a-phone-number` (not a
 * number at all, or not one in the UK's numbering plan, such as Ofcom's drama range
 * 07700 900000 to 900999), `not-a-mobile` (a real number that is not a UK mobile: a
 * landline, a pager, a personal number, another country's mobile).
 */
export type MobileRefusal = 'not-a-phone-number' | 'not-a-mobile';

/**
 * A UK mobile number (+44 7…, the Channel Islands' and the Isle of Man's included, which share
 * the UK's numbering) in E.164, or why it is refused.
 */
export function normaliseUkMobile(text: unknown): { e164: string } | { refused: MobileRefusal } {
  if (typeof text !== 'string' || !PHONE_SPELLING.test(text.trim())) return { refused: 'not-a-phone-number' };
  const parsed = parseWithTypes(text.trim(), 'GB');
  if (!parsed?.isValid()) return { refused: 'not-a-phone-number' };
  return parsed.countryCallingCode === '44' && parsed.getType() === 'MOBILE' ? { e164: parsed.number } : { refused: 'not-a-mobile' };
}

/** A UK mobile number in any usual spelling; the field error's code says why one is refused (MobileRefusal). */
export function IsUkMobileNumber(validationOptions?: ValidationOptions) {
  const context: FieldRuleContext = {
    describe: (value) => {
      const result = normaliseUkMobile(value);
      return { code: 'refused' in result ? result.refused : 'not-a-mobile' };
    },
  };
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isUkMobileNumber',
      target: target.constructor,
      propertyName,
      options: { ...validationOptions, context },
      validator: {
        validate: (value: unknown) => 'e164' in normaliseUkMobile(value),
        // Never the value: a refused number is still someone's number.
        defaultMessage: () => `${propertyName} must be a UK mobile number, starting 07 or +44 7`,
      },
    });
}
