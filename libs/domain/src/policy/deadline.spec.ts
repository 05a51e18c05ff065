import { ENGLAND_DEFAULT } from './england-default';
import { dueAt, isLateRegistration, stepDueAt } from './deadline';
import { stepPolicy, stepsTriggeredBy } from './policy';

const registeredAt = new Date('2026-11-02T10:00:00Z');

describe('deadlines', () => {
  it('falls at 17:00 London time in winter (GMT)', () => {
    const due = dueAt({ anchor: 'release', offset: '-1WD' }, { releaseDate: '2027-01-13', registeredAt, createdAt: registeredAt }, ENGLAND_DEFAULT);
    expect(due.toISOString()).toBe('2027-01-12T17:00:00.000Z');
  });

  it('falls at 17:00 London time in summer (BST), right after the clocks change', () => {
    // Clocks go forward on Sunday 28 March 2027.
    const due = dueAt({ anchor: 'release', offset: '+1WD' }, { releaseDate: '2027-03-26', registeredAt, createdAt: registeredAt }, ENGLAND_DEFAULT);
    expect(due.toISOString()).toBe('2027-03-30T16:00:00.000Z'); // Easter Monday 29th skipped
  });

  it('gives the assessment 20 working days before release when registered in good time', () => {
    const due = stepDueAt(ENGLAND_DEFAULT, stepPolicy(ENGLAND_DEFAULT, 'assessment'), {
      releaseDate: '2027-03-11',
      registeredAt,
      createdAt: registeredAt,
    });
    expect(due.toISOString()).toBe('2027-02-11T17:00:00.000Z');
  });

  it('gives a late registration one working day for the assessment', () => {
    const late = { releaseDate: '2027-01-14', registeredAt: new Date('2026-11-20T15:00:00Z'), createdAt: new Date('2026-11-20T15:00:00Z') };
    expect(isLateRegistration(ENGLAND_DEFAULT, late)).toBe(true);
    // Registered on Friday 20 November: due on Monday 23 November at 17:00.
    expect(stepDueAt(ENGLAND_DEFAULT, stepPolicy(ENGLAND_DEFAULT, 'assessment'), late).toISOString()).toBe('2026-11-23T17:00:00.000Z');
  });

  it('takes ISO-8601 durations from the anchor instant, for short test policies', () => {
    const due = dueAt({ anchor: 'registration', offset: 'PT30S' }, { releaseDate: '2027-01-14', registeredAt, createdAt: registeredAt }, ENGLAND_DEFAULT);
    expect(due.toISOString()).toBe('2026-11-02T10:00:30.000Z');
  });

  it('gives naloxone until the end of the day of release', () => {
    const due = stepDueAt(ENGLAND_DEFAULT, stepPolicy(ENGLAND_DEFAULT, 'naloxone'), { releaseDate: '2027-01-14', registeredAt, createdAt: registeredAt });
    expect(due.toISOString()).toBe('2027-01-14T23:59:00.000Z');
  });
});

describe('the default policy', () => {
  it('starts OST bridging and naloxone only for people who need them', () => {
    const types = (onOst: boolean, opioidUse: boolean) =>
      stepsTriggeredBy(ENGLAND_DEFAULT, { on: 'registration' }, { onOst, opioidUse }).map((s) => s.type);
    expect(types(true, true)).toEqual(expect.arrayContaining(['ost-bridging', 'naloxone']));
    expect(types(false, false)).not.toEqual(expect.arrayContaining(['ost-bridging']));
    expect(types(false, false)).not.toContain('naloxone');
    expect(types(false, false)).toEqual(['assessment', 'referral', 'probation-acknowledgement', 'gp-registration', 'release-confirmation']);
  });

  it('creates the acceptance task when the referral is sent, and a re-referral on decline', () => {
    const flags = { onOst: false, opioidUse: false };
    expect(stepsTriggeredBy(ENGLAND_DEFAULT, { on: 'completed', step: 'referral', outcome: 'completed' }, flags).map((s) => s.type)).toEqual([
      'referral-acceptance',
    ]);
    expect(
      stepsTriggeredBy(ENGLAND_DEFAULT, { on: 'completed', step: 'referral-acceptance', outcome: 'declined' }, flags).map((s) => s.type),
    ).toEqual(['re-referral']);
    expect(
      stepsTriggeredBy(ENGLAND_DEFAULT, { on: 'completed', step: 'referral-acceptance', outcome: 'accepted' }, flags).map((s) => s.type),
    ).toEqual(['appointment-booking']);
  });
});
