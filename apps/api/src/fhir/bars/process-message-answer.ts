/** Throughcare's answer to a message it processed: a `message` Bundle whose MessageHeader.response names the message answered, with the Task as it now stands. */
import type { Bundle, MessageHeader, Task } from '@medplum/fhirtypes';
import { BARS, reference, SERVICE_REQUEST_RESPONSE } from '@throughcare/fhir';

export interface AnswerInput {
  answerId: string;
  timestamp: Date;
  fhirBase: string;
  /** The MessageHeader id of the message answered. */
  answering: string;
  task: Task;
}

export function processMessageAnswer(input: AnswerInput): Bundle {
  const header: MessageHeader = {
    resourceType: 'MessageHeader',
    id: input.answerId,
    eventCoding: { system: BARS.events, code: SERVICE_REQUEST_RESPONSE },
    source: { name: 'Throughcare', software: 'Throughcare', endpoint: `${input.fhirBase}/$process-message` },
    response: { identifier: input.answering, code: 'ok' },
    focus: [reference('Task', input.task.id!)],
  };
  return {
    resourceType: 'Bundle',
    id: input.answerId,
    type: 'message',
    timestamp: input.timestamp.toISOString(),
    entry: [
      { fullUrl: `${input.fhirBase}/MessageHeader/${header.id}`, resource: header },
      { fullUrl: `${input.fhirBase}/Task/${input.task.id}`, resource: input.task },
    ],
  };
}
