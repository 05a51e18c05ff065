import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LIST_COLUMNS } from '../../../api/src/imports/release-list-csv';
import { templateColumns, templateCsv } from './release-list-template';

describe('the CSV template of a list of releases', () => {
  it('has every column the API reads, each once, but the services, which Throughcare chooses by area', () => {
    const header = templateCsv().trim().split(',');
    const chosenByArea = ['communityTreatmentCode', 'probationCode', 'commissionerCode'];
    expect([...header, ...chosenByArea].sort()).toEqual([...LIST_COLUMNS].sort());
    expect(new Set(header).size).toBe(header.length);
  });

  it('is the file the page tests upload lists with', () => {
    expect(readFileSync(path.resolve(__dirname, '../../../../test/web/fixtures/releases-template.csv'), 'utf8')).toBe(templateCsv());
  });

  it('explains each column with an example', () => {
    expect(templateColumns('LEI').every((c) => c.holds && c.example)).toBe(true);
    expect(templateColumns('LEI').find((c) => c.name === 'prisonCode')?.example).toBe('LEI');
  });
});
