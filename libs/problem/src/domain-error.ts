/**
 * What services and activities throw when a rule refuses: a code from PROBLEMS, this time's
 * detail, and any extension members (a field's errors, the existing pathway's id). Nothing of
 * HTTP in it: the filters answer it as a problem (toProblem, the one mapping for /v1 and FHIR),
 * and an activity branches on its code.
 */
import { PROBLEMS } from './problems';

export type ProblemCode = keyof typeof PROBLEMS;

export class DomainError extends Error {
  constructor(
    readonly code: ProblemCode,
    readonly detail?: string,
    readonly extensions?: Record<string, unknown>,
    /** Instead of the code's own title, where one answer has always been titled more exactly. */
    readonly title?: string,
  ) {
    super(detail ?? title ?? PROBLEMS[code].title);
    this.name = 'DomainError';
  }
}

/** Whether an error is a DomainError with one of these codes. */
export function isDomainError(err: unknown, ...codes: ProblemCode[]): err is DomainError {
  return err instanceof DomainError && (codes.length === 0 || codes.includes(err.code));
}
