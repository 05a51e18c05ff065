/** What this server does, exactly: GET /fhir/R4/metadata. Kept beside the routes it describes. */
import type { CapabilityStatement, CapabilityStatementRestResource } from '@medplum/fhirtypes';
import { SYSTEMS } from '@throughcare/fhir';
import { TASK_INCLUDES } from './task-search';

const read = (type: CapabilityStatementRestResource['type'], documentation: string, more: Partial<CapabilityStatementRestResource> = {}): CapabilityStatementRestResource => ({
  type,
  documentation,
  versioning: 'versioned',
  readHistory: false,
  updateCreate: false,
  conditionalCreate: false,
  conditionalUpdate: false,
  conditionalDelete: 'not-supported',
  ...more,
  interaction: [{ code: 'read' }, ...(more.interaction ?? [])],
});

export function capabilityStatement(date: string): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date,
    publisher: 'Throughcare',
    kind: 'instance',
    software: { name: 'Throughcare' },
    implementation: { description: 'Throughcare: the handover of care for people leaving prison with a drug or alcohol treatment need' },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    patchFormat: ['application/json-patch+json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'The same bearer tokens, access rules, minimisation and audit as /v1. Errors are OperationOutcome. Unknown search parameters are ignored, or refused with Prefer: handling=strict. ' +
          'Changes map onto the handover actions: If-Match with W/"{meta.versionId}" refuses a change to a stale version (412).',
        security: { cors: false, description: 'OAuth 2 bearer tokens (JWT) naming the organisation and roles, as for /v1' },
        resource: [
          read('Task', 'One per handover step. PATCH (JSON Patch on status, statusReason) or PUT to accept, decline (statusReason.text) or complete.', {
            interaction: [{ code: 'search-type' }, { code: 'patch' }, { code: 'update' }],
            searchInclude: [...TASK_INCLUDES],
            searchParam: [
              { name: 'owner', type: 'reference', documentation: 'Organization/{code}: the organisation that owns the step' },
              { name: 'status', type: 'token', documentation: 'requested (waiting to be accepted), ready, accepted, rejected, completed, cancelled' },
              { name: 'code', type: 'token', documentation: `A task type of ${SYSTEMS.taskType}` },
              { name: 'patient', type: 'reference', documentation: 'Patient/{id}' },
              { name: '_lastUpdated', type: 'date', documentation: 'gt or lt only' },
              { name: '_count', type: 'number', documentation: 'Page size, 1 to 100 (default 20)' },
              { name: '_sort', type: 'string', documentation: 'Only -_lastUpdated, the default' },
            ],
          }),
          read('ServiceRequest', 'The referral to the community treatment service; its id is the pathway id.'),
          read('Appointment', 'The first community appointment; its id is the booking step\'s. POST with basedOn the ServiceRequest to book it; PUT with status fulfilled or noshow to record attendance.', {
            interaction: [{ code: 'create' }, { code: 'update' }],
          }),
          read('Patient', 'The person as registered on one pathway (its id is the pathway id), minimised as /v1 minimises them; never for commissioners.'),
          read('Organization', 'Each organisation, by its code.'),
          read('CodeSystem', `Only ${SYSTEMS.taskType} (CodeSystem/task-type).`),
        ],
        operation: [
          {
            name: 'process-message',
            definition: 'http://hl7.org/fhir/OperationDefinition/MessageHeader-process-message',
            documentation:
              'BaRS: a servicerequest-response message Bundle answering a referral (ServiceRequest status active: accepted; revoked: declined, the reason in note[0].text), ' +
              'or a booking-request whose MessageHeader focuses the Appointment booked (as POST Appointment takes it: basedOn the ServiceRequest, start with offset). ' +
              'Idempotent on MessageHeader.id: a repeat gets the first answer; a different message with that id is refused (409, REC_CONFLICT).',
          },
        ],
      },
    ],
  };
}
