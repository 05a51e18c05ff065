/** Deadlines: a due rule applied to a pathway's dates gives the instant a step falls due. */
import { addDays, addWorkingDays, HolidayCalendar, LocalDate, londonDateOf, londonInstant, nextWorkingDay } from '../calendar';
import { addDuration, parseOffset } from './offset';
import { DueRule, Policy, StepPolicy } from './policy';

export interface DeadlineContext {
  /** T: the expected (or actual) day of release. */
  releaseDate: LocalDate;
  registeredAt: Date;
  /** When the step was created, for rules anchored on `created`. */
  createdAt: Date;
  /** The booked first appointment, for rules anchored on `appointment`. */
  appointmentAt?: Date;
  /**
   * When the person was released without notice (e.g. from court), if they were: the
   * community treatment service's steps open then become urgent (DESIGN §3.4).
   */
  unplannedReleaseAt?: Date;
  /** The pathway's pinned bank holidays; the compiled list when absent. */
  calendar: HolidayCalendar;
}

export function dueAt(rule: DueRule, ctx: DeadlineContext, policy: Pick<Policy, 'dueTime'>): Date {
  const offset = parseOffset(rule.offset);
  if (offset.kind === 'duration') return addDuration(anchorInstant(rule, ctx, policy), offset);
  const from = anchorDate(rule, ctx);
  const date = offset.working ? addWorkingDays(from, offset.days, ctx.calendar) : addDays(from, offset.days);
  return londonInstant(date, rule.at ?? policy.dueTime);
}

function anchorDate(rule: DueRule, ctx: DeadlineContext): LocalDate {
  switch (rule.anchor) {
    case 'release':
      return ctx.releaseDate;
    case 'registration':
      return londonDateOf(ctx.registeredAt);
    case 'created':
      return londonDateOf(ctx.createdAt);
    case 'appointment':
      return londonDateOf(requireAppointment(ctx));
  }
}

function anchorInstant(rule: DueRule, ctx: DeadlineContext, policy: Pick<Policy, 'dueTime'>): Date {
  switch (rule.anchor) {
    case 'release':
      return londonInstant(ctx.releaseDate, rule.at ?? policy.dueTime);
    case 'registration':
      return ctx.registeredAt;
    case 'created':
      return ctx.createdAt;
    case 'appointment':
      return requireAppointment(ctx);
  }
}

function requireAppointment(ctx: DeadlineContext): Date {
  if (!ctx.appointmentAt) throw new RangeError('A rule anchored on the appointment needs an appointment time');
  return ctx.appointmentAt;
}

/** Registered fewer than `lateRegistrationWeeks` before T. */
export function isLateRegistration(policy: Policy, ctx: Pick<DeadlineContext, 'releaseDate' | 'registeredAt'>): boolean {
  const cutoff = londonInstant(addDays(ctx.releaseDate, -7 * policy.lateRegistrationWeeks), '00:00');
  return ctx.registeredAt.getTime() > cutoff.getTime();
}

export function stepDueAt(policy: Policy, step: StepPolicy, ctx: DeadlineContext): Date {
  const rule = step.lateDue && isLateRegistration(policy, ctx) ? step.lateDue : step.due;
  const due = dueAt(rule, ctx, policy);
  const urgent = urgentDueAt(policy, step, ctx);
  return urgent && urgent < due ? urgent : due;
}

/**
 * After an unplanned release, the community treatment service's steps open at that moment
 * (an acceptance, a booking) are due no later than the next working day at the policy's due
 * time, since the person is already out. Steps counted from an appointment keep their own
 * deadline: attendance cannot be recorded before the appointment, wherever it falls.
 */
function urgentDueAt(policy: Policy, step: StepPolicy, ctx: DeadlineContext): Date | undefined {
  const released = ctx.unplannedReleaseAt;
  if (!released || step.owner !== 'community-treatment' || step.due.anchor === 'appointment' || ctx.createdAt > released) return undefined;
  return londonInstant(nextWorkingDay(londonDateOf(released), ctx.calendar), policy.dueTime);
}
