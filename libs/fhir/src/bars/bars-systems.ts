/**
 * The NHS Booking and Referral Standard's (BaRS) code systems and header names, as its
 * implementation guide names them: the message events, whether a message is new or an
 * update, and the error codes its OperationOutcomes carry.
 */
export const BARS = {
  /** MessageHeader.eventCoding: what the message asks for. */
  events: 'https://fhir.nhs.uk/CodeSystem/message-events-bars',
  /** MessageHeader.reason: new, or an update to something the receiver already has. */
  reasons: 'https://fhir.nhs.uk/CodeSystem/message-reason-bars',
  /** OperationOutcome.issue.details.coding: BaRS's HTTP error codes (REC_BAD_REQUEST, REC_CONFLICT…). */
  errorCodes: 'https://fhir.nhs.uk/CodeSystem/http-error-codes',
} as const;

export const SERVICE_REQUEST_REQUEST = 'servicerequest-request';
export const SERVICE_REQUEST_RESPONSE = 'servicerequest-response';
/** A service's booking of the referral's first appointment, sent to Throughcare. */
export const BOOKING_REQUEST = 'booking-request';
export const BOOKING_RESPONSE = 'booking-response';

export type MessageReason = 'new' | 'update';
