/**
 * A national-scale read model seeded directly in SQL, for the benchmarks that read it: 30
 * prisons and 30 areas (each with its community treatment service, probation unit and
 * commissioner), pathways whose days of release spread over the past two and a half years
 * and the next two months, ten tasks each, with realistic spreads of outcomes, lateness,
 * declines, missed appointments and escalations, and optionally the audit log such a system
 * would have written (the reads and actions of each pathway's organisations over its life).
 * Deterministic for a given size.
 */
import pg from 'pg';
import { waitFor } from '../../scripts/lib/processes.mts';

export interface SeedSize {
  pathways: number;
  /** Lines of audit log spread over the pathways (none unless asked: only the reads benchmark reads them). */
  auditRows?: number;
}

export const AREAS = 30;

/** The code of organisation kind `kind` for area or prison number n (1-based). */
export const orgCode = (kind: 'P' | 'CTS' | 'PDU' | 'LA', n: number) => `${kind}${kind === 'P' ? '' : '-'}B${String(n).padStart(2, '0')}`;
export const areaCode = (n: number) => `E09${String(n).padStart(6, '0')}`;

/** Each step: its owner, and its deadline in days from the day of release at 17:00 London. */
const STEPS: Array<[string, 'prison' | 'community-treatment' | 'probation', number]> = [
  ['assessment', 'prison', -28],
  ['referral', 'prison', -21],
  ['referral-acceptance', 'community-treatment', -19],
  ['gp-registration', 'prison', -14],
  ['probation-acknowledgement', 'probation', -7],
  ['appointment-booking', 'community-treatment', -3],
  ['ost-bridging', 'prison', -3],
  ['naloxone', 'prison', 0],
  ['release-confirmation', 'prison', 1],
  ['first-appointment', 'community-treatment', 5],
];

