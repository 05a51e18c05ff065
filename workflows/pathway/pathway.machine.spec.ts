import { ENGLAND_DEFAULT, HolidayCalendar, LocalDate, londonDateOf, pinHolidayCalendar, ReleaseDateType, TaskType } from '@throughcare/domain';
import { snapshotItem } from './pathway.ids';
import { PathwayMachine } from './pathway.machine';
import { RejectedError } from './pathway.rejections';
import type { PathwayInput, TaskActionInput } from './pathway.types';

const ROUTING = { prison: 'LEI', 'community-treatment': 'CTS-LDS', probation: 'PDU-LDS', commissioner: 'LA-LDS' };
const REGISTERED = new Date('2027-01-04T10:00:00Z');
const prisonStaff = { sub: 'p1', org: 'LEI' };
const communityStaff = { sub: 'c1', org: 'CTS-LDS' };

const counter = () => {
  let id = 0;
  return () => `task-${++id}`;
};
const inputOf = (calendar: HolidayCalendar): PathwayInput => ({
  pathwayId: 'p-1',
  policy: ENGLAND_DEFAULT,
  calendar,
  registeredAt: REGISTERED.toISOString(),
  releaseDate: '2027-03-12',
  releaseDateType: 'CRD',
  routing: ROUTING,
  flags: { onOst: true, opioidUse: true },
});

/** A pathway on the default policy, released on Friday 12 March 2027, so T is Thursday the 11th. */
function pathway({
  onOst = true,
  registeredAt = REGISTERED,
  releaseDate = '2027-03-12' as LocalDate,
  releaseDateType = 'CRD' as ReleaseDateType,
  calendar = undefined as HolidayCalendar | undefined,
} = {}): PathwayMachine {
  let id = 0;
  const input: PathwayInput = {
    pathwayId: 'p-1',
    policy: ENGLAND_DEFAULT,
    calendar: calendar ?? pinHolidayCalendar(londonDateOf(registeredAt)),
    registeredAt: registeredAt.toISOString(),
    releaseDate,
    releaseDateType,
    routing: ROUTING,
    flags: { onOst, opioidUse: true },
  };
  const machine = new PathwayMachine(input, () => `task-${++id}`);
  machine.register(registeredAt);
  machine.takeSnapshot();
  return machine;
}

const at = (iso: string) => new Date(iso);
const taskOf = (machine: PathwayMachine, type: TaskType) => machine.view().tasks.find((t) => t.type === type && t.state === 'open')!;

function act(machine: PathwayMachine, type: TaskType, action: TaskActionInput['action'], details: TaskActionInput['details'], now: Date) {
  const task = taskOf(machine, type);
  const input = { taskId: task.id, action, details, actor: task.ownerType === 'prison' ? prisonStaff : communityStaff };
  machine.validateAction(input, now);
  return machine.act(input, now);
}

function rejection(run: () => unknown): RejectedError {
  try {
    run();
  } catch (err) {
    if (err instanceof RejectedError) return err;
    throw err;
  }
  throw new Error('not rejected');
}

/** Referral sent and accepted, first appointment booked for the given time. */
function booked(machine: PathwayMachine, appointmentAt: string): void {
  act(machine, 'referral', 'complete', {}, at('2027-02-01T10:00:00Z'));
  act(machine, 'referral-acceptance', 'accept', {}, at('2027-02-02T10:00:00Z'));
  act(machine, 'appointment-booking', 'complete', { appointmentAt }, at('2027-02-03T10:00:00Z'));
}

