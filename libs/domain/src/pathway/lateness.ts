/**
 * Where a step stands on its escalation ladder: which planned levels are due, which a step
 * already late when created (or made late by a date change) passes over, and when the next
 * one falls. Each level is raised or passed over once; `done` is both lists together.
 */
import type { EscalationLevel } from '../policy/policy';
import type { PlannedEscalation } from '../policy/ladder';

/** The planned levels neither raised nor passed over yet. */
export function levelsToCome(planned: readonly PlannedEscalation[], done: readonly EscalationLevel[]): PlannedEscalation[] {
  return planned.filter((p) => !done.includes(p.level));
}

/** The levels whose time has come by `now`, in order. */
export function levelsDue(planned: readonly PlannedEscalation[], done: readonly EscalationLevel[], now: Date): PlannedEscalation[] {
  return levelsToCome(planned, done).filter((p) => p.at <= now);
}

/**
 * A late step escalates at once at the level its lateness warrants: every level due by now
 * but the highest is passed over.
 */
export function levelsPassedOver(planned: readonly PlannedEscalation[], done: readonly EscalationLevel[], now: Date): EscalationLevel[] {
  return levelsDue(planned, done, now)
    .slice(0, -1)
    .map((p) => p.level);
}
