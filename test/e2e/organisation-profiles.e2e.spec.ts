/**
 * Organisations' public profiles (issue 26): set by an admin or the organisation's own
 * organisation-admin, validated (UK phone numbers by libphonenumber-js, postcodes), stored in
 * one spelling, read by anyone signed in, every change audited.
 */
import { ApiClient, Json } from '../support/api-client';
import { startSuite, Suite } from '../support/suite';
import { suiteConfig } from '../support/system';

const PROFILE = {
  displayName: 'Example Recovery Service',
  address: { lines: ['Example House', '1 Example Lane'], town: 'Leeds', postcode: 'ls2  7zz' },
  phone: '(0113) 496-0999',
  openingHours: 'Monday to Friday, 9am to 5pm',
  whatToBring: 'This letter.',
  sites: [{ code: 'north', name: 'Example North', address: { lines: ['2 Sample Road'], town: 'Leeds', postcode: 'LS8 5ZZ' } }],
};

describe('organisation public profiles', () => {
  let suite: Suite;
  let admin: ApiClient;
  let ownAdmin: ApiClient;
  let otherAdmin: ApiClient;
  let ownTeam: ApiClient;
  let probation: ApiClient;
  // An organisation of this suite's own, so no other suite's profile changes under it.
  const code = `CTS-P${Date.now() % 100_000}`;

  beforeAll(async () => {
    suite = await startSuite(suiteConfig());
    const as = suite.as;
    [admin, ownAdmin, otherAdmin, ownTeam, probation] = await Promise.all([
      as('THC-OPS', 'admin'),
      as(code, 'organisation-admin'),
      as('CTS-LDS', 'organisation-admin'),
      as(code, 'community-treatment'),
      as('PDU-LDS', 'probation'),
    ]);
    await admin.post('/v1/organisations', { code, name: 'Example Recovery Service Ltd', type: 'community-treatment', areas: [] }, 201);
  });

  afterAll(() => suite?.close());

  it('stores the phone in E.164 and the postcode in its usual spelling, and anyone signed in reads it', async () => {
    const saved = await admin.put(`/v1/organisations/${code}/profile`, PROFILE);
    expect(saved).toMatchObject({
      organisation: code,
      displayName: 'Example Recovery Service',
      phone: '+441134960999',
      phoneInWords: '0113 496 0999',
      address: { lines: ['Example House', '1 Example Lane'], town: 'Leeds', postcode: 'LS2 7ZZ' },
      sites: [{ code: 'north', name: 'Example North', address: { postcode: 'LS8 5ZZ' } }],
    });
    expect(await probation.get(`/v1/organisations/${code}/profile`)).toEqual(saved);
  });

  it("lets the organisation's own organisation-admin change it, and no one else but an admin", async () => {
    expect(await ownAdmin.put(`/v1/organisations/${code}/profile`, { ...PROFILE, displayName: 'Example Recovery' })).toMatchObject({ displayName: 'Example Recovery' });
    for (const caller of [otherAdmin, ownTeam, probation]) {
      const refused: Json = await caller.put(`/v1/organisations/${code}/profile`, PROFILE, 403);
      expect(refused).toMatchObject({ status: 403, type: expect.stringMatching(/forbidden$/) });
    }
    const [row] = await suite.db.query(`SELECT display_name, updated_by FROM organisation_profiles WHERE org_code = $1`, [code]);
    expect(row).toEqual({ display_name: 'Example Recovery', updated_by: `${code.toLowerCase()}-tester` });
  });

  it('refuses a number that is not a UK one, a postcode that is not one and a site listed twice, with problem+json', async () => {
    const fields = async (body: object) => ((await admin.put(`/v1/organisations/${code}/profile`, body, 400)).errors as Json[]).map((e) => e.field);
    expect(await fields({ ...PROFILE, phone: '01632 960001' })).toEqual(['phone']); // Ofcom's drama range outside any numbering plan
    expect(await fields({ ...PROFILE, phone: '+33 1 23 45 67 89' })).toEqual(['phone']);
    expect(await fields({ ...PROFILE, address: { ...PROFILE.address, postcode: 'LS2 ZZZ7' } })).toEqual(['address.postcode']);
    expect(await fields({ ...PROFILE, sites: [PROFILE.sites[0], PROFILE.sites[0]] })).toEqual(['sites']);
    expect(await fields({ ...PROFILE, sites: [{ ...PROFILE.sites[0], code: 'main' }] })).toEqual(['sites.0.code']);
    await admin.get('/v1/organisations/NO-SUCH-ORG/profile', 404);
  });

  it('audits every change, allowed or refused', async () => {
    const lines: Json[] = await suite.db.query(`SELECT actor_org, status FROM audit_log WHERE action = 'organisation.profile.update' AND target = $1 ORDER BY id`, [`organisation:${code}`]);
    expect(lines).toEqual(expect.arrayContaining([{ actor_org: 'THC-OPS', status: 200 }, { actor_org: code, status: 200 }, { actor_org: 'CTS-LDS', status: 403 }]));
  });

  it('gives the demo services realistic, clearly fictional profiles', async () => {
    const forward = await probation.get('/v1/organisations/CTS-LDS/profile');
    expect(forward).toMatchObject({ displayName: 'Forward Leeds', phoneInWords: expect.stringMatching(/^0113 496 0\d{3}$/), sites: [expect.objectContaining({ code: 'harehills' })] });
  });
});
