/**
 * The periodic jobs the worker runs on Temporal Schedules: housekeeping of the database that
 * no request waits for. Only the job's name passes through Temporal.
 */
export const MAINTENANCE_JOBS = ['purge-idempotency-keys', 'refresh-handover-step-summary'] as const;
export type MaintenanceJob = (typeof MAINTENANCE_JOBS)[number];

export interface MaintenanceInput {
  job: MaintenanceJob;
}

export interface MaintenanceActivities {
  /** Deletes Idempotency-Keys, and the answers they hold, older than IDEMPOTENCY_KEY_HOURS; returns how many. */
  purgeIdempotencyKeys(): Promise<number>;
  /** Folds the settled months into the handover-step report's summary; returns how many months. */
  refreshHandoverStepSummary(): Promise<number>;
}

/** A deployment's Schedule of a job: named by its task queue, so deployments (and test suites) sharing a namespace keep their own. */
export const maintenanceScheduleId = (taskQueue: string, job: MaintenanceJob): string => `${taskQueue}-${job}`;
