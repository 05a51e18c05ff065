/** The global ValidationPipe's failures as one 400 problem listing every field error. */
import { ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError } from './domain-error';
import { FieldError, ProblemException } from './problem.exception';
import { problemOf } from './problems';

/**
 * At most this many field errors are listed: a body of thousands of unknown keys must not
 * get an answer thousands of lines long. The detail says how many more there are.
 */
export const MAX_LISTED_ERRORS = 20;

/**
 * The stable code of each class-validator constraint, by its name. Part of the API contract,
 * like the problem types: clients write their own words from these. A constraint not listed
 * is answered with its name in kebab-case.
 */
export const FIELD_ERROR_CODES: Record<string, string> = {
  isDefined: 'required',
  isNotEmpty: 'required',
  arrayNotEmpty: 'required',
  isString: 'wrong-type',
  isBoolean: 'wrong-type',
  isArray: 'wrong-type',
  isObject: 'wrong-type',
  isInt: 'wrong-type',
  isIn: 'not-one-of',
  matches: 'invalid-format',
  maxLength: 'too-long',
  arrayUnique: 'duplicate',
  isIso8601: 'not-a-date-time',
  isUuid: 'invalid-id',
  whitelistValidation: 'unknown-field',
};

/** The codes in the order one is chosen when a field breaks several rules: the first that applies. */
const PRECEDENCE = ['required', 'wrong-type'];

/**
 * What a custom validator may carry in its `context` (class-validator copies it onto the error):
 * its code and compared values, fixed or worked out from the value refused.
 */
export interface FieldRuleContext {
  code?: string;
  describe?: (value: unknown) => { code: string; [value: string]: unknown };
}

const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/** The code and values of one field's failure. */
function coded(e: ValidationError): { code: string; [value: string]: unknown } {
  const missing = e.value === undefined || e.value === null || e.value === '';
  const names = Object.keys(e.constraints ?? {});
  if (missing && names.some((n) => n !== 'whitelistValidation')) return { code: 'required' };
  const found = names.map((name) => {
    const context = e.contexts?.[name] as FieldRuleContext | undefined;
    if (context?.describe) return context.describe(e.value);
    return { code: context?.code ?? FIELD_ERROR_CODES[name] ?? kebab(name) };
  });
  return PRECEDENCE.map((code) => found.find((f) => f.code === code)).find(Boolean) ?? found[0] ?? { code: 'invalid' };
}

/** class-validator's errors as field errors, nested ones by path (`treatment.onOst`), each with its code. */
export function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints && Object.keys(e.constraints).length > 0 ? [{ field, ...coded(e), messages: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Fields a service found wrong, each with its messages (and code): a DomainError `validation`. */
export function validationError(errors: FieldError[]): DomainError {
  const listed = errors.slice(0, MAX_LISTED_ERRORS);
  const more = errors.length - listed.length;
  const detail = listed.map((e) => `${e.field}: ${e.messages.join('; ')}`).join('. ');
  return new DomainError(
    'validation',
    more > 0 ? `${detail}. And ${more} more ${more === 1 ? 'field is' : 'fields are'} not valid (only the first ${MAX_LISTED_ERRORS} are listed)` : detail,
    { errors: listed },
  );
}

/** The same, as the HTTP edge (the ValidationPipe, body parsing) answers it. */
export function validationProblem(errors: FieldError[]): ProblemException {
  return problemOf(validationError(errors));
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => validationProblem(flatten(errors)),
  });
}
