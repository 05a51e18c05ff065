import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { loadConfig } from '@throughcare/config';

const PLACES = 'prison_code, registering_prison_code, community_treatment_code, probation_code, commissioner_code, destination_area';

/**
 * The escalation list finds a caller's page by each escalation's copy of its pathway's places
 * (migration 1766793600000): the copy must equal the pathway's however they change. Each case
 * runs in a transaction rolled back after it.
 */
describe("an escalation's copy of its pathway's places", () => {
  let db: Client;
  let pathwayId: string;

  beforeAll(async () => {
    db = new Client({ connectionString: loadConfig().DATABASE_URL });
    await db.connect();
  });
  afterAll(() => db?.end());

  beforeEach(async () => {
    await db.query('BEGIN');
    const [person] = (await db.query(`INSERT INTO persons (prison_number) VALUES ($1) RETURNING id`, [`P${randomUUID().slice(0, 6)}`])).rows;
    pathwayId = randomUUID();
    await db.query(
      `INSERT INTO pathways (id, person_id, status, workflow_id, prison_code, registering_prison_code, destination_area,
                             community_treatment_code, probation_code, commissioner_code, release_date, release_date_type, release_day,
                             substances, on_ost, consent_to_share, policy_id, policy_version, registered_by, registered_at)
       VALUES ($1, $2, 'active', $3, 'LEI', 'LEI', 'E08000035', 'CTS-LDS', 'PDU-LDS', 'LA-LDS', '2027-03-12', 'CRD', '2027-03-12',
               '{opiates}', true, true, 'england-default', 1, 'tester', now())`,
      [pathwayId, person.id, `pathway-${pathwayId}`],
    );
  });
  afterEach(() => db.query('ROLLBACK'));

  const escalation = (level: string) =>
    `INSERT INTO escalations (key, pathway_id, level, raised_at, due_at, reason, notify, notified_orgs)
     VALUES ('${pathwayId}:${level}', '${pathwayId}', '${level}', now(), now(), 'test', '[]', '{}')`;
  const copies = async () => (await db.query(`SELECT key, ${PLACES} FROM escalations WHERE pathway_id = $1 ORDER BY key`, [pathwayId])).rows;
  const places = async () => (await db.query(`SELECT ${PLACES} FROM pathways WHERE id = $1`, [pathwayId])).rows[0];

  it('takes the places from the pathway when the escalation is stored', async () => {
    await db.query(escalation('L1'));
    expect(await copies()).toEqual([{ key: `${pathwayId}:L1`, ...(await places()) }]);
  });

  it('follows every place of the pathway when it changes (a transfer, a re-referral, any other)', async () => {
    await db.query(escalation('L1'));
    await db.query(escalation('L2'));
    await db.query(
      `UPDATE pathways SET prison_code = 'BMI', registering_prison_code = 'BMI', community_treatment_code = 'CTS-BHM', probation_code = 'PDU-BHM',
                           commissioner_code = 'LA-BHM', destination_area = 'E08000025' WHERE id = $1`,
      [pathwayId],
    );
    const now = await places();
    expect(now.prison_code).toBe('BMI');
    expect(await copies()).toEqual([
      { key: `${pathwayId}:L1`, ...now },
      { key: `${pathwayId}:L2`, ...now },
    ]);
  });

  it('holds the new places when one statement moves the pathway and stores an escalation, as the workflow’s snapshot write does', async () => {
    await db.query(escalation('L1'));
    await db.query(`WITH moved AS (UPDATE pathways SET prison_code = 'BMI', community_treatment_code = 'CTS-BHM' WHERE id = $1), raised AS (${escalation('L2')}) SELECT 1`, [pathwayId]);
    const now = await places();
    expect(now).toMatchObject({ prison_code: 'BMI', community_treatment_code: 'CTS-BHM' });
    expect(await copies()).toEqual([
      { key: `${pathwayId}:L1`, ...now },
      { key: `${pathwayId}:L2`, ...now },
    ]);
  });
});
