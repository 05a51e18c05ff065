import { ENGLAND_DEFAULT, TaskType } from '@throughcare/domain';
import { ENGAGEMENT_PATCH, NOTICES_PATCH, PathwayMachine, REREFERRAL_PATCH, RejectedError } from './pathway.machine';
import type { PathwayInput, TaskActionInput } from './pathway.types';

const ROUTING = { prison: 'LEI', 'community-treatment': 'CTS-LDS', probation: 'PDU-LDS', commissioner: 'LA-LDS' };
const REGISTERED = new Date('2027-01-04T10:00:00Z');
const prisonStaff = { sub: 'p1', org: 'LEI' };
const communityStaff = { sub: 'c1', org: 'CTS-LDS' };

/** A pathway on the default policy, released on Friday 12 March 2027, so T is Thursday the 11th. */
function pathway({ onOst = true, patched = true, engagementPatched = true, reReferralPatched = true } = {}): PathwayMachine {
  let id = 0;
  const input: PathwayInput = {
    pathwayId: 'p-1',
    policy: ENGLAND_DEFAULT,
    registeredAt: REGISTERED.toISOString(),
    releaseDate: '2027-03-12',
    releaseDateType: 'CRD',
    routing: ROUTING,
    flags: { onOst, opioidUse: true },
  };
  const flags: Record<string, boolean> = { [NOTICES_PATCH]: patched, [ENGAGEMENT_PATCH]: engagementPatched, [REREFERRAL_PATCH]: reReferralPatched };
  const isPatched = (patchId: string) => flags[patchId] ?? true;
  const machine = new PathwayMachine(input, () => `task-${++id}`, isPatched);
  machine.register(REGISTERED);
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
      });
    });

    it('settles at the window’s end in histories from before the change', () => {
      const machine = pathway({ onOst: false, engagementPatched: false });
      booked(machine, '2027-04-01T15:00:00Z');
      expect(machine.outcomeSettlesAt()).toEqual(machine.outcomeDeadline());
      machine.settleOutcome(at('2027-04-02T09:00:00Z'));
      expect(machine.view()).toMatchObject({ status: 'closed', outcome: 'not-engaged' });
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

    it('starts nothing in histories from before the change', () => {
      const machine = pathway({ reReferralPatched: false });
      declined(machine);
      const { created } = act(machine, 're-referral', 'complete', { communityTreatmentCode: 'CTS-BHM' }, at('2027-02-03T10:00:00Z'));
      expect(created).toEqual([]);
      expect(machine.takeSnapshot()).toMatchObject({ communityTreatmentCode: 'CTS-LDS' });
    });
  });

  describe('replaying a history from before the notices', () => {
    it('writes the timeline entries only, and keeps re-engagement and naloxone as completed', () => {
      const machine = pathway({ patched: false });
      act(machine, 'naloxone', 'complete', { supplied: true }, at('2027-03-10T10:00:00Z'));
      booked(machine, '2027-03-12T10:00:00Z');
      act(machine, 'first-appointment', 'complete', { attended: false }, at('2027-03-12T15:00:00Z'));
      const { task } = act(machine, 're-engagement', 'complete', { attended: true }, at('2027-03-15T11:00:00Z'));
      expect(task.outcome).toBe('completed');
      expect(machine.view().tasks.find((t) => t.type === 'naloxone')?.outcome).toBe('completed');
      expect(machine.view().status).toBe('active');
      const snapshot = machine.takeSnapshot();
      expect(snapshot.escalations).toEqual([]);
      expect(snapshot.events.map((e) => e.type)).toContain('did-not-attend');
    });
  });
});
