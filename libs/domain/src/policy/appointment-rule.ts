/**
 * The first-appointment rule (DESIGN §3.2): the booked first community appointment falls no
 * later than T + 21 days, the continuity-of-care window (PHOF C20), and for someone on opioid
 * substitution therapy no later than the next working day after T, so that no dose is missed
 * between the prison's last one and the community prescriber's first. Dates are London dates.
 */
import { addDays, LocalDate, londonDateOf, nextWorkingDay } from '../calendar';

/** Calendar days after T within which the first appointment must fall. */
export const FIRST_APPOINTMENT_WITHIN_DAYS = 21;

export interface FirstAppointmentContext {
  /** T: the expected day of release, or the actual one once recorded. */
  releaseDate: LocalDate;
  onOst: boolean;
}

/** The last London date the first appointment may fall on. */
export function latestFirstAppointmentDate({ releaseDate, onOst }: FirstAppointmentContext): LocalDate {
  return onOst ? nextWorkingDay(releaseDate) : addDays(releaseDate, FIRST_APPOINTMENT_WITHIN_DAYS);
}

/** Why the appointment breaks the rule, naming the latest allowed date, or undefined when it keeps it. */
export function firstAppointmentProblem(appointmentAt: Date, ctx: FirstAppointmentContext): string | undefined {
  const latest = latestFirstAppointmentDate(ctx);
  const booked = londonDateOf(appointmentAt);
  if (booked <= latest) return undefined;
  const why = ctx.onOst
    ? `the next working day after release on ${ctx.releaseDate}, for someone on OST`
    : `${FIRST_APPOINTMENT_WITHIN_DAYS} days after release on ${ctx.releaseDate}`;
  return `The first appointment must be on or before ${latest} (${why}), not ${booked}`;
}
