/**
 * An import's results in words: its progress, and each row's result with an invalid row's
 * messages in the registration form's words (field-messages.ts), never the API's own. Pure,
 * so it is tested alone.
 */
import { type ApiFieldError, fieldMessage, type FieldMessageOverrides, problemMessage } from '../common/field-messages';

/** An import as the API answers it (the contract has no schema for its rows' errors yet). */
export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface RowInWords {
  row: number;
  result: string;
  tagClass: string;
  messages: string[];
  pathwayId?: string;
}

const RESULTS: Record<string, { text: string; tag: string }> = {
  created: { text: 'Registered', tag: 'govuk-tag--green' },
  duplicate: { text: 'Already registered', tag: 'govuk-tag--blue' },
  invalid: { text: 'Not registered', tag: 'govuk-tag--red' },
  pending: { text: 'Waiting', tag: 'govuk-tag--grey' },
};

/** Where a list's words differ from the form's: the prison is a column of the file, not the person signed in. */
export function listOverrides(prisonName: string): FieldMessageOverrides {
  return {
    prisonCode: {
      fallback: 'Enter your prison’s code in the prisonCode column',
      required: 'Enter your prison’s code in the prisonCode column',
      'not-this-prison': (e) => `A list can only register releases from ${prisonName}: enter ${typeof e.prisonCode === 'string' ? e.prisonCode : 'your prison’s code'} in the prisonCode column`,
    },
  };
}

/** One row's messages: each field error in the form's words, once; a refusal of the whole registration by its type. */
function rowMessages(row: Json, overrides: FieldMessageOverrides): string[] {
  const errors = Array.isArray(row.errors) ? (row.errors as ApiFieldError[]).filter((e) => typeof e?.field === 'string') : [];
  const said = errors.map((e) => (e.field === '(registration)' ? problemMessage({ type: e.code }) : fieldMessage(e, overrides)));
  if (row.result === 'duplicate') {
    const earlier = /^The same person as row (\d+)$/.exec(String(row.detail ?? ''));
    said.push(earlier ? `The same person as row ${earlier[1]} of this list` : 'This person already has an open pathway');
  }
  if (row.result === 'invalid' && said.length === 0) said.push('Check this row’s values against the template');
  return [...new Set(said)];
}

export function rowsInWords(rows: Json[], prisonName: string): RowInWords[] {
  const overrides = listOverrides(prisonName);
  return rows.map((r) => ({
    row: Number(r.row),
    result: RESULTS[r.result]?.text ?? 'Waiting',
    tagClass: RESULTS[r.result]?.tag ?? 'govuk-tag--grey',
    messages: rowMessages(r, overrides),
    pathwayId: typeof r.pathwayId === 'string' ? r.pathwayId : undefined,
  }));
}

/** "120 of 150 rows done", for the progress line and its live updates. */
export function progressInWords(view: Json): string {
  return view.state === 'done' ? `All ${view.total} ${view.total === 1 ? 'row' : 'rows'} done` : `${view.processed} of ${view.total} ${view.total === 1 ? 'row' : 'rows'} done`;
}

/** What the page shows of the import's state, and what its script reads to update it. */
export function importProgress(view: Json): Json {
  return {
    state: view.state === 'done' ? 'done' : 'processing',
    progress: progressInWords(view),
    counts: { created: view.counts?.created ?? 0, duplicate: view.counts?.duplicate ?? 0, invalid: view.counts?.invalid ?? 0, pending: view.counts?.pending ?? 0 },
  };
}
