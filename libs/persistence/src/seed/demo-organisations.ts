/**
 * Demo organisations for local use and tests: two of each type over distinct local
 * authority areas, so routing and scoping can be shown. Never run in production.
 */
import type { DataSource } from 'typeorm';
import { OrganisationEntity } from '../entities';

export const DEMO_AREAS = { leeds: 'E08000035', birmingham: 'E08000025', solihull: 'E08000029' } as const;

export const DEMO_ORGANISATIONS: Array<Pick<OrganisationEntity, 'code' | 'name' | 'type' | 'areas'>> = [
  { code: 'LEI', name: 'HMP Leeds', type: 'prison', areas: [DEMO_AREAS.leeds] },
  { code: 'BMI', name: 'HMP Birmingham', type: 'prison', areas: [DEMO_AREAS.birmingham] },
  { code: 'CTS-LDS', name: 'Forward Leeds', type: 'community-treatment', areas: [DEMO_AREAS.leeds] },
  { code: 'CTS-BHM', name: 'Change Grow Live Birmingham', type: 'community-treatment', areas: [DEMO_AREAS.birmingham, DEMO_AREAS.solihull] },
  { code: 'PDU-LDS', name: 'Leeds Probation Delivery Unit', type: 'probation', areas: [DEMO_AREAS.leeds] },
  { code: 'PDU-BHM', name: 'Birmingham Central Probation Delivery Unit', type: 'probation', areas: [DEMO_AREAS.birmingham, DEMO_AREAS.solihull] },
  { code: 'LA-LDS', name: 'Leeds City Council', type: 'commissioner', areas: [DEMO_AREAS.leeds] },
  { code: 'LA-BHM', name: 'Birmingham City Council', type: 'commissioner', areas: [DEMO_AREAS.birmingham, DEMO_AREAS.solihull] },
  { code: 'THC-OPS', name: 'Throughcare operations', type: 'operator', areas: [] },
];

/** A public profile as stored (organisation_profiles); the phone already in E.164. */
export interface DemoProfile {
  orgCode: string;
  displayName: string;
  address: { lines: string[]; town: string; postcode: string };
  phone: string;
  openingHours: string;
  whatToBring: string;
  sites: Array<{ code: string; name: string; address: { lines: string[]; town: string; postcode: string } }>;
}

/**
 * Realistic and clearly fictional: streets that are not there, and phone numbers from the
 * ranges Ofcom keeps for drama (0113 496 0xxx in Leeds, 0121 496 0xxx in Birmingham).
 */
export const DEMO_PROFILES: DemoProfile[] = [
  {
    orgCode: 'CTS-LDS',
    displayName: 'Forward Leeds',
    address: { lines: ['Forward Leeds Hub', '12 Example Lane'], town: 'Leeds', postcode: 'LS2 7ZZ' },
    phone: '+441134960123',
    openingHours: 'Monday to Friday, 9am to 5pm. Thursday until 7pm.',
    whatToBring: 'This letter, any medicine you have been given, and something with your name on it if you have one.',
    sites: [{ code: 'harehills', name: 'Forward Leeds Harehills', address: { lines: ['3 Sample Road'], town: 'Leeds', postcode: 'LS8 5ZZ' } }],
  },
  {
    orgCode: 'CTS-BHM',
    displayName: 'Change Grow Live Birmingham',
    address: { lines: ['Digbeth Community Hub', '40 Imaginary Street'], town: 'Birmingham', postcode: 'B5 4ZZ' },
    phone: '+441214960456',
    openingHours: 'Monday to Friday, 9am to 5pm.',
    whatToBring: 'This letter and any medicine you have been given.',
    sites: [{ code: 'solihull', name: 'Change Grow Live Solihull', address: { lines: ['7 Pretend Place'], town: 'Solihull', postcode: 'B91 9ZZ' } }],
  },
  {
    orgCode: 'LEI',
    displayName: 'Healthcare team at HMP Leeds',
    address: { lines: ['HMP Leeds', '2 Example Street'], town: 'Leeds', postcode: 'LS12 9ZZ' },
    phone: '+441134960789',
    openingHours: 'Every day, 8am to 6pm.',
    whatToBring: '',
    sites: [],
  },
  {
    orgCode: 'BMI',
    displayName: 'Healthcare team at HMP Birmingham',
    address: { lines: ['HMP Birmingham', '9 Sample Street'], town: 'Birmingham', postcode: 'B18 9ZZ' },
    phone: '+441214960789',
    openingHours: 'Every day, 8am to 6pm.',
    whatToBring: '',
    sites: [],
  },
  {
    orgCode: 'PDU-LDS',
    displayName: 'Leeds Probation Office',
    address: { lines: ['5 Pretend Row'], town: 'Leeds', postcode: 'LS1 9ZZ' },
    phone: '+441134960321',
    openingHours: 'Monday to Friday, 9am to 5pm.',
    whatToBring: 'Something with your name on it if you have one.',
    sites: [],
  },
  {
    orgCode: 'PDU-BHM',
    displayName: 'Birmingham Probation Office',
    address: { lines: ['18 Example Square'], town: 'Birmingham', postcode: 'B3 9ZZ' },
    phone: '+441214960321',
    openingHours: 'Monday to Friday, 9am to 5pm.',
    whatToBring: 'Something with your name on it if you have one.',
    sites: [],
  },
];

/** Idempotent: an organisation (or profile) already present is left as it is. */
export async function seedDemoOrganisations(dataSource: DataSource): Promise<void> {
  await dataSource
    .createQueryBuilder()
    .insert()
    .into(OrganisationEntity)
    .values(DEMO_ORGANISATIONS)
    .orIgnore()
    .execute();
  for (const p of DEMO_PROFILES) {
    await dataSource.query(
      `INSERT INTO organisation_profiles (org_code, display_name, address, phone, opening_hours, what_to_bring, sites, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'system:demo-seed') ON CONFLICT (org_code) DO NOTHING`,
      [p.orgCode, p.displayName, JSON.stringify(p.address), p.phone, p.openingHours, p.whatToBring || null, JSON.stringify(p.sites)],
    );
  }
}
