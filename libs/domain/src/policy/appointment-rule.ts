/**
 * The first-appointment rule (DESIGN §3.2): the booked first community appointment falls
 * inside the policy's outcome window after T (T + 21 days on the default policy: the
 * continuity-of-care window, PHOF C20), and for someone on opioid substitution therapy no
 * later than the next working day after T, so that no dose is missed between the prison's
 * last one and the community prescriber's first. Dates are London dates. The window's length
 * is the policy's `outcomeWindow`, the one source shared with the outcome.
 */
import { HolidayCalendar, LocalDate, londonDateOf, nextWorkingDay } from '../calendar';
import { lastDayOfOutcomeWindow } from '../pathway/outcome';
import { parseOffset } from './offset';
import type { Policy } from './policy';

export interface FirstAppointmentContext {
  /** T: the expected day of release, or the actual one once recorded. */
  releaseDate: LocalDate;
  /** When the release was recorded, if it was (hour-level windows count from it). */
  releasedAt?: Date;
  onOst: boolean;
  policy: Pick<Policy, 'outcomeWindow' | 'dueTime'>;
  /** The pathway's pinned bank holidays; the compiled list when absent. */
  calendar: HolidayCalendar;
}

/** The last London date the first appointment may fall on. */
export function latestFirstAppointmentDate({ releaseDate, releasedAt, onOst, policy, calendar }: FirstAppointmentContext): LocalDate {
  return onOst ? nextWorkingDay(releaseDate, calendar) : lastDayOfOutcomeWindow(policy, { releaseDay: releaseDate, releasedAt });
}

/** Why the appointment breaks the rule, naming the latest allowed date, or undefined when it keeps it. */
export function firstAppointmentProblem(appointmentAt: Date, ctx: FirstAppointmentContext): string | undefined {
  const latest = latestFirstAppointmentDate(ctx);
  const booked = londonDateOf(appointmentAt);
  if (booked <= latest) return undefined;
  const window = parseOffset(ctx.policy.outcomeWindow);
  const why = ctx.onOst
    ? `the next working day after release on ${ctx.releaseDate}, for someone on OST`
    : window.kind === 'days'
      ? `${window.days} days after release on ${ctx.releaseDate}`
      : `the end of the ${ctx.policy.outcomeWindow} window after release on ${ctx.releaseDate}`;
  return `The first appointment must be on or before ${latest} (${why}), not ${booked}`;
}
