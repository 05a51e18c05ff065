/**
 * Who a pathway tells, from its pinned policy: the notices and the fallback L2 audience are
 * policy data (the domain's audiences.ts); a policy without them tells whom every pathway
 * always has (pathway.machine.spec.ts checks those defaults).
 */
import { ENGLAND_DEFAULT, pinHolidayCalendar, Policy, TaskType } from '@throughcare/domain';
import { PathwayMachine } from './pathway.machine';
import type { TaskActionInput } from './pathway.types';

const ROUTING = { prison: 'LEI', 'community-treatment': 'CTS-LDS', probation: 'PDU-LDS', commissioner: 'LA-LDS' };
const REGISTERED = new Date('2027-01-04T10:00:00Z');
const at = (iso: string) => new Date(iso);

/** A pathway on the default policy changed as given, released on Friday 12 March 2027 (T Thursday the 11th). */
function pathway(policy: Policy): PathwayMachine {
  let id = 0;
  const machine = new PathwayMachine(
    {
      pathwayId: 'p-1',
      policy,
      calendar: pinHolidayCalendar('2027-01-04'),
      registeredAt: REGISTERED.toISOString(),
      releaseDate: '2027-03-12',
      releaseDateType: 'CRD',
      routing: ROUTING,
      flags: { onOst: true, opioidUse: true },
    },
    () => `task-${++id}`,
  );
  machine.register(REGISTERED);
  machine.takeSnapshot();
  return machine;
}

function act(machine: PathwayMachine, type: TaskType, action: TaskActionInput['action'], details: TaskActionInput['details'], now: Date) {
  const task = machine.view().tasks.find((t) => t.type === type && t.state === 'open')!;
  const input = { taskId: task.id, action, details, actor: { sub: 'u1', org: task.owner } };
  machine.validateAction(input, now);
  return machine.act(input, now);
}

describe('who a pathway tells, by its policy', () => {
  it('tells of a declined referral whom the policy names, on the timeline and as a notice', () => {
    const machine = pathway({ ...ENGLAND_DEFAULT, notices: { 'referral-declined': ['commissioner', 'probation'] } });
    act(machine, 'referral', 'complete', {}, at('2027-02-01T10:00:00Z'));
    act(machine, 'referral-acceptance', 'decline', { reason: 'Out of area' }, at('2027-02-02T10:00:00Z'));
    const snapshot = machine.takeSnapshot();
    expect(snapshot.escalations).toMatchObject([
      { level: 'notice', notify: [{ org: 'LA-LDS', audience: 'commissioner' }, { org: 'PDU-LDS', audience: 'probation' }] },
    ]);
    expect(snapshot.events.find((e) => e.type === 'referral-declined')?.details).toMatchObject({ informed: 'LA-LDS, PDU-LDS' });
  });

  it('tells of a missed first appointment whom the policy names, and keeps the default for the event it leaves out', () => {
    const machine = pathway({ ...ENGLAND_DEFAULT, notices: { 'did-not-attend': ['prison'] } });
    act(machine, 'referral', 'complete', {}, at('2027-02-01T10:00:00Z'));
    act(machine, 'referral-acceptance', 'accept', {}, at('2027-02-02T10:00:00Z'));
    act(machine, 'appointment-booking', 'complete', { appointmentAt: '2027-03-12T10:00:00Z' }, at('2027-02-03T10:00:00Z'));
    machine.takeSnapshot();
    act(machine, 'first-appointment', 'complete', { attended: false }, at('2027-03-12T15:00:00Z'));
    expect(machine.takeSnapshot().escalations).toMatchObject([{ level: 'notice', notify: [{ org: 'LEI', audience: 'prison' }] }]);
  });

  it('escalates a missing OST bridge at an unplanned release to the fallback L2 audience when the ladder has no L2 rung', () => {
    const policy = { ...ENGLAND_DEFAULT, ladder: ENGLAND_DEFAULT.ladder.filter((r) => r.level !== 'L2'), fallbackL2Notify: ['commissioner' as const] };
    const machine = pathway(policy);
    machine.recordRelease({ releasedOn: '2027-02-02', kind: 'unplanned', actor: { sub: 'p1', org: 'LEI' } }, at('2027-02-02T11:00:00Z'));
    const bridge = machine.takeSnapshot().escalations.find((e) => e.level === 'L2');
    expect(bridge).toMatchObject({ reason: 'Released without an OST bridge in place', notify: [{ audience: 'commissioner', org: 'LA-LDS' }] });
  });
});
