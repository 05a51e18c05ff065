/**
 * The release-date workflows' contract with their activities and with the event consumer. Only
 * pathway ids (opaque UUIDs) and counts pass through Temporal, and workflow ids carry only the
 * pathway id: never a prison number, a name or a date.
 */
import { defineSignal } from '@temporalio/workflow';

export interface ReleaseDateCheckInput {
  pathwayId: string;
  /** Seconds events are gathered before the one read (INTAKE_DEBOUNCE_SECONDS). */
  debounceSeconds: number;
}

/** "This person's release dates may have changed": sent with signal-with-start by the consumer. */
export const releaseDatesChangedSignal = defineSignal('releaseDatesChanged');

/** `unavailable`: Prisoner Search could not be read in the reconciliation, which leaves it to the next night rather than a review item. */
export type ReleaseDateCheckOutcome = 'changed' | 'unchanged' | 'no-date' | 'review' | 'not-open' | 'unavailable';

export interface ReleaseDateReconciliationInput {
  /** People read from Prisoner Search at once (INTAKE_RECONCILE_CONCURRENCY). */
  concurrency: number;
  /** One prison's pathways only (a re-check after an outage there); without it, every prison's. */
  prisonCode?: string;
}

/** Counts only: how many pathways each outcome had (`failed`: left for the next night, logged by id). */
export type ReconciliationSummary = Record<ReleaseDateCheckOutcome | 'failed', number>;

export interface ReleaseDateActivities {
  /** Reads the person of one open pathway from Prisoner Search and applies what changed; `key` makes a retry harmless. */
  checkReleaseDate(check: { pathwayId: string; key: string }): Promise<ReleaseDateCheckOutcome>;
  /** Every open, not-yet-released pathway, checked `concurrency` at a time; heartbeats its progress and resumes from it. */
  reconcileReleaseDates(input: ReleaseDateReconciliationInput & { key: string }): Promise<ReconciliationSummary>;
}

export const releaseDateCheckWorkflowId = (pathwayId: string): string => `release-date-check-${pathwayId}`;

/** The nightly Schedule's id, and the workflow id of each run it starts. */
export const RECONCILIATION_SCHEDULE_ID = 'release-date-reconciliation';
