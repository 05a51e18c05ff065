/**
 * A prison's list of releases as a CSV file, read into registrations: the header row names the
 * registration's fields, the treatment's flattened (`treatment.substances` with `;` between
 * values, `treatment.onOst`, `treatment.consentToShare`). An empty cell is a field not given;
 * `true` and `false` are booleans; anything else stays text for the registration's own
 * validation to judge, row by row.
 *
 * The header is judged here, once for the whole file, because a fault in it is a fault in
 * every row: a column named twice (which would otherwise let the last one silently win), a
 * column that is no field of a registration, a value under a column without a name. Each is
 * refused with the file, in words that say what to change; so is a file csv-parse cannot read.
 */
import { getMetadataStorage } from 'class-validator';
import type { Info } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { RegisterReleaseDto, TreatmentDto } from '../pathways/register-release.dto';

/** What is wrong with a file, in words for the person who sent it: the header row's faults, or the file's. */
export class CsvListFault extends Error {
  constructor(
    readonly field: '(header)' | '(body)',
    readonly messages: string[],
  ) {
    super(messages.join('; '));
  }
}

const fieldsOf = (dto: new () => object): string[] => [...new Set(getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false).map((m) => m.propertyName))];

/** The columns a list may have: the registration's validated fields, the treatment's flattened. */
export const LIST_COLUMNS: readonly string[] = [
  ...fieldsOf(RegisterReleaseDto).filter((field) => field !== 'treatment'),
  ...fieldsOf(TreatmentDto).map((field) => `treatment.${field}`),
];

/** At most this many unknown names are quoted back, each cut to this length. */
const QUOTED_NAMES = 5;
const QUOTED_LENGTH = 40;

export function csvRows(csv: string): Array<Record<string, unknown>> {
  const records = readRecords(csv);
  if (records.length === 0) return [];
  const [{ record: header }, ...lines] = records;
  const columns = checkedHeader(header);
  return lines.map(({ record, info }) => {
    const unnamed = columns.findIndex((name, i) => name === '' && record[i] !== '');
    if (unnamed >= 0) {
      throw new CsvListFault('(header)', [`has no name for column ${unnamed + 1}, but line ${info.lines} has a value in it: name the column, or leave it empty`]);
    }
    const flat = columns.map((name, i): [string, string] => [name, record[i]]).filter(([name, value]) => name !== '' && value !== '');
    const treatment = flat.filter(([key]) => key.startsWith('treatment.')).map(([key, value]) => [key.slice('treatment.'.length), treatmentValue(key, value)]);
    const rest = flat.filter(([key]) => !key.startsWith('treatment.'));
    return Object.fromEntries(treatment.length > 0 ? [...rest, ['treatment', Object.fromEntries(treatment)]] : rest);
  });
}

/** The file's records as cells, each with the line it ends on; csv-parse's refusals said in plain words. */
function readRecords(csv: string): Array<{ record: string[]; info: Info }> {
  try {
    // With `info`, each record comes with where it was read (csv-parse's types do not say so).
    return parse(csv, { bom: true, skip_empty_lines: true, trim: true, info: true }) as unknown as Array<{ record: string[]; info: Info }>;
  } catch (err) {
    const { code, lines } = err as { code?: string; lines?: number };
    switch (code) {
      case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
        return refuse(`has a different number of values on line ${lines} than the header row has columns: give every line one value for each column, empty where there is none`);
      case 'CSV_QUOTE_NOT_CLOSED':
        return refuse(`has a quote that is not closed, from line ${lines} or before: end each quoted value with a quote`);
      case 'CSV_INVALID_CLOSING_QUOTE':
        return refuse(`has text after a closing quote on line ${lines}: put the whole value in quotes, with each quote inside it doubled`);
      default:
        return refuse(`is not a CSV file this API can read${lines ? ` (line ${lines})` : ''}: send comma-separated values in UTF-8, with a header row`);
    }
  }
}

function refuse(message: string): never {
  throw new CsvListFault('(body)', [message]);
}

/** The header's column names, every one a field and named once; a column without a name is kept as ''. */
function checkedHeader(header: string[]): string[] {
  const faults: string[] = [];
  const positions = new Map<string, number[]>();
  header.forEach((name, i) => name !== '' && positions.set(name, [...(positions.get(name) ?? []), i + 1]));
  for (const [name, at] of positions) {
    if (at.length > 1) faults.push(`names ${quoted(name)} ${at.length === 2 ? 'twice' : `${at.length} times`} (columns ${listed(at.map(String))}): name each column once`);
  }
  const unknown = [...positions.keys()].filter((name) => !LIST_COLUMNS.includes(name));
  if (unknown.length > 0 && unknown.length === positions.size) {
    // Nothing in it is a column name: most likely a list sent without its header row. Its cells are not quoted back (they would be a person's details).
    faults.push(`must be the first line, naming the columns (${LIST_COLUMNS.join(', ')}); none of the names in the first line is one`);
  } else if (unknown.length > 0) {
    const shown = unknown.slice(0, QUOTED_NAMES).map(quoted);
    const more = unknown.length - shown.length;
    faults.push(
      `names ${unknown.length === 1 ? 'a column' : 'columns'} a list does not have: ${listed(shown)}${more > 0 ? ` and ${more} more` : ''}. The columns are ${LIST_COLUMNS.join(', ')}`,
    );
  }
  if (faults.length > 0) throw new CsvListFault('(header)', faults);
  return header;
}

const quoted = (name: string) => `"${name.length > QUOTED_LENGTH ? `${name.slice(0, QUOTED_LENGTH)}…` : name}"`;
const listed = (items: string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

function treatmentValue(key: string, value: string): unknown {
  if (key === 'treatment.substances') return value.split(';').map((s) => s.trim()).filter((s) => s !== '');
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}
