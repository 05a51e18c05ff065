/**
 * A release of changed workflow code for the deploy tests: the pathway workflow bundled with
 * changed-workflow.interceptors.ts, written where a worker's WORKFLOW_BUNDLE_PATH can name it,
 * and how to tell from a history whether that code ran it (its new timer) or failed to
 * replay it (a failed workflow task).
 */
import { temporal } from '@temporalio/proto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleWorkflows } from '../../apps/worker/src/workflow-bundle';
import { CHANGE_TIMER_MS } from './changed-workflow.interceptors';

const EventType = temporal.api.enums.v1.EventType;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

export interface ChangedBundle {
  path: string;
  remove(): void;
}

/** Bundles the changed code (about 20 s: webpack) into a directory of its own. */
export async function buildChangedBundle(): Promise<ChangedBundle> {
  const dir = mkdtempSync(path.join(tmpdir(), 'changed-workflow-'));
  const { code } = await bundleWorkflows(undefined, {}, [path.join(__dirname, 'changed-workflow.interceptors.ts')]);
  const bundle = path.join(dir, 'workflow-bundle.js');
  writeFileSync(bundle, code);
  return { path: bundle, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Timers of the changed code's length: the new command, issued only by the new code. */
export function changedCodeTimers(events: HistoryEvent[]): HistoryEvent[] {
  return events.filter((e) => {
    const timeout = e.timerStartedEventAttributes?.startToFireTimeout;
    return e.eventType === EventType.EVENT_TYPE_TIMER_STARTED && Number(timeout?.seconds ?? 0) === 0 && timeout?.nanos === CHANGE_TIMER_MS * 1_000_000;
  });
}

export function failedWorkflowTasks(events: HistoryEvent[]): HistoryEvent[] {
  return events.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
}
