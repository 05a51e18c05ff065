/**
 * Saving workflow histories for the replay tests. Each generation of the workflow code saves
 * its own; released generations stay committed so today's code must keep replaying them
 * (docs/operations.md: changing the workflow).
 */
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { pathwayWorkflowId } from '@throughcare/workflows/pathway';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * 1.0: the first released workflow, with no patches; earlier, unreleased generations were
 * folded into it and their histories dropped.
 */
export const HISTORY_GENERATION = 'pathway-1.0';

/** With RECORD_HISTORIES=1, saves the pathway's history (encrypted, as the server keeps it) under test/replay/histories. */
export async function recordHistory(client: Client, scenario: string, pathwayId: string): Promise<void> {
  if (!process.env.RECORD_HISTORIES) return;
  const history = await client.workflow.getHandle(pathwayWorkflowId(pathwayId)).fetchHistory();
  const dir = path.join(__dirname, '../replay/histories');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${HISTORY_GENERATION}-${scenario}.json`), historyToJSON(history));
}

/** With RECORD_HISTORIES=1, saves any workflow's history as `{file}.json` (for workflow types other than the pathway's). */
export async function recordWorkflowHistory(client: Client, file: string, workflowId: string): Promise<void> {
  if (!process.env.RECORD_HISTORIES) return;
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const dir = path.join(__dirname, '../replay/histories');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${file}.json`), historyToJSON(history));
}
