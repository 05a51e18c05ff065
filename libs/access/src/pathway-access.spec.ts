/**
 * The SQL filter and the in-memory view are both built from ACCESS_RULES; this checks they
 * agree, by running the SQL in the real PostgreSQL (over temporary tables that shadow
 * `pathways` and `organisations` for this session only) on one pathway per relation, for
 * every role alone and for a caller holding all of them.
 */
import { loadConfig } from '@throughcare/config';
import { AuthenticatedUser, Role, ROLES } from '@throughcare/auth';
import { Client } from 'pg';
import { ACCESS_RULES, mayHaveView, recordViewFor, recordViewOf, recordViewSql, visibleBranchesSql, visibleSql } from './pathway-access';
import type { RecordView } from './record-view';

const ORG = 'ORG-1';
const AREAS = ['AREA-1'];

/** One pathway per way it can relate to the caller's organisation, each with no other tie. */
const RELATIONS = {
  'holding prison': { prison_code: ORG },
  'registering prison': { registering_prison_code: ORG },
  'holding and registering prison': { prison_code: ORG, registering_prison_code: ORG },
  'community treatment service': { community_treatment_code: ORG },
  'probation unit, no consent': { probation_code: ORG },
  'probation unit, consent': { probation_code: ORG, consent_to_share: true },
  commissioner: { commissioner_code: ORG },
  "commissioner's area": { destination_area: 'AREA-1' },
  'prison and probation unit': { prison_code: ORG, probation_code: ORG },
  'probation unit and commissioner': { probation_code: ORG, commissioner_code: ORG, consent_to_share: true },
  none: {},
} as const;

interface Row {
  prison_code: string;
  registering_prison_code: string;
  community_treatment_code: string;
  probation_code: string;
  commissioner_code: string;
  destination_area: string;
  consent_to_share: boolean;
}

const rowFor = (relation: keyof typeof RELATIONS): Row => ({
  prison_code: 'OTHER',
  registering_prison_code: 'OTHER',
  community_treatment_code: 'OTHER',
  probation_code: 'OTHER',
  commissioner_code: 'OTHER',
  destination_area: 'AREA-2',
  consent_to_share: false,
  ...RELATIONS[relation],
});

const entityOf = (row: Row) => ({
  prisonCode: row.prison_code,
  registeringPrisonCode: row.registering_prison_code,
  communityTreatmentCode: row.community_treatment_code,
  probationCode: row.probation_code,
  commissionerCode: row.commissioner_code,
  destinationArea: row.destination_area,
  consentToShare: row.consent_to_share,
});

const userWith = (roles: Role[]): AuthenticatedUser => ({ sub: 'someone', name: 'Someone', org: ORG, roles });

const CALLERS: Array<[string, AuthenticatedUser]> = [...ROLES.map((role): [string, AuthenticatedUser] => [role, userWith([role])]), ['every role', userWith([...ROLES])]];

