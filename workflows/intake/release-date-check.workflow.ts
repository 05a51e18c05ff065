/**
 * Release-date changes from HMPPS, made durable by Temporal (docs/design.md §11).
 *
 * `releaseDateCheckWorkflow` is the debounce, one per pathway at a time: the consumer sends
 * `releaseDatesChanged` with signal-with-start, so the first event starts it and later ones join
 * it. It waits `debounceSeconds` from the first event (a fixed window, so a stream of updates
 * cannot put the read off for ever), then reads once. Events that came during the wait are
 * answered by that read; one that comes while the read is under way may have missed it, so it
 * earns one more round. A timer in Temporal survives a worker restart, which a timer in memory
 * would not.
 *
 * `releaseDateReconciliationWorkflow` is started each night by the `release-date-reconciliation`
 * Schedule: one long activity that walks every open pathway, heartbeating, so the history stays
 * a few events long however many pathways there are.
 *
 * Deterministic: only the SDK and activities here.
 */
import { condition, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { ReconciliationSummary, ReleaseDateActivities, ReleaseDateCheckInput, ReleaseDateReconciliationInput } from './release-date-check.types';
import { releaseDatesChangedSignal } from './release-date-check.types';

const { checkReleaseDate } = proxyActivities<ReleaseDateActivities>({
  // A read waits a bounded time for each of its bounded tries; a database or Temporal outage is tried again.
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const { reconcileReleaseDates } = proxyActivities<ReleaseDateActivities>({
  startToCloseTimeout: '6 hours',
  // A worker killed mid-walk is noticed within this; the retry resumes from the last heartbeat.
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 5 },
});

export async function releaseDateCheckWorkflow(input: ReleaseDateCheckInput): Promise<void> {
  let signals = 0;
  setHandler(releaseDatesChangedSignal, () => void signals++);
  await condition(() => signals > 0);
  for (let round = 1; ; round++) {
    await sleep(input.debounceSeconds * 1000);
    const answered = signals;
    const { workflowId, runId } = workflowInfo();
    await checkReleaseDate({ pathwayId: input.pathwayId, key: `${workflowId}/${runId}/${round}` });
    if (signals === answered) return;
  }
}

export async function releaseDateReconciliationWorkflow(input: ReleaseDateReconciliationInput): Promise<ReconciliationSummary> {
  const { workflowId, runId } = workflowInfo();
  return reconcileReleaseDates({ ...input, key: `${workflowId}/${runId}` });
}
