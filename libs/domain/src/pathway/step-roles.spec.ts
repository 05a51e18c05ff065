import { ENGLAND_DEFAULT } from '../policy/england-default';
import { notYetStartable, requesterOf, startableFrom } from './step-roles';
import { COMPILED_CALENDAR } from '../calendar';

describe('who stands where around a step', () => {
  it('names the other side of the prison gate as the requester when the policy names none', () => {
    expect(requesterOf(ENGLAND_DEFAULT, { type: 'referral-acceptance', ownerType: 'community-treatment' })).toBe('prison');
    expect(requesterOf(ENGLAND_DEFAULT, { type: 'referral', ownerType: 'prison' })).toBe('community-treatment');
  });

  it('names the policy’s requester when it names one', () => {
    const policy = { steps: [{ ...ENGLAND_DEFAULT.steps[0], requester: 'probation' as const }] };
    expect(requesterOf(policy, { type: ENGLAND_DEFAULT.steps[0].type, ownerType: ENGLAND_DEFAULT.steps[0].owner })).toBe('probation');
  });

  it('lets a step with a notBefore rule be done from a month before release, and others at once', () => {
    const ctx = { calendar: COMPILED_CALENDAR, releaseDate: '2027-03-11', registeredAt: new Date('2027-01-04T10:00:00Z'), createdAt: new Date('2027-01-04T10:00:00Z') };
    const gp = ENGLAND_DEFAULT.steps.find((s) => s.notBefore)!;
    expect(startableFrom(ENGLAND_DEFAULT, gp.type, ctx)?.toISOString()).toBe('2027-02-11T00:00:00.000Z');
    expect(startableFrom(ENGLAND_DEFAULT, 'referral', ctx)).toBeUndefined();
  });

  it('says a step with a notBefore rule cannot be done until then, and can from that instant on', () => {
    const ctx = { calendar: COMPILED_CALENDAR, releaseDate: '2027-03-11', registeredAt: new Date('2027-01-04T10:00:00Z'), createdAt: new Date('2027-01-04T10:00:00Z') };
    const gp = ENGLAND_DEFAULT.steps.find((s) => s.notBefore)!;
    expect(notYetStartable(ENGLAND_DEFAULT, gp.type, ctx, new Date('2027-02-10T23:59:59Z'))?.toISOString()).toBe('2027-02-11T00:00:00.000Z');
    expect(notYetStartable(ENGLAND_DEFAULT, gp.type, ctx, new Date('2027-02-11T00:00:00Z'))).toBeUndefined();
    expect(notYetStartable(ENGLAND_DEFAULT, 'referral', ctx, new Date('2027-01-04T10:00:00Z'))).toBeUndefined();
  });
});
