/**
 * Saving workflow histories for the replay tests. Each generation of the workflow code saves
 * its own; older generations stay committed so today's code must keep replaying them.
 */
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { pathwayWorkflowId } from '@throughcare/workflows/pathway';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/** v5: notices of a decline and a missed appointment; re-engagement can close as engaged. */
export const HISTORY_GENERATION = 'pathway-v7-re-referral';

/** With RECORD_HISTORIES=1, saves the pathway's history (encrypted, as the server keeps it) under test/replay/histories. */
export async function recordHistory(client: Client, scenario: string, pathwayId: string): Promise<void> {
  if (!process.env.RECORD_HISTORIES) return;
  const history = await client.workflow.getHandle(pathwayWorkflowId(pathwayId)).fetchHistory();
  writeFileSync(path.join(__dirname, `../replay/histories/${HISTORY_GENERATION}-${scenario}.json`), historyToJSON(history));
}
