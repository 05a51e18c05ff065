import type { AuthenticatedUser, Role } from '@throughcare/auth';
import { DomainError, toProblem } from '@throughcare/problem';
import { requireAdmin, requireProfileEditor, requireRole, requireSender, SENDERS } from './permissions';

const user = (org: string, ...roles: Role[]): AuthenticatedUser => ({ sub: 's', name: 'n', org, roles });
const pathway = { prisonCode: 'LEI', probationCode: 'PDU-LDS', communityTreatmentCode: 'CTS-LDS' };

/** What the caller is answered: `allowed`, or the problem's status and type. */
function answer(check: () => void): string {
  try {
    check();
    return 'allowed';
  } catch (err) {
    return err instanceof DomainError ? `${toProblem(err).problem.status} ${toProblem(err).problem.type}` : String(err);
  }
}

describe('permissions', () => {
  it.each([
    ['the prison holding the person', user('LEI', 'prison-healthcare'), 'allowed', 'allowed'],
    ['its probation unit', user('PDU-LDS', 'probation'), '403 forbidden', 'allowed'],
    ['the right organisation with the wrong role', user('LEI', 'probation'), '403 forbidden', '403 forbidden'],
    ['another prison', user('BMI', 'prison-healthcare'), '403 forbidden', '403 forbidden'],
    ['an admin', user('THC-OPS', 'admin'), '403 forbidden', '403 forbidden'],
  ])('lets %s cancel: %s, and record a return to custody: %s', (_, caller, cancel, returnToCustody) => {
    expect(answer(() => requireSender(caller, pathway, SENDERS.cancel, 'no'))).toBe(cancel);
    expect(answer(() => requireSender(caller, pathway, SENDERS.returnToCustody, 'no'))).toBe(returnToCustody);
  });

  it.each([
    ['the prison holding the person', user('LEI', 'prison-healthcare'), 'allowed'],
    ['its community treatment service', user('CTS-LDS', 'community-treatment'), 'allowed'],
    ['its probation unit', user('PDU-LDS', 'probation'), '403 forbidden'],
    ['its community treatment service as a commissioner', user('CTS-LDS', 'commissioner'), '403 forbidden'],
    ['another service', user('CTS-BHM', 'community-treatment'), '403 forbidden'],
    ['an admin', user('THC-OPS', 'admin'), '403 forbidden'],
  ])("lets %s record or withdraw the person's mobile number: %s", (_, caller, expected) => {
    expect(answer(() => requireSender(caller, pathway, SENDERS.recordContact, 'no'))).toBe(expected);
  });

  it.each([
    ['an admin', user('THC-OPS', 'admin'), 'allowed'],
    ["the service's own organisation-admin", user('CTS-LDS', 'organisation-admin'), 'allowed'],
    ["another organisation's organisation-admin", user('CTS-BHM', 'organisation-admin'), '403 forbidden'],
    ['the service\'s own team', user('CTS-LDS', 'community-treatment'), '403 forbidden'],
  ])("lets %s change CTS-LDS's public profile: %s", (_, caller, expected) => {
    expect(answer(() => requireProfileEditor(caller, 'CTS-LDS'))).toBe(expected);
  });

  it('lets only an admin do admin work, and only a role acting for the named organisation act for it', () => {
    expect(answer(() => requireAdmin(user('THC-OPS', 'admin'), 'no'))).toBe('allowed');
    expect(answer(() => requireAdmin(user('LA-LDS', 'commissioner'), 'no'))).toBe('403 forbidden');
    expect(answer(() => requireRole(user('LEI', 'prison-healthcare'), ['prison-healthcare'], 'no', 'LEI'))).toBe('allowed');
    expect(answer(() => requireRole(user('LEI', 'prison-healthcare'), ['prison-healthcare'], 'no', 'BMI'))).toBe('403 forbidden');
  });
});
