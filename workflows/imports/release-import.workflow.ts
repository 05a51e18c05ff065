/**
 * A list of releases, registered in the background with bounded concurrency: the rows in
 * batches, `concurrency` batches at a time, each batch one activity that registers its rows
 * exactly as `POST /v1/releases` does. A retried or resumed batch registers nothing twice:
 * each row's pathway id derives from the import and the row.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { ReleaseImportActivities, ReleaseImportInput } from './release-import.types';

export async function releaseImportWorkflow(input: ReleaseImportInput): Promise<void> {
  const { registerImportRows, finishImport } = proxyActivities<ReleaseImportActivities>({
    taskQueue: input.activityTaskQueue,
    // A batch of registrations, each waiting for its pathway's first tasks.
    startToCloseTimeout: '10 minutes',
    heartbeatTimeout: input.heartbeatTimeoutSeconds * 1000,
    // Only passing failures reach here (an outage, a busy pathway): a row's own fault is its result.
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
  });
  const batches: number[][] = [];
  for (let i = 0; i < input.rows.length; i += input.batchSize) batches.push(input.rows.slice(i, i + input.batchSize));
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < batches.length) {
      const rows = batches[next++];
      await registerImportRows({ importId: input.importId, rows });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(input.concurrency, batches.length)) }, lane));
  await finishImport({ importId: input.importId });
}
