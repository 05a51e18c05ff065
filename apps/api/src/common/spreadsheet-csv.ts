/**
 * Every CSV file the product writes, made here: people open them in a spreadsheet, which runs a
 * cell that starts like a formula. OWASP's rule for CSV injection: a text cell starting with
 * `=`, `+`, `-`, `@`, a tab or a carriage return gets a `'` in front, so a spreadsheet shows it
 * as text (an organisation code `-2-3` stays `-2-3`, not -5; `=HYPERLINK(…)` is not a link).
 * Text cells are also always quoted, so a `;` in a value cannot start a new cell for a
 * spreadsheet that splits on `;` (OWASP's note on field separators).
 *
 * Numbers are written as numbers, a negative one too (`-1.5`): they are the product's own
 * arithmetic, never text someone typed, and the text of a JavaScript number (digits, `-`, `.`,
 * `e+`) can never be a formula; prefixed, a commissioner's spreadsheet would hold them as text
 * and could not add them up or chart them. A figure that is text is neutralised like any text.
 */
import { stringify } from 'csv-stringify/sync';

export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell as a spreadsheet must show it: as text, never as a formula. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Rows as a CSV file with a header row of `columns`; an empty cell for null or a missing value. */
export function spreadsheetCsv(rows: Array<Record<string, CsvCell>>, columns: string[]): string {
  return stringify(rows, {
    header: true,
    columns,
    quoted_string: true,
    cast: { string: neutraliseFormula, boolean: (b) => String(b) },
  });
}
