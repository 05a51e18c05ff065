import { importProgress, rowsInWords } from './import-rows';

describe('an import’s rows in words', () => {
  it('says an invalid row’s faults in the registration form’s words, never the API’s', () => {
    const [row] = rowsInWords(
      [
        {
          row: 2,
          result: 'invalid',
          pathwayId: null,
          detail: 'prisonNumber: prisonNumber must be a prison number such as A1234BC',
          errors: [
            { field: 'prisonNumber', code: 'invalid-format', messages: ['prisonNumber must be a prison number such as A1234BC'] },
            { field: 'treatment.onOst', code: 'ost-without-opiates', messages: ['onOst must be false'] },
            { field: 'releaseDate', code: 'after-latest', latest: '2027-01-08', messages: ['releaseDate must be on or before 2027-01-08'] },
          ],
        },
      ],
      'HMP Leeds',
    );
    expect(row).toMatchObject({ row: 2, result: 'Not registered', tagClass: 'govuk-tag--red' });
    expect(row.messages).toEqual([
      'Enter the person’s prison number, like A1234BC',
      'Select no for opioid substitution therapy, or select opiates as something the person is in treatment for',
      'Release date must be on or before Friday 8 January 2027',
    ]);
  });

  it('says a refusal of the whole registration, another prison’s row and a duplicate in words', () => {
    const rows = rowsInWords(
      [
        { row: 1, result: 'invalid', errors: [{ field: '(registration)', code: 'no-route', messages: ['No community treatment service for E09000001'] }] },
        { row: 2, result: 'invalid', errors: [{ field: 'prisonCode', code: 'not-this-prison', prisonCode: 'LEI', messages: ['must be LEI'] }] },
        { row: 3, result: 'duplicate', detail: 'The same person as row 1', errors: null },
        { row: 4, result: 'duplicate', detail: 'A1234BC already has an open pathway', pathwayId: '6f1c9d2e-8b47-4a3f-b5e6-1d2c3b4a5f60', errors: null },
        { row: 5, result: 'created', pathwayId: '0b7e2f4c-3a51-4d1e-9a8f-2c6d5e4b3a21', errors: null },
      ],
      'HMP Leeds',
    );
    expect(rows.map((r) => r.messages)).toEqual([
      ['No community treatment service covers that area; check the area'],
      ['A list can only register releases from HMP Leeds: enter LEI in the prisonCode column'],
      ['The same person as row 1 of this list'],
      ['This person already has an open pathway'],
      [],
    ]);
    expect(rows.map((r) => r.result)).toEqual(['Not registered', 'Not registered', 'Already registered', 'Already registered', 'Registered']);
  });

  it('says how far the import has got', () => {
    expect(importProgress({ state: 'processing', total: 150, processed: 120, counts: { created: 100, duplicate: 5, invalid: 15, pending: 30 } })).toEqual({
      state: 'processing',
      progress: '120 of 150 rows done',
      counts: { created: 100, duplicate: 5, invalid: 15, pending: 30 },
    });
    expect(importProgress({ state: 'done', total: 1, processed: 1, counts: { created: 1 } }).progress).toBe('All 1 row done');
  });
});
