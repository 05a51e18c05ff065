/** An organisation's public profile: what the person leaving prison is told about a service. */
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsNotEmpty, IsOptional, IsPostalCode, IsString, Matches, MaxLength, NotEquals, ValidateNested } from 'class-validator';
import { IsUkPhoneNumber } from './uk-phone';

export class AddressDto {
  /** The lines before the town. @example ["Forward Leeds Hub", "12 Example Lane"] */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(100, { each: true })
  lines: string[];

  /** @example Leeds */
  @IsString()
  @IsNotEmpty()
  @MaxLength(60)
  town: string;

  /** A UK postcode, in any usual spelling; stored in capitals with one space. @example LS2 7ZZ */
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : value))
  @IsPostalCode('GB')
  postcode: string;
}

export class SiteDto {
  /** Chosen by the organisation, to name the site when booking; `main` is the profile's own address. @example harehills */
  @Matches(/^[a-z0-9][a-z0-9-]{0,39}$/)
  @NotEquals('main')
  code: string;

  /** @example Forward Leeds Harehills */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ValidateNested()
  @Type(() => AddressDto)
  address: AddressDto;
}

export class PutProfileDto {
  /** The name people know the organisation by, which may differ from its official name. @example Forward Leeds */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  displayName: string;

  /** The main site: where an appointment is when no other place is named. */
  @ValidateNested()
  @Type(() => AddressDto)
  address: AddressDto;

  /** A UK number in any usual spelling; stored in E.164. @example 0113 496 0123 */
  @IsUkPhoneNumber()
  phone: string;

  /** In plain words. @example Monday to Friday, 9am to 5pm */
  @IsOptional()
  @IsString()
  @MaxLength(300)
  openingHours?: string;

  /** A short note for the person. @example This letter and any medicine you have been given. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  whatToBring?: string;

  /** The other places the organisation sees people; the whole list (sites left out are removed). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => SiteDto)
  sites?: SiteDto[];
}

export class AddressResponseDto {
  lines: string[];
  town: string;
  /** @example LS2 7ZZ */
  postcode: string;
}

export class SiteResponseDto {
  code: string;
  name: string;
  address: AddressResponseDto;
}

export class ProfileResponseDto {
  /** @example CTS-LDS */
  organisation: string;
  displayName: string;
  address: AddressResponseDto;
  /** E.164. @example +441134960123 */
  phone: string;
  /** As people dial it in the UK. @example 0113 496 0123 */
  phoneInWords: string;
  openingHours: string | null;
  whatToBring: string | null;
  sites: SiteResponseDto[];
  updatedAt: string;
}
