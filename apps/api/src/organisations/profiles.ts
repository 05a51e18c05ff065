/**
 * Reading organisations' public profiles (organisation_profiles), for the profile endpoints,
 * the booking's place and the plan a person takes with them. Plain SQL over a DataSource or a
 * transaction's manager.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { EntityManager } from 'typeorm';
import type { AddressResponseDto, ProfileResponseDto } from './profile.dto';

interface ProfileRow {
  org_code: string;
  display_name: string;
  address: AddressResponseDto;
  phone: string;
  opening_hours: string | null;
  what_to_bring: string | null;
  sites: ProfileResponseDto['sites'];
  updated_at: Date;
}

type Queryable = Pick<EntityManager, 'query'>;

/** The profiles of these organisations, by code; an organisation without one is absent. */
export async function readProfiles(db: Queryable, codes: readonly string[]): Promise<Map<string, ProfileResponseDto>> {
  const rows: ProfileRow[] = await db.query(`SELECT * FROM organisation_profiles WHERE org_code = ANY ($1::text[])`, [codes]);
  return new Map(rows.map((row) => [row.org_code, mapProfile(row)]));
}

export async function readProfile(db: Queryable, code: string): Promise<ProfileResponseDto | undefined> {
  return (await readProfiles(db, [code])).get(code);
}

/** An address on one line, as a place's details carry it: "12 Example Lane, Leeds LS2 7ZZ". */
export function addressLine(address: AddressResponseDto): string {
  return [...address.lines, `${address.town} ${address.postcode}`].join(', ');
}

/** A UK postcode in its usual spelling: capitals, one space before the last three characters. */
export function normalisePostcode(postcode: string): string {
  const compact = postcode.replace(/\s+/g, '').toUpperCase();
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}

/** As people dial it in the UK: "0113 496 0123". */
export function phoneInWords(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatNational() ?? e164;
}

function mapProfile(row: ProfileRow): ProfileResponseDto {
  return {
    organisation: row.org_code,
    displayName: row.display_name,
    address: row.address,
    phone: row.phone,
    phoneInWords: phoneInWords(row.phone),
    openingHours: row.opening_hours,
    whatToBring: row.what_to_bring,
    sites: row.sites,
    updatedAt: row.updated_at.toISOString(),
  };
}
