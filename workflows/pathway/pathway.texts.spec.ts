import { ENGLAND_DEFAULT, londonDateOf, pinHolidayCalendar, TaskType } from '@throughcare/domain';
import { PathwayMachine } from './pathway.machine';
import type { PathwayInput, TaskActionInput } from './pathway.types';

const ROUTING = { prison: 'LEI', 'community-treatment': 'CTS-LDS', probation: 'PDU-LDS', commissioner: 'LA-LDS' };
const REGISTERED = new Date('2027-01-04T10:00:00Z');
const staff = { sub: 's1', org: 'LEI' };
const at = (iso: string) => new Date(iso);

/** A texting pathway on the default policy (no texts part: DEFAULT_TEXT_POLICY), T Thursday 11 March 2027. */
function pathway(): PathwayMachine {
  let id = 0;
  const input: PathwayInput = {
    pathwayId: 'p-1',
    policy: ENGLAND_DEFAULT,
    calendar: pinHolidayCalendar(londonDateOf(REGISTERED)),
    registeredAt: REGISTERED.toISOString(),
    releaseDate: '2027-03-12',
    releaseDateType: 'CRD',
    routing: ROUTING,
    flags: { onOst: false, opioidUse: false },
  };
  const machine = new PathwayMachine(input, () => `id-${++id}`);
  machine.register(REGISTERED);
  machine.takeSnapshot();
  return machine;
}

function act(machine: PathwayMachine, type: TaskType, action: TaskActionInput['action'], details: TaskActionInput['details'], now: Date): void {
  const task = machine.view().tasks.find((t) => t.type === type && t.state === 'open')!;
  const input = { taskId: task.id, action, details, actor: { sub: 's1', org: task.owner } };
  machine.validateAction(input, now);
  machine.act(input, now);
  machine.planTexts(now); // as the workflow does after every change, once texting
}

const BOOKED_AT = at('2027-03-08T11:00:00Z');
/** Referral sent and accepted; the first appointment booked on Monday 8 March for Friday 12 March, 10:30. */
function booked(): PathwayMachine {
  const machine = pathway();
  act(machine, 'referral', 'complete', {}, at('2027-02-01T10:00:00Z'));
  act(machine, 'referral-acceptance', 'accept', {}, at('2027-02-02T10:00:00Z'));
  act(machine, 'appointment-booking', 'complete', { appointmentAt: '2027-03-12T10:30:00Z' }, BOOKED_AT);
  return machine;
}

/** As `booked`, on a pathway that took the patch `texts-timely` before the booking. */
function timelyBooked(appointmentAt = '2027-03-12T10:30:00Z', bookedAt = BOOKED_AT): PathwayMachine {
  const machine = pathway();
  machine.texts.timely = true;
  act(machine, 'referral', 'complete', {}, at('2027-02-01T10:00:00Z'));
  act(machine, 'referral-acceptance', 'accept', {}, at('2027-02-02T10:00:00Z'));
  act(machine, 'appointment-booking', 'complete', { appointmentAt }, bookedAt);
  return machine;
}

const texts = (machine: PathwayMachine) => machine.texts.all.map((t) => [t.kind, t.dueAt, t.state, t.reason]);

