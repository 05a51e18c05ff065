import { CsvListFault, csvRows, LIST_COLUMNS } from './release-list-csv';

/** The fault csvRows refuses `csv` with, as the problem lists it. */
function faultOf(csv: string): { field: string; messages: string[] } {
  try {
    csvRows(csv);
  } catch (err) {
    if (err instanceof CsvListFault) return { field: err.field, messages: err.messages };
    throw err;
  }
  throw new Error('the file was read');
}

describe(csvRows.name, () => {
  it('reads the header as field names, the treatment flattened, empty cells as fields not given', () => {
    const csv = 'prisonNumber,givenName,nhsNumber,treatment.substances,treatment.onOst\nA1234BC,Sam,,opiates; alcohol,true\n';
    expect(csvRows(csv)).toEqual([{ prisonNumber: 'A1234BC', givenName: 'Sam', treatment: { substances: ['opiates', 'alcohol'], onOst: true } }]);
  });

  it('knows every field of a registration as a column, the treatment flattened', () => {
    expect(LIST_COLUMNS).toEqual(
      expect.arrayContaining(['prisonNumber', 'givenName', 'familyName', 'dateOfBirth', 'nhsNumber', 'prisonCode', 'releaseDate', 'releaseDateType', 'destinationArea', 'treatment.substances', 'treatment.onOst', 'treatment.consentToShare', 'communityTreatmentCode']),
    );
    expect(LIST_COLUMNS).not.toContain('treatment');
  });

  it('refuses a header that names a column twice, rather than letting the last one win', () => {
    expect(faultOf('prisonNumber,givenName,familyName,givenName\nA1234BC,Sam,Example,Alex\n')).toEqual({
      field: '(header)',
      messages: ['names "givenName" twice (columns 2 and 4): name each column once'],
    });
    expect(faultOf('givenName, givenName ,givenName\nA,B,C\n').messages).toEqual(['names "givenName" 3 times (columns 1, 2 and 3): name each column once']);
  });

  it('refuses a column a list does not have, naming it and the columns there are', () => {
    const { field, messages } = faultOf('prisonNumber,givenName,wing\nA1234BC,Sam,B\n');
    expect(field).toBe('(header)');
    expect(messages).toEqual([expect.stringMatching(/^names a column a list does not have: "wing"\. The columns are prisonNumber, givenName, .*treatment\.consentToShare/)]);
  });

  it('says a list without its header row needs one, without quoting the first person’s details back', () => {
    const { messages } = faultOf('A1234BC,Sam,Example\nA1234BD,Alex,Example\n');
    expect(messages).toEqual([expect.stringMatching(/^must be the first line, naming the columns \(prisonNumber, /)]);
    expect(messages[0]).not.toMatch(/Sam|A1234BC/);
  });

  it('lists every fault of the header at once', () => {
    expect(faultOf('givenName,givenName,wing,ward\nA,B,C,D\n').messages).toEqual([
      'names "givenName" twice (columns 1 and 2): name each column once',
      expect.stringMatching(/^names columns a list does not have: "wing" and "ward"\. The columns are /),
    ]);
  });

  it('reads a file with a byte-order mark, blank lines, and an unnamed column left empty (as spreadsheets save them)', () => {
    expect(csvRows('\ufeffprisonNumber,givenName,\n\nA1234BC,Sam,\n\n')).toEqual([{ prisonNumber: 'A1234BC', givenName: 'Sam' }]);
  });

  it('refuses a value under a column without a name, rather than dropping it', () => {
    expect(faultOf('prisonNumber,,givenName\nA1234BC,,Sam\nA1234BD,x,Alex\n')).toEqual({
      field: '(header)',
      messages: ['has no name for column 2, but line 3 has a value in it: name the column, or leave it empty'],
    });
  });

  it('says in its own words why a file cannot be read, with the line', () => {
    expect(faultOf('prisonNumber,givenName\nA1234BC,Sam,extra\n')).toEqual({
      field: '(body)',
      messages: ['has a different number of values on line 2 than the header row has columns: give every line one value for each column, empty where there is none'],
    });
    expect(faultOf('prisonNumber,givenName\n"A1234BC,Sam\n').messages).toEqual(['has a quote that is not closed, from line 2 or before: end each quoted value with a quote']);
    expect(faultOf('prisonNumber,givenName\n"A1234BC"x,Sam\n').messages[0]).toMatch(/^has text after a closing quote on line 2/);
  });

  it('reads a file of nothing but a byte-order mark or blank lines as no rows', () => {
    expect(csvRows('\ufeff')).toEqual([]);
    expect(csvRows('\n\n')).toEqual([]);
    expect(csvRows('prisonNumber,givenName\n')).toEqual([]);
  });
});