export async function seedAtScale(ownerUrl: string, { pathways, auditRows = 0 }: SeedSize): Promise<{ seconds: number; tasks: number; auditRows: number }> {
  const started = performance.now();
  const db = new pg.Client({ connectionString: ownerUrl });
  await db.connect();
  try {
    await db.query(`SET synchronous_commit = off`);
    await db.query(
      `INSERT INTO organisations (code, name, type, areas)
       SELECT code, name, type, areas FROM (
         SELECT 'PB' || lpad(n::text, 2, '0') AS code, 'Bench prison ' || n AS name, 'prison' AS type, '{}'::text[] AS areas FROM generate_series(1, $1) n
         UNION ALL SELECT 'CTS-B' || lpad(n::text, 2, '0'), 'Bench service ' || n, 'community-treatment', ARRAY['E09' || lpad(n::text, 6, '0')] FROM generate_series(1, $1) n
         UNION ALL SELECT 'PDU-B' || lpad(n::text, 2, '0'), 'Bench probation ' || n, 'probation', ARRAY['E09' || lpad(n::text, 6, '0')] FROM generate_series(1, $1) n
         UNION ALL SELECT 'LA-B' || lpad(n::text, 2, '0'), 'Bench commissioner ' || n, 'commissioner', ARRAY['E09' || lpad(n::text, 6, '0')] FROM generate_series(1, $1) n
       ) o ON CONFLICT (code) DO NOTHING`,
      [AREAS],
    );
    // Hashes of the index give stable, well-spread "random" numbers in [0, 1).
    await db.query(`CREATE OR REPLACE FUNCTION pg_temp.r(salt text, i int) RETURNS float8 LANGUAGE sql IMMUTABLE AS
      $$ SELECT ('x' || substr(md5(salt || i::text), 1, 8))::bit(32)::bigint / 4294967296.0 $$`);
    // Stable ids shaped as version-4 UUIDs, which the API's routes insist on.
    await db.query(`CREATE OR REPLACE FUNCTION pg_temp.uid(seed text) RETURNS uuid LANGUAGE sql IMMUTABLE AS
      $$ SELECT overlay(overlay(md5(seed) PLACING '4' FROM 13) PLACING '8' FROM 17)::uuid $$`);
    await db.query(`INSERT INTO persons (id, prison_number) SELECT pg_temp.uid('person' || g), 'S' || lpad(g::text, 7, '0') FROM generate_series(1, $1) g`, [pathways]);
    // Days of release from about 30 months ago to 2 months ahead; outcomes once 21 days have passed.
    await db.query(
      `INSERT INTO pathways (id, person_id, status, workflow_id, prison_code, registering_prison_code, destination_area,
                             community_treatment_code, probation_code, commissioner_code, release_date, release_date_type,
                             expected_release_date, released_on, release_day, substances, on_ost, consent_to_share, policy_id, policy_version,
                             registered_by, registered_at, outcome, outcome_at, version)
       SELECT pg_temp.uid('pathway' || g), pg_temp.uid('person' || g),
              CASE WHEN d.day < current_date - 21 THEN 'closed' ELSE 'active' END,
              'bench-' || g, 'PB' || lpad(pr::text, 2, '0'), 'PB' || lpad(pr::text, 2, '0'), 'E09' || lpad(ar::text, 6, '0'),
              'CTS-B' || lpad(ar::text, 2, '0'), 'PDU-B' || lpad(ar::text, 2, '0'), 'LA-B' || lpad(ar::text, 2, '0'),
              d.day, 'CRD', d.day, CASE WHEN d.day <= current_date THEN d.day END, d.day,
              ARRAY['opiates'], pg_temp.r('ost', g) < 0.45, pg_temp.r('consent', g) < 0.8, 'england-default', 1,
              'bench', d.day - 90,
              CASE WHEN d.day >= current_date - 21 THEN NULL
                   WHEN pg_temp.r('outcome', g) < 0.55 THEN 'engaged'
                   WHEN pg_temp.r('outcome', g) < 0.90 THEN 'not-engaged'
                   ELSE 'excluded' END,
              CASE WHEN d.day < current_date - 21 THEN d.day + 21 END, 1
         FROM generate_series(1, $1) g,
              LATERAL (SELECT 1 + floor(pg_temp.r('prison', g) * $2)::int AS pr, 1 + floor(pg_temp.r('area', g) * $2)::int AS ar) o,
              LATERAL (SELECT current_date - 900 + floor(pg_temp.r('day', g) * 960)::int AS day) d`,
      [pathways, AREAS],
    );
    await db.query(`INSERT INTO pathway_people (pathway_id, prison_number, given_name, family_name, date_of_birth)
                    SELECT p.id, s.prison_number, 'Bench', 'Person', DATE '1980-01-01' FROM pathways p JOIN persons s ON s.id = p.person_id WHERE p.workflow_id LIKE 'bench-%'`);
    await db.query(`INSERT INTO pathway_events (pathway_id, seq, type, at, details)
                    SELECT id, 1, CASE WHEN pg_temp.r('exclusion', hashtext(id::text)) < 0.7 THEN 'returned-to-custody' ELSE 'cancelled' END, outcome_at, '{}'
                      FROM pathways WHERE outcome = 'excluded' AND workflow_id LIKE 'bench-%'`);
    const steps = STEPS.map(([type, owner, days], i) => `(${i}, '${type}', '${owner}', ${days})`).join(', ');
    // Past deadlines are mostly done, 15% late by up to a week; one in twelve referrals declined,
    // one in seven first appointments missed.
    const { rowCount } = await db.query(
      `INSERT INTO tasks (id, pathway_id, type, owner_type, owner_code, state, critical, due_at, completed_at, completed_by, outcome, version, issued_at)
       SELECT pg_temp.uid(p.id::text || s.type), p.id, s.type, s.owner,
              CASE s.owner WHEN 'prison' THEN p.prison_code WHEN 'probation' THEN p.probation_code ELSE p.community_treatment_code END,
              t.state, s.type = 'ost-bridging', t.due_at,
              CASE WHEN t.state = 'done' THEN t.due_at + make_interval(hours => t.shift) END,
              CASE WHEN t.state = 'done' THEN 'bench' END,
              CASE WHEN t.state <> 'done' THEN NULL
                   WHEN s.type = 'referral-acceptance' AND t.x < 0.08 THEN 'declined'
                   WHEN s.type = 'referral-acceptance' THEN 'accepted'
                   WHEN s.type = 'first-appointment' AND t.x < 0.14 THEN 'did-not-attend'
                   WHEN s.type = 'first-appointment' THEN 'attended'
                   ELSE 'completed' END,
              1, p.registered_at
         FROM pathways p
         CROSS JOIN (VALUES ${steps}) AS s (n, type, owner, days)
         CROSS JOIN LATERAL (
           SELECT ((p.release_date + s.days)::timestamp + time '17:00') AT TIME ZONE 'Europe/London' AS due_at,
                  pg_temp.r(s.type, hashtext(p.id::text)) AS x) d
         CROSS JOIN LATERAL (
           SELECT d.due_at, d.x,
                  CASE WHEN p.outcome = 'excluded' AND d.due_at > p.outcome_at THEN 'cancelled'
                       WHEN d.due_at < now() - interval '7 days' OR (d.due_at < now() AND d.x < 0.6) THEN 'done'
                       ELSE 'open' END AS state,
                  CASE WHEN d.x < 0.15 THEN 1 + floor(d.x / 0.15 * 160)::int ELSE -1 - floor(d.x * 48)::int END AS shift) t
        WHERE p.workflow_id LIKE 'bench-%' AND (s.type <> 'ost-bridging' OR p.on_ost)`,
    );
    await db.query(
      `INSERT INTO escalations (key, pathway_id, task_id, level, raised_at, due_at, reason, notify, notified_orgs)
       SELECT t.id || ':' || l.level, t.pathway_id, t.id, l.level, t.due_at + l.after, t.due_at + l.after, 'bench', '[]', ARRAY[t.owner_code]
         FROM tasks t
         CROSS JOIN (VALUES ('L1', interval '0'), ('L2', interval '1 day')) AS l (level, after)
        WHERE t.completed_by = 'bench' AND t.completed_at > t.due_at + l.after`,
    );
    // Tasks still open past their deadline have been escalated too, as the ladder would have.
    await db.query(
      `INSERT INTO escalations (key, pathway_id, task_id, level, raised_at, due_at, reason, notify, notified_orgs)
       SELECT t.id || ':' || l.level, t.pathway_id, t.id, l.level, t.due_at + l.after, t.due_at + l.after, 'bench', '[]', ARRAY[t.owner_code]
         FROM tasks t JOIN pathways p ON p.id = t.pathway_id
         CROSS JOIN (VALUES ('L1', interval '0'), ('L2', interval '1 day')) AS l (level, after)
        WHERE p.workflow_id LIKE 'bench-%' AND t.state = 'open' AND t.due_at + l.after < now()`,
    );
    const audited = auditRows > 0 ? await seedAuditLog(db, pathways, auditRows) : 0;
    // As a database that has lived with these rows would be: vacuumed (hint bits and visibility
    // map set, so the timed reads write nothing back) and checkpointed (the seed's pages written
    // out before the timing, not during it).
    await db.query(`VACUUM (ANALYZE)`);
    await db.query(`CHECKPOINT`).catch(() => undefined); // only a superuser may; without, the write-back is left to the checkpointer
    return { seconds: (performance.now() - started) / 1000, tasks: rowCount ?? 0, auditRows: audited };
  } finally {
    await db.end();
  }
}

