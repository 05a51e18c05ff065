/**
 * What a search for a person (`GET /v1/pathways?q=`) looks for, from the one box a person
 * types into: a prison number (A1234BC), an NHS number (ten digits, spaced or not), a date of
 * birth (12/4/1985, 12 4 1985, 12-04-1985 or 1985-04-12), or else a name, word by word. Pure,
 * so each reading is tested alone; the service turns it into SQL with bound parameters only.
 */
import { isLocalDate } from '@throughcare/domain';

export const SEARCH_MAX_LENGTH = 100;

export type PersonSearch =
  | { kind: 'prison-number'; prisonNumber: string }
  | { kind: 'nhs-number'; nhsNumber: string }
  | { kind: 'date-of-birth'; dateOfBirth: string }
  | { kind: 'name'; words: string[] };

const PRISON_NUMBER = /^[A-Z]\d{4}[A-Z]{2}$/i;
const NHS_NUMBER = /^\d{3} ?\d{3} ?\d{4}$/;
const DAY_FIRST = /^(\d{1,2})[/. -](\d{1,2})[/. -](\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A date typed day first or as ISO, as YYYY-MM-DD; `false` when it has a date's shape but is no real day; undefined when it is not date-shaped. */
export function typedDate(text: string): string | false | undefined {
  const iso = ISO_DATE.exec(text);
  const dayFirst = DAY_FIRST.exec(text);
  if (!iso && !dayFirst) return undefined;
  const date = iso ? text : `${dayFirst![3]}-${dayFirst![2].padStart(2, '0')}-${dayFirst![1].padStart(2, '0')}`;
  return isLocalDate(date) && date >= '0001-01-01' ? date : false;
}

/** The search's reading; undefined when there is nothing but spaces. */
export function personSearchOf(q: string): PersonSearch | undefined {
  const text = q.trim().replace(/\s+/g, ' ');
  if (PRISON_NUMBER.test(text)) return { kind: 'prison-number', prisonNumber: text.toUpperCase() };
  if (NHS_NUMBER.test(text)) return { kind: 'nhs-number', nhsNumber: text.replace(/ /g, '') };
  const date = typedDate(text);
  if (date) return { kind: 'date-of-birth', dateOfBirth: date };
  // A name, word by word, each word as typed (`%` and `_` are text, never wildcards: likeLiteral).
  const words = text.split(' ').filter(Boolean).slice(0, 5);
  return words.length ? { kind: 'name', words } : undefined;
}

/** A word for LIKE, its wildcards and escape taken literally. */
export function likeLiteral(word: string): string {
  return word.replace(/[\\%_]/g, (c) => `\\${c}`);
}
