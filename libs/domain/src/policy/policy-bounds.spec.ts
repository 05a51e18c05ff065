import { ENGLAND_DEFAULT } from './england-default';
import { checkPolicyBounds, offsetBoundsProblem } from './policy-bounds';
import type { Policy } from './policy';

/** The default policy with one step's deadline replaced. */
const withAssessmentDue = (offset: string): Policy => ({
  ...ENGLAND_DEFAULT,
  steps: ENGLAND_DEFAULT.steps.map((s) => (s.type === 'assessment' ? { ...s, due: { anchor: 'release', offset } } : s)),
});

describe(checkPolicyBounds.name, () => {
  it('finds the default policy within its bounds', () => {
    expect(checkPolicyBounds(ENGLAND_DEFAULT)).toEqual([]);
  });

  it.each([
    ['+99999999WD', /more than 260 working days/],
    ['+261WD', /more than 260 working days/],
    ['+99999999999999999999D', /more than 366 days/],
    ['-367D', /more than 366 days/],
    ['P99999999Y', /longer than a year/],
    ['PT99999999999999999999S', /longer than a year/],
    ['P13M', /longer than a year/],
    ['P', /not an offset/],
    ['-PT', /not an offset/],
    ['P1Y-1D', /minus sign inside/],
  ])('refuses a deadline of %s, naming the step and the field', (offset, words) => {
    const [problem, ...more] = checkPolicyBounds(withAssessmentDue(offset));
    expect(more).toEqual([]);
    expect(problem).toEqual({ field: 'steps.0.due.offset', message: expect.stringMatching(words) });
    expect(problem.message).toMatch(/^the assessment step's deadline /);
  });

  it.each(['+260WD', '-260WD', '+366D', '-366D', 'P1Y', 'P12M', 'P366D', 'PT8784H', 'PT30S', '-P1M', 'PT0S', '+0D'])('takes a deadline of %s', (offset) => {
    expect(checkPolicyBounds(withAssessmentDue(offset))).toEqual([]);
  });

  it('checks the late deadline, the earliest start and each rung of the ladder, naming each', () => {
    const policy: Policy = {
      ...ENGLAND_DEFAULT,
      steps: ENGLAND_DEFAULT.steps.map((s) => (s.type === 'gp-registration' ? { ...s, notBefore: { anchor: 'release', offset: '-P2Y' }, lateDue: { anchor: 'registration', offset: '+300WD' } } : s)),
      ladder: ENGLAND_DEFAULT.ladder.map((r) => (r.level === 'L3' ? { ...r, offset: '+1000D', notLaterThanBeforeRelease: '-P' } : r)),
    };
    const gp = ENGLAND_DEFAULT.steps.findIndex((s) => s.type === 'gp-registration');
    expect(checkPolicyBounds(policy)).toEqual([
      { field: `steps.${gp}.lateDue.offset`, message: expect.stringMatching(/^the gp-registration step's deadline when registered late is more than 260 working days/) },
      { field: `steps.${gp}.notBefore.offset`, message: expect.stringMatching(/^the gp-registration step's earliest start is longer than a year/) },
      { field: 'ladder.3.offset', message: expect.stringMatching(/^the L3 escalation's time is more than 366 days/) },
      { field: 'ladder.3.notLaterThanBeforeRelease', message: expect.stringMatching(/^the L3 escalation's latest time before release is not an offset/) },
    ]);
  });

  it.each([
    ['+5000000WD', /counts calendar days/],
    ['+10WD', /counts calendar days/],
    ['-P100Y', /must end after release/],
    ['-21D', /must end after release/],
    ['+0D', /must end after release/],
    ['PT0S', /must end after release/],
    ['P', /not an offset/],
    ['+367D', /more than 366 days/],
    ['P2Y', /longer than a year/],
  ])('refuses an outcome window of %s', (outcomeWindow, words) => {
    expect(checkPolicyBounds({ ...ENGLAND_DEFAULT, outcomeWindow })).toEqual([{ field: 'outcomeWindow', message: expect.stringMatching(words) }]);
  });

  it.each(['+21D', '+1D', '+366D', 'PT8S', 'P1Y'])('takes an outcome window of %s', (outcomeWindow) => {
    expect(checkPolicyBounds({ ...ENGLAND_DEFAULT, outcomeWindow })).toEqual([]);
  });

  it('writes for people: no patterns, no internal names', () => {
    const message = offsetBoundsProblem('P99999999Y', 'the referral step’s deadline')!;
    expect(message).not.toMatch(/[\\^$]|RangeError|luxon|undefined/);
  });

  describe('who is told', () => {
    it('takes notices to organisations of the pathway, an event left out, and a fallback L2 audience from the ladder’s', () => {
      const policy = { ...ENGLAND_DEFAULT, notices: { 'did-not-attend': ['probation', 'prison'] }, fallbackL2Notify: ['owner-managers'] };
      expect(checkPolicyBounds(policy)).toEqual([]);
      expect(checkPolicyBounds({ ...ENGLAND_DEFAULT, notices: {} })).toEqual([]);
    });

    it.each([
      [{ 'referral-declined': [] }, 'notices.referral-declined', /^the notice of a declined referral names nobody: choose one or more of prison, community-treatment, probation or commissioner$/],
      [{ 'did-not-attend': ['owner'] }, 'notices.did-not-attend', /^the notice of a missed first appointment names "owner", which is not one of them/],
      [{ 'did-not-attend': ['probation', 'probation'] }, 'notices.did-not-attend', /names probation twice: name each once$/],
      [{ 'did-not-attend': 'probation' }, 'notices.did-not-attend', /must be a list/],
      [{ 'referral-accepted': ['commissioner'] }, 'notices.referral-accepted', /^referral-accepted is not an event that gives notice: use referral-declined or did-not-attend$/],
    ])('refuses notices %j, naming the field', (notices, field, words) => {
      expect(checkPolicyBounds({ ...ENGLAND_DEFAULT, notices })).toEqual([{ field, message: expect.stringMatching(words), code: expect.any(String) }]);
    });

    it.each([
      [[], /names nobody/],
      [['probation'], /names "probation", which is not one of them: choose one or more of owner, owner-managers, requester or commissioner$/],
      [['owner', 'owner'], /names owner twice/],
    ])('refuses a fallback L2 audience of %j', (fallbackL2Notify, words) => {
      expect(checkPolicyBounds({ ...ENGLAND_DEFAULT, fallbackL2Notify })).toEqual([{ field: 'fallbackL2Notify', message: expect.stringMatching(words), code: expect.any(String) }]);
    });
  });
});

describe('the texts part of a policy', () => {
  const base = { outcomeWindow: '+21D', steps: [], ladder: [] };
  const fields = (texts: object) => checkPolicyBounds({ ...base, texts } as never).map((p) => p.field);

  it('takes the default and a seconds policy', () => {
    expect(fields({ reminders: [{ offset: '-1D', at: '10:00' }, { offset: '-PT2H' }], quietHours: { from: '20:00', to: '08:00' }, minimumLead: 'PT1H', statusCheck: 'PT5M' })).toEqual([]);
    expect(fields({ reminders: [{ offset: '-PT20S' }], minimumLead: 'PT1S', statusCheck: 'PT2S' })).toEqual([]);
  });

  it('refuses a reminder after the appointment, in working days or too far, and a lead or read that is not a length of time', () => {
    expect(fields({ reminders: [{ offset: '+PT2H' }, { offset: '-1WD' }, { offset: '-999D' }], minimumLead: '-PT1H', statusCheck: 'PT0S' })).toEqual([
      'texts.reminders.0.offset',
      'texts.reminders.1.offset',
      'texts.reminders.2.offset',
      'texts.minimumLead',
      'texts.statusCheck',
    ]);
  });
});
