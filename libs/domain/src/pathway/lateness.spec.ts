import type { PlannedEscalation } from '../policy/ladder';
import { levelsDue, levelsPassedOver, levelsToCome } from './lateness';

describe('lateness on the ladder', () => {
  const at = (iso: string) => new Date(iso);
  const planned: PlannedEscalation[] = [
    { level: 'reminder', at: at('2027-03-01T17:00:00Z'), notify: ['owner'] },
    { level: 'L1', at: at('2027-03-02T17:00:00Z'), notify: ['owner'] },
    { level: 'L2', at: at('2027-03-04T17:00:00Z'), notify: ['owner-managers'] },
    { level: 'L3', at: at('2027-03-09T17:00:00Z'), notify: ['commissioner'] },
  ];

  it('passes over every level due but the highest when a step is already late', () => {
    expect(levelsPassedOver(planned, [], at('2027-03-05T09:00:00Z'))).toEqual(['reminder', 'L1']);
  });

  it('passes over nothing for a step on time, or late by one level', () => {
    expect(levelsPassedOver(planned, [], at('2027-02-01T09:00:00Z'))).toEqual([]);
    expect(levelsPassedOver(planned, [], at('2027-03-01T18:00:00Z'))).toEqual([]);
  });

  it('leaves alone levels already raised or passed over', () => {
    expect(levelsPassedOver(planned, ['reminder'], at('2027-03-05T09:00:00Z'))).toEqual(['L1']);
    expect(levelsDue(planned, ['reminder', 'L1'], at('2027-03-05T09:00:00Z')).map((p) => p.level)).toEqual(['L2']);
    expect(levelsToCome(planned, ['reminder', 'L1', 'L2']).map((p) => p.level)).toEqual(['L3']);
  });
});
