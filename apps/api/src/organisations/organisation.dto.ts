import { OrganisationEntity } from '@throughcare/persistence';

export class OrganisationResponseDto {
  code: string;
  name: string;
  type: string;
  areas: string[];
}

export function mapOrganisation(o: OrganisationEntity): OrganisationResponseDto {
  return { code: o.code, name: o.name, type: o.type, areas: o.areas };
}
