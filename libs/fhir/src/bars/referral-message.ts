/**
 * The BaRS message Throughcare sends a community treatment service for a referral: a FHIR
 * `message` Bundle (MessageHeader, event servicerequest-request, then the ServiceRequest, the
 * Patient and the Organizations it names) and the HTTP headers BaRS asks for. Pure: the
 * resources come from the FHIR mappers as the receiving service would read them, so there is
 * one mapping; this only packs them.
 */
import type { Bundle, BundleEntry, Device, Identifier, MessageHeader, Organization, Patient, Resource, ServiceRequest } from '@medplum/fhirtypes';
import { FHIR_MEDIA_TYPE, reference } from '../fhir-systems';
import { BARS, MessageReason, SERVICE_REQUEST_REQUEST } from './bars-systems';

export interface ReferralMessageInput {
  /** MessageHeader.id: new for every message (BaRS's X-Request-Id names the request, this the message). */
  messageId: string;
  timestamp: Date;
  /** Throughcare's FHIR base, where the receiver's answers go ($process-message). */
  fhirBase: string;
  /** The receiving service's BaRS endpoint. */
  destination: string;
  serviceRequest: ServiceRequest;
  /** Absent when the receiver's view does not show who the person is. */
  patient?: Patient;
  /** The prison that refers and the service it refers to, as Organization resources. */
  requester: Organization;
  performer: Organization;
}

/**
 * The message Bundle: `new` for an active referral, `update` once it is revoked (a return to
 * custody or a cancellation), so the receiver closes what it has.
 */
export function referralMessage(input: ReferralMessageInput): Bundle {
  const { serviceRequest, requester, performer } = input;
  const header: MessageHeader = {
    resourceType: 'MessageHeader',
    id: input.messageId,
    eventCoding: { system: BARS.events, code: SERVICE_REQUEST_REQUEST, display: 'Referral request' },
    destination: [{ endpoint: input.destination, receiver: reference('Organization', performer.id!) }],
    sender: reference('Organization', requester.id!),
    source: { name: 'Throughcare', software: 'Throughcare', endpoint: `${input.fhirBase}/$process-message` },
    reason: { coding: [{ system: BARS.reasons, code: messageReason(serviceRequest) }] },
    focus: [reference('ServiceRequest', serviceRequest.id!)],
  };
  const resources: Resource[] = [header, serviceRequest, ...(input.patient ? [input.patient] : []), requester, performer];
  return {
    resourceType: 'Bundle',
    id: input.messageId,
    meta: { lastUpdated: input.timestamp.toISOString() },
    type: 'message',
    timestamp: input.timestamp.toISOString(),
    entry: resources.map((resource): BundleEntry => ({ fullUrl: `${input.fhirBase}/${resource.resourceType}/${resource.id}`, resource })),
  };
}

export function messageReason(serviceRequest: Pick<ServiceRequest, 'status'>): MessageReason {
  return serviceRequest.status === 'revoked' ? 'update' : 'new';
}

export interface BarsHeaderInput {
  /** New for every request, a retry of the same request included (BaRS's duplicate check is on it). */
  requestId: string;
  /** The same for every message about one referral. */
  correlationId: string;
  /** The receiving service, as BaRS's directory identifies it. */
  target: Identifier;
  /** The organisation the message is sent for (the referring prison). */
  endUserOrganisation: Organization;
  softwareVersion: string;
}

/** BaRS's request headers; the structured ones are FHIR objects as base64 JSON, as the standard asks. */
export function barsHeaders(input: BarsHeaderInput): Record<string, string> {
  const software: Device = { resourceType: 'Device', deviceName: [{ name: 'Throughcare', type: 'manufacturer-name' }], version: [{ value: input.softwareVersion }] };
  const organisation: Organization = { resourceType: 'Organization', identifier: input.endUserOrganisation.identifier, name: input.endUserOrganisation.name };
  return {
    'Content-Type': FHIR_MEDIA_TYPE,
    'X-Request-Id': input.requestId,
    'X-Correlation-Id': input.correlationId,
    'NHSD-Target-Identifier': base64Json(input.target),
    'NHSD-End-User-Organisation': base64Json(organisation),
    'NHSD-Requesting-Software': base64Json(software),
  };
}

const base64Json = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64');
