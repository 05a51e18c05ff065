/**
 * The person as registered on one pathway, as a FHIR Patient (its id is the pathway's: what a
 * prison registered belongs to that pathway). Only views that see who the person is get one.
 */
import type { Patient } from '@medplum/fhirtypes';
import type { PathwayEntity } from '@throughcare/persistence';
import { SYSTEMS } from './fhir-systems';
import { versionMeta } from './version-meta';

export function fhirPatient(pathway: PathwayEntity): Patient {
  const person = pathway.person!;
  return {
    resourceType: 'Patient',
    id: pathway.id,
    meta: versionMeta(pathway.version, pathway.updatedAt),
    identifier: [
      ...(person.nhsNumber ? [{ system: SYSTEMS.nhsNumber, value: person.nhsNumber }] : []),
      { system: SYSTEMS.prisonNumber, value: person.prisonNumber },
    ],
    name: [{ use: 'official', family: person.familyName, given: [person.givenName] }],
    birthDate: person.dateOfBirth,
  };
}
