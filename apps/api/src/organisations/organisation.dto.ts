import type { AuthenticatedUser } from '@throughcare/auth';
import { mayChangeProfile } from '@throughcare/access';
import { ArrayUnique, IsArray, IsIn, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { ORGANISATION_TYPES, OrganisationEntity } from '@throughcare/persistence';
import type { OrganisationType } from '@throughcare/persistence';
import { AREA_CODE } from '../common/validators';

export class UpdateOrganisationDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  /** Local authority areas served; routing follows them. @example ["E08000035"] */
  @IsArray()
  @ArrayUnique()
  @Matches(AREA_CODE, { each: true })
  areas: string[];
}

export class CreateOrganisationDto extends UpdateOrganisationDto {
  /** Prisons use their three-letter code. @example WYI */
  @Matches(/^[A-Z0-9-]{2,20}$/)
  code: string;

  @IsIn(ORGANISATION_TYPES)
  type: OrganisationType;
}

export class OrganisationResponseDto {
  code: string;
  name: string;
  type: string;
  areas: string[];
  /**
   * Whether the caller may set this organisation's public profile (`PUT
   * /v1/organisations/{code}/profile`): an admin, or the organisation's own organisation-admin.
   * A client offers the change from here and keeps no copy of the rule.
   */
  mayChangeProfile: boolean;
}

export function mapOrganisation(o: OrganisationEntity, user: AuthenticatedUser): OrganisationResponseDto {
  return { code: o.code, name: o.name, type: o.type, areas: o.areas, mayChangeProfile: mayChangeProfile(user, o.code) };
}