describe(PathwayMachine.name, () => {
  it('refuses a first appointment for someone on OST later than the next working day after T, naming that day', () => {
    const machine = pathway({ onOst: true });
    act(machine, 'referral', 'complete', {}, at('2027-02-01T10:00:00Z'));
    act(machine, 'referral-acceptance', 'accept', {}, at('2027-02-02T10:00:00Z'));
    const booking = taskOf(machine, 'appointment-booking');
    const book = (appointmentAt: string) => () =>
      machine.validateAction({ taskId: booking.id, action: 'complete', details: { appointmentAt }, actor: communityStaff }, at('2027-02-03T10:00:00Z'));
    const refused = rejection(book('2027-03-15T10:00:00Z'));
    expect(refused).toMatchObject({ type: 'InvalidDetails', message: expect.stringContaining('on or before 2027-03-12') });
    expect(book('2027-03-12T10:00:00Z')).not.toThrow();
  });

  it('counts the 21 days from the actual day of release once it is recorded', () => {
    const machine = pathway({ onOst: false });
    act(machine, 'referral', 'complete', {}, at('2027-02-01T10:00:00Z'));
    act(machine, 'referral-acceptance', 'accept', {}, at('2027-02-02T10:00:00Z'));
    machine.recordRelease({ releasedOn: '2027-03-04', kind: 'planned', actor: prisonStaff }, at('2027-03-04T12:00:00Z'));
    const booking = taskOf(machine, 'appointment-booking');
    const book = (appointmentAt: string) => () =>
      machine.validateAction({ taskId: booking.id, action: 'complete', details: { appointmentAt }, actor: communityStaff }, at('2027-03-05T10:00:00Z'));
    expect(book('2027-03-25T10:00:00Z')).not.toThrow();
    expect(rejection(book('2027-03-26T10:00:00Z')).message).toMatch(/on or before 2027-03-25/);
  });

  it('tells the commissioner of a declined referral with a notice that escalates nothing', () => {
    const machine = pathway();
    act(machine, 'referral', 'complete', {}, at('2027-02-01T10:00:00Z'));
    machine.takeSnapshot();
    const { task } = act(machine, 'referral-acceptance', 'decline', { reason: 'Out of area' }, at('2027-02-02T10:00:00Z'));
    const snapshot = machine.takeSnapshot();
    expect(snapshot.escalations).toEqual([
      {
        key: `${task.id}:notice`,
        taskId: task.id,
        level: 'notice',
        raisedAt: '2027-02-02T10:00:00.000Z',
        dueAt: '2027-02-02T10:00:00.000Z',
        reason: 'Referral declined by CTS-LDS',
        notify: [{ org: 'LA-LDS', audience: 'commissioner' }],
      },
    ]);
    expect(task.escalationLevel).toBeUndefined();
    expect(snapshot.events.map((e) => e.type)).toEqual(['referral-declined']);
  });

  it('tells probation of a missed first appointment, and closes as engaged when the person attends re-engagement', () => {
    const machine = pathway();
    booked(machine, '2027-03-12T10:00:00Z');
    machine.takeSnapshot();
    const { task: first } = act(machine, 'first-appointment', 'complete', { attended: false }, at('2027-03-12T15:00:00Z'));
    expect(machine.takeSnapshot().escalations).toMatchObject([
      { key: `${first.id}:notice`, level: 'notice', notify: [{ org: 'PDU-LDS', audience: 'probation' }] },
    ]);
    const { task } = act(machine, 're-engagement', 'complete', { attended: true }, at('2027-03-15T11:00:00Z'));
    expect(task).toMatchObject({ state: 'done', outcome: 'attended', details: { attended: true } });
    expect(machine.view()).toMatchObject({ status: 'closed', outcome: 'engaged' });
    expect(machine.takeSnapshot().escalations).toEqual([]);
  });

  it('leaves the outcome to the end of the window when the person does not attend re-engagement either', () => {
    const machine = pathway();
    booked(machine, '2027-03-12T10:00:00Z');
    act(machine, 'first-appointment', 'complete', { attended: false }, at('2027-03-12T15:00:00Z'));
    const { task } = act(machine, 're-engagement', 'complete', { attended: false }, at('2027-03-15T11:00:00Z'));
    expect(task).toMatchObject({ state: 'done', outcome: 'did-not-attend' });
    expect(machine.view().status).toBe('active');
    const timeline = machine.takeSnapshot().events.map((e) => e.type);
    expect(timeline.filter((t) => t === 'did-not-attend')).toHaveLength(1); // probation hears of the first only
  });

  it('records naloxone as supplied or declined by the person', () => {
    const machine = pathway();
    expect(rejection(() => act(machine, 'naloxone', 'complete', {}, at('2027-03-10T10:00:00Z'))).type).toBe('InvalidDetails');
    expect(act(machine, 'naloxone', 'complete', { supplied: false }, at('2027-03-10T10:00:00Z')).task).toMatchObject({
      outcome: 'declined-by-person',
      details: { supplied: false },
    });
  });

  describe('the outcome, by when the first appointment was', () => {
    // T is Thursday 11 March 2027; the window closes at the end of 1 April (T + 21 days).
    it('waits past the window for attendance at an appointment inside it, and counts it as engaged', () => {
      const machine = pathway({ onOst: false });
      booked(machine, '2027-04-01T15:00:00Z');
      expect(machine.outcomeSettlesAt().toISOString()).toBe('2027-04-02T16:00:00.000Z'); // the first-appointment step's deadline: next working day, 17:00 London
      machine.settleOutcome(at('2027-04-02T09:00:00Z'));
      expect(machine.view().status).toBe('active');
      act(machine, 'first-appointment', 'complete', { attended: true }, at('2027-04-02T09:30:00Z'));
      expect(machine.view()).toMatchObject({ status: 'closed', outcome: 'engaged' });
    });

    it('refuses attendance recorded before the appointment has begun', () => {
      const machine = pathway({ onOst: false });
      booked(machine, '2027-03-15T10:00:00Z');
      expect(rejection(() => act(machine, 'first-appointment', 'complete', { attended: true }, at('2027-03-15T09:00:00Z')))).toMatchObject({
        type: 'InvalidDetails',
        field: 'attended',
        fault: { field: 'attended', code: 'before-appointment', appointmentAt: '2027-03-15T10:00:00.000Z' },
      });
    });
  });

  describe('where the first appointment is (patch appointment-place)', () => {
    const place = { placeChannel: 'in-person', placeSite: 'harehills', placeName: 'Forward Leeds Harehills', placeAddress: '3 Sample Road, Leeds LS8 5ZZ' };
    const bookWithPlace = (carryPlace: boolean) => {
      const machine = pathway({ onOst: true });
      act(machine, 'referral', 'complete', {}, at('2027-02-01T10:00:00Z'));
      act(machine, 'referral-acceptance', 'accept', {}, at('2027-02-02T10:00:00Z'));
      const booking = taskOf(machine, 'appointment-booking');
      const input = { taskId: booking.id, action: 'complete' as const, details: { appointmentAt: '2027-03-12T10:00:00Z', ...place }, actor: communityStaff };
      machine.validateAction(input, at('2027-02-03T10:00:00Z'));
      machine.act(input, at('2027-02-03T10:00:00Z'), carryPlace);
      return machine;
    };

    it('carries the booking’s place onto the first-appointment step once patched, and not before', () => {
      expect(taskOf(bookWithPlace(true), 'first-appointment').details).toEqual({ appointmentAt: '2027-03-12T10:00:00.000Z', ...place });
      expect(taskOf(bookWithPlace(false), 'first-appointment').details).toEqual({ appointmentAt: '2027-03-12T10:00:00.000Z' });
    });

    it('refuses a place that is not one, and a pharmacy without its address', () => {
      const machine = pathway({ onOst: true });
      act(machine, 'referral', 'complete', {}, at('2027-02-01T10:00:00Z'));
      act(machine, 'referral-acceptance', 'accept', {}, at('2027-02-02T10:00:00Z'));
      const booking = taskOf(machine, 'appointment-booking');
      const book = (details: Record<string, string>) => () =>
        machine.validateAction({ taskId: booking.id, action: 'complete', details: { appointmentAt: '2027-03-12T10:00:00Z', ...details }, actor: communityStaff }, at('2027-02-03T10:00:00Z'));
      expect(rejection(book({ placeChannel: 'post' }))).toMatchObject({ type: 'InvalidDetails', field: 'place.channel' });
      expect(rejection(book({ placeChannel: 'in-person' }))).toMatchObject({ type: 'InvalidDetails', field: 'place.site' });
      expect(book({ placeChannel: 'telephone' })).not.toThrow();
      const bridge = taskOf(machine, 'ost-bridging');
      const record = (details: Record<string, string>) => () => machine.validateAction({ taskId: bridge.id, action: 'complete', details, actor: prisonStaff }, at('2027-02-03T10:00:00Z'));
      expect(rejection(record({ pharmacyName: 'Quillfeather Pharmacy' }))).toMatchObject({ type: 'InvalidDetails', field: 'pharmacy' });
      expect(rejection(record({ pharmacyName: 'Q', pharmacyAddress: '1 Road', firstCollectionOn: '12 March' }))).toMatchObject({ field: 'firstCollectionOn' });
      expect(record({ pharmacyName: 'Q', pharmacyAddress: '1 Road', firstCollectionOn: '2027-03-11' })).not.toThrow();
    });
  });

  describe('a re-arranged first appointment (patch appointment-rearranged)', () => {
    const booked = (onOst: boolean) => {
      const machine = pathway({ onOst });
      act(machine, 'referral', 'complete', {}, at('2027-02-01T10:00:00Z'));
      act(machine, 'referral-acceptance', 'accept', {}, at('2027-02-02T10:00:00Z'));
      act(machine, 'appointment-booking', 'complete', { appointmentAt: '2027-03-12T10:00:00Z', placeChannel: 'in-person', placeSite: 'main', placeName: 'Forward Leeds', placeAddress: '12 Example Lane, Leeds LS2 7ZZ' }, at('2027-02-03T10:00:00Z'));
      return machine;
    };

    it('moves the step to the new time and place, keeps it open, follows it with the deadline and says so on the timeline', () => {
      const machine = booked(false);
      act(machine, 'first-appointment', 'rearrange', { appointmentAt: '2027-03-16T14:00:00Z', placeChannel: 'telephone' }, at('2027-03-01T09:00:00Z'));
      const step = taskOf(machine, 'first-appointment');
      expect(step).toMatchObject({ state: 'open', details: { appointmentAt: '2027-03-16T14:00:00.000Z', placeChannel: 'telephone', rearrangedAt: '2027-03-01T09:00:00.000Z' } });
      expect(step.details).not.toHaveProperty('placeName');
      // Appointment + 1 working day, at 17:00 London: Wednesday 17 March.
      expect(step.dueAt).toBe('2027-03-17T17:00:00.000Z');
      expect(machine.takeSnapshot().events.at(-1)).toMatchObject({ type: 'appointment-rearranged', details: { from: '2027-03-12T10:00:00.000Z', to: '2027-03-16T14:00:00.000Z' } });
      // Attendance is recorded once the new time has begun, not the old one.
      expect(rejection(() => act(machine, 'first-appointment', 'complete', { attended: true }, at('2027-03-13T10:00:00Z')))).toMatchObject({ fault: { field: 'attended', code: 'before-appointment' } });
      act(machine, 'first-appointment', 'complete', { attended: true }, at('2027-03-16T15:00:00Z'));
      expect(machine.view().outcome).toBe('engaged');
    });

    it('keeps to the rule the booking did, and needs a time', () => {
      const machine = booked(true);
      // On OST: by the next working day after release (Friday 12 March), however it is moved.
      expect(rejection(() => act(machine, 'first-appointment', 'rearrange', { appointmentAt: '2027-03-16T14:00:00Z' }, at('2027-03-01T09:00:00Z')))).toMatchObject({ type: 'InvalidDetails', fault: { field: 'appointmentAt', code: 'after-latest' } });
      expect(rejection(() => act(machine, 'first-appointment', 'rearrange', { placeChannel: 'video' }, at('2027-03-01T09:00:00Z')))).toMatchObject({ fault: { field: 'appointmentAt', code: 'required' } });
      // A booked step is done: there is nothing on it left to re-arrange.
      const booking = machine.view().tasks.find((t) => t.type === 'appointment-booking')!;
      expect(rejection(() => machine.validateAction({ taskId: booking.id, action: 'rearrange', details: { appointmentAt: '2027-03-12T09:00:00Z' }, actor: communityStaff }, at('2027-03-01T09:00:00Z')))).toMatchObject({ type: 'TaskNotOpen' });
    });
  });

  describe('a re-referral', () => {
    const declined = (machine: PathwayMachine) => {
      act(machine, 'referral', 'complete', {}, at('2027-02-01T10:00:00Z'));
      act(machine, 'referral-acceptance', 'decline', { reason: 'No capacity' }, at('2027-02-02T10:00:00Z'));
    };

    it('sends the referral again, to the service the prison names', () => {
      const machine = pathway();
      declined(machine);
      const { created } = act(machine, 're-referral', 'complete', { communityTreatmentCode: 'CTS-BHM' }, at('2027-02-03T10:00:00Z'));
      expect(created.map((t) => [t.type, t.owner])).toEqual([['referral-acceptance', 'CTS-BHM']]);
      expect(machine.takeSnapshot()).toMatchObject({ communityTreatmentCode: 'CTS-BHM', events: expect.arrayContaining([expect.objectContaining({ type: 're-referred' })]) });
    });
  });

  describe('refusing what the read model cannot store or the calendar cannot plan with', () => {
    const now = at('2027-02-01T10:00:00Z');

    it('refuses a cancellation whose reason holds a NUL, naming the field', () => {
      const machine = pathway();
      expect(rejection(() => machine.validateCancellation({ reason: 'a\u0000b', actor: prisonStaff }))).toMatchObject({
        type: 'InvalidEvent',
        field: 'reason',
        message: 'reason must not contain NUL characters',
      });
      expect(() => machine.validateCancellation({ reason: 'Registered in error\nby the wrong prison', actor: prisonStaff })).not.toThrow();
    });

    it('refuses a decline whose reason holds a lone surrogate, and naloxone details with a NUL', () => {
      const machine = pathway();
      act(machine, 'referral', 'complete', {}, now);
      const acceptance = taskOf(machine, 'referral-acceptance');
      const decline = { taskId: acceptance.id, action: 'decline' as const, details: { reason: 'No capacity \uD800' }, actor: communityStaff };
      expect(rejection(() => machine.validateAction(decline, now))).toMatchObject({ type: 'InvalidDetails', field: 'reason', message: expect.stringMatching(/surrogate/) });
      const naloxone = taskOf(machine, 'naloxone');
      const supplied = { taskId: naloxone.id, action: 'complete' as const, details: { supplied: true, 'note\u0000': 'x' }, actor: prisonStaff };
      // The field is named with the NUL escaped: an answer never carries the character it refuses.
      expect(rejection(() => machine.validateAction(supplied, now))).toMatchObject({ type: 'InvalidDetails', field: 'note\\u0000' });
      expect(rejection(() => machine.validateAction({ ...supplied, details: { supplied: true, where: 'wing\u0000B' } }, now))).toMatchObject({ field: 'where' });
    });

    it('refuses control and bidirectional-override characters in short text, such as a prison code', () => {
      const machine = pathway();
      expect(rejection(() => machine.validateTransfer({ prisonCode: 'BM\u202EI', actor: prisonStaff })).field).toBe('prisonCode');
    });

    it('refuses release dates the calendar cannot plan with: absurd, not a date, or too far either way', () => {
      const machine = pathway();
      const change = (releaseDate: string) => () => machine.validateReleaseDateChange({ releaseDate, releaseDateType: 'CRD', reason: 'x', actor: prisonStaff }, now);
      expect(rejection(change('9999-12-31'))).toMatchObject({
        type: 'InvalidEvent',
        fault: { field: 'releaseDate', code: 'after-latest', earliest: '2026-12-07', latest: '2030-02-01' },
        message: 'releaseDate must be from 2026-12-07 to 2030-02-01',
      });
      expect(rejection(change('2027-02-30'))).toMatchObject({ type: 'InvalidEvent', field: 'releaseDate' });
      expect(change('2030-02-01')).not.toThrow();
      expect(rejection(() => machine.validateRelease({ releasedOn: '2026-12-06', kind: 'planned', actor: prisonStaff }, now))).toMatchObject({ field: 'releasedOn' });
      expect(rejection(() => machine.validateRelease({ releasedOn: '2027-02-02', kind: 'planned', actor: prisonStaff }, now)).message).toMatch(/in the future/);
      expect(rejection(() => machine.validateCustodyReturn({ on: '0001-01-01', reason: 'Recalled', actor: prisonStaff }, now))).toMatchObject({ field: 'on' });
      expect(() => machine.validateCustodyReturn({ on: '2027-02-01', reason: 'Recalled', actor: prisonStaff }, now)).not.toThrow();
    });
  });

  describe('the day-of-release rule on the day it is applied', () => {
    it('keeps a release date already past as given, and moves one to come', () => {
      // Registered on Monday 4 January 2027; Friday 1 January is past (and a bank holiday).
      const late = pathway({ releaseDate: '2027-01-01', registeredAt: at('2027-01-04T10:00:00Z') });
      expect(late.view()).toMatchObject({ expectedReleaseDate: '2027-01-01', releaseDateAdjustedFrom: undefined });
      const machine = pathway();
      expect(machine.view()).toMatchObject({ expectedReleaseDate: '2027-03-11', releaseDateAdjustedFrom: '2027-03-12' });
      machine.changeReleaseDate({ releaseDate: '2027-01-29', releaseDateType: 'CRD', reason: 'Recalculated', actor: prisonStaff }, at('2027-02-01T10:00:00Z'));
      expect(machine.view()).toMatchObject({ expectedReleaseDate: '2027-01-29', releaseDateAdjustedFrom: undefined });
    });
  });

  describe('an unplanned release', () => {
    // T is ten weeks away; released from court on Tuesday 2 February 2027 at 11:00.
    const releasedAt = at('2027-02-02T11:00:00Z');
    const released = () => {
      const machine = pathway({ onOst: true });
      machine.recordRelease({ releasedOn: '2027-02-02', kind: 'unplanned', actor: prisonStaff }, releasedAt);
      return machine;
    };

    it('gives the community service’s new acceptance step until the next working day, and escalates OST at L2 at once', () => {
      const machine = released();
      expect(taskOf(machine, 'referral-acceptance').dueAt).toBe('2027-02-03T17:00:00.000Z');
      expect(taskOf(machine, 'ost-bridging')).toMatchObject({ escalationLevel: 'L2' });
      expect(machine.view().tasks.find((t) => t.type === 'referral')).toMatchObject({ state: 'cancelled' });
      // Accepting it starts the booking with its ordinary deadline, counted from the new T.
      act(machine, 'referral-acceptance', 'accept', {}, at('2027-02-02T15:00:00Z'));
      expect(taskOf(machine, 'appointment-booking').dueAt).toBe('2027-01-29T17:00:00.000Z');
    });
  });

  describe('the calendar it plans with', () => {
    it('is the one pinned in its input, not the compiled list: a one-off holiday there moves T and the deadlines', () => {
      const compiled = pathway();
      const pinned = pinHolidayCalendar('2027-01-04');
      // A one-off bank holiday on Thursday 11 March 2027 in the pinned list only.
      const oneOff = pathway({ calendar: { ...pinned, holidays: [...pinned.holidays, '2027-03-11'] } });
      expect(compiled.view().expectedReleaseDate).toBe('2027-03-11');
      expect(oneOff.view().expectedReleaseDate).toBe('2027-03-09');
      const due = (m: PathwayMachine) => taskOf(m, 'release-confirmation').dueAt;
      expect(due(oneOff)).not.toBe(due(compiled));
    });

    it('keeps its T and deadlines when the workflow code is built with a refreshed list (npm run holidays:refresh)', () => {
      const pinned = pinHolidayCalendar('2027-01-04');
      const plan = (Machine: typeof PathwayMachine) => {
        const machine = new Machine({ ...inputOf(pinned) }, counter());
        machine.register(REGISTERED);
        return machine.view().tasks.map((t) => [t.type, t.dueAt]).concat([['T', machine.view().expectedReleaseDate]]);
      };
      const before = plan(PathwayMachine);
      jest.isolateModules(() => {
        const list = '../../libs/domain/src/calendar/england-and-wales-bank-holidays.json';
        const published = jest.requireActual<{ events: object[] }>(list);
        // The refreshed list announces a one-off bank holiday on Thursday 11 March 2027, T under the old one.
        jest.doMock(list, () => ({ ...published, retrieved: '2027-02-01', events: [...published.events, { date: '2027-03-11', title: 'A one-off bank holiday' }] }));
        const rebuilt = jest.requireActual<typeof import('./pathway.machine')>('./pathway.machine');
        expect(plan(rebuilt.PathwayMachine)).toEqual(before);
        const domain = jest.requireActual<typeof import('@throughcare/domain')>('@throughcare/domain');
        // A pathway registered after the refresh pins the new list, and plans with it.
        const fresh = new rebuilt.PathwayMachine(inputOf(domain.pinHolidayCalendar('2027-01-04')), counter());
        fresh.register(REGISTERED);
        expect(fresh.view().expectedReleaseDate).toBe('2027-03-09');
      });
    });
  });

  describe('the rungs planned for the sweep (escalation-sweep)', () => {
    it('plans exactly what the timer will raise at the next instant, and moves on once it is raised', () => {
      const machine = pathway();
      const wakeAt = machine.nextWakeAt()!;
      const planned = machine.takeSnapshot().plannedEscalations!;
      expect(planned.length).toBeGreaterThan(0);
      expect(new Set(planned.map((p) => p.dueAt))).toEqual(new Set([wakeAt.toISOString()]));
      machine.raiseDueEscalations(wakeAt);
      const raised = machine.takeSnapshot();
      // The same escalations, by key and in every stored field, but the instant they were raised.
      expect(raised.escalations.map(({ raisedAt: _, ...rest }) => rest)).toEqual(planned);
      expect(raised.plannedEscalations!.every((p) => new Date(p.dueAt) > wakeAt)).toBe(true);
      expect(raised.plannedEscalations!.map((p) => p.key)).not.toEqual(expect.arrayContaining(planned.map((p) => p.key)));
    });

    it('plans nothing for a closed pathway', () => {
      const machine = pathway();
      machine.cancel({ reason: 'Registered in error', actor: prisonStaff, correlationId: 'req-9' }, at('2027-02-01T11:00:00Z'));
      expect(machine.takeSnapshot().plannedEscalations).toEqual([]);
    });
  });

  describe('the cause of each change', () => {
    it('names in a snapshot every request whose change it holds, and none for a timer’s', () => {
      const machine = pathway({ registeredAt: at('2027-01-04T10:00:00Z'), releaseDate: '2027-01-29', releaseDateType: 'CONFIRMED' });
      const referral = taskOf(machine, 'referral');
      machine.act({ taskId: referral.id, action: 'complete', actor: prisonStaff, correlationId: 'req-1' }, at('2027-01-04T11:00:00Z'));
      machine.transfer({ prisonCode: 'BMI', actor: prisonStaff, correlationId: 'req-2' }, at('2027-01-04T11:00:00Z'));
      machine.raiseDueEscalations(at('2027-01-04T17:30:00Z'));
      const snapshot = machine.takeSnapshot();
      expect(snapshot.causes.sort()).toEqual(['req-1', 'req-2']);
      expect(snapshot.events.map((e) => [e.type, e.correlationId])).toEqual([['transferred', 'req-2']]);
      machine.raiseDueEscalations(at('2027-01-06T17:30:00Z'));
      expect(machine.takeSnapshot()).toMatchObject({ causes: [] });
    });

    it('keeps the causes of what a failed write owes', () => {
      const machine = pathway();
      act(machine, 'naloxone', 'complete', { supplied: true }, at('2027-02-01T10:00:00Z'));
      machine.cancel({ reason: 'Registered in error', actor: prisonStaff, correlationId: 'req-3' }, at('2027-02-01T11:00:00Z'));
      const failed = machine.takeSnapshot();
      machine.owe(failed);
      expect(machine.takeSnapshot().causes).toEqual(['req-3']);
    });
  });

  describe('a write the read model could store only in part', () => {
    it('owes what was left out to the next snapshot, and nothing else', () => {
      const machine = pathway();
      act(machine, 'referral', 'complete', {}, at('2027-02-01T10:00:00Z'));
      const first = machine.takeSnapshot();
      const referral = first.tasks.find((t) => t.type === 'referral')!;
      machine.owe(first, [snapshotItem.task(referral.id), snapshotItem.event(first.events[0]?.seq ?? 0)]);
      expect(machine.dirty).toBe(true);
      const next = machine.takeSnapshot();
      expect(next.version).toBe(first.version + 1);
      expect(next.tasks.map((t) => t.id)).toEqual([referral.id]);
      expect(next.tasks[0].version).toBe(next.version);
      expect(machine.dirty).toBe(false);
    });

    it('owes everything when the write failed altogether, escalations included', () => {
      const machine = pathway({ registeredAt: at('2027-01-04T10:00:00Z'), releaseDate: '2027-01-29', releaseDateType: 'CONFIRMED' });
      machine.raiseDueEscalations(at('2027-01-04T17:30:00Z'));
      const failed = machine.takeSnapshot();
      expect(failed.escalations.length).toBeGreaterThan(0);
      machine.owe(failed);
      const again = machine.takeSnapshot();
      expect(again.escalations.map((e) => e.key)).toEqual(failed.escalations.map((e) => e.key));
      expect(again.tasks.map((t) => t.id).sort()).toEqual(failed.tasks.map((t) => t.id).sort());
    });
  });

  /**
   * Deadlines fall at 17:00 London on working days; the reminder a working day before. These
   * pin the edges at fixed instants: a minute either side of 17:00, a Friday evening, the eve
   * of bank holidays and the nights the clocks change. Registered four weeks before T, so late:
   * assessment, referral and probation acknowledgement are due a working day after registration.
   */
  describe('deadlines and the ladder at the edges of the working day', () => {
    const LATE_STEPS: TaskType[] = ['assessment', 'referral', 'probation-acknowledgement'];
    const registeredAt = (instant: string) => {
      const registered = at(instant);
      const releaseDate = new Date(registered.getTime() + 28 * 86_400_000).toISOString().slice(0, 10);
      return pathway({ onOst: false, registeredAt: registered, releaseDate, releaseDateType: 'CONFIRMED' });
    };
    const dueOf = (machine: PathwayMachine) => LATE_STEPS.map((type) => taskOf(machine, type).dueAt);
    /** Raises what is due at `now` and says which levels were raised, by step. */
    const raisedAt = (machine: PathwayMachine, now: string) => {
      machine.raiseDueEscalations(at(now));
      const raised = machine.takeSnapshot().escalations.map((e) => [machine.view().tasks.find((t) => t.id === e.taskId)!.type, e.level]);
      return raised.filter(([type]) => LATE_STEPS.includes(type as TaskType));
    };
    const reminders = LATE_STEPS.map((type) => [type, 'reminder']);

    it('at 16:59 London the reminder is a minute away; at 17:01 it is raised at once', () => {
      // Tuesday 1 December 2026, GMT.
      const before = registeredAt('2026-12-01T16:59:00Z');
      expect(dueOf(before)).toEqual(Array(3).fill('2026-12-02T17:00:00.000Z'));
      expect(raisedAt(before, '2026-12-01T16:59:00Z')).toEqual([]);
      expect(before.nextWakeAt()?.toISOString()).toBe('2026-12-01T17:00:00.000Z');
      expect(raisedAt(before, '2026-12-01T17:00:00Z')).toEqual(reminders);

      const after = registeredAt('2026-12-01T17:01:00Z');
      expect(dueOf(after)).toEqual(Array(3).fill('2026-12-02T17:00:00.000Z'));
      expect(raisedAt(after, '2026-12-01T17:01:00Z')).toEqual(reminders);
      expect(after.nextWakeAt()?.toISOString()).toBe('2026-12-02T17:00:00.000Z');
    });

    it('on a Friday evening gives until Monday, with the reminder raised at once and L1, L2 on the working days after', () => {
      const machine = registeredAt('2026-12-04T18:30:00Z');
      expect(dueOf(machine)).toEqual(Array(3).fill('2026-12-07T17:00:00.000Z'));
      expect(raisedAt(machine, '2026-12-04T18:30:00Z')).toEqual(reminders);
      expect(raisedAt(machine, '2026-12-07T16:59:00Z')).toEqual([]);
      expect(raisedAt(machine, '2026-12-07T17:00:00Z')).toEqual(LATE_STEPS.map((type) => [type, 'L1']));
      expect(taskOf(machine, 'assessment').escalationLevel).toBe('L1');
      expect(raisedAt(machine, '2026-12-08T17:00:00Z')).toEqual(LATE_STEPS.map((type) => [type, 'L2']));
      expect(taskOf(machine, 'referral').escalationLevel).toBe('L2');
    });

    it('on the eve of Christmas waits past the bank holidays', () => {
      // Thursday 24 December 2026: Christmas Day, the weekend and Boxing Day (Monday 28th) pass.
      const before = registeredAt('2026-12-24T16:59:00Z');
      expect(dueOf(before)).toEqual(Array(3).fill('2026-12-29T17:00:00.000Z'));
      expect(before.nextWakeAt()?.toISOString()).toBe('2026-12-24T17:00:00.000Z');
      const after = registeredAt('2026-12-24T17:01:00Z');
      expect(raisedAt(after, '2026-12-24T17:01:00Z')).toEqual(reminders);
      expect(raisedAt(after, '2026-12-28T17:00:00Z')).toEqual([]);
      expect(after.nextWakeAt()?.toISOString()).toBe('2026-12-29T17:00:00.000Z');
    });

    it('keeps 17:00 on the wall clock when the clocks go forward over Easter', () => {
      // Thursday 25 March 2027 at 17:01 GMT; Good Friday, the clocks going forward on Sunday 28th and Easter Monday pass.
      const machine = registeredAt('2027-03-25T17:01:00Z');
      expect(dueOf(machine)).toEqual(Array(3).fill('2027-03-30T16:00:00.000Z')); // 17:00 BST
      expect(raisedAt(machine, '2027-03-25T17:01:00Z')).toEqual(reminders);
      expect(raisedAt(machine, '2027-03-30T15:59:00Z')).toEqual([]);
      expect(raisedAt(machine, '2027-03-30T16:00:00Z')).toEqual(LATE_STEPS.map((type) => [type, 'L1']));
      // Registered during the night the clocks change, before and after 01:00 GMT: the same London day.
      expect(dueOf(registeredAt('2027-03-28T00:59:00Z'))).toEqual(Array(3).fill('2027-03-30T16:00:00.000Z'));
      expect(dueOf(registeredAt('2027-03-28T01:00:00Z'))).toEqual(Array(3).fill('2027-03-30T16:00:00.000Z'));
    });

    it('keeps 17:00 on the wall clock when the clocks go back', () => {
      // Friday 29 October 2027 at 16:59 BST; the clocks go back on Sunday 31st.
      const machine = registeredAt('2027-10-29T15:59:00Z');
      expect(dueOf(machine)).toEqual(Array(3).fill('2027-11-01T17:00:00.000Z')); // 17:00 GMT
      expect(machine.nextWakeAt()?.toISOString()).toBe('2027-10-29T16:00:00.000Z'); // the reminder, 17:00 BST
      expect(raisedAt(machine, '2027-10-29T16:01:00Z')).toEqual(reminders);
      expect(raisedAt(machine, '2027-11-01T16:59:00Z')).toEqual([]); // 16:59 GMT
      expect(raisedAt(machine, '2027-11-01T17:00:00Z')).toEqual(LATE_STEPS.map((type) => [type, 'L1']));
      expect(raisedAt(machine, '2027-11-02T17:00:00Z')).toEqual(LATE_STEPS.map((type) => [type, 'L2']));
      // 01:30 is shown twice that night; either instant is Sunday 31 October in London.
      expect(dueOf(registeredAt('2027-10-31T00:30:00Z'))).toEqual(Array(3).fill('2027-11-01T17:00:00.000Z'));
      expect(dueOf(registeredAt('2027-10-31T01:30:00Z'))).toEqual(Array(3).fill('2027-11-01T17:00:00.000Z'));
    });
  });
});
