import { applicablePathwayEvents, pathwayEventRefusal } from './pathway-events';

describe('pathway events', () => {
  it('applies every event to an open pathway before the release', () => {
    expect(applicablePathwayEvents({ closed: false, released: false })).toEqual(['released', 'release-date', 'returned-to-custody', 'transfer', 'cancel']);
  });

  it('leaves only a return to custody and a cancellation once the release is recorded', () => {
    expect(applicablePathwayEvents({ closed: false, released: true })).toEqual(['returned-to-custody', 'cancel']);
    expect(pathwayEventRefusal('transfer', { closed: false, released: true })).toBe('AlreadyReleased');
  });

  it('applies nothing to a closed pathway', () => {
    expect(applicablePathwayEvents({ closed: true, released: true })).toEqual([]);
    expect(pathwayEventRefusal('cancel', { closed: true, released: false })).toBe('PathwayClosed');
  });
});
