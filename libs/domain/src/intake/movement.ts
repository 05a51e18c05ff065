/**
 * What a prison movement reported by HMPPS domain events means for a pathway: pure rules, no I/O.
 * The consumer (apps/worker/src/intake) parses the event and asks here what to do with it.
 *
 * Only `prison-offender-events.prisoner.released` moves a pathway: it is published 45 to 60
 * minutes after the movement and suppressed when the person comes straight back, so it is the
 * confirmed fact. `prisoner-offender-search.prisoner.released` is the same movement seen at once
 * and not withdrawn on a bounce-back: it is noted as "release reported" and never releases.
 */
import { LocalDate } from '../calendar';

export const CONFIRMED_RELEASE_EVENT = 'prison-offender-events.prisoner.released';
export const REPORTED_RELEASE_EVENT = 'prisoner-offender-search.prisoner.released';

/** NOMIS movement reason codes that `RELEASED` also covers, which a person must look at first. */
const REVIEW_CODES: Readonly<Record<string, ReviewKind>> = {
  DEC: 'death',
  HO: 'hospital',
  HP: 'hospital',
  HQ: 'hospital',
  DD: 'deportation',
  DE: 'deportation',
  DL: 'deportation',
  UAL: 'absconded',
  UAL_ECL: 'absconded',
};

export type ReviewKind = 'death' | 'hospital' | 'deportation' | 'absconded';

export interface ReleaseMovement {
  eventType: string;
  /** `RELEASED`, `TEMPORARY_ABSENCE_RELEASE`, `SENT_TO_COURT`, `TRANSFERRED`, ... */
  reason?: string;
  nomisMovementReasonCode?: string;
  /** `OUTSIDE_PRISON`, `IN_PRISON`, `BEING_TRANSFERRED`, ... */
  currentLocation?: string;
}

export type MovementDecision =
  | { action: 'release' }
  | { action: 'review'; kind: ReviewKind }
  | { action: 'report' }
  | { action: 'none'; why: 'temporary-absence' | 'court' | 'transfer' | 'still-in-prison' | 'not-a-release' | 'not-handled' };

/** What a release-type event asks of a known person's open pathway. */
export function decideMovement(m: ReleaseMovement): MovementDecision {
  if (m.eventType === REPORTED_RELEASE_EVENT) return { action: 'report' };
  if (m.eventType !== CONFIRMED_RELEASE_EVENT) return { action: 'none', why: 'not-handled' };
  switch (m.reason) {
    case 'TEMPORARY_ABSENCE_RELEASE':
      return { action: 'none', why: 'temporary-absence' };
    case 'SENT_TO_COURT':
      return { action: 'none', why: 'court' };
    case 'TRANSFERRED':
      return { action: 'none', why: 'transfer' };
    case 'RELEASED': {
      const kind = m.nomisMovementReasonCode ? REVIEW_CODES[m.nomisMovementReasonCode.toUpperCase()] : undefined;
      if (kind) return { action: 'review', kind };
      if (m.currentLocation !== undefined && m.currentLocation !== 'OUTSIDE_PRISON') return { action: 'none', why: 'still-in-prison' };
      return { action: 'release' };
    }
    default:
      return { action: 'none', why: 'not-a-release' };
  }
}

/** Released on the pathway's day of release is the planned release; any other day is unplanned. */
export function releaseKind(releasedOn: LocalDate, expectedReleaseDay: LocalDate): 'planned' | 'unplanned' {
  return releasedOn === expectedReleaseDay ? 'planned' : 'unplanned';
}

/**
 * The key that makes one movement one movement, whichever event type or re-emit carries it:
 * the pathway (so the person), what happened, and the day.
 */
export function movementKey(pathwayId: string, movement: 'released' | 'release-reported' | ReviewKind, day: LocalDate): string {
  return `${pathwayId}:${movement}:${day}`;
}

export type Staleness = 'historic' | 'older-than-last-movement' | undefined;

/**
 * A movement from before the pathway was registered is history the registration already knew;
 * one older than the last movement applied to the pathway arrived out of order. Neither is applied.
 */
export function staleness(occurredAt: Date, registeredAt: Date, lastAppliedAt: Date | undefined): Staleness {
  if (occurredAt.getTime() < registeredAt.getTime()) return 'historic';
  if (lastAppliedAt && occurredAt.getTime() < lastAppliedAt.getTime()) return 'older-than-last-movement';
  return undefined;
}
