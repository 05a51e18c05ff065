import { appointmentAtOf } from './appointment';

describe('a task’s appointment', () => {
  it('is read from its appointmentAt detail, and absent without one', () => {
    expect(appointmentAtOf({ appointmentAt: '2027-03-15T10:00:00.000Z' })).toEqual(new Date('2027-03-15T10:00:00.000Z'));
    expect(appointmentAtOf({ attended: true })).toBeUndefined();
    expect(appointmentAtOf(undefined)).toBeUndefined();
  });
});
