/** Field validators built on the domain's pure rules, so the API and the domain agree. */
import { Injectable, PipeTransform } from '@nestjs/common';
import { registerDecorator, ValidationOptions } from 'class-validator';
import { validationProblem } from '@throughcare/problem';
import { isLocalDate, isValidNhsNumber } from '@throughcare/domain';

export function IsCalendarDate(options: { past?: boolean } = {}, validationOptions?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName,
      options: validationOptions,
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && isLocalDate(value) && (!options.past || value < new Date().toISOString().slice(0, 10)),
        defaultMessage: () => `${propertyName} must be a calendar date YYYY-MM-DD${options.past ? ' in the past' : ''}`,
      },
    });
}

export function IsNhsNumber(validationOptions?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isNhsNumber',
      target: target.constructor,
      propertyName,
      options: validationOptions,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isValidNhsNumber(value),
        defaultMessage: () => `${propertyName} must be a ten-digit NHS number with a valid check digit`,
      },
    });
}

export const AREA_CODE = /^[A-Z][0-9]{8}$/;

/** A local authority area code in a path, e.g. E08000035. */
@Injectable()
export class ParseAreaCodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!AREA_CODE.test(value)) throw validationProblem([{ field: 'area', messages: ['must be a local authority code such as E08000035'] }]);
    return value;
  }
}
