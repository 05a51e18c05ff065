/**
 * The floors the product is measured against, bundled on their own by bench/minimal/worker.mts,
 * never with the product's workflows:
 *   - a registration's: a workflow that does the least a pathway's start does (one local
 *     activity writing one row, its first workflow task completed) and then sleeps as a pathway does;
 *   - an escalation's: a workflow woken by a timer that writes one row through a local activity,
 *     as a pathway raising an escalation at its deadline does at the least.
 */
import { proxyLocalActivities, sleep } from '@temporalio/workflow';

export interface MinimalActivities {
  recordRow(i: number): Promise<void>;
  recordWake(i: number): Promise<void>;
}

const { recordRow, recordWake } = proxyLocalActivities<MinimalActivities>({ startToCloseTimeout: '30 seconds' });

export async function minimalWorkflow(i: number): Promise<void> {
  await recordRow(i);
  await sleep('1 day');
}

/** Asleep until `wakeAt` (epoch milliseconds; the workflow's clock is its history's), then one row. */
export async function minimalTimerWorkflow(i: number, wakeAt: number): Promise<void> {
  await sleep(Math.max(1, wakeAt - Date.now()));
  await recordWake(i);
}
