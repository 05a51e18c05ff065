/**
 * Throughcare's answer to a message it processed: a `message` Bundle whose MessageHeader.response
 * names the message answered, with what it changed as it now stands (the Task answered, or the
 * Appointment booked, under `booking-response`).
 */
import type { Appointment, Bundle, MessageHeader, Task } from '@medplum/fhirtypes';
import { BARS, BOOKING_REQUEST, BOOKING_RESPONSE, SERVICE_REQUEST_RESPONSE } from '@throughcare/fhir';

export interface AnswerInput {
  answerId: string;
  timestamp: Date;
  fhirBase: string;
  /** The message answered: its MessageHeader id and event. */
  answering: { messageId: string; event: string };
  resource: Task | Appointment;
}

export function processMessageAnswer(input: AnswerInput): Bundle {
  const header: MessageHeader = {
    resourceType: 'MessageHeader',
    id: input.answerId,
    eventCoding: { system: BARS.events, code: input.answering.event === BOOKING_REQUEST ? BOOKING_RESPONSE : SERVICE_REQUEST_RESPONSE },
    source: { name: 'Throughcare', software: 'Throughcare', endpoint: `${input.fhirBase}/$process-message` },
    response: { identifier: input.answering.messageId, code: 'ok' },
    focus: [{ reference: `${input.resource.resourceType}/${input.resource.id}` }],
  };
  return {
    resourceType: 'Bundle',
    id: input.answerId,
    type: 'message',
    timestamp: input.timestamp.toISOString(),
    entry: [
      { fullUrl: `${input.fhirBase}/MessageHeader/${header.id}`, resource: header },
      { fullUrl: `${input.fhirBase}/${input.resource.resourceType}/${input.resource.id}`, resource: input.resource },
    ],
  };
}
