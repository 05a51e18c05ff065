/**
 * HMPPS domain events as HMPPS publishes them (the published schemas' fields), built for the
 * development publisher (`npm run hmpps-event`) and the intake benchmark.
 */
export type EventSource = 'prison-offender-events' | 'prisoner-offender-search' | 'calculate-release-dates';

export interface MovementOptions {
  nomsNumber: string;
  prison: string;
  /** NOMIS movement reason code. */
  code?: string;
  reason?: string;
  source?: EventSource;
  now?: string;
}

const identifiersOf = (nomsNumber: string) => ({ identifiers: [{ type: 'NOMS', value: nomsNumber }] });
const searchUrl = (nomsNumber: string) => `https://prisoner-search-dev.prison.service.justice.gov.uk/prisoner/${nomsNumber}`;

/** A release: a movement out (`prison-offender-events`), or Prisoner Search's immediate report of one. */
export function releasedEvent({ nomsNumber, prison, code = 'CR', reason = 'RELEASED', source = 'prison-offender-events', now = new Date().toISOString() }: MovementOptions): Record<string, unknown> {
  if (source === 'prisoner-offender-search') {
    return {
      eventType: 'prisoner-offender-search.prisoner.released',
      version: 1,
      occurredAt: now,
      description: 'A prisoner has been released',
      detailUrl: searchUrl(nomsNumber),
      additionalInformation: { nomsNumber, reason, prisonId: prison },
      personReference: identifiersOf(nomsNumber),
    };
  }
  return {
    eventType: 'prison-offender-events.prisoner.released',
    version: 1,
    occurredAt: now,
    publishedAt: now,
    description: 'A prisoner has been released from prison',
    additionalInformation: {
      nomsNumber,
      reason,
      details: `Movement reason code ${code}`,
      currentLocation: reason === 'RELEASED' ? 'OUTSIDE_PRISON' : 'IN_PRISON',
      prisonId: prison,
      nomisMovementReasonCode: code,
      currentPrisonStatus: 'NOT_UNDER_PRISON_CARE',
    },
    personReference: identifiersOf(nomsNumber),
  };
}

/** An admission (a return to custody; a recall code such as 24) or a transfer into `prison`. */
export function receivedEvent({ nomsNumber, prison, reason = 'ADMISSION', code, now = new Date().toISOString() }: MovementOptions): Record<string, unknown> {
  const movementCode = code ?? (reason === 'TRANSFERRED' ? 'INT' : '24');
  return {
    eventType: 'prison-offender-events.prisoner.received',
    version: 1,
    occurredAt: now,
    publishedAt: now,
    description: 'A prisoner has been received into prison',
    additionalInformation: {
      nomsNumber,
      reason,
      details: `Movement reason code ${movementCode}`,
      currentLocation: 'IN_PRISON',
      prisonId: prison,
      nomisMovementReasonCode: movementCode,
      currentPrisonStatus: 'UNDER_PRISON_CARE',
    },
    personReference: identifiersOf(nomsNumber),
  };
}

/** A release-date change, from any of the three sources that report one. */
export function updatedEvent({ nomsNumber, source = 'prisoner-offender-search', categories = ['SENTENCE'], now = new Date().toISOString() }: { nomsNumber: string; source?: EventSource; categories?: string[]; now?: string }): Record<string, unknown> {
  if (source === 'calculate-release-dates') {
    // Keyed by prisonerId, with no personReference, as calculate-release-dates-api publishes it.
    return { eventType: 'calculate-release-dates.prisoner.changed', version: 1, occurredAt: now, description: 'Prisoners release dates have been re-calculated', additionalInformation: { prisonerId: nomsNumber, bookingId: '1200835' } };
  }
  if (source === 'prison-offender-events') {
    return {
      eventType: 'prison-offender-events.prisoner.sentence-dates-changed',
      version: 1,
      occurredAt: now,
      description: "A prisoner's sentence dates have changed",
      additionalInformation: { nomsNumber, bookingId: '1200835' },
      personReference: identifiersOf(nomsNumber),
    };
  }
  return {
    eventType: 'prisoner-offender-search.prisoner.updated',
    version: 1,
    occurredAt: now,
    description: 'A prisoner record has been updated',
    detailUrl: searchUrl(nomsNumber),
    additionalInformation: { nomsNumber, categoriesChanged: categories },
    personReference: identifiersOf(nomsNumber),
  };
}
