/**
 * Organisations' public profiles: anyone signed in reads one (it is what people are told);
 * an admin, or the organisation's own organisation-admin, sets it (access/permissions.ts).
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '@throughcare/auth';
import { notFound, validationProblem } from '@throughcare/problem';
import { requireProfileEditor } from '@throughcare/access';
import { AddressDto, ProfileResponseDto, PutProfileDto } from './profile.dto';
import { normalisePostcode, readProfile } from './profiles';
import { normaliseUkPhone } from './uk-phone';

const address = (a: AddressDto) => ({ lines: a.lines.map((l) => l.trim()), town: a.town.trim(), postcode: normalisePostcode(a.postcode) });

@Injectable()
export class ProfileService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async get(code: string): Promise<ProfileResponseDto> {
    const profile = await readProfile(this.dataSource, code);
    if (!profile) throw notFound(`The profile of organisation ${code}`);
    return profile;
  }

  async put(user: AuthenticatedUser, code: string, dto: PutProfileDto): Promise<ProfileResponseDto> {
    requireProfileEditor(user, code);
    const sites = (dto.sites ?? []).map((s) => ({ code: s.code, name: s.name.trim(), address: address(s.address) }));
    const codes = sites.map((s) => s.code);
    if (new Set(codes).size !== codes.length) throw validationProblem([{ field: 'sites', messages: ['each site code may be listed once'] }]);
    return this.dataSource.transaction(async (tx) => {
      const [found] = await tx.query(`SELECT 1 FROM organisations WHERE code = $1`, [code]);
      if (!found) throw notFound(`Organisation ${code}`);
      await tx.query(
        `INSERT INTO organisation_profiles (org_code, display_name, address, phone, opening_hours, what_to_bring, sites, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (org_code) DO UPDATE SET display_name = EXCLUDED.display_name, address = EXCLUDED.address, phone = EXCLUDED.phone,
           opening_hours = EXCLUDED.opening_hours, what_to_bring = EXCLUDED.what_to_bring, sites = EXCLUDED.sites,
           updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [
          code,
          dto.displayName.trim(),
          JSON.stringify(address(dto.address)),
          normaliseUkPhone(dto.phone),
          dto.openingHours?.trim() || null,
          dto.whatToBring?.trim() || null,
          JSON.stringify(sites),
          user.sub,
        ],
      );
      return (await readProfile(tx, code))!;
    });
  }
}
