/**
 * Demo organisations for local use and tests: two of each type over distinct local
 * authority areas, so routing and scoping can be shown. Never run in production.
 */
import type { DataSource } from 'typeorm';
import { OrganisationEntity } from '../entities';

export const DEMO_AREAS = { leeds: 'E08000035', birmingham: 'E08000025', bradford: 'E08000032' } as const;

export const DEMO_ORGANISATIONS: Array<Pick<OrganisationEntity, 'code' | 'name' | 'type' | 'areas'>> = [
  { code: 'LEI', name: 'HMP Leeds', type: 'prison', areas: [DEMO_AREAS.leeds] },
  { code: 'BMI', name: 'HMP Birmingham', type: 'prison', areas: [DEMO_AREAS.birmingham] },
  { code: 'CTS-LDS', name: 'Forward Leeds', type: 'community-treatment', areas: [DEMO_AREAS.leeds] },
  { code: 'CTS-BHM', name: 'Change Grow Live Birmingham', type: 'community-treatment', areas: [DEMO_AREAS.birmingham, DEMO_AREAS.bradford] },
  { code: 'PDU-LDS', name: 'Leeds Probation Delivery Unit', type: 'probation', areas: [DEMO_AREAS.leeds] },
  { code: 'PDU-BHM', name: 'Birmingham Central Probation Delivery Unit', type: 'probation', areas: [DEMO_AREAS.birmingham, DEMO_AREAS.bradford] },
  { code: 'LA-LDS', name: 'Leeds City Council', type: 'commissioner', areas: [DEMO_AREAS.leeds] },
  { code: 'LA-BHM', name: 'Birmingham City Council', type: 'commissioner', areas: [DEMO_AREAS.birmingham, DEMO_AREAS.bradford] },
  { code: 'THC-OPS', name: 'Throughcare operations', type: 'operator', areas: [] },
];

/** Idempotent: an organisation already present is left as it is. */
export async function seedDemoOrganisations(dataSource: DataSource): Promise<void> {
  await dataSource
    .createQueryBuilder()
    .insert()
    .into(OrganisationEntity)
    .values(DEMO_ORGANISATIONS)
    .orIgnore()
    .execute();
}
