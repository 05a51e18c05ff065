import { ENGLAND_DEFAULT } from '../policy/england-default';
import type { Policy } from '../policy/policy';
import { audienceOrg, l2Audience, ladderNotified, noticeAudiences, noticeEventOf, noticeNotified, noticeReason } from './audiences';

const ROLES = { prison: 'LEI', 'community-treatment': 'CTS-LDS', probation: 'PDU-LDS', commissioner: 'LA-LDS' };
const acceptance = { type: 'referral-acceptance' as const, ownerType: 'community-treatment' as const, owner: 'CTS-LDS' };

describe('who is told', () => {
  describe('by the ladder', () => {
    it('names the task’s owner for the owner and its managers, whoever owns it now', () => {
      const moved = { type: 'referral' as const, ownerType: 'prison' as const, owner: 'BMI' };
      expect(audienceOrg(ENGLAND_DEFAULT, moved, 'owner', ROLES)).toBe('BMI');
      expect(audienceOrg(ENGLAND_DEFAULT, moved, 'owner-managers', ROLES)).toBe('BMI');
    });

    it('names the organisation that asked for the step, and the pathway’s commissioner', () => {
      expect(audienceOrg(ENGLAND_DEFAULT, acceptance, 'requester', ROLES)).toBe('LEI');
      expect(audienceOrg(ENGLAND_DEFAULT, acceptance, 'commissioner', ROLES)).toBe('LA-LDS');
    });

    it('lists each audience of a rung with its organisation, in the rung’s order', () => {
      expect(ladderNotified(ENGLAND_DEFAULT, acceptance, ['owner-managers', 'requester'], ROLES)).toEqual([
        { audience: 'owner-managers', org: 'CTS-LDS' },
        { audience: 'requester', org: 'LEI' },
      ]);
    });
  });

  describe('of a notice', () => {
    it('tells the commissioner of a declined referral and probation of a missed first appointment by default', () => {
      expect(noticeNotified(ENGLAND_DEFAULT, 'referral-declined', ROLES)).toEqual([{ org: 'LA-LDS', audience: 'commissioner' }]);
      expect(noticeNotified(ENGLAND_DEFAULT, 'did-not-attend', ROLES)).toEqual([{ org: 'PDU-LDS', audience: 'probation' }]);
    });

    it('tells whom the policy names, and the default for an event it leaves out', () => {
      const policy: Pick<Policy, 'notices'> = { notices: { 'did-not-attend': ['probation', 'prison'] } };
      expect(noticeNotified(policy, 'did-not-attend', ROLES)).toEqual([
        { org: 'PDU-LDS', audience: 'probation' },
        { org: 'LEI', audience: 'prison' },
      ]);
      expect(noticeAudiences(policy, 'referral-declined')).toEqual(['commissioner']);
    });

    it('is given for a declined referral and a missed first appointment, and for nothing else', () => {
      expect(noticeEventOf('referral-acceptance', 'declined')).toBe('referral-declined');
      expect(noticeEventOf('first-appointment', 'did-not-attend')).toBe('did-not-attend');
      expect(noticeEventOf('re-engagement', 'did-not-attend')).toBeUndefined();
      expect(noticeEventOf('referral-acceptance', 'accepted')).toBeUndefined();
      expect(noticeEventOf('naloxone', 'declined-by-person')).toBeUndefined();
    });

    it('says why, naming the organisation whose step it was', () => {
      expect(noticeReason('referral-declined', 'CTS-LDS')).toBe('Referral declined by CTS-LDS');
      expect(noticeReason('did-not-attend', 'CTS-LDS')).toBe('Did not attend the first appointment with CTS-LDS');
    });
  });

  describe('of an L2 raised at once (an OST bridge missing at an unplanned release)', () => {
    it('tells the L2 rung’s audience when the ladder has one', () => {
      expect(l2Audience(ENGLAND_DEFAULT)).toEqual(['owner-managers', 'requester']);
      const ladder = ENGLAND_DEFAULT.ladder.map((r) => (r.level === 'L2' ? { ...r, notify: ['commissioner' as const] } : r));
      expect(l2Audience({ ladder, fallbackL2Notify: ['owner'] })).toEqual(['commissioner']);
    });

    it('tells the policy’s fallback when the ladder has no L2 rung, else the owner’s managers and the requester', () => {
      const ladder = ENGLAND_DEFAULT.ladder.filter((r) => r.level !== 'L2');
      expect(l2Audience({ ladder, fallbackL2Notify: ['owner', 'commissioner'] })).toEqual(['owner', 'commissioner']);
      expect(l2Audience({ ladder })).toEqual(['owner-managers', 'requester']);
    });
  });
});
