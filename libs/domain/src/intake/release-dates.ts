/**
 * Release-date changes reported by HMPPS domain events: which events ask for a fresh read of the
 * person from Prisoner Search, and what that read means for the pathway. Pure rules, no I/O.
 *
 * None of the three events carries the dates, so each only asks for a (debounced) read; the
 * read's `confirmedReleaseDate` wins over `releaseDate`, and the date's type is the key date it
 * equals. A date that equals none of them has no type Throughcare can plan with: a person decides.
 */
import type { LocalDate } from '../calendar';
import type { ReleaseDateType } from '../release/release-day';

export const RELEASE_DATE_EVENTS = {
  /** Prisoner Search saw the record change; only a change in the SENTENCE category matters. */
  searchUpdated: 'prisoner-offender-search.prisoner.updated',
  sentenceDatesChanged: 'prison-offender-events.prisoner.sentence-dates-changed',
  /** Keyed by `prisonerId`, with no personReference. */
  calculationChanged: 'calculate-release-dates.prisoner.changed',
} as const;

/** Whether an event says the person's release dates may have changed. */
export function asksForReleaseDateCheck(eventType: string, categoriesChanged: readonly string[] = []): boolean {
  if (eventType === RELEASE_DATE_EVENTS.searchUpdated) return categoriesChanged.includes('SENTENCE');
  return eventType === RELEASE_DATE_EVENTS.sentenceDatesChanged || eventType === RELEASE_DATE_EVENTS.calculationChanged;
}

/** The release dates of a Prisoner Search `Prisoner` record (ISO dates; others are ignored). */
export interface PrisonerReleaseDates {
  releaseDate?: LocalDate | null;
  confirmedReleaseDate?: LocalDate | null;
  conditionalReleaseDate?: LocalDate | null;
  automaticReleaseDate?: LocalDate | null;
  postRecallReleaseDate?: LocalDate | null;
  homeDetentionCurfewActualDate?: LocalDate | null;
}

/** Key dates in the order a tie is broken (a CRD that is also the HDCAD is planned as the CRD). */
const KEY_DATES: ReadonlyArray<[keyof PrisonerReleaseDates, ReleaseDateType]> = [
  ['conditionalReleaseDate', 'CRD'],
  ['automaticReleaseDate', 'ARD'],
  ['postRecallReleaseDate', 'PRRD'],
  ['homeDetentionCurfewActualDate', 'HDCAD'],
];

/** The reason every automatic change gives on the pathway's timeline. */
export const RECALCULATED_IN_NOMIS = 'recalculated in NOMIS';

export type ReleaseDateReading =
  | { kind: 'date'; releaseDate: LocalDate; releaseDateType: ReleaseDateType }
  /** NOMIS gives a date that equals none of the key dates. */
  | { kind: 'unmatched'; releaseDate: LocalDate }
  /** NOMIS has no release date (not sentenced, or on remand). */
  | { kind: 'none' };

export function readReleaseDate(prisoner: PrisonerReleaseDates): ReleaseDateReading {
  const releaseDate = prisoner.confirmedReleaseDate || prisoner.releaseDate;
  if (!releaseDate) return { kind: 'none' };
  const match = KEY_DATES.find(([field]) => prisoner[field] === releaseDate);
  return match ? { kind: 'date', releaseDate, releaseDateType: match[1] } : { kind: 'unmatched', releaseDate };
}

export interface PathwayReleaseDate {
  releaseDate: LocalDate;
  releaseDateType: string;
}

export type ReleaseDateDecision =
  | { action: 'change'; releaseDate: LocalDate; releaseDateType: ReleaseDateType }
  | { action: 'none'; why: 'unchanged' | 'no-date' }
  | { action: 'review'; why: 'unmatched' };

/**
 * What a Prisoner Search reading asks of the pathway. The same date (whatever NOMIS calls it)
 * changes nothing; a new date without a type it equals is a person's to decide.
 */
export function decideReleaseDate(current: PathwayReleaseDate, reading: ReleaseDateReading): ReleaseDateDecision {
  if (reading.kind === 'none') return { action: 'none', why: 'no-date' };
  if (reading.kind === 'unmatched') return reading.releaseDate === current.releaseDate ? { action: 'none', why: 'unchanged' } : { action: 'review', why: 'unmatched' };
  if (reading.releaseDate === current.releaseDate && reading.releaseDateType === current.releaseDateType) return { action: 'none', why: 'unchanged' };
  return { action: 'change', releaseDate: reading.releaseDate, releaseDateType: reading.releaseDateType };
}
