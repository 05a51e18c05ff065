/**
 * The floor a registration is measured against: a workflow that does the least a pathway's
 * start does (one local activity writing one row, its first workflow task completed) and then
 * sleeps as a pathway does. Bundled on its own by bench/minimal/worker.mts, never with the product's workflows.
 */
import { proxyLocalActivities, sleep } from '@temporalio/workflow';

export interface MinimalActivities {
  recordRow(i: number): Promise<void>;
}

const { recordRow } = proxyLocalActivities<MinimalActivities>({ startToCloseTimeout: '30 seconds' });

export async function minimalWorkflow(i: number): Promise<void> {
  await recordRow(i);
  await sleep('1 day');
}
