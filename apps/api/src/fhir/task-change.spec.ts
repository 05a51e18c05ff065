import type { Task } from '@medplum/fhirtypes';
import { isDomainError, toProblem } from '@throughcare/problem';
import { actionFor, changeFromPatch, changeFromTask } from './task-change';

const current: Task = {
  resourceType: 'Task',
  id: 't1',
  meta: { versionId: '3' },
  status: 'requested',
  intent: 'order',
  businessStatus: { text: 'Escalated: L1' },
  owner: { reference: 'Organization/CTS-LDS' },
};

/** The problem's status and first field, or the value. */
function outcome<T>(run: () => T): T | string {
  try {
    return run();
  } catch (err) {
    if (!isDomainError(err)) throw err;
    const { problem } = toProblem(err);
    const field = (problem.extensions?.errors as Array<{ field: string }> | undefined)?.[0]?.field;
    return `${problem.status}${field ? ` ${field}` : ''}`;
  }
}

describe('FHIR changes to a Task', () => {
  it('reads status and statusReason from a JSON Patch whose tests hold', () => {
    expect(changeFromPatch(current, [{ op: 'test', path: '/meta/versionId', value: '3' }, { op: 'replace', path: '/status', value: 'rejected' }, { op: 'add', path: '/statusReason', value: { text: 'Out of area' } }])).toEqual({
      status: 'rejected',
      reason: 'Out of area',
    });
    expect(outcome(() => changeFromPatch(current, [{ op: 'test', path: '/meta/versionId', value: '2' }]))).toBe('412');
  });

  it.each([
    ['an empty patch', [], '400 (body)'],
    ['an operation that is not an object', ['replace'], '400 [0]'],
    ['a path that is not a pointer', [{ op: 'replace', path: 'status', value: 'accepted' }], '400 [0].path'],
    ['businessStatus', [{ op: 'replace', path: '/businessStatus/text', value: 'none' }], '422'],
    ['another element', [{ op: 'replace', path: '/owner', value: { reference: 'Organization/X' } }], '422'],
    ['a move', [{ op: 'move', from: '/status', path: '/status' }], '422'],
    ['a status that is not text', [{ op: 'replace', path: '/status', value: 1 }], '400 [0].value'],
  ])('refuses %s', (_, patch, answer) => {
    expect(outcome(() => changeFromPatch(current, patch))).toBe(answer);
  });

  it('takes a PUT only of the Task as read with status and statusReason changed', () => {
    expect(changeFromTask(current, { ...current, meta: { versionId: '9' }, status: 'accepted' })).toEqual({ status: 'accepted', reason: undefined });
    expect(outcome(() => changeFromTask(current, { ...current, id: 't2', status: 'accepted' }))).toBe('400 id');
    expect(outcome(() => changeFromTask(current, { ...current, intent: 'plan', status: 'accepted' }))).toBe('422');
    expect(outcome(() => changeFromTask(current, { ...current, businessStatus: { text: 'none' } }))).toBe('422');
    expect(outcome(() => changeFromTask(current, { resourceType: 'Patient' }))).toBe('400 resourceType');
  });

  it('maps each status onto the step’s own action, and nothing else', () => {
    expect(actionFor('referral-acceptance', 'requested', { status: 'accepted' })).toEqual({ action: 'accept' });
    expect(actionFor('referral-acceptance', 'requested', { status: 'rejected', reason: ' No capacity ' })).toEqual({ action: 'decline', reason: 'No capacity' });
    expect(outcome(() => actionFor('referral-acceptance', 'requested', { status: 'rejected', reason: ' ' }))).toBe('400 statusReason');
    expect(outcome(() => actionFor('referral-acceptance', 'requested', { status: 'completed' }))).toBe('422');
    expect(actionFor('probation-acknowledgement', 'ready', { status: 'completed' })).toEqual({ action: 'acknowledge' });
    expect(actionFor('naloxone', 'ready', { status: 'completed' })).toEqual({ action: 'complete' });
    expect(outcome(() => actionFor('naloxone', 'ready', { status: 'accepted' }))).toBe('422');
    expect(outcome(() => actionFor('naloxone', 'ready', { status: 'ready' }))).toBe('422');
  });
});
