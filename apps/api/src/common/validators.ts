/** Field validators built on the domain's pure rules, so the API and the domain agree. */
import { Injectable, PipeTransform } from '@nestjs/common';
import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { FieldRuleContext, validationProblem } from '@throughcare/problem';
import { dateOfBirthRange, DateRange, isLocalDate, isValidNhsNumber, londonDateOf, ostNeedsOpiates, outOfRangeProblem, releaseDateRange } from '@throughcare/domain';
import type { LocalDate } from '@throughcare/domain';

/** The supported ranges, relative to today in London (supported-dates in the domain). */
const RANGES = {
  /** A release date, expected, changed or recorded as happened. */
  release: releaseDateRange,
  dateOfBirth: dateOfBirthRange,
} satisfies Record<string, (today: LocalDate) => DateRange>;

/** Year 0000 is a valid ISO date that PostgreSQL refuses; nothing before year 1 is taken. */
const isStorableDate = (value: unknown): value is string => typeof value === 'string' && isLocalDate(value) && value >= '0001-01-01';

/**
 * A calendar date YYYY-MM-DD; with `range`, within the dates the product can plan with,
 * counted from today in Europe/London when the request is validated.
 */
export function IsCalendarDate(options: { range?: keyof typeof RANGES } = {}, validationOptions?: ValidationOptions) {
  const rangeNow = () => (options.range ? RANGES[options.range](londonDateOf(new Date())) : undefined);
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName,
      options: { ...validationOptions, context: calendarDateContext(rangeNow) },
      validator: {
        validate: (value: unknown) => {
          const range = rangeNow();
          return isStorableDate(value) && (!range || outOfRangeProblem(value, range) === undefined);
        },
        defaultMessage: (args: ValidationArguments) => {
          const range = rangeNow();
          if (!isStorableDate(args.value)) return `${propertyName} must be a calendar date YYYY-MM-DD${range ? ` from ${range.earliest} to ${range.latest}` : ''}`;
          return `${propertyName} ${range ? outOfRangeProblem(args.value, range) : 'must be a calendar date YYYY-MM-DD'}`;
        },
      },
    });
}

/** The field error's code and the range it compares with: `not-a-date`, or `before-earliest` / `after-latest` with both ends. */
function calendarDateContext(rangeNow: () => DateRange | undefined): FieldRuleContext {
  return {
    describe: (value) => {
      const range = rangeNow();
      if (!isStorableDate(value)) return { code: 'not-a-date', ...range };
      if (!range) return { code: 'invalid' };
      return { code: value < range.earliest ? 'before-earliest' : 'after-latest', ...range };
    },
  };
}

export function IsNhsNumber(validationOptions?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isNhsNumber',
      target: target.constructor,
      propertyName,
      options: { ...validationOptions, context: { code: 'invalid-nhs-number' } satisfies FieldRuleContext },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isValidNhsNumber(value),
        defaultMessage: () => `${propertyName} must be a ten-digit NHS number (or 3-3-4 with single spaces) with a valid check digit`,
      },
    });
}

/** A name must name someone: at least one letter, in any script (not only spaces or punctuation). */
export function IsPersonName(validationOptions?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isPersonName',
      target: target.constructor,
      propertyName,
      options: { ...validationOptions, context: { code: 'no-letter' } satisfies FieldRuleContext },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && /\p{L}/u.test(value),
        defaultMessage: () => `${propertyName} must contain a letter`,
      },
    });
}

export const AREA_CODE = /^[A-Z][0-9]{8}$/;

/** A local authority area code in a path, e.g. E08000035. */
@Injectable()
export class ParseAreaCodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!AREA_CODE.test(value)) throw validationProblem([{ field: 'area', code: 'invalid-format', messages: ['must be a local authority code such as E08000035'] }]);
    return value;
  }
}

/** On OST only with opiates among the substances (the domain's rule), judged on the treatment the field belongs to. */
export function IsOstWithOpiates(validationOptions?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isOstWithOpiates',
      target: target.constructor,
      propertyName,
      options: { ...validationOptions, context: { code: 'ost-without-opiates' } satisfies FieldRuleContext },
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const substances = (args.object as { substances?: unknown }).substances;
          // A malformed boolean or list has its own error; this rule judges only well-formed treatment.
          if (typeof value !== 'boolean' || !Array.isArray(substances)) return true;
          return ostNeedsOpiates({ substances: substances.map(String), onOst: value });
        },
        defaultMessage: () => `${propertyName} can be true only when opiates are among the substances`,
      },
    });
}
