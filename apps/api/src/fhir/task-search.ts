/**
 * Parsing a Task search (FHIR R4 §3.1.1, "search"): the parameters this server supports, each
 * checked in full before anything reaches SQL, from the raw query string (never a parsed object
 * whose shape a caller chose). Unknown parameters are refused under `Prefer: handling=strict`
 * and ignored otherwise (lenient, the default); a modifier or prefix this server does not
 * support is always refused, as the spec requires.
 */
import { addDays, isLocalDate, isValidInstant, londonInstant } from '@throughcare/domain';
import { validationError } from '@throughcare/problem';
import { Cursor, CursorShape, parseCursor } from '../common/cursor';
import { SYSTEMS } from '@throughcare/fhir';
import { FhirTaskStatus, R4_TASK_STATUSES } from './task-status';

export const TASK_INCLUDES = ['Task:focus', 'Task:patient'] as const;
export type TaskInclude = (typeof TASK_INCLUDES)[number];

export const TASK_SEARCH_PARAMETERS = ['owner', 'status', 'code', 'patient', '_lastUpdated'] as const;
export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 100;

/** Tasks sort by when they last changed, newest first; the cursor holds the last one's. */
export const TASK_CURSOR: CursorShape = { at: 'instant', id: 'uuid' };

export interface TaskSearch {
  /** Each inner list is one parameter's values, any of which matches (OR); the lists all must (AND). */
  owner: string[][];
  status: FhirTaskStatus[][];
  /** Task types asked for; a code of another system, or none of ours, matches no task. */
  code: string[][];
  /** Pathway ids (Patient ids). */
  patient: string[][];
  updatedAfter: Date[];
  updatedBefore: Date[];
  count: number;
  includes: TaskInclude[];
  cursor?: Cursor;
  /** The parameters as understood, for the Bundle's self and next links (the ignored ones left out). */
  canonical: URLSearchParams;
}

const CODE = /^[A-Za-z0-9-]{1,20}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Dates a real row can have been changed on; anything outside was made up. */
const EARLIEST_YEAR = 1900;
const LATEST_YEAR = 2199;

type Fault = { field: string; messages: string[] };

/** `strict`: `Prefer: handling=strict` was sent. */
export function parseTaskSearch(query: string, strict: boolean): TaskSearch {
  const search: TaskSearch = { owner: [], status: [], code: [], patient: [], updatedAfter: [], updatedBefore: [], count: DEFAULT_COUNT, includes: [], canonical: new URLSearchParams() };
  const faults: Fault[] = [];
  const fault = (field: string, message: string) => faults.push({ field, messages: [message] });
  for (const [name, value] of new URLSearchParams(query)) {
    const [base, modifier] = name.split(':', 2);
    const known = (TASK_SEARCH_PARAMETERS as readonly string[]).includes(base) || ['_count', '_sort', '_include', '_cursor', '_format'].includes(base);
    if (!known) {
      if (strict) fault(name, 'is not a search parameter this server supports (see /fhir/R4/metadata)');
      continue;
    }
    if (modifier !== undefined) {
      fault(name, `the :${modifier} modifier is not supported`);
      continue;
    }
    const problem = readParameter(search, base, value);
    if (problem === 'ignore') {
      if (strict) fault(name, `${value} is not supported here (see /fhir/R4/metadata)`);
      continue;
    }
    if (problem) fault(name, problem);
    else if (base !== '_cursor' && base !== '_format') search.canonical.append(name, value);
  }
  if (faults.length > 0) throw validationError(faults);
  return search;
}

/** Applies one parameter; a message when its value is wrong, `ignore` for an _include this server does not do. */
function readParameter(search: TaskSearch, name: string, value: string): string | 'ignore' | undefined {
  const values = value.split(',');
  switch (name) {
    case 'owner': {
      const codes = values.map((v) => v.replace(/^Organization\//, ''));
      if (!codes.every((c) => CODE.test(c))) return 'must be Organization/{code} or {code}, an organisation code';
      search.owner.push(codes);
      return;
    }
    case 'patient': {
      const ids = values.map((v) => v.replace(/^Patient\//, ''));
      if (!ids.every((id) => UUID.test(id))) return 'must be Patient/{id} or {id}, a Patient id this server issued';
      search.patient.push(ids.map((id) => id.toLowerCase()));
      return;
    }
    case 'status':
      if (!values.every((v) => (R4_TASK_STATUSES as readonly string[]).includes(v))) return `must be one or more of ${R4_TASK_STATUSES.join(', ')}`;
      search.status.push(values as FhirTaskStatus[]);
      return;
    case 'code': {
      if (!values.every((v) => v.length > 0 && v.length <= 200)) return 'must be {system}|{code} or {code}';
      // A code of another system names none of ours; a bare code is looked for in ours.
      search.code.push(values.map((v) => (v.includes('|') ? (v.startsWith(`${SYSTEMS.taskType}|`) || v.startsWith('|') ? v.slice(v.indexOf('|') + 1) : '') : v)));
      return;
    }
    case '_lastUpdated':
      return readLastUpdated(search, value);
    case '_count': {
      if (!/^\d{1,6}$/.test(value) || Number(value) < 1) return `must be a whole number from 1 (pages hold at most ${MAX_COUNT})`;
      search.count = Math.min(Number(value), MAX_COUNT);
      return;
    }
    case '_sort':
      return value === '-_lastUpdated' ? undefined : 'only -_lastUpdated (the newest change first) is supported';
    case '_include':
      if (!(TASK_INCLUDES as readonly string[]).includes(value)) return 'ignore';
      if (!search.includes.includes(value as TaskInclude)) search.includes.push(value as TaskInclude);
      return;
    case '_cursor': {
      const cursor = parseCursor(value, TASK_CURSOR);
      if (!cursor) return 'is not a page link this server issued; start again from the first page';
      search.cursor = cursor;
      return;
    }
    case '_format':
      return ['json', 'application/json', 'application/fhir+json'].includes(value) ? undefined : 'only json is served';
  }
  return undefined;
}

/** `gt` or `lt`, then a date (a London day) or a date-time with its offset. */
function readLastUpdated(search: TaskSearch, value: string): string | undefined {
  const prefix = value.slice(0, 2);
  const at = value.slice(2);
  if (prefix !== 'gt' && prefix !== 'lt') return 'must start with gt or lt (other prefixes are not supported)';
  const year = Number(at.slice(0, 4));
  const dateOnly = isLocalDate(at);
  if ((!dateOnly && !isValidInstant(at)) || year < EARLIEST_YEAR || year > LATEST_YEAR) {
    return `must be gt or lt then a date (2027-01-08) or a date-time with offset (2027-01-08T10:00:00Z), in the years ${EARLIEST_YEAR} to ${LATEST_YEAR}`;
  }
  // A day is a range: after it means from the next midnight, before it means before its own.
  if (prefix === 'gt') search.updatedAfter.push(dateOnly ? new Date(londonInstant(addDays(at, 1), '00:00').getTime() - 1) : new Date(at));
  else search.updatedBefore.push(dateOnly ? londonInstant(at, '00:00') : new Date(at));
  return undefined;
}

/** Whether the request asked for strict handling of unknown parameters (RFC 7240 Prefer). */
export function prefersStrict(prefer: string | string[] | undefined): boolean {
  const text = Array.isArray(prefer) ? prefer.join(',') : (prefer ?? '');
  return text.split(/[,;]/).some((part) => part.trim().toLowerCase().replace(/\s+/g, '') === 'handling=strict');
}
