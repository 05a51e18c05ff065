import type { SignedIn } from '../auth/signed-in';
import { eventsFor } from './pathway-event.controller';

describe(eventsFor.name, () => {
  const nurse: SignedIn = { token: 't', name: 'n', org: 'LEI', orgName: 'HMP Leeds', role: 'prison-healthcare' };
  const pathway = { id: 'p', prisonCode: 'LEI', status: 'active' };

  it('offers the holding prison’s healthcare every event while the pathway is open', () => {
    expect(eventsFor(pathway, nurse).map((e) => e.event)).toEqual(['released', 'release-date', 'returned-to-custody', 'transfer', 'cancel']);
  });

  it('offers only a return to custody or a cancellation once the release is recorded', () => {
    expect(eventsFor({ ...pathway, releasedOn: '2027-03-05' }, nurse).map((e) => e.event)).toEqual(['returned-to-custody', 'cancel']);
  });

  it('offers nothing to another prison, another role, or on a closed pathway', () => {
    expect(eventsFor(pathway, { ...nurse, org: 'BMI' })).toEqual([]);
    expect(eventsFor(pathway, { ...nurse, org: 'LEI', role: 'commissioner' })).toEqual([]);
    expect(eventsFor({ ...pathway, status: 'closed' }, nurse)).toEqual([]);
  });

  it('sends the API each event’s fields from the form, dates as calendar dates', () => {
    const body = (event: string, form: Record<string, string>) => eventsFor(pathway, nurse).find((e) => e.event === event)!.body(form);
    expect(body('released', { 'releasedOn-day': '5', 'releasedOn-month': '3', 'releasedOn-year': '2027', kind: 'unplanned' })).toEqual({ releasedOn: '2027-03-05', kind: 'unplanned' });
    expect(body('release-date', { 'releaseDate-day': '11', 'releaseDate-month': '3', 'releaseDate-year': '2027', releaseDateType: 'CRD', reason: ' Recalculated ' })).toEqual({ releaseDate: '2027-03-11', releaseDateType: 'CRD', reason: 'Recalculated' });
    expect(body('returned-to-custody', { 'on-day': '1', 'on-month': '4', 'on-year': '2027', reason: 'Recalled' })).toEqual({ on: '2027-04-01', reason: 'Recalled' });
    expect(body('transfer', { prisonCode: 'BMI' })).toEqual({ prisonCode: 'BMI' });
    expect(body('cancel', {})).toEqual({ reason: '' });
  });
});
