/** The registration body (docs/design.md §6), validated before anything is written. */
import { Transform, Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { canonicalNhsNumber, PRISON_NUMBER_PATTERN, RELEASE_DATE_TYPES } from '@throughcare/domain';
import type { ReleaseDateType } from '@throughcare/domain';
import { AREA_CODE, IsCalendarDate, IsNhsNumber, IsOstWithOpiates, IsPersonName } from '../common/validators';

export const SUBSTANCES = ['opiates', 'non-opiates', 'alcohol'] as const;
export type Substance = (typeof SUBSTANCES)[number];

export class TreatmentDto {
  /** Substances the person is in treatment for: at least one. */
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(SUBSTANCES, { each: true })
  substances: Substance[];

  /** On opioid substitution therapy at release; true only with `opiates` among the substances (field error code `ost-without-opiates`). */
  @IsBoolean()
  @IsOstWithOpiates()
  onOst: boolean;

  /** The person consents to their treatment details being shared with probation. */
  @IsBoolean()
  consentToShare: boolean;
}

export class RegisterReleaseDto {
  /** @example A1234BC */
  @Matches(PRISON_NUMBER_PATTERN, { message: 'prisonNumber must be a prison number such as A1234BC' })
  prisonNumber: string;

  /** At least one letter. @example Sam */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  @IsPersonName()
  givenName: string;

  /** At least one letter. @example Example */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  @IsPersonName()
  familyName: string;

  /** Of someone 18 to 120 years old today. @example 1985-04-12 */
  @IsCalendarDate({ range: 'dateOfBirth' })
  dateOfBirth: string;

  /** Ten digits with a valid check digit (3-3-4 with single spaces is stored as the ten digits). @example '9434765919' */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? canonicalNhsNumber(value) : value))
  @IsNhsNumber()
  nhsNumber?: string;

  /** @example LEI */
  @Matches(/^[A-Z0-9-]{2,20}$/)
  prisonCode: string;

  /** The release date the prison gives: from eight weeks ago to three years ahead. @example 2027-03-12 */
  @IsCalendarDate({ range: 'release' })
  releaseDate: string;

  @IsIn(RELEASE_DATE_TYPES)
  releaseDateType: ReleaseDateType;

  /** Local authority code of the area the person is released to. @example E08000035 */
  @Matches(AREA_CODE, { message: 'destinationArea must be a local authority code such as E08000035' })
  destinationArea: string;

  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => TreatmentDto)
  treatment: TreatmentDto;

  /** Overrides routing by area. */
  @IsOptional()
  @Matches(/^[A-Z0-9-]{2,20}$/)
  communityTreatmentCode?: string;

  @IsOptional()
  @Matches(/^[A-Z0-9-]{2,20}$/)
  probationCode?: string;

  @IsOptional()
  @Matches(/^[A-Z0-9-]{2,20}$/)
  commissionerCode?: string;
}
