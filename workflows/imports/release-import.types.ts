/**
 * The import workflow's contract with its activities. Only ids and row numbers pass through
 * Temporal: each row's registration stays in PostgreSQL (release_import_rows).
 */
export interface ReleaseImportInput {
  importId: string;
  /** The rows still to register, by number. */
  rows: number[];
  /** How many batches are registered at once: the bound on the import's load. */
  concurrency: number;
  /** Rows per activity. */
  batchSize: number;
  /**
   * How long a batch may go without finishing a row before it is taken as lost (its API
   * killed) and retried: a registration waits at most the API's update timeout.
   */
  heartbeatTimeoutSeconds: number;
  /** Where the registration activities run: in the API, beside the registration they reuse. */
  activityTaskQueue: string;
}

export interface ReleaseImportActivities {
  /** Registers each row of the batch still pending, storing each row's result; safe to repeat. */
  registerImportRows(batch: { importId: string; rows: number[] }): Promise<void>;
  /** Marks the import done. */
  finishImport(done: { importId: string }): Promise<void>;
}

export const releaseImportWorkflowId = (importId: string): string => `release-import-${importId}`;
