/**
 * "Nothing more happens before then", asked of the pathway workflow instead of waited for: its
 * main loop wakes only at its timer or for a change, so once it is asleep with no timer before
 * an instant, no escalation, outcome or text can come before that instant unless someone acts.
 */
import { Client } from '@temporalio/client';
import { pathwayWorkflowId, wakeUpQuery } from '@throughcare/workflows/pathway';
import { eventually } from './api-client';

/** When the pathway's workflow next wakes by itself (null: never, until a change), once it is asleep. */
export async function nextWakeUp(temporal: Client, pathwayId: string): Promise<Date | null> {
  const handle = temporal.workflow.getHandle(pathwayWorkflowId(pathwayId));
  const wakeUp = await eventually('the pathway asleep', async () => {
    const w = await handle.query(wakeUpQuery);
    return w.asleep ? w : undefined;
  });
  return wakeUp.wakesAt === null ? null : new Date(wakeUp.wakesAt);
}

/** Expects the pathway's workflow to sleep, of itself, at least until `instant`. */
export async function expectAsleepUntil(temporal: Client, pathwayId: string, instant: Date): Promise<void> {
  const wakesAt = await nextWakeUp(temporal, pathwayId);
  if (wakesAt !== null && wakesAt < instant) {
    throw new Error(`the pathway wakes at ${wakesAt.toISOString()}, before ${instant.toISOString()}`);
  }
}

/** Waits for the pathway's workflow to end (it ends once closed): nothing more can happen in it. */
export async function ended(temporal: Client, pathwayId: string): Promise<void> {
  await temporal.workflow.getHandle(pathwayWorkflowId(pathwayId)).result();
}
