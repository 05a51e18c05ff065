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

export class RejectedError extends Error {
  constructor(
    readonly type: Rejection,
    message: string,
    /** The request field at fault, when one is. */
    readonly field?: string,
  ) {
    super(message);
  }
}

export function reject(type: Rejection, message: string, field?: string): never {
  throw new RejectedError(type, message, field);
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
  reject(type, `${field} ${fault.message}`, field);
}

/** Refuses a date the calendar cannot plan with: not a date, or outside the supported range around today. */
export function requirePlannableDate(field: string, date: LocalDate, now: Date): void {
  if (typeof date !== 'string' || !isLocalDate(date)) reject('InvalidEvent', `${field} must be a calendar date, YYYY-MM-DD`, field);
  const problem = outOfRangeProblem(date, releaseDateRange(londonDateOf(now)));
  if (problem) reject('InvalidEvent', `${field} ${problem}`, field);
}
