import { ENGLAND_DEFAULT } from './england-default';
import { dueAt, isLateRegistration, stepDueAt } from './deadline';
import { stepPolicy, stepsTriggeredBy } from './policy';
import { COMPILED_CALENDAR } from '../calendar';

const registeredAt = new Date('2026-11-02T10:00:00Z');

describe('deadlines', () => {
  it('falls at 17:00 London time in winter (GMT)', () => {
    const due = dueAt({ anchor: 'release', offset: '-1WD' }, { calendar: COMPILED_CALENDAR, releaseDate: '2027-01-13', registeredAt, createdAt: registeredAt }, ENGLAND_DEFAULT);
    expect(due.toISOString()).toBe('2027-01-12T17:00:00.000Z');
  });

  it('falls at 17:00 London time in summer (BST), right after the clocks change', () => {
    // Clocks go forward on Sunday 28 March 2027.
    const due = dueAt({ anchor: 'release', offset: '+1WD' }, { calendar: COMPILED_CALENDAR, releaseDate: '2027-03-26', registeredAt, createdAt: registeredAt }, ENGLAND_DEFAULT);
    expect(due.toISOString()).toBe('2027-03-30T16:00:00.000Z'); // Easter Monday 29th skipped
  });

  it('gives the assessment 20 working days before release when registered in good time', () => {
    const due = stepDueAt(ENGLAND_DEFAULT, stepPolicy(ENGLAND_DEFAULT, 'assessment'), {
      calendar: COMPILED_CALENDAR,
      releaseDate: '2027-03-11',
      registeredAt,
      createdAt: registeredAt,
    });
    expect(due.toISOString()).toBe('2027-02-11T17:00:00.000Z');
  });

  it('gives a late registration one working day for the assessment', () => {
    const late = { calendar: COMPILED_CALENDAR, releaseDate: '2027-01-14', registeredAt: new Date('2026-11-20T15:00:00Z'), createdAt: new Date('2026-11-20T15:00:00Z') };
    expect(isLateRegistration(ENGLAND_DEFAULT, late)).toBe(true);
    // Registered on Friday 20 November: due on Monday 23 November at 17:00.
    expect(stepDueAt(ENGLAND_DEFAULT, stepPolicy(ENGLAND_DEFAULT, 'assessment'), late).toISOString()).toBe('2026-11-23T17:00:00.000Z');
  });

  it('takes ISO-8601 durations from the anchor instant, for short test policies', () => {
    const due = dueAt({ anchor: 'registration', offset: 'PT30S' }, { calendar: COMPILED_CALENDAR, releaseDate: '2027-01-14', registeredAt, createdAt: registeredAt }, ENGLAND_DEFAULT);
    expect(due.toISOString()).toBe('2026-11-02T10:00:30.000Z');
  });

  it('gives naloxone until the end of the day of release', () => {
    const due = stepDueAt(ENGLAND_DEFAULT, stepPolicy(ENGLAND_DEFAULT, 'naloxone'), { calendar: COMPILED_CALENDAR, releaseDate: '2027-01-14', registeredAt, createdAt: registeredAt });
    expect(due.toISOString()).toBe('2027-01-14T23:59:00.000Z');
  });
});

describe('deadlines after an unplanned release', () => {
  const acceptance = stepPolicy(ENGLAND_DEFAULT, 'referral-acceptance');
  // Released from court on Thursday 3 December 2026 at 15:00: the next working day is Friday the 4th.
  const unplannedReleaseAt = new Date('2026-12-03T15:00:00Z');

  it('makes the community service’s steps open then due by the next working day at the due time', () => {
    const ctx = { calendar: COMPILED_CALENDAR, releaseDate: '2026-12-03', registeredAt, createdAt: unplannedReleaseAt, unplannedReleaseAt };
    expect(stepDueAt(ENGLAND_DEFAULT, acceptance, ctx).toISOString()).toBe('2026-12-04T17:00:00.000Z');
    // Without the release the acceptance has its two working days.
    expect(stepDueAt(ENGLAND_DEFAULT, acceptance, { ...ctx, unplannedReleaseAt: undefined }).toISOString()).toBe('2026-12-07T17:00:00.000Z');
  });

  it('crosses a weekend and a bank holiday to the next working day', () => {
    // Released on Thursday 24 December 2026: Christmas and Boxing Day (moved to Monday 28th) pass first.
    const at = new Date('2026-12-24T11:00:00Z');
    const ctx = { calendar: COMPILED_CALENDAR, releaseDate: '2026-12-24', registeredAt, createdAt: at, unplannedReleaseAt: at };
    expect(stepDueAt(ENGLAND_DEFAULT, acceptance, ctx).toISOString()).toBe('2026-12-29T17:00:00.000Z');
  });

  it('keeps an earlier deadline, and leaves other owners’ steps, later steps and appointment steps alone', () => {
    const ctx = { calendar: COMPILED_CALENDAR, releaseDate: '2026-12-03', registeredAt, createdAt: new Date('2026-11-30T10:00:00Z'), unplannedReleaseAt };
    // Booking is due T − 2 WD, already before the urgent deadline.
    expect(stepDueAt(ENGLAND_DEFAULT, stepPolicy(ENGLAND_DEFAULT, 'appointment-booking'), ctx).toISOString()).toBe('2026-12-01T17:00:00.000Z');
    expect(stepDueAt(ENGLAND_DEFAULT, stepPolicy(ENGLAND_DEFAULT, 'release-confirmation'), ctx).toISOString()).toBe('2026-12-04T17:00:00.000Z');
    const later = { ...ctx, createdAt: new Date('2026-12-04T09:00:00Z') };
    expect(stepDueAt(ENGLAND_DEFAULT, acceptance, later).toISOString()).toBe('2026-12-08T17:00:00.000Z');
    const appointmentAt = new Date('2026-12-10T10:00:00Z');
    expect(stepDueAt(ENGLAND_DEFAULT, stepPolicy(ENGLAND_DEFAULT, 'first-appointment'), { ...ctx, appointmentAt }).toISOString()).toBe('2026-12-11T17:00:00.000Z');
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
