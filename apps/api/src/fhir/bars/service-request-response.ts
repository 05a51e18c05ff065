/**
 * Reads a BaRS `servicerequest-response` message: a receiving service's answer to a referral
 * Throughcare sent. Pure; refuses anything else with the field at fault. The shape Throughcare
 * accepts (docs/design.md §12, "BaRS messages"): a `message` Bundle whose first entry is the
 * MessageHeader (an id; event servicerequest-response; focus the ServiceRequest), and that
 * ServiceRequest, with Throughcare's referral id as its id and the answer as its status:
 * `active` accepted, `revoked` declined, the reason in its first note.
 */
import type { Bundle, BundleEntry, MessageHeader, ServiceRequest } from '@medplum/fhirtypes';
import { problem, PROBLEMS, ProblemException, validationProblem } from '@throughcare/problem';
import { BARS, SERVICE_REQUEST_RESPONSE } from '@throughcare/fhir';

export interface ServiceRequestResponse {
  /** MessageHeader.id: the key a repeat of this message is known by. */
  messageId: string;
  /** The referral answered (Throughcare's ServiceRequest id, the pathway's). */
  referralId: string;
  answer: 'accepted' | 'rejected';
  /** Why it was declined (rejected only). */
  reason?: string;
}

/** FHIR's id type: what MessageHeader.id may be. */
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const invalid = (field: string, message: string): ProblemException => validationProblem([{ field, messages: [message] }]);

export function readServiceRequestResponse(body: unknown): ServiceRequestResponse {
  const bundle = body as Bundle | null;
  if (bundle === null || typeof bundle !== 'object' || bundle.resourceType !== 'Bundle') throw invalid('resourceType', 'must be Bundle');
  if (bundle.type !== 'message') throw invalid('type', 'must be message');
  const entries = Array.isArray(bundle.entry) ? bundle.entry : [];
  const header = entries[0]?.resource as MessageHeader | undefined;
  if (header?.resourceType !== 'MessageHeader') throw invalid('entry[0].resource', 'must be the MessageHeader');
  if (typeof header.id !== 'string' || !FHIR_ID.test(header.id)) throw invalid('entry[0].resource.id', 'must be the message id: 1 to 64 letters, digits, - or .');
  const event = header.eventCoding;
  if (event?.system !== BARS.events || typeof event.code !== 'string') throw invalid('entry[0].resource.eventCoding', `must be a code from ${BARS.events}`);
  if (event.code !== SERVICE_REQUEST_RESPONSE) {
    throw problem(PROBLEMS.messageNotSupported, `Throughcare processes ${SERVICE_REQUEST_RESPONSE} messages (answers to its referrals), not ${event.code}`);
  }
  const focus = header.focus?.map((f) => f.reference) ?? [];
  if (focus.length !== 1 || typeof focus[0] !== 'string') throw invalid('entry[0].resource.focus', 'must be one reference, to the ServiceRequest answered');
  const serviceRequest = resolve(entries, focus[0]);
  if (serviceRequest?.resourceType !== 'ServiceRequest') throw invalid('entry[0].resource.focus', 'must reference a ServiceRequest entry of the Bundle');
  if (typeof serviceRequest.id !== 'string' || !UUID.test(serviceRequest.id)) throw invalid('ServiceRequest.id', "must be the referral's id, as Throughcare sent it");
  const base = { messageId: header.id, referralId: serviceRequest.id.toLowerCase() };
  if (serviceRequest.status === 'active') return { ...base, answer: 'accepted' };
  if (serviceRequest.status === 'revoked') {
    const reason = serviceRequest.note?.[0]?.text?.trim();
    if (!reason) throw invalid('ServiceRequest.note', 'A declined referral needs a reason: note[0].text');
    return { ...base, answer: 'rejected', reason };
  }
  throw invalid('ServiceRequest.status', 'must be active (the referral is accepted) or revoked (declined)');
}

/** The entry a reference names: by fullUrl (urn:uuid: or absolute), else by type/id. */
function resolve(entries: BundleEntry[], ref: string): ServiceRequest | undefined {
  const found = entries.find((e) => e.fullUrl === ref) ?? entries.find((e) => e.fullUrl?.endsWith(`/${ref}`) || `${e.resource?.resourceType}/${e.resource?.id}` === ref);
  return found?.resource as ServiceRequest | undefined;
}
