import type { Schemas } from '../api/api-paths';
import { bodyOf, offeredEvents } from './pathway-event.controller';

type Action = Schemas['ActionDto'];

const action = (name: Action['name'], fields: Action['fields']): Action => ({ name, href: `/v1/pathways/p/${name}`, fields });
const RELEASED = action('released', [{ name: 'releasedOn', kind: 'date', required: true }, { name: 'kind', kind: 'choice', values: ['planned', 'unplanned'], required: true }]);
const RELEASE_DATE = action('release-date', [
  { name: 'releaseDate', kind: 'date', required: true },
  { name: 'releaseDateType', kind: 'choice', values: ['CRD'], required: true },
  { name: 'reason', kind: 'text', required: true },
]);
const RETURNED = action('returned-to-custody', [{ name: 'on', kind: 'date', required: true }, { name: 'reason', kind: 'text', required: true }]);
const TRANSFER = action('transfer', [{ name: 'prisonCode', kind: 'organisation', organisationType: 'prison', required: true }]);
const CANCEL = action('cancel', [{ name: 'reason', kind: 'text', required: true }]);

describe('the pathway’s events on the pages', () => {
  it('offers what the API offers, in its words, and nothing else', () => {
    const pathway = { actions: [RETURNED] } as unknown as Schemas['PathwayResponseDto'];
    expect(offeredEvents(pathway)).toEqual([{ event: 'returned-to-custody', label: 'Record a return to custody' }]);
    expect(offeredEvents({ actions: [] } as unknown as Schemas['PathwayResponseDto'])).toEqual([]);
  });

  it('sends the API each event’s fields from the form, dates as calendar dates', () => {
    expect(bodyOf(RELEASED, { 'releasedOn-day': '5', 'releasedOn-month': '3', 'releasedOn-year': '2027', kind: 'unplanned' })).toEqual({ releasedOn: '2027-03-05', kind: 'unplanned' });
    expect(bodyOf(RELEASE_DATE, { 'releaseDate-day': '11', 'releaseDate-month': '3', 'releaseDate-year': '2027', releaseDateType: 'CRD', reason: ' Recalculated ' })).toEqual({
      releaseDate: '2027-03-11',
      releaseDateType: 'CRD',
      reason: 'Recalculated',
    });
    expect(bodyOf(RETURNED, { 'on-day': '1', 'on-month': '4', 'on-year': '2027', reason: 'Recalled' })).toEqual({ on: '2027-04-01', reason: 'Recalled' });
    expect(bodyOf(TRANSFER, { prisonCode: 'BMI' })).toEqual({ prisonCode: 'BMI' });
    expect(bodyOf(CANCEL, {})).toEqual({ reason: '' });
  });
});