/**
 * The audit log as the API writes it (libs/audit): one line per pathway or task shown or acted
 * on, by a member of one of the pathway's organisations, at a moment of the pathway's life
 * (registration to three weeks after its outcome, or now). Mostly reads, as in practice.
 */
async function seedAuditLog(db: pg.Client, pathways: number, rows: number): Promise<number> {
  const types = STEPS.map(([type]) => `'${type}'`).join(', ');
  const { rowCount } = await db.query(
    `INSERT INTO audit_log (at, actor_sub, actor_org, actor_roles, action, pathway_id, task_id, status, correlation_id)
     SELECT least(now(), p.registered_at + (coalesce(p.outcome_at + interval '21 days', now()) - p.registered_at) * pg_temp.r('audit-at', g)),
            'bench-user-' || floor(pg_temp.r('audit-user', g) * 8)::int,
            CASE a.role WHEN 'prison-healthcare' THEN p.prison_code WHEN 'community-treatment' THEN p.community_treatment_code
                        WHEN 'probation' THEN p.probation_code ELSE p.commissioner_code END,
            ARRAY[a.role], a.action, p.id,
            CASE WHEN a.action LIKE 'task.%' OR a.action = 'escalation.list'
                 THEN pg_temp.uid(p.id::text || (ARRAY[${types}])[1 + floor(pg_temp.r('audit-task', g) * ${STEPS.length})::int]) END,
            CASE WHEN pg_temp.r('audit-status', g) < 0.01 THEN 404 ELSE 200 END,
            md5('audit' || g)
       FROM generate_series(1, $1) g
       JOIN pathways p ON p.id = pg_temp.uid('pathway' || (1 + floor(pg_temp.r('audit-pathway', g) * $2)::int))
       CROSS JOIN LATERAL (
         SELECT (ARRAY['prison-healthcare', 'prison-healthcare', 'prison-healthcare', 'community-treatment', 'community-treatment',
                       'community-treatment', 'probation', 'probation', 'commissioner'])[1 + floor(pg_temp.r('audit-role', g) * 9)::int] AS role,
                (ARRAY['pathway.read', 'pathway.read', 'pathway.read', 'task.list', 'task.list', 'task.list', 'pathway.list',
                       'pathway.list', 'escalation.list', 'task.read', 'task.complete', 'task.accept'])[1 + floor(pg_temp.r('audit-action', g) * 12)::int] AS action) a`,
    [rows, pathways],
  );
  return rowCount ?? 0;
}

/**
 * Waits until the API has folded the seeded closed pathways into the handover-step summary
 * (a running system folds each within a minute of closing), so that background work is not in
 * the figures of what is timed next.
 */
export async function summaryFolded(db: pg.Client): Promise<void> {
  await waitFor(
    'the handover-step summary',
    async () => {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM pathways p WHERE p.status = 'closed' AND NOT EXISTS (SELECT 1 FROM handover_summary_pathways f WHERE f.pathway_id = p.id)`);
      return rows[0].n === 0;
    },
    300_000,
  );
}