describe('the texts to the person, as the pathway plans them', () => {
  it('plans the booking text at once and the two reminders when the first appointment is booked', () => {
    const machine = booked();
    expect(texts(machine)).toEqual([
      ['booked', '2027-03-08T11:00:00.000Z', 'planned', undefined],
      ['reminder', '2027-03-11T10:00:00.000Z', 'planned', undefined],
      ['reminder', '2027-03-12T08:30:00.000Z', 'planned', undefined],
    ]);
    expect(machine.texts.nextAt()).toEqual(BOOKED_AT);
    expect(machine.texts.toSend(BOOKED_AT).map((t) => t.kind)).toEqual(['booked']);
  });

  it('plans nothing twice when the plan is brought in line again', () => {
    const machine = booked();
    machine.planTexts(at('2027-03-09T11:00:00Z'));
    expect(machine.texts.all).toHaveLength(3);
  });

  it('on a move, cancels the texts still to go and plans them again for the new time', () => {
    const machine = booked();
    const first = machine.view().tasks.find((t) => t.type === 'first-appointment')!;
    machine.textSent(machine.texts.all[0].id, { state: 'sent', notifyId: 'n-1' }, BOOKED_AT);
    first.details = { ...first.details, appointmentAt: '2027-03-15T14:00:00Z' }; // re-arranged to Monday 15 March, 14:00
    machine.planTexts(at('2027-03-09T09:00:00Z'));
    expect(texts(machine)).toEqual([
      ['booked', '2027-03-08T11:00:00.000Z', 'sent', undefined],
      ['reminder', '2027-03-11T10:00:00.000Z', 'cancelled', 'appointment-moved'],
      ['reminder', '2027-03-12T08:30:00.000Z', 'cancelled', 'appointment-moved'],
      ['booked', '2027-03-09T09:00:00.000Z', 'planned', undefined],
      ['reminder', '2027-03-14T10:00:00.000Z', 'planned', undefined],
      ['reminder', '2027-03-15T12:00:00.000Z', 'planned', undefined],
    ]);
  });

  it('texts after a recorded missed appointment, and cancels what was left of the reminders', () => {
    const machine = booked();
    act(machine, 'first-appointment', 'complete', { attended: false }, at('2027-03-12T15:00:00Z'));
    expect(texts(machine).slice(1)).toEqual([
      ['reminder', '2027-03-11T10:00:00.000Z', 'cancelled', 'appointment-recorded'],
      ['reminder', '2027-03-12T08:30:00.000Z', 'cancelled', 'appointment-recorded'],
      ['missed', '2027-03-12T15:00:00.000Z', 'planned', undefined],
    ]);
  });

  it('cancels every text still to go when the person returns to custody', () => {
    const machine = booked();
    machine.returnToCustody({ on: '2027-03-09', reason: 'Recalled', actor: staff }, at('2027-03-09T12:00:00Z'));
    machine.planTexts(at('2027-03-09T12:00:00Z'));
    expect(machine.texts.all.map((t) => [t.state, t.reason])).toEqual(Array(3).fill(['cancelled', 'returned-to-custody']));
    expect(machine.texts.nextAt()).toBeUndefined();
  });

  it('cancels every text still to go when the pathway is cancelled', () => {
    const machine = booked();
    machine.cancel({ reason: 'Registered in error', actor: staff }, at('2027-03-09T12:00:00Z'));
    machine.planTexts(at('2027-03-09T12:00:00Z'));
    expect(new Set(machine.texts.all.map((t) => t.reason))).toEqual(new Set(['pathway-closed']));
  });

  it('records a text cancelled at send time for want of consent, and sends the next when it falls due', () => {
    const machine = booked();
    const [booking, reminder] = machine.texts.all;
    machine.textSent(booking.id, { state: 'cancelled', reason: 'no-consent' }, BOOKED_AT);
    expect(machine.texts.toSend(at('2027-03-11T10:00:00Z'))).toEqual([reminder]);
  });

  it('reads the delivery of a sent text later and later until it is final', () => {
    const machine = booked();
    const [booking] = machine.texts.all;
    machine.textSent(booking.id, { state: 'sent', notifyId: 'n-1' }, BOOKED_AT);
    expect(booking.checkAt).toBe('2027-03-08T11:05:00.000Z');
    machine.textDelivery(booking.id, 'pending', at('2027-03-08T11:05:00Z'));
    expect(booking.checkAt).toBe('2027-03-08T11:15:00.000Z');
    machine.textDelivery(booking.id, 'delivered', at('2027-03-08T11:15:00Z'));
    expect([booking.state, booking.checkAt]).toEqual(['delivered', undefined]);
  });

  it('tells the community treatment service and the prison when a text could not reach the person, once', () => {
    const machine = booked();
    machine.takeSnapshot();
    const [booking, reminder] = machine.texts.all;
    machine.textSent(booking.id, { state: 'sent', notifyId: 'n-1' }, BOOKED_AT);
    machine.textDelivery(booking.id, 'permanent-failure', at('2027-03-08T11:05:00Z'));
    machine.textSent(reminder.id, { state: 'failed', reason: 'technical-failure' }, at('2027-03-11T10:00:00Z'));
    const { escalations } = machine.takeSnapshot();
    expect(escalations.map((e) => [e.key, e.level, e.notify])).toEqual([
      [`${booking.id}:notice`, 'notice', [{ org: 'CTS-LDS', audience: 'community-treatment' }, { org: 'LEI', audience: 'prison' }]],
      [`${reminder.id}:notice`, 'notice', [{ org: 'CTS-LDS', audience: 'community-treatment' }, { org: 'LEI', audience: 'prison' }]],
    ]);
    expect(escalations[0].reason).not.toMatch(/\d{5}/); // no number in a message to an organisation
  });

  it('a phone off (Notify’s temporary failure) marks the text failed and tells no one', () => {
    const machine = booked();
    machine.takeSnapshot();
    const [booking] = machine.texts.all;
    machine.textSent(booking.id, { state: 'sent', notifyId: 'n-1' }, BOOKED_AT);
    machine.textDelivery(booking.id, 'temporary-failure', at('2027-03-08T11:05:00Z'));
    expect([booking.state, booking.reason]).toEqual(['failed', 'temporary-failure']);
    expect(machine.takeSnapshot().escalations).toEqual([]);
  });
});

