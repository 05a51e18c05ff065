import { needsUrgentReferral, ostBridgeEscalation, supersededByUnplannedRelease } from './unplanned-release';

describe('an unplanned release', () => {
  it('supersedes the prison’s open assessment and referral, nothing else', () => {
    expect(supersededByUnplannedRelease({ type: 'referral', ownerType: 'prison', state: 'open' })).toBe(true);
    expect(supersededByUnplannedRelease({ type: 'assessment', ownerType: 'prison', state: 'open' })).toBe(true);
    expect(supersededByUnplannedRelease({ type: 'referral', ownerType: 'prison', state: 'done' })).toBe(false);
    expect(supersededByUnplannedRelease({ type: 'naloxone', ownerType: 'prison', state: 'open' })).toBe(false);
  });

  it('refers the community service urgently unless it has a step open or accepted the referral', () => {
    expect(needsUrgentReferral([{ type: 'referral', ownerType: 'prison', state: 'cancelled' }])).toBe(true);
    expect(needsUrgentReferral([{ type: 'referral-acceptance', ownerType: 'community-treatment', state: 'open' }])).toBe(false);
    expect(needsUrgentReferral([{ type: 'referral-acceptance', ownerType: 'community-treatment', state: 'done' }])).toBe(false);
  });

  it('raises an OST bridge to L2 at once, passing over the levels below not yet reached', () => {
    expect(ostBridgeEscalation([], [])).toEqual({ level: 'L2', passOver: ['reminder', 'L1'] });
    expect(ostBridgeEscalation(['reminder'], [])).toEqual({ level: 'L2', passOver: ['L1'] });
    expect(ostBridgeEscalation(['reminder', 'L1', 'L2'], [])).toBeUndefined();
  });
});
