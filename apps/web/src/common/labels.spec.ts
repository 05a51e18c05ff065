import { TASK_TYPES } from '@throughcare/domain';
import { labelOf, levelLabel, TASK_TYPE_LABELS } from './labels';

describe('the labels the pages give codes', () => {
  it('has a label for every task type the domain defines', () => {
    expect(TASK_TYPES.filter((type) => !TASK_TYPE_LABELS[type])).toEqual([]);
  });

  it.each([
    ['re-referral', labelOf, 'Re-referral'],
    ['re-engagement', labelOf, 'Re-engagement'],
    ['ost-bridging', labelOf, 'OST bridging'],
    ['release-date-changed', labelOf, 'Release date changed'],
    ['constructor', labelOf, 'Constructor'],
    ['reminder', levelLabel, 'Reminder'],
    ['L2', levelLabel, 'Level 2'],
  ])('labels %s as a person reads it', (code, label, expected) => {
    expect(label(code)).toBe(expected);
  });
});
