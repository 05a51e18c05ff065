import { importInWords } from './import-history';

describe('a past import in words', () => {
  const sent = { id: '5f0c1c1e-8a7e-4d8e-9a39-2a7f1b0c9d11', createdAt: '2027-01-08T10:41:00.000Z', sentBy: 'Alex Nurse', total: 5, counts: { created: 3, duplicate: 1, invalid: 1, pending: 0 } };

  it('says when it was sent and by whom, how it stands and how its rows came out, with no ISO timestamp', () => {
    expect(importInWords({ ...sent, state: 'done' })).toEqual({
      href: '/releases/imports/5f0c1c1e-8a7e-4d8e-9a39-2a7f1b0c9d11',
      sentAt: '10:41am on Friday 8 January 2027',
      sentBy: 'Alex Nurse',
      state: 'Finished: rows to correct',
      tagClass: 'govuk-tag--orange',
      rows: 5,
      created: 3,
      duplicate: 1,
      invalid: 1,
    });
  });

  it('tells a finished list with nothing to correct from one still registering', () => {
    expect(importInWords({ ...sent, state: 'done', counts: { created: 5, duplicate: 0, invalid: 0, pending: 0 } }).state).toBe('Finished');
    expect(importInWords({ ...sent, state: 'processing' })).toMatchObject({ state: 'Registering', tagClass: 'govuk-tag--blue' });
  });
});
