/**
 * The URIs Throughcare's FHIR resources name: its own identifier systems and code systems
 * (stable, documented in docs/design.md, "FHIR R4 API"), and the NHS ones it uses.
 */
import type { Appointment, Organization, Patient, Reference, ServiceRequest, Task } from '@medplum/fhirtypes';

export const FHIR_MEDIA_TYPE = 'application/fhir+json';

const THROUGHCARE_FHIR = 'https://throughcare.dev/fhir';

export const SYSTEMS = {
  nhsNumber: 'https://fhir.nhs.uk/Id/nhs-number',
  /** The prison number (NOMIS offender number) as the prison registered it. */
  prisonNumber: `${THROUGHCARE_FHIR}/Id/prison-number`,
  /** Throughcare's organisation codes (prisons' three-letter codes, CTS-LDS, PDU-LDS…). */
  organisationCode: `${THROUGHCARE_FHIR}/Id/organisation-code`,
  /** The handover step a Task is (CodeSystem served at /fhir/R4/CodeSystem/task-type). */
  taskType: `${THROUGHCARE_FHIR}/CodeSystem/task-type`,
  /** A Task's escalation level, as its businessStatus. */
  escalationLevel: `${THROUGHCARE_FHIR}/CodeSystem/escalation-level`,
  /** The organisation types, as Organization.type. */
  organisationType: `${THROUGHCARE_FHIR}/CodeSystem/organisation-type`,
} as const;

interface Referable {
  Task: Task;
  ServiceRequest: ServiceRequest;
  Patient: Patient;
  Organization: Organization;
  Appointment: Appointment;
}

/** A literal reference, typed as the resource it points at. */
export const reference = <T extends keyof Referable>(type: T, id: string): Reference<Referable[T]> => ({ reference: `${type}/${id}` });