describe('pathway access: SQL and in-memory views agree', () => {
  let db: Client;
  beforeAll(async () => {
    db = new Client({ connectionString: loadConfig().DATABASE_URL });
    await db.connect();
    await db.query(`CREATE TEMPORARY TABLE organisations (code text, type text, areas text[])`);
    await db.query(`INSERT INTO pg_temp.organisations VALUES ($1, 'commissioner', $2)`, [ORG, AREAS]);
    await db.query(`CREATE TEMPORARY TABLE pathways (relation text, prison_code text, registering_prison_code text, community_treatment_code text,
      probation_code text, commissioner_code text, destination_area text, consent_to_share boolean)`);
    for (const relation of Object.keys(RELATIONS) as Array<keyof typeof RELATIONS>) {
      const r = rowFor(relation);
      await db.query(`INSERT INTO pg_temp.pathways VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
        relation, r.prison_code, r.registering_prison_code, r.community_treatment_code, r.probation_code, r.commissioner_code, r.destination_area, r.consent_to_share,
      ]);
    }
  });
  afterAll(() => db?.end());

  /** The SQL's answer for every relation: the view, or null where the caller does not reach it. */
  async function sqlViews(user: AuthenticatedUser): Promise<Record<string, string | null>> {
    const sql = `SELECT $1::text AS org, p.relation, ${visibleSql('p', user)} AS visible, ${recordViewSql('p', user)} AS view FROM pathways p`.replace(/:org\b/g, '$1');
    // The org is selected too, so the caller with no rule still binds its one parameter.
    const { rows } = await db.query<{ relation: string; visible: boolean; view: string | null }>(sql, [user.org]);
    // The filter and the view's CASE must agree too: visible exactly when there is a view.
    for (const row of rows) expect({ relation: row.relation, visible: row.visible }).toEqual({ relation: row.relation, visible: row.view !== null });
    return Object.fromEntries(rows.map((row) => [row.relation, row.view]));
  }

  it.each(CALLERS)('gives a %s the same view of each pathway in SQL and in memory', async (_, user) => {
    const inSql = await sqlViews(user);
    const inMemory = Object.fromEntries(Object.keys(RELATIONS).map((relation) => [relation, recordViewOf(user, entityOf(rowFor(relation as keyof typeof RELATIONS)), AREAS)]));
    expect(inMemory).toEqual(inSql);
    // Every view the caller can be given is one the caller may have (lists skip tests for views nobody calling can have).
    for (const view of Object.values(inSql)) if (view !== null) expect({ view, possible: mayHaveView(user, view as RecordView) }).toEqual({ view, possible: true });
    // Once a pathway is known to be visible (found through the SQL filter), the view needs no areas.
    for (const [relation, view] of Object.entries(inSql)) {
      if (view !== null) expect({ relation, view: recordViewFor(user, entityOf(rowFor(relation as keyof typeof RELATIONS))) }).toEqual({ relation, view });
    }
  });

  it.each([...CALLERS, ['prison, community treatment and probation', userWith(['prison-healthcare', 'community-treatment', 'probation'])] as const])('splits what a %s reaches into branches a list reads apart, each pathway in exactly one', async (_, user) => {
    const branches = visibleBranchesSql('p', user);
    const counts = branches.map((branch) => `(${branch})::int`).join(' + ');
    const sql = `SELECT $1::text AS org, p.relation, ${visibleSql('p', user)} AS visible, ${counts} AS branches FROM pathways p`.replace(/:org\b/g, '$1');
    const { rows } = await db.query<{ relation: string; visible: boolean; branches: number }>(sql, [user.org]);
    for (const row of rows) expect({ relation: row.relation, branches: row.branches }).toEqual({ relation: row.relation, branches: row.visible ? 1 : 0 });
  });

  it('reads a prison\'s pathways in two branches: those it holds, and those it registered and no longer holds', () => {
    expect(visibleBranchesSql('p', userWith(['prison-healthcare']))).toEqual([
      'p.prison_code = :org',
      'p.registering_prison_code = :org AND p.registering_prison_code IS DISTINCT FROM p.prison_code',
    ]);
    expect(visibleBranchesSql('p', userWith(['probation']))).toEqual([visibleSql('p', userWith(['probation']))]);
  });

  it('reaches each pathway only through the role that holds the place, never through the code alone', async () => {
    const reached = await sqlViews(userWith(['probation']));
    expect(reached).toEqual({
      'holding prison': null,
      'registering prison': null,
      'holding and registering prison': null,
      'community treatment service': null,
      'probation unit, no consent': 'probation',
      'probation unit, consent': 'probation-with-consent',
      commissioner: null,
      "commissioner's area": null,
      'prison and probation unit': 'probation',
      'probation unit and commissioner': 'probation-with-consent',
      none: null,
    });
  });

  it('lets an admin reach no pathway through this table (admins read all pathways only where a service says so)', async () => {
    expect(Object.values(await sqlViews(userWith(['admin'])))).toEqual(Object.keys(RELATIONS).map(() => null));
  });

  it('has one rule per role that reaches pathways', () => {
    expect(ACCESS_RULES.map((rule) => rule.role).sort()).toEqual(ROLES.filter((role) => role !== 'admin' && role !== 'organisation-admin').sort());
  });
});
