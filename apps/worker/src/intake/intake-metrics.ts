/** The consumer's counters, made once per process (tests host several workers in one). No labels that identify a person. */
import { counter } from '@throughcare/logging';

export const intakeMetrics = {
  /** Every message taken off the queue, by what became of it. */
  handled: () => counter('throughcare_intake_messages_total', 'HMPPS domain event messages handled, by outcome', ['outcome'] as const),
  /** Messages about people Throughcare has no open pathway for: nothing about them is stored. */
  unknownPeople: () => counter('throughcare_intake_unknown_people_total', 'HMPPS events about people with no open pathway', [] as const),
  /** Reads of a person from Prisoner Search after release-date events or by the reconciliation, by outcome. */
  releaseDateChecks: () => counter('throughcare_intake_release_date_checks_total', 'Release-date checks against Prisoner Search, by outcome', ['outcome'] as const),
  /** Movements left for a person to decide, by kind (death, hospital, ...). */
  reviewItems: () => counter('throughcare_intake_review_items_total', 'HMPPS movements made into review items, by kind', ['kind'] as const),
  putAside: () => counter('throughcare_intake_put_aside_total', 'HMPPS event messages put aside (dead-lettered), by reason', ['reason'] as const),
};

/** Makes every intake counter, so /metrics shows each from the start (at zero), not after its first message. */
export function registerIntakeMetrics(): void {
  for (const make of Object.values(intakeMetrics)) make();
}
