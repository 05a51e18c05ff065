/**
 * Saving workflow histories for the replay tests. Each generation of the workflow code saves
 * its own; older generations stay committed so today's code must keep replaying them.
 */
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { pathwayWorkflowId } from '@throughcare/workflows/pathway';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * v8: an unplanned release keeps the community service's deadlines urgent (a patch); writes
 * PostgreSQL refused for good are owed to the next write; an unexpected error fails the pathway.
 */
export const HISTORY_GENERATION = 'pathway-v8-never-stuck';

/** With RECORD_HISTORIES=1, saves the pathway's history (encrypted, as the server keeps it) under test/replay/histories. */
export async function recordHistory(client: Client, scenario: string, pathwayId: string): Promise<void> {
  if (!process.env.RECORD_HISTORIES) return;
  const history = await client.workflow.getHandle(pathwayWorkflowId(pathwayId)).fetchHistory();
  writeFileSync(path.join(__dirname, `../replay/histories/${HISTORY_GENERATION}-${scenario}.json`), historyToJSON(history));
}
