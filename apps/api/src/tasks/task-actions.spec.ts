import type { AuthenticatedUser, Role } from '@throughcare/auth';
import type { TaskEntity } from '@throughcare/persistence';
import { taskActionsFor } from './task-actions';

const user = (org: string, ...roles: Role[]): AuthenticatedUser => ({ sub: 's', name: 'n', org, roles });
const task = (over: Partial<TaskEntity> = {}) => ({ id: 't1', type: 'referral-acceptance', state: 'open', ownerType: 'community-treatment', ownerCode: 'CTS-LDS', ...over }) as TaskEntity;
const active = { status: 'active' as const };

describe('the actions a task offers its caller', () => {
  it('offers the owning organisation what the task type allows, with the fields', () => {
    expect(taskActionsFor(user('CTS-LDS', 'community-treatment'), task(), active)).toEqual([
      { name: 'accept', href: '/v1/tasks/t1/accept', fields: [] },
      { name: 'decline', href: '/v1/tasks/t1/decline', fields: [{ name: 'reason', kind: 'text', required: true }] },
    ]);
  });

  it('offers nothing to another organisation, to the right code with the wrong role, or once done', () => {
    expect(taskActionsFor(user('CTS-BHM', 'community-treatment'), task(), active)).toEqual([]);
    expect(taskActionsFor(user('CTS-LDS', 'probation'), task(), active)).toEqual([]);
    expect(taskActionsFor(user('CTS-LDS', 'community-treatment'), task({ state: 'done' }), active)).toEqual([]);
    expect(taskActionsFor(user('CTS-LDS', 'community-treatment'), task(), { status: 'failed' })).toEqual([]);
  });

  it('offers nothing before the step may be started (its policy’s earliest start)', () => {
    expect(taskActionsFor(user('CTS-LDS', 'community-treatment'), task(), active, new Date('2027-02-11T00:00:00Z'))).toEqual([]);
  });
});
