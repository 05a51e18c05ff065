/**
 * How the pathway refuses an action or event: a typed rejection the workflow turns into a
 * non-retryable update failure and the API into an HTTP status. Also the two checks every
 * message goes through at the workflow's edge: text the read model can store, and dates the
 * calendar can plan with (the domain's rules, refused with the field named).
 */
import { findTextFault, isLocalDate, isLongTextPath, LocalDate, londonDateOf, outOfRangeProblem, releaseDateRange } from '@throughcare/domain';

/** Why an action or event was refused; the API maps each to an HTTP status. */
export type Rejection =
  | 'TaskNotFound'
  | 'TaskNotOpen'
  | 'ActionNotAllowed'
  | 'NotOwner'
  | 'InvalidDetails'
  | 'PathwayClosed'
  | 'AlreadyReleased'
  | 'InvalidEvent'
  | 'NotYetStartable';

/**
 * The request field at fault, with the stable code of the rule it broke and the values that
 * rule compares (as the API's own validation gives them), so a client can say it in its words:
 * e.g. `{ field: 'appointmentAt', code: 'after-latest', latest: '2027-01-08' }`.
 */
export interface FieldFault {
  field: string;
  code: string;
  [value: string]: string | boolean | undefined;
}

export class RejectedError extends Error {
  constructor(
    readonly type: Rejection,
    message: string,
    /** The request field at fault, when one is. */
    readonly fault?: FieldFault,
  ) {
    super(message);
  }

  get field(): string | undefined {
    return this.fault?.field;
  }
}

export function reject(type: Rejection, message: string, fault?: FieldFault): never {
  throw new RejectedError(type, message, fault);
}

/**
 * Refuses a message holding text the read model cannot store (PostgreSQL's jsonb holds no NUL
 * and no lone surrogate) or staff could misread (controls, bidirectional overrides), by the
 * domain's one rule for typed text. Every string is checked, keys too; a task action's fields
 * are named as the request names them (`reason`, not `details.reason`).
 */
export function requireStorableText(type: Rejection, message: object): void {
  const fault = findTextFault(message, isLongTextPath);
  if (!fault) return;
  const field = fault.path.replace(/^details\./, '');
  reject(type, `${field} ${fault.message}`, { field, code: 'unsafe-text' });
}

/** Refuses a date the calendar cannot plan with: not a date, or outside the supported range around today. */
export function requirePlannableDate(field: string, date: LocalDate, now: Date): void {
  const range = releaseDateRange(londonDateOf(now));
  if (typeof date !== 'string' || !isLocalDate(date)) reject('InvalidEvent', `${field} must be a calendar date, YYYY-MM-DD`, { field, code: 'not-a-date', ...range });
  const problem = outOfRangeProblem(date, range);
  if (problem) reject('InvalidEvent', `${field} ${problem}`, { field, code: date < range.earliest ? 'before-earliest' : 'after-latest', ...range });
}
