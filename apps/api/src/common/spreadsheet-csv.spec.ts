import { parse } from 'csv-parse/sync';
import { neutraliseFormula, spreadsheetCsv } from './spreadsheet-csv';

describe(spreadsheetCsv.name, () => {
  const cellsOf = (csv: string) => parse(csv, { columns: true }) as Array<Record<string, string>>;

  it.each(['=1+1', '+44 113', '-2-3', '@SUM(A1)', '\tcode', '\rcode'])('writes a text cell starting %j with a quote in front, so a spreadsheet shows it as text', (text) => {
    expect(cellsOf(spreadsheetCsv([{ code: text }], ['code']))[0].code).toBe(`'${text}`);
  });

  it('keeps a formula from an organisation code or name out of every text column', () => {
    const csv = spreadsheetCsv([{ prison: '-2-3', name: '=HYPERLINK("http://example.test","Click")', area: 'E08000035' }], ['prison', 'name', 'area']);
    expect(cellsOf(csv)).toEqual([{ prison: "'-2-3", name: `'=HYPERLINK("http://example.test","Click")`, area: 'E08000035' }]);
  });

  it('leaves text that does not start like a formula as it is', () => {
    for (const text of ['LEI', 'a-b', 'x=1', ' =1', '2027-03', "O'Brien", '']) expect(neutraliseFormula(text)).toBe(text);
  });

  it('writes numbers, a negative one too, and booleans as themselves, and null as an empty cell', () => {
    const csv = spreadsheetCsv([{ rate: -1.5, people: 0, suppressed: true, lower: null }], ['rate', 'people', 'suppressed', 'lower']);
    expect(csv.split('\n')[1]).toBe('-1.5,0,true,');
  });

  it('quotes every text cell, so a `;` cannot start a new cell in a spreadsheet that splits on it', () => {
    expect(spreadsheetCsv([{ note: 'a;=1+1' }], ['note']).split('\n')[1]).toBe('"a;=1+1"');
  });
});
