import { appointmentAtOf, attendanceProblem } from './appointment';

describe('a task’s appointment', () => {
  it('is read from its appointmentAt detail, and absent without one', () => {
    expect(appointmentAtOf({ appointmentAt: '2027-03-15T10:00:00.000Z' })).toEqual(new Date('2027-03-15T10:00:00.000Z'));
    expect(appointmentAtOf({ attended: true })).toBeUndefined();
    expect(appointmentAtOf(undefined)).toBeUndefined();
  });
});

describe('recording attendance', () => {
  const appointmentAt = new Date('2027-03-15T10:00:00Z');

  it('waits until the appointment has begun', () => {
    expect(attendanceProblem(appointmentAt, new Date('2027-03-15T09:59:00Z'))).toMatch(/2027-03-15T10:00:00.000Z.*once it has begun/);
    expect(attendanceProblem(appointmentAt, appointmentAt)).toBeUndefined();
    expect(attendanceProblem(undefined, new Date('2027-03-15T09:00:00Z'))).toBeUndefined();
  });
});
