/** The global ValidationPipe's failures as one 400 problem listing every field error. */
import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, ProblemException } from './problem.exception';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

export function validationProblem(errors: FieldError[]): ProblemException {
  return new ProblemException({
    status: 400,
    type: 'validation',
    title: 'The request is not valid',
    detail: errors.map((e) => `${e.field}: ${e.messages.join('; ')}`).join('. '),
    extensions: { errors },
  });
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => validationProblem(flatten(errors)),
  });
}
