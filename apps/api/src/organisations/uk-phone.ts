/**
 * UK phone numbers, as people type them ("0113 496 0123", "+44 113 496 0123", "(0113) 4960123"),
 * checked against libphonenumber-js's numbering plan and stored in one spelling, E.164.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { registerDecorator, ValidationOptions } from 'class-validator';

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
