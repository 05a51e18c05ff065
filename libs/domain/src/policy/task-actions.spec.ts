import { allowedActions, detailsProblem, outcomeOf } from './task-actions';

describe('task actions', () => {
  it('lets a community service accept or decline a referral, and nothing else', () => {
    expect(allowedActions('referral-acceptance')).toEqual(['accept', 'decline']);
    expect(allowedActions('assessment')).toEqual(['complete']);
  });

  it('needs a reason to decline', () => {
    expect(detailsProblem('referral-acceptance', 'decline', {})?.message).toMatch(/reason/);
    expect(detailsProblem('referral-acceptance', 'decline', { reason: 'Out of area' })).toBeUndefined();
  });

  it('needs an appointment time with an offset to book the first appointment', () => {
    expect(detailsProblem('appointment-booking', 'complete', { appointmentAt: '2027-03-15' })?.message).toMatch(/appointmentAt/);
    expect(detailsProblem('appointment-booking', 'complete', { appointmentAt: '2027-03-15T10:30:00+00:00' })).toBeUndefined();
  });

  it('records did-not-attend when the person missed the first appointment', () => {
    expect(detailsProblem('first-appointment', 'complete', {})?.message).toMatch(/attended/);
    expect(outcomeOf('first-appointment', 'complete', { attended: false })).toBe('did-not-attend');
    expect(outcomeOf('first-appointment', 'complete', { attended: true })).toBe('attended');
  });

  it('needs attended to record re-engagement, and keeps `completed` for completions recorded without it', () => {
    expect(detailsProblem('re-engagement', 'complete', {})?.message).toMatch(/attended/);
    expect(detailsProblem('re-engagement', 'complete', { attended: true })).toBeUndefined();
    expect(outcomeOf('re-engagement', 'complete', { attended: true })).toBe('attended');
    expect(outcomeOf('re-engagement', 'complete', { attended: false })).toBe('did-not-attend');
    expect(outcomeOf('re-engagement', 'complete', {})).toBe('completed');
  });

  it('needs supplied to record naloxone: supplied, or declined by the person', () => {
    expect(detailsProblem('naloxone', 'complete', {})?.message).toMatch(/supplied/);
    expect(detailsProblem('naloxone', 'complete', { supplied: 'yes' })?.message).toMatch(/supplied/);
    expect(detailsProblem('naloxone', 'complete', { supplied: false })).toBeUndefined();
    expect(outcomeOf('naloxone', 'complete', { supplied: true })).toBe('supplied');
    expect(outcomeOf('naloxone', 'complete', { supplied: false })).toBe('declined-by-person');
    expect(outcomeOf('naloxone', 'complete', {})).toBe('completed');
  });
});
