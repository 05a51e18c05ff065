/**
 * Reading a person's release dates from Prisoner Search (`GET {PRISONER_SEARCH_URL}/prisoner/{prisonNumber}`)
 * with HMPPS Auth's bearer token. Every request waits at most INTAKE_SEARCH_TIMEOUT_SECONDS; a
 * timeout, a 5xx or no answer is tried again, INTAKE_SEARCH_ATTEMPTS times in all with a doubling
 * pause, then reported as unavailable (the caller makes a review item). A 404 is an answer: the
 * person is not in Prisoner Search. Only the release dates are kept from the answer.
 *
 * Without PRISONER_SEARCH_URL (development only: production refuses to start so), a stand-in
 * answers from the pathways' own registrations: it never moves a date, but lets the debounce and
 * the reconciliation run end to end on a laptop.
 */
import { DataSource } from 'typeorm';
import { Config } from '@throughcare/config';
import type { PrisonerReleaseDates } from '@throughcare/domain';
import { HmppsAuthClient } from './hmpps-auth.client';
import { registeredReleaseDates } from './registered-release-dates';

export type PrisonerLookup = { found: true; dates: PrisonerReleaseDates } | { found: false };

export interface PrisonerSearch {
  releaseDates(prisonNumber: string): Promise<PrisonerLookup>;
}

/** Prisoner Search could not be read after every try: no person's data in the message. */
export class PrisonerSearchUnavailable extends Error {
  constructor(readonly attempts: number, readonly lastProblem: string) {
    super(`Prisoner Search could not be read after ${attempts} tries (${lastProblem})`);
    this.name = 'PrisonerSearchUnavailable';
  }
}

export const PRISONER_SEARCH = Symbol('PrisonerSearch');

const DATE_FIELDS = ['releaseDate', 'confirmedReleaseDate', 'conditionalReleaseDate', 'automaticReleaseDate', 'postRecallReleaseDate', 'homeDetentionCurfewActualDate'] as const;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The release dates of a Prisoner Search `Prisoner`; anything that is not an ISO date is no date. */
export function releaseDatesOf(prisoner: Record<string, unknown>): PrisonerReleaseDates {
  const dates: PrisonerReleaseDates = {};
  for (const field of DATE_FIELDS) {
    const value = prisoner[field];
    dates[field] = typeof value === 'string' && ISO_DATE.test(value) ? value : null;
  }
  return dates;
}

export class HmppsPrisonerSearch implements PrisonerSearch {
  constructor(
    private readonly config: Pick<Config, 'PRISONER_SEARCH_URL' | 'INTAKE_SEARCH_TIMEOUT_SECONDS' | 'INTAKE_SEARCH_ATTEMPTS'>,
    private readonly auth: HmppsAuthClient,
    /** The first pause between tries; it doubles. */
    private readonly pauseMs = 1_000,
  ) {}

  async releaseDates(prisonNumber: string): Promise<PrisonerLookup> {
    let problem = 'no answer';
    for (let attempt = 1; attempt <= this.config.INTAKE_SEARCH_ATTEMPTS; attempt++) {
      if (attempt > 1) await new Promise((r) => setTimeout(r, this.pauseMs * 2 ** (attempt - 2)));
      try {
        const res = await fetch(`${this.config.PRISONER_SEARCH_URL!.replace(/\/$/, '')}/prisoner/${encodeURIComponent(prisonNumber)}`, {
          headers: { authorization: `Bearer ${await this.auth.token()}`, accept: 'application/json' },
          signal: AbortSignal.timeout(this.config.INTAKE_SEARCH_TIMEOUT_SECONDS * 1000),
        });
        if (res.status === 404) return { found: false };
        if (res.ok) return { found: true, dates: releaseDatesOf((await res.json()) as Record<string, unknown>) };
        if (res.status === 401) this.auth.forget();
        problem = `answered ${res.status}`;
      } catch (err) {
        // A timeout is a DOMException, which is not an Error in every realm: its name says enough.
        problem = typeof (err as { name?: unknown })?.name === 'string' ? (err as { name: string }).name : 'no answer';
      }
    }
    throw new PrisonerSearchUnavailable(this.config.INTAKE_SEARCH_ATTEMPTS, problem);
  }
}

/** The development stand-in: a person's dates as their latest pathway was registered with them. */
export class RegistrationsPrisonerSearch implements PrisonerSearch {
  constructor(private readonly dataSource: DataSource) {}

  async releaseDates(prisonNumber: string): Promise<PrisonerLookup> {
    const dates = await registeredReleaseDates(this.dataSource, prisonNumber);
    return dates ? { found: true, dates } : { found: false };
  }
}

export function prisonerSearch(config: Config, dataSource: DataSource): PrisonerSearch {
  return config.PRISONER_SEARCH_URL ? new HmppsPrisonerSearch(config, new HmppsAuthClient(config)) : new RegistrationsPrisonerSearch(dataSource);
}
