/** Deadlines: a due rule applied to a pathway's dates gives the instant a step falls due. */
import { Duration } from 'luxon';
import { addDays, addWorkingDays, LocalDate, londonDateOf, londonInstant, parseLocalDate } from '../calendar';
import { DueRule, Policy, StepPolicy } from './policy';

export interface DeadlineContext {
  /** T: the expected (or actual) day of release. */
  releaseDate: LocalDate;
  registeredAt: Date;
  /** When the step was created, for rules anchored on `created`. */
  createdAt: Date;
  /** The booked first appointment, for rules anchored on `appointment`. */
  appointmentAt?: Date;
}

const DAY_OFFSET = /^([+-]?\d+)(WD|D)$/;

export function isValidOffset(offset: string): boolean {
  return DAY_OFFSET.test(offset) || Duration.fromISO(offset).isValid;
}

export function dueAt(rule: DueRule, ctx: DeadlineContext, policy: Pick<Policy, 'dueTime'>): Date {
  const days = DAY_OFFSET.exec(rule.offset);
  if (!days) {
    const duration = Duration.fromISO(rule.offset);
    if (!duration.isValid) throw new RangeError(`Not a due offset: ${rule.offset}`);
    const from = anchorInstant(rule, ctx, policy);
    return new Date(from.getTime() + duration.as('milliseconds'));
  }
  const n = Number(days[1]);
  const from = anchorDate(rule, ctx);
  const date = days[2] === 'WD' ? addWorkingDays(from, n) : addDays(from, n);
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
  const cutoff = parseLocalDate(ctx.releaseDate).minus({ weeks: policy.lateRegistrationWeeks });
  return ctx.registeredAt.getTime() > cutoff.toMillis();
}

export function stepDueAt(policy: Policy, step: StepPolicy, ctx: DeadlineContext): Date {
  const rule = step.lateDue && isLateRegistration(policy, ctx) ? step.lateDue : step.due;
  return dueAt(rule, ctx, policy);
}
