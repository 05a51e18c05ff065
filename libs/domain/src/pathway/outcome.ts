/**
 * The pathway's outcome (DESIGN §3.2, PHOF C20): engaged if treatment started within the
 * policy's outcome window after T, else not engaged. Owns when the window ends, when the
 * outcome may be settled, and what counts as treatment starting. The policy's `outcomeWindow`
 * is the one source of the window's length; the first-appointment rule reads it from here.
 */
import { addDays, LocalDate, londonDateOf, londonInstant } from '../calendar';
import { addDuration, parseOffset } from '../policy/offset';
import type { Policy, TaskType } from '../policy/policy';

/** How a pathway ended: treatment started within the window, or not, or left out of the measure (returned to custody, cancelled). */
export const PATHWAY_OUTCOMES = ['engaged', 'not-engaged', 'excluded'] as const;
export type PathwayOutcome = (typeof PATHWAY_OUTCOMES)[number];

export interface ReleaseMoment {
  /** T: the actual day of release once recorded, else the expected one. */
  releaseDay: LocalDate;
  /** When the release was recorded, if it was: hour-level windows count from it. */
  releasedAt?: Date;
}

/**
 * The end of the outcome window, exclusive: the end of the day T + n for a window of n days
 * (`+21D`: T + 21 is the last day inside it), or T plus a duration for hour-level policies.
 */
export function outcomeWindowEnd(policy: Pick<Policy, 'outcomeWindow' | 'dueTime'>, { releaseDay, releasedAt }: ReleaseMoment): Date {
  const window = parseOffset(policy.outcomeWindow);
  // A window that ends before release would close a pathway as not engaged before anyone could act
  // and count it in the measure: refused, so a policy stored before the bounds fails its pathway visibly.
  if (window.kind === 'duration' ? window.negative : window.days < 0) {
    throw new RangeError(`An outcome window must end after release, not ${policy.outcomeWindow}`);
  }
  if (window.kind === 'duration') return addDuration(releasedAt ?? londonInstant(releaseDay, policy.dueTime), window);
  return londonInstant(addDays(releaseDay, window.days + 1), '00:00');
}

/** The last London day inside the outcome window. */
export function lastDayOfOutcomeWindow(policy: Pick<Policy, 'outcomeWindow' | 'dueTime'>, release: ReleaseMoment): LocalDate {
  return londonDateOf(new Date(outcomeWindowEnd(policy, release).getTime() - 1));
}

/** An open first-appointment step, as the outcome sees it. */
export interface PendingAppointment {
  appointmentAt?: Date;
  /** When the step is due: the last moment its attendance is expected to be recorded. */
  dueAt: Date;
}

/**
 * When the outcome is decided: the window's end, or later while an appointment inside the
 * window is still to be recorded as attended or not (until that step is due). Engagement is
 * judged by when the appointment was, not when its attendance was recorded.
 */
export function outcomeSettlesAt(windowEnd: Date, pending: readonly PendingAppointment[]): Date {
  return pending
    .filter((p) => (p.appointmentAt ?? windowEnd) < windowEnd)
    .map((p) => p.dueAt)
    .reduce((latest, due) => (due > latest ? due : latest), windowEnd);
}

/** Steps whose attended outcome means treatment has started. */
const ENGAGING_STEPS: ReadonlySet<TaskType> = new Set(['first-appointment', 're-engagement']);

/**
 * Whether completing a step with this outcome starts treatment inside the window: an attended
 * first appointment counts from its appointment's time, anything else from when it was recorded.
 */
export function startsTreatment(step: { type: TaskType; appointmentAt?: Date }, outcome: string, recordedAt: Date, windowEnd: Date): boolean {
  if (!ENGAGING_STEPS.has(step.type) || outcome !== 'attended') return false;
  const startedAt = step.type === 'first-appointment' ? (step.appointmentAt ?? recordedAt) : recordedAt;
  return startedAt < windowEnd;
}
