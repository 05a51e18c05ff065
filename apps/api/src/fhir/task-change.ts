/**
 * What a FHIR change to a Task asks for, read from a JSON Patch or a whole Task (PUT), as
 * one of the handover's own actions: nothing here is a new rule. Only `status` and
 * `statusReason` may change; `businessStatus` is the escalation ladder's, the rest is Throughcare's.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Task } from '@medplum/fhirtypes';
import { allowedActions } from '@throughcare/domain';
import type { TaskAction, TaskType } from '@throughcare/domain';
import { DomainError, validationError } from '@throughcare/problem';

export interface TaskChange {
  status: Task['status'];
  reason?: string;
}

/** How long a decline's reason may be, as /v1's TaskActionDto allows. */
const MAX_REASON = 2000;

const unprocessable = (detail: string) => new DomainError('changeNotSupported', detail);

/** The new status and reason a JSON Patch (RFC 6902) asks for, after its `test` operations hold against the current Task. */
export function changeFromPatch(current: Task, patch: unknown): TaskChange {
  if (!Array.isArray(patch) || patch.length === 0 || patch.length > 20) throw invalid('(body)', 'must be a JSON Patch: an array of 1 to 20 operations');
  const next: TaskChange = { status: current.status, reason: current.statusReason?.text };
  patch.forEach((operation: unknown, i) => {
    const field = `[${i}]`;
    if (operation === null || typeof operation !== 'object' || Array.isArray(operation)) throw invalid(field, 'must be an operation object');
    const { op, path, value } = operation as { op?: unknown; path?: unknown; value?: unknown };
    if (typeof path !== 'string' || !path.startsWith('/')) throw invalid(`${field}.path`, 'must be a JSON Pointer such as /status');
    if (op === 'test') {
      if (!isDeepStrictEqual(pointerValue(current, path), value)) throw new DomainError('preconditionFailed', `The test of ${path} failed: the Task has changed`);
      return;
    }
    if (path === '/businessStatus' || path.startsWith('/businessStatus/')) throw unprocessable('businessStatus is the escalation level, set by the escalation ladder; it cannot be changed');
    if (op === 'remove' && (path === '/statusReason' || path === '/statusReason/text')) {
      next.reason = undefined;
      return;
    }
    if (op !== 'replace' && op !== 'add') throw unprocessable(`${String(op)} is not supported on ${path}: only replace or add on /status and /statusReason, and test`);
    if (path === '/status' && typeof value === 'string') next.status = value as Task['status'];
    else if (path === '/statusReason/text' && typeof value === 'string') next.reason = value;
    else if (path === '/statusReason' && isReason(value)) next.reason = value.text;
    else if (['/status', '/statusReason', '/statusReason/text'].includes(path)) throw invalid(`${field}.value`, path === '/status' ? 'must be a Task status code' : 'must be a CodeableConcept with text');
    else throw unprocessable(`${path} cannot be changed: only /status and /statusReason can`);
  });
  return next;
}

/** The new status and reason a whole Task (PUT) asks for: it must be the current Task but for those. */
export function changeFromTask(current: Task, sent: unknown): TaskChange {
  if (sent === null || typeof sent !== 'object' || (sent as Task).resourceType !== 'Task') throw invalid('resourceType', 'must be Task');
  const task = sent as Task;
  if (task.id !== current.id) throw invalid('id', 'must be the id in the URL');
  if (task.businessStatus !== undefined && !isDeepStrictEqual(task.businessStatus, current.businessStatus)) {
    throw unprocessable('businessStatus is the escalation level, set by the escalation ladder; it cannot be changed');
  }
  if (!isDeepStrictEqual(fixedPart(task), fixedPart(current))) throw unprocessable('Only status and statusReason can change: send the Task as read, with those changed');
  if (task.statusReason !== undefined && !isReason(task.statusReason)) throw invalid('statusReason', 'must be a CodeableConcept with text');
  return { status: task.status, reason: task.statusReason?.text };
}

/** The handover action a change of status is, for this step; refused when it is none. */
export function actionFor(type: TaskType, from: Task['status'], change: TaskChange): { action: TaskAction; reason?: string } {
  if (change.status === from) throw unprocessable(`The Task is already ${String(from)}`);
  const actions = allowedActions(type);
  const action: TaskAction | undefined =
    change.status === 'accepted' ? 'accept' : change.status === 'rejected' ? 'decline' : change.status === 'completed' ? (actions.includes('acknowledge') ? 'acknowledge' : 'complete') : undefined;
  if (!action || !actions.includes(action)) {
    // Re-arranging is the Appointment's own change (its start), never a Task status.
    const statuses: Partial<Record<TaskAction, string>> = { accept: 'accepted', decline: 'rejected', acknowledge: 'completed', complete: 'completed' };
    const can = actions.flatMap((a) => statuses[a] ?? []).join(' or ');
    throw unprocessable(`This Task's status can become ${can}, not ${String(change.status)}`);
  }
  if (action !== 'decline') return { action };
  const reason = change.reason?.trim();
  if (!reason) throw invalid('statusReason', 'A decline needs a reason: statusReason.text');
  if (reason.length > MAX_REASON) throw invalid('statusReason', `must be at most ${MAX_REASON} characters`);
  return { action, reason };
}

/** What a PUT must send as it was read: all but what changes, what the server keeps (meta, lastModified, text) and the ladder's businessStatus. */
const NOT_COMPARED = new Set(['meta', 'status', 'statusReason', 'lastModified', 'text', 'businessStatus']);
function fixedPart(task: Task): unknown {
  return JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(task).filter(([key]) => !NOT_COMPARED.has(key)))));
}

function isReason(value: unknown): value is { text: string } {
  return value !== null && typeof value === 'object' && typeof (value as { text?: unknown }).text === 'string';
}

/** The value at a JSON Pointer (RFC 6901) in the resource, or undefined. */
function pointerValue(resource: unknown, pointer: string): unknown {
  let value: unknown = resource;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

const invalid = (field: string, message: string): DomainError => validationError([{ field, messages: [message] }]);
