/** The global ValidationPipe's failures as one 400 problem listing every field error. */
import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, ProblemException } from './problem.exception';
import { problem, PROBLEMS } from './problems';

/**
 * At most this many field errors are listed: a body of thousands of unknown keys must not
 * get an answer thousands of lines long. The detail says how many more there are.
 */
export const MAX_LISTED_ERRORS = 20;

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

export function validationProblem(errors: FieldError[]): ProblemException {
  const listed = errors.slice(0, MAX_LISTED_ERRORS);
  const more = errors.length - listed.length;
  const detail = listed.map((e) => `${e.field}: ${e.messages.join('; ')}`).join('. ');
  return problem(
    PROBLEMS.validation,
    more > 0 ? `${detail}. And ${more} more ${more === 1 ? 'field is' : 'fields are'} not valid (only the first ${MAX_LISTED_ERRORS} are listed)` : detail,
    { errors: listed },
  );
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => validationProblem(flatten(errors)),
  });
}
