import { COMPLETED_TASK_URGENCY, escalationUrgency, newTaskUrgency, OUTCOME_URGENCY, releaseUrgency } from './urgency';

describe('notification urgency', () => {
  it('sends a new task for another organisation at once, but not the first tasks of a listed release, and a critical one always', () => {
    expect(newTaskUrgency({ critical: false, ownerType: 'community-treatment' }, false)).toBe('immediate');
    expect(newTaskUrgency({ critical: false, ownerType: 'community-treatment' }, true)).toBe('digest');
    expect(newTaskUrgency({ critical: false, ownerType: 'prison' }, false)).toBe('digest');
    expect(newTaskUrgency({ critical: true, ownerType: 'prison' }, true)).toBe('immediate');
  });

  it('sends escalations at once from L2 up, notices, and any on a critical step', () => {
    expect(escalationUrgency('L1', false)).toBe('digest');
    expect(escalationUrgency('L1', true)).toBe('immediate');
    expect(['L2', 'L3', 'notice'].map((level) => escalationUrgency(level, false))).toEqual(['immediate', 'immediate', 'immediate']);
  });

  it('sends an unplanned release at once; completions, planned releases and outcomes wait for the digest', () => {
    expect(releaseUrgency('unplanned')).toBe('immediate');
    expect(releaseUrgency('planned')).toBe('digest');
    expect([COMPLETED_TASK_URGENCY, OUTCOME_URGENCY]).toEqual(['digest', 'digest']);
  });
});
