/**
 * Saving workflow histories for the replay tests. Each generation of the workflow code saves
 * its own; released generations stay committed so today's code must keep replaying them
 * (docs/operations.md: changing the workflow).
 */
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { releaseImportWorkflowId } from '@throughcare/workflows/imports';
import type { Config } from '@throughcare/config';
import { dataConverter } from '@throughcare/temporal';
import { pathwayWorkflowId } from '@throughcare/workflows/pathway';
import type { Payload } from '@temporalio/common';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * 1.0: the first released workflow, with no patches; earlier, unreleased generations were
 * folded into it and their histories dropped. 1.1: the same commands as 1.0, recorded once
 * pathwayWorkflow was split into small functions (no patch: nothing a running pathway does
 * changed); kept as more of the same coverage. 1.2: a booking's place carried onto the
 * first-appointment step, under the patch `appointment-place` (a history of 1.1 has no booking
 * with a place, so it never reaches the patch). 1.3: a booked first appointment re-arranged
 * (new time, new place), under the patch `appointment-rearranged`; and texts to the person, under
 * the patch `texts` (asked only at a booking or an attendance record, so no earlier history
 * reaches it). 1.4: texts on time, under the patch `texts-timely` (asked only by a pathway that
 * texts): a move back to a time texted before or a new place alone texts again, nothing about an
 * appointment already past or within the minimum lead, and each text looked at again when it
 * goes; recorded from the texts suite.
 */
export const HISTORY_GENERATION = 'pathway-1.4';

/** The generation of the notification workflows' histories (delivery and digest). */
export const NOTIFICATION_HISTORY_GENERATION = '1.0';

/** 1.0: the release-import workflow as first released. */
export const IMPORT_HISTORY_GENERATION = 'release-import-1.0';

/** 1.0: the periodic jobs' workflow as first released. */
export const MAINTENANCE_HISTORY_GENERATION = 'maintenance-1.0';

/** With RECORD_HISTORIES=1, saves the pathway's history (encrypted, as the server keeps it) under test/replay/histories. */
export async function recordHistory(client: Client, scenario: string, pathwayId: string): Promise<void> {
  await saveHistory(client, pathwayWorkflowId(pathwayId), '', `${HISTORY_GENERATION}-${scenario}`);
}

/** With RECORD_HISTORIES=1, saves a release import's history under test/replay/histories/release-import. */
export async function recordImportHistory(client: Client, scenario: string, importId: string): Promise<void> {
  await saveHistory(client, releaseImportWorkflowId(importId), 'release-import', `${IMPORT_HISTORY_GENERATION}-${scenario}`);
}

/** With RECORD_HISTORIES=1, saves a periodic job's run under test/replay/histories/maintenance. */
export async function recordMaintenanceHistory(client: Client, scenario: string, workflowId: string, runId: string): Promise<void> {
  await saveHistory(client, workflowId, 'maintenance', `${MAINTENANCE_HISTORY_GENERATION}-${scenario}`, runId);
}

async function saveHistory(client: Client, workflowId: string, folder: string, name: string, runId?: string): Promise<void> {
  if (!process.env.RECORD_HISTORIES) return;
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  const dir = path.join(__dirname, '../replay/histories', folder);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}.json`), historyToJSON(history));
}

/** With RECORD_HISTORIES=1, saves any workflow's history as `{file}.json` (for workflow types other than the pathway's). */
export async function recordWorkflowHistory(client: Client, file: string, workflowId: string): Promise<void> {
  await saveHistory(client, workflowId, '', file);
}

/** With RECORD_HISTORIES=1, saves any workflow's history as `<name>.json`, through a connection of its own (for suites whose client is not at hand). */
export async function recordWorkflowHistoryFor(config: Config, workflowId: string, name: string): Promise<void> {
  if (!process.env.RECORD_HISTORIES) return;
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  try {
    await saveHistory(new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverter(config) }), workflowId, '', name);
  } finally {
    await connection.close();
  }
}

/** Every payload in a history (or any part of one), to decode with the payload codec and search. */
export function payloadsIn(value: unknown, found: Payload[] = []): Payload[] {
  if (!value || typeof value !== 'object' || ArrayBuffer.isView(value)) return found;
  const record = value as Record<string, unknown>;
  if (record.metadata && typeof record.metadata === 'object' && ArrayBuffer.isView(record.data)) {
    found.push(record as Payload);
    return found;
  }
  for (const child of Object.values(record)) payloadsIn(child, found);
  return found;
}
