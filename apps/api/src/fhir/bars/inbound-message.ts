/**
 * Reads the BaRS messages Throughcare takes from a receiving service. Pure; refuses anything
 * else with the field at fault. The shapes accepted (docs/design.md §12, "BaRS messages in"): a
 * `message` Bundle whose first entry is the MessageHeader (an id, the event, focus one entry),
 * and the entry it focuses:
 * - `servicerequest-response`: the ServiceRequest, with Throughcare's referral id as its id and
 *   the answer as its status: `active` accepted, `revoked` declined, the reason in its first note.
 * - `booking-request`: the Appointment the service booked, as `POST /fhir/R4/Appointment` takes
 *   it (`basedOn` the referral's ServiceRequest, `start` with an offset, `status` booked).
 */
import type { Appointment, Bundle, BundleEntry, MessageHeader, Resource, ServiceRequest } from '@medplum/fhirtypes';
import { DomainError, validationError } from '@throughcare/problem';
import { BARS, BOOKING_REQUEST, SERVICE_REQUEST_RESPONSE } from '@throughcare/fhir';

/** What a message asks, for its fingerprint: a resend with another timestamp asks the same. */
interface Asking {
  /** MessageHeader.id: the key a repeat of this message is known by. */
  messageId: string;
  asks: unknown[];
}

export type InboundMessage = ServiceRequestResponse | BookingMessage;

export interface BookingMessage extends Asking {
  event: typeof BOOKING_REQUEST;
  appointment: Appointment;
}

export interface ServiceRequestResponse extends Asking {
  event: typeof SERVICE_REQUEST_RESPONSE;
  /** The referral answered (Throughcare's ServiceRequest id, the pathway's). */
  referralId: string;
  answer: 'accepted' | 'rejected';
  /** Why it was declined (rejected only). */
  reason?: string;
}

/** FHIR's id type: what MessageHeader.id may be. */
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const invalid = (field: string, message: string): DomainError => validationError([{ field, messages: [message] }]);

export function readInboundMessage(body: unknown): InboundMessage {
  const bundle = body as Bundle | null;
  if (bundle === null || typeof bundle !== 'object' || bundle.resourceType !== 'Bundle') throw invalid('resourceType', 'must be Bundle');
  if (bundle.type !== 'message') throw invalid('type', 'must be message');
  const entries = Array.isArray(bundle.entry) ? bundle.entry : [];
  const header = entries[0]?.resource as MessageHeader | undefined;
  if (header?.resourceType !== 'MessageHeader') throw invalid('entry[0].resource', 'must be the MessageHeader');
  if (typeof header.id !== 'string' || !FHIR_ID.test(header.id)) throw invalid('entry[0].resource.id', 'must be the message id: 1 to 64 letters, digits, - or .');
  const event = header.eventCoding;
  if (event?.system !== BARS.events || typeof event.code !== 'string') throw invalid('entry[0].resource.eventCoding', `must be a code from ${BARS.events}`);
  if (event.code !== SERVICE_REQUEST_RESPONSE && event.code !== BOOKING_REQUEST) {
    throw new DomainError('messageNotSupported', `Throughcare processes ${SERVICE_REQUEST_RESPONSE} (answers to its referrals) and ${BOOKING_REQUEST} (first appointments booked) messages, not ${event.code}`);
  }
  const focus = header.focus?.map((f) => f.reference) ?? [];
  const focused = event.code === BOOKING_REQUEST ? 'Appointment' : 'ServiceRequest';
  if (focus.length !== 1 || typeof focus[0] !== 'string') throw invalid('entry[0].resource.focus', `must be one reference, to the ${focused} of the message`);
  const resource = resolve(entries, focus[0]);
  if (resource?.resourceType !== focused) throw invalid('entry[0].resource.focus', `must reference a ${focused} entry of the Bundle`);
  if (event.code === BOOKING_REQUEST) {
    const appointment = resource as Appointment;
    return { event: BOOKING_REQUEST, messageId: header.id, appointment, asks: ['booking', appointment.basedOn?.map((b) => b.reference ?? null) ?? null, appointment.start ?? null] };
  }
  return readAnswer(header.id, resource as ServiceRequest);
}

function readAnswer(messageId: string, serviceRequest: ServiceRequest): ServiceRequestResponse {
  if (typeof serviceRequest.id !== 'string' || !UUID.test(serviceRequest.id)) throw invalid('ServiceRequest.id', "must be the referral's id, as Throughcare sent it");
  const referralId = serviceRequest.id.toLowerCase();
  const answered = (answer: 'accepted' | 'rejected', reason?: string): ServiceRequestResponse => ({
    event: SERVICE_REQUEST_RESPONSE,
    messageId,
    referralId,
    answer,
    ...(reason ? { reason } : {}),
    asks: [referralId, answer, reason ?? null],
  });
  if (serviceRequest.status === 'active') return answered('accepted');
  if (serviceRequest.status === 'revoked') {
    const reason = serviceRequest.note?.[0]?.text?.trim();
    if (!reason) throw invalid('ServiceRequest.note', 'A declined referral needs a reason: note[0].text');
    return answered('rejected', reason);
  }
  throw invalid('ServiceRequest.status', 'must be active (the referral is accepted) or revoked (declined)');
}

/** The entry a reference names: by fullUrl (urn:uuid: or absolute), else by type/id. */
function resolve(entries: BundleEntry[], ref: string): Resource | undefined {
  const found = entries.find((e) => e.fullUrl === ref) ?? entries.find((e) => e.fullUrl?.endsWith(`/${ref}`) || `${e.resource?.resourceType}/${e.resource?.id}` === ref);
  return found?.resource;
}
