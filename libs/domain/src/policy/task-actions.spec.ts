import { actionFields, allowedActions, detailsProblem, outcomeOf } from './task-actions';

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

describe('the fields of a task action', () => {
  it('asks a decline for its reason, and an accept for nothing', () => {
    expect(actionFields('referral-acceptance', 'decline')).toEqual([{ name: 'reason', kind: 'text', required: true }]);
    expect(actionFields('referral-acceptance', 'accept')).toEqual([]);
  });

  it('asks each completion for what detailsProblem requires', () => {
    for (const type of ['appointment-booking', 'first-appointment', 're-engagement', 'naloxone'] as const) {
      const required = actionFields(type, 'complete').filter((f) => f.required);
      expect(required).toHaveLength(1);
      expect(detailsProblem(type, 'complete', {})?.field).toBe(required[0].name);
    }
    expect(actionFields('assessment', 'complete')).toEqual([]);
  });

  it('lets a re-referral name another community treatment service', () => {
    expect(actionFields('re-referral', 'complete')).toEqual([{ name: 'communityTreatmentCode', kind: 'organisation', organisationType: 'community-treatment', required: false }]);
  });
});