describe('texts on time (patch texts-timely)', () => {
  /** Sends what is due at `now` as the workflow does: each looked at again, then sent. */
  function sendDue(machine: PathwayMachine, now: Date): string[] {
    const sent: string[] = [];
    for (const text of machine.texts.toSend(now)) {
      if (!machine.textDueNow(text.id, now)) continue;
      machine.textSent(text.id, { state: 'sent', notifyId: `n-${text.id}` }, now);
      sent.push(text.kind);
    }
    return sent;
  }
  const rearrange = (machine: PathwayMachine, details: Record<string, string>, now: Date) => act(machine, 'first-appointment', 'rearrange', details, now);

  it('an appointment moved Friday → Monday → back to Friday texts the Friday again, with its reminders', () => {
    const machine = timelyBooked();
    sendDue(machine, BOOKED_AT);
    rearrange(machine, { appointmentAt: '2027-03-15T10:30:00Z' }, at('2027-03-09T09:00:00Z'));
    sendDue(machine, at('2027-03-09T09:00:00Z'));
    rearrange(machine, { appointmentAt: '2027-03-12T10:30:00Z' }, at('2027-03-09T12:00:00Z'));
    expect(texts(machine)).toEqual([
      ['booked', '2027-03-08T11:00:00.000Z', 'sent', undefined],
      ['reminder', '2027-03-11T10:00:00.000Z', 'cancelled', 'appointment-moved'],
      ['reminder', '2027-03-12T08:30:00.000Z', 'cancelled', 'appointment-moved'],
      ['booked', '2027-03-09T09:00:00.000Z', 'sent', undefined],
      ['reminder', '2027-03-14T10:00:00.000Z', 'cancelled', 'appointment-moved'],
      ['reminder', '2027-03-15T08:30:00.000Z', 'cancelled', 'appointment-moved'],
      ['booked', '2027-03-09T12:00:00.000Z', 'planned', undefined],
      ['reminder', '2027-03-11T10:00:00.000Z', 'planned', undefined],
      ['reminder', '2027-03-12T08:30:00.000Z', 'planned', undefined],
    ]);
    machine.planTexts(at('2027-03-09T13:00:00Z'));
    expect(machine.texts.all).toHaveLength(9); // and nothing twice
  });

  it('without the patch the same moves plan nothing for the Friday again (the histories before it)', () => {
    const machine = booked();
    machine.textSent(machine.texts.all[0].id, { state: 'sent', notifyId: 'n-1' }, BOOKED_AT);
    rearrange(machine, { appointmentAt: '2027-03-15T10:30:00Z' }, at('2027-03-09T09:00:00Z'));
    rearrange(machine, { appointmentAt: '2027-03-12T10:30:00Z' }, at('2027-03-09T12:00:00Z'));
    expect(machine.texts.all.filter((t) => t.state === 'planned').map((t) => t.appointmentAt)).toEqual([]);
  });

  it('a new place at the same time (or a change to a telephone call) texts the booking again, with new reminders', () => {
    const machine = timelyBooked();
    sendDue(machine, BOOKED_AT);
    rearrange(machine, { appointmentAt: '2027-03-12T10:30:00Z', placeChannel: 'telephone' }, at('2027-03-09T09:00:00Z'));
    expect(texts(machine).slice(1)).toEqual([
      ['reminder', '2027-03-11T10:00:00.000Z', 'cancelled', 'appointment-moved'],
      ['reminder', '2027-03-12T08:30:00.000Z', 'cancelled', 'appointment-moved'],
      ['booked', '2027-03-09T09:00:00.000Z', 'planned', undefined],
      ['reminder', '2027-03-11T10:00:00.000Z', 'planned', undefined],
      ['reminder', '2027-03-12T08:30:00.000Z', 'planned', undefined],
    ]);
    const site = { placeChannel: 'in-person', placeSite: 'north', placeName: 'Forward Leeds North', placeAddress: '1 North Street, Leeds LS7 1ZZ' };
    rearrange(machine, { appointmentAt: '2027-03-12T10:30:00Z', ...site }, at('2027-03-09T10:00:00Z'));
    expect(machine.texts.all.filter((t) => t.state === 'planned')).toHaveLength(3);
    expect(machine.texts.all).toHaveLength(9);
  });

  it('a booking recorded after the appointment (to record attendance) plans no text', () => {
    const machine = timelyBooked('2027-03-08T09:00:00Z', at('2027-03-08T15:00:00Z'));
    expect(machine.texts.all).toEqual([]);
    machine.planTexts(at('2027-03-08T16:00:00Z'));
    expect(machine.texts.all).toEqual([]);
  });

  it('a booking within the minimum lead (40 minutes before) plans no text; the same without the patch texts the booking', () => {
    expect(timelyBooked('2027-03-08T11:40:00Z').texts.all).toEqual([]);
    const machine = pathway();
    act(machine, 'referral', 'complete', {}, at('2027-02-01T10:00:00Z'));
    act(machine, 'referral-acceptance', 'accept', {}, at('2027-02-02T10:00:00Z'));
    act(machine, 'appointment-booking', 'complete', { appointmentAt: '2027-03-08T11:40:00Z' }, BOOKED_AT);
    expect(texts(machine)).toEqual([['booked', '2027-03-08T11:00:00.000Z', 'planned', undefined]]);
  });

  it('after a worker outage, a reminder found at 03:00 waits to 08:00, and one past the appointment less its lead is not sent, too late', () => {
    const machine = timelyBooked();
    sendDue(machine, BOOKED_AT);
    machine.textDelivery(machine.texts.all[0].id, 'delivered', at('2027-03-08T11:05:00Z'));
    // Down from Wednesday evening until 03:00 on Friday 12 March: the 10:00 Thursday reminder is overdue, the 08:30 Friday one not yet due.
    expect(sendDue(machine, at('2027-03-12T03:00:00Z'))).toEqual([]);
    expect(texts(machine)[1]).toEqual(['reminder', '2027-03-12T08:00:00.000Z', 'planned', undefined]);
    expect(machine.texts.nextAt()).toEqual(at('2027-03-12T08:00:00Z'));
    // Down again until 09:45, past 10:30 less an hour: neither is sent.
    expect(sendDue(machine, at('2027-03-12T09:45:00Z'))).toEqual([]);
    expect(texts(machine).slice(1)).toEqual([
      ['reminder', '2027-03-12T08:00:00.000Z', 'not-sent', 'too-late'],
      ['reminder', '2027-03-12T08:30:00.000Z', 'not-sent', 'too-late'],
    ]);
    expect(machine.texts.nextAt()).toBeUndefined();
  });

  it('a backlog that lets the 08:00 reminder go at 09:00 still sends it, an hour and a half ahead', () => {
    const machine = timelyBooked();
    sendDue(machine, BOOKED_AT);
    sendDue(machine, at('2027-03-11T10:00:00Z'));
    expect(sendDue(machine, at('2027-03-12T09:00:00Z'))).toEqual(['reminder']);
  });

  it('a missed-appointment text recorded late in the evening, and found at 23:00, waits to 08:00', () => {
    const machine = timelyBooked();
    act(machine, 'first-appointment', 'complete', { attended: false }, at('2027-03-12T19:30:00Z'));
    expect(sendDue(machine, at('2027-03-12T23:00:00Z'))).toEqual([]);
    expect(texts(machine).at(-1)).toEqual(['missed', '2027-03-13T08:00:00.000Z', 'planned', undefined]);
    expect(sendDue(machine, at('2027-03-13T08:00:00Z'))).toEqual(['missed']);
  });
});
