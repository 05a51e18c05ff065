/** An organisation as a FHIR Organization, by its code (which every token may read, as /v1/organisations). */
import type { Organization } from '@medplum/fhirtypes';
import type { OrganisationEntity } from '@throughcare/persistence';
import { SYSTEMS } from './fhir-systems';

const TYPE_DISPLAY: Record<OrganisationEntity['type'], string> = {
  prison: 'Prison healthcare',
  probation: 'Probation delivery unit',
  'community-treatment': 'Community drug and alcohol treatment service',
  commissioner: 'Commissioner (local authority)',
  operator: 'Throughcare operator',
};

export function fhirOrganization(organisation: OrganisationEntity): Organization {
  return {
    resourceType: 'Organization',
    id: organisation.code,
    identifier: [{ system: SYSTEMS.organisationCode, value: organisation.code }],
    active: true,
    type: [{ coding: [{ system: SYSTEMS.organisationType, code: organisation.type, display: TYPE_DISPLAY[organisation.type] }] }],
    name: organisation.name,
  };
}
