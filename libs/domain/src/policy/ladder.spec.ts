import { COMPILED_CALENDAR, pinHolidayCalendar } from '../calendar';
import { ENGLAND_DEFAULT } from './england-default';
import { LadderPlans, planLadder } from './ladder';

const times = (plan: ReturnType<typeof planLadder>) => Object.fromEntries(plan.map((p) => [p.level, p.at.toISOString()]));

describe('the escalation ladder', () => {
  it('reminds a working day before, marks overdue at the deadline, and climbs in working days', () => {
    // Referral due Thursday 18 February 2027; T is Thursday 11 March 2027.
    const plan = planLadder(ENGLAND_DEFAULT, { calendar: COMPILED_CALENDAR, dueAt: new Date('2027-02-18T17:00:00Z'), critical: false, releaseDate: '2027-03-11', released: false });
    expect(times(plan)).toEqual({
      reminder: '2027-02-17T17:00:00.000Z',
      L1: '2027-02-18T17:00:00.000Z',
      L2: '2027-02-19T17:00:00.000Z',
      L3: '2027-02-23T17:00:00.000Z',
    });
    expect(plan.find((p) => p.level === 'L3')!.notify).toEqual(['commissioner']);
  });

  it('escalates to the commissioner three working days after the acceptance deadline, crossing a weekend', () => {
    const plan = planLadder(ENGLAND_DEFAULT, { calendar: COMPILED_CALENDAR, dueAt: new Date('2027-01-15T17:00:00Z'), critical: false, releaseDate: '2027-03-11', released: false });
    expect(times(plan).L3).toBe('2027-01-20T17:00:00.000Z');
  });

  it('brings L3 forward to two working days before release when that is sooner', () => {
    // Due Monday 8 March; T Thursday 11 March: T - 2 WD is Tuesday 9 March, before due + 3 WD.
    const plan = planLadder(ENGLAND_DEFAULT, { calendar: COMPILED_CALENDAR, dueAt: new Date('2027-03-08T17:00:00Z'), critical: false, releaseDate: '2027-03-11', released: false });
    expect(times(plan).L2).toBe('2027-03-09T17:00:00.000Z');
    expect(times(plan).L3).toBe('2027-03-09T17:00:00.000Z');
  });

  it('starts a critical step at L2 at its deadline', () => {
    const plan = planLadder(ENGLAND_DEFAULT, { calendar: COMPILED_CALENDAR, dueAt: new Date('2027-03-09T17:00:00Z'), critical: true, releaseDate: '2027-03-11', released: false });
    expect(plan.map((p) => p.level)).toEqual(['L2', 'L3']);
    expect(times(plan).L2).toBe('2027-03-09T17:00:00.000Z');
  });

  it('keeps 17:00 London time when a rung crosses the clocks going forward', () => {
    const plan = planLadder(ENGLAND_DEFAULT, { calendar: COMPILED_CALENDAR, dueAt: new Date('2027-03-26T17:00:00Z'), critical: false, releaseDate: '2027-06-01', released: false });
    // Good Friday 26th is due; +1 WD skips Easter Monday 29th and lands in BST.
    expect(times(plan).L2).toBe('2027-03-30T16:00:00.000Z');
  });

  it('uses ISO-8601 durations for fast policies', () => {
    const fast = { ...ENGLAND_DEFAULT, ladder: [{ level: 'reminder' as const, offset: '-PT2S', notify: ['owner' as const] }, { level: 'L1' as const, offset: 'PT0S', notify: ['owner' as const] }] };
    const plan = planLadder(fast, { calendar: COMPILED_CALENDAR, dueAt: new Date('2027-01-01T10:00:10Z'), critical: false, releaseDate: '2027-03-11', released: true });
    expect(times(plan)).toEqual({ reminder: '2027-01-01T10:00:08.000Z', L1: '2027-01-01T10:00:10.000Z' });
  });
});

describe(LadderPlans.name, () => {
  const ctx = { calendar: COMPILED_CALENDAR, dueAt: new Date('2027-02-18T17:00:00Z'), critical: false, releaseDate: '2027-03-11', released: false };

  it('plans as planLadder does on the pathway’s calendar, once for the same deadline, T and release', () => {
    const plans = new LadderPlans(ENGLAND_DEFAULT, COMPILED_CALENDAR);
    const first = plans.of(ctx);
    expect(first).toEqual(planLadder(ENGLAND_DEFAULT, ctx));
    expect(plans.of({ ...ctx, dueAt: new Date(ctx.dueAt.getTime()) })).toBe(first);
  });

  it('plans again when what the ladder depends on changes: release recorded, a step critical, another T', () => {
    const plans = new LadderPlans(ENGLAND_DEFAULT, COMPILED_CALENDAR);
    const first = plans.of(ctx);
    for (const changed of [{ released: true }, { critical: true }, { releaseDate: '2027-02-22' }]) {
      const plan = plans.of({ ...ctx, ...changed });
      expect(plan).not.toBe(first);
      expect(plan).toEqual(planLadder(ENGLAND_DEFAULT, { ...ctx, ...changed }));
    }
  });

  it('plans with the pinned calendar it was given: a one-off holiday moves the rungs after it', () => {
    const pinned = pinHolidayCalendar('2027-01-04');
    const plan = new LadderPlans(ENGLAND_DEFAULT, { ...pinned, holidays: [...pinned.holidays, '2027-02-19'] }).of(ctx);
    expect(times(plan).L2).toBe('2027-02-22T17:00:00.000Z');
  });
});
