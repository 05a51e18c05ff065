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

/** The settings an import's start reads (a subset of the apps' Config). */
export interface ReleaseImportSettings {
  TEMPORAL_TASK_QUEUE: string;
  IMPORT_CONCURRENCY: number;
  IMPORT_BATCH_SIZE: number;
  UPDATE_TIMEOUT_SECONDS: number;
}

/** The task queue of the import's registration activities, beside the pathways' queue. */
export const importActivityTaskQueue = (settings: Pick<ReleaseImportSettings, 'TEMPORAL_TASK_QUEUE'>): string => `${settings.TEMPORAL_TASK_QUEUE}-imports`;

/**
 * An import's workflow id and input: one way for the API (accepting a list) and the worker
 * (the stalled-import sweep) to start it.
 */
export function releaseImportStart(importId: string, rows: number[], settings: ReleaseImportSettings): { workflowId: string; input: ReleaseImportInput } {
  return {
    workflowId: releaseImportWorkflowId(importId),
    input: {
      importId,
      rows,
      concurrency: settings.IMPORT_CONCURRENCY,
      batchSize: settings.IMPORT_BATCH_SIZE,
      heartbeatTimeoutSeconds: settings.UPDATE_TIMEOUT_SECONDS + 10,
      activityTaskQueue: importActivityTaskQueue(settings),
    },
  };
}
