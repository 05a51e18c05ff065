import { ENGLAND_DEFAULT } from './england-default';
import type { Policy } from './policy';
import { planningProblems } from './policy-trial';

const NOW = new Date('2027-01-11T10:00:00Z');

describe(planningProblems.name, () => {
  it('plans the default policy for every sample person', () => {
    expect(planningProblems(ENGLAND_DEFAULT, NOW)).toEqual([]);
  });

  it('names the step whose dates the calendar cannot work out, quickly', () => {
    // A policy past the bounds, as one stored before them could be.
    const policy: Policy = { ...ENGLAND_DEFAULT, steps: ENGLAND_DEFAULT.steps.map((s) => (s.type === 'referral' ? { ...s, due: { anchor: 'release', offset: '+99999999WD' } } : s)) };
    const started = Date.now();
    expect(planningProblems(policy, NOW)).toEqual([{ field: 'steps.1', message: expect.stringMatching(/^the referral step's dates could not be worked out for a person on OST, registered in good time/) }]);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('names the ladder when a step’s escalations cannot be worked out', () => {
    const policy: Policy = { ...ENGLAND_DEFAULT, ladder: ENGLAND_DEFAULT.ladder.map((r) => (r.level === 'L2' ? { ...r, offset: 'P99999999Y' } : r)) };
    expect(planningProblems(policy, NOW)).toEqual([{ field: 'ladder', message: expect.stringMatching(/^the escalations of the assessment step could not be worked out/) }]);
  });

  it('names the outcome window when its end cannot be worked out', () => {
    expect(planningProblems({ ...ENGLAND_DEFAULT, outcomeWindow: '+99999999999999999999D' }, NOW)).toEqual([
      { field: 'outcomeWindow', message: expect.stringMatching(/^the outcome window could not be worked out/) },
    ]);
  });
});
