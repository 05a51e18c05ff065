/**
 * What a prison movement reported by HMPPS domain events means for a pathway: pure rules, no I/O.
 * The consumer (apps/worker/src/intake) parses the event and asks here what to do with it.
 *
 * Only `prison-offender-events.prisoner.released` moves a pathway: it is published 45 to 60
 * minutes after the movement and suppressed when the person comes straight back, so it is the
 * confirmed fact. `prisoner-offender-search.prisoner.released` is the same movement seen at once
 * and not withdrawn on a bounce-back: it is noted as "release reported" and never releases.
 * `prison-offender-events.prisoner.received` brings a person in: an admission after a release is
 * a return to custody; a transfer moves a pathway not yet released to the new prison.
 */
import { LocalDate } from '../calendar';

export const CONFIRMED_RELEASE_EVENT = 'prison-offender-events.prisoner.released';
export const REPORTED_RELEASE_EVENT = 'prisoner-offender-search.prisoner.released';
export const RECEIVED_EVENT = 'prison-offender-events.prisoner.received';

/** Admission reason codes that mean a recall to prison (the others are a remand or a new sentence). */
const RECALL_CODES = new Set(['24', 'L', 'B', 'Y', 'PD', 'ELR', 'ETRLR']);

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

/** What a review item asks a person to decide about; stored in intake_review_items.movement_kind. */
export const REVIEW_KINDS = ['death', 'hospital', 'deportation', 'absconded', 'transfer-to-unknown-prison'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];

export interface ReleaseMovement {
  eventType: string;
  /** `RELEASED`, `TEMPORARY_ABSENCE_RELEASE`, `SENT_TO_COURT`, `TRANSFERRED`, ... */
  reason?: string;
  nomisMovementReasonCode?: string;
  /** `OUTSIDE_PRISON`, `IN_PRISON`, `BEING_TRANSFERRED`, ... */
  currentLocation?: string;
  /** The prison released from or, for `received`, the prison the person is now in. */
  prisonId?: string;
}

export type MovementDecision =
  | { action: 'release' }
  | { action: 'review'; kind: ReviewKind }
  | { action: 'report' }
  /** Into prison from outside: a return to custody when the pathway has released the person. */
  | { action: 'admission'; recall: boolean }
  /** Into this prison from another. */
  | { action: 'transfer'; toPrison: string }
  | { action: 'none'; why: 'temporary-absence' | 'court' | 'transfer' | 'still-in-prison' | 'not-a-release' | 'not-handled' | 'back-from-absence' };

/** What a release-type event asks of a known person's open pathway. */
export function decideMovement(m: ReleaseMovement): MovementDecision {
  if (m.eventType === REPORTED_RELEASE_EVENT) return { action: 'report' };
  if (m.eventType === RECEIVED_EVENT) return decideReceived(m);
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

function decideReceived(m: ReleaseMovement): MovementDecision {
  switch (m.reason) {
    case 'ADMISSION':
      return { action: 'admission', recall: RECALL_CODES.has((m.nomisMovementReasonCode ?? '').toUpperCase()) };
    case 'TRANSFERRED':
      return m.prisonId ? { action: 'transfer', toPrison: m.prisonId } : { action: 'none', why: 'not-handled' };
    default:
      // RETURN_FROM_COURT, TEMPORARY_ABSENCE_RETURN, POST_MERGE_ADMISSION: back where they were.
      return { action: 'none', why: 'back-from-absence' };
  }
}

/** The pathway, as the effect of a `received` movement depends on it. */
export interface PathwayPlace {
  /** Whether the pathway has recorded the release. */
  released: boolean;
  /** The prison holding the person, as the pathway knows it. */
  prisonCode: string;
}

export type ReceivedEffect =
  | { effect: 'return-to-custody'; reason: string }
  /** In prison, and the pathway never saw them leave: nothing changes, but an older release is now out of order. */
  | { effect: 'in-custody' }
  | { effect: 'transfer'; toPrison: string }
  | { effect: 'review'; kind: 'transfer-to-unknown-prison'; toPrison: string }
  | { effect: 'none' };

/**
 * What a `received` movement does to a known person's open pathway. An admission after the
 * release is a return to custody; before it, the release was never seen (or is still on its
 * way): nothing to change. A transfer moves a pathway not yet released when Throughcare knows
 * the prison, else a person decides.
 */
export function receivedEffect(decision: Extract<MovementDecision, { action: 'admission' | 'transfer' }>, pathway: PathwayPlace, isKnownPrison: (code: string) => boolean): ReceivedEffect {
  if (decision.action === 'admission') {
    if (!pathway.released) return { effect: 'in-custody' };
    return { effect: 'return-to-custody', reason: decision.recall ? 'Recalled to prison' : 'Admitted to prison' };
  }
  if (pathway.released || decision.toPrison === pathway.prisonCode) return { effect: 'none' };
  if (!isKnownPrison(decision.toPrison)) return { effect: 'review', kind: 'transfer-to-unknown-prison', toPrison: decision.toPrison };
  return { effect: 'transfer', toPrison: decision.toPrison };
}

/** Released on the pathway's day of release is the planned release; any other day is unplanned. */
export function releaseKind(releasedOn: LocalDate, expectedReleaseDay: LocalDate): 'planned' | 'unplanned' {
  return releasedOn === expectedReleaseDay ? 'planned' : 'unplanned';
}

/**
 * The key that makes one movement one movement, whichever event type or re-emit carries it:
 * the pathway (so the person), what happened, and the day.
 */
export function movementKey(pathwayId: string, movement: 'released' | 'release-reported' | 'returned-to-custody' | 'in-custody' | `transferred-to-${string}` | ReviewKind, day: LocalDate): string {
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
