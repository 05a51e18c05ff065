/**
 * The continuity-of-care measure and the handover-step report, end to end: pathways driven
 * on a seconds policy to engaged, not engaged, excluded and still open, in two areas served
 * only by organisations this suite creates, so its counts are exact whatever else runs.
 */
import { randomUUID } from 'node:crypto';
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { londonDateOf } from '@throughcare/domain';
import { dataSourceOptions } from '@throughcare/persistence';
import { HandoverStepSummary } from '../../apps/worker/src/maintenance/handover-step-summary';
import { inSharedSnapshot, ReportReader } from '../../apps/api/src/reports/report-query';
import { ApiClient, eventually, Json, sleep } from '../support/api-client';
import { FAST_POLICY } from '../support/fast-policy';
import { registration, startApi, startWorker, suiteConfig, tokenFor } from '../support/system';

/** The Wilson score interval, written out here apart from the product's own. */
function wilson(x: number, n: number): { lower: number; upper: number } {
  const z = 1.96;
  const p = x / n;
  const centre = p + (z * z) / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return { lower: (centre - spread) / (1 + (z * z) / n), upper: (centre + spread) / (1 + (z * z) / n) };
}

const suffix = String(Date.now() % 10_000_000).padStart(7, '0');
/** Two areas nobody else uses: A on a 20-second window, B on an hour's. */
const AREA_A = `E7${suffix}`;
const AREA_B = `E6${suffix}`;
const CTS = `CTS-R${suffix}`;
const PDU = `PDU-R${suffix}`;
const LA = `LA-R${suffix}`;

describe('the continuity-of-care and handover-step reports', () => {
  let api: INestApplication;
  let worker: INestApplicationContext;
  let db: DataSource;
  let prison: ApiClient;
  let community: ApiClient;
  let commissioner: ApiClient;
  let admin: ApiClient;
  let otherPrison: ApiClient;
  let probation: ApiClient;
  const releaseDays = new Set<string>();
  let engagedPathway: string;

  /** Expected a week ahead, so a pathway not yet released has its window ahead of it at any hour. */
  const register = async (area: string, onOst: boolean) => {
    const expected = londonDateOf(new Date(Date.now() + 7 * 86_400_000));
    releaseDays.add(expected);
    return prison.post(
      '/v1/releases',
      registration({ destinationArea: area, releaseDate: expected, releaseDateType: 'CONFIRMED', treatment: { substances: ['opiates'], onOst, consentToShare: true } }),
      201,
    );
  };
  const taskOf = async (id: string, type: string) => (await prison.get(`/v1/pathways/${id}`)).tasks.find((t: Json) => t.type === type);
  const release = (id: string) => {
    const today = londonDateOf(new Date());
    releaseDays.add(today);
    return prison.post(`/v1/pathways/${id}/released`, { releasedOn: today, kind: 'planned' });
  };

  /** Referred, accepted and booked for `appointmentAt`. */
  async function book(pathway: Json, appointmentAt: Date): Promise<void> {
    await prison.post(`/v1/tasks/${(await taskOf(pathway.id, 'referral')).id}/complete`, {});
    await community.post(`/v1/tasks/${(await taskOf(pathway.id, 'referral-acceptance')).id}/accept`, {});
    await community.post(`/v1/tasks/${(await taskOf(pathway.id, 'appointment-booking')).id}/complete`, { appointmentAt: appointmentAt.toISOString() });
  }

  async function engaged(onOst: boolean): Promise<string> {
    const pathway = await register(AREA_A, onOst);
    const appointmentAt = new Date(Date.now() + 4_000);
    await book(pathway, appointmentAt);
    await release(pathway.id);
    await sleep(appointmentAt.getTime() - Date.now() + 200);
    await community.post(`/v1/tasks/${(await taskOf(pathway.id, 'first-appointment')).id}/complete`, { attended: true });
    return pathway.id;
  }

  async function didNotAttend(onOst: boolean): Promise<string> {
    const pathway = await register(AREA_A, onOst);
    await book(pathway, new Date());
    await release(pathway.id);
    await community.post(`/v1/tasks/${(await taskOf(pathway.id, 'first-appointment')).id}/complete`, { attended: false });
    return pathway.id;
  }

  async function neverSeen(onOst: boolean): Promise<string> {
    const pathway = await register(AREA_A, onOst);
    await release(pathway.id);
    return pathway.id;
  }

  const outcomeOf = async (id: string) => (await prison.get(`/v1/pathways/${id}`)).outcome;
  const period = () => {
    const months = [...releaseDays].map((d) => d.slice(0, 7)).sort();
    return `from=${months[0]}&to=${months.at(-1)}`;
  };

  beforeAll(async () => {
    const config = suiteConfig();
    worker = await startWorker(config);
    ({ app: api } = await startApi(config));
    db = await new DataSource(dataSourceOptions(process.env.MIGRATION_DATABASE_URL!, { poolSize: 1 })).initialize();
    const as = async (org: string, role: string) => new ApiClient(api.getHttpServer(), await tokenFor(org, role));
    admin = await as('THC-OPS', 'admin');
    for (const [code, type] of [
      [CTS, 'community-treatment'],
      [PDU, 'probation'],
      [LA, 'commissioner'],
    ]) {
      await admin.post('/v1/organisations', { code, name: `Report test ${type}`, type, areas: [AREA_A, AREA_B] }, 201);
    }
    await admin.post('/v1/policies', { ...FAST_POLICY, id: 'e2e-report-window-20s', outcomeWindow: 'PT20S' }, 201);
    await admin.put(`/v1/areas/${AREA_A}/policy`, { policyId: 'e2e-report-window-20s' });
    await admin.post('/v1/policies', { ...FAST_POLICY, id: 'e2e-report-window-1h', outcomeWindow: 'PT1H' }, 201);
    await admin.put(`/v1/areas/${AREA_B}/policy`, { policyId: 'e2e-report-window-1h' });
    [prison, community, commissioner, otherPrison, probation] = await Promise.all([
      as('LEI', 'prison-healthcare'),
      as(CTS, 'community-treatment'),
      as(LA, 'commissioner'),
      as('BMI', 'prison-healthcare'),
      as(PDU, 'probation'),
    ]);

    // Area A: 3 engaged (2 on OST), 3 not engaged (1 on OST; 1 missed the first appointment),
    // 1 cancelled, 1 returned to custody (on OST). Area B: 1 released, its window still open.
    const cancelled = await register(AREA_A, false);
    await prison.post(`/v1/pathways/${cancelled.id}/cancel`, { reason: 'Registered in error' });
    const recalled = await register(AREA_A, true);
    await prison.post(`/v1/pathways/${recalled.id}/returned-to-custody`, { on: londonDateOf(new Date()), reason: 'Recalled' });
    const open = await register(AREA_B, false);
    await release(open.id);
    const ids = await Promise.all([engaged(true), engaged(true), engaged(false), didNotAttend(false), neverSeen(true), neverSeen(false)]);
    engagedPathway = ids[0];
    const expected = ['engaged', 'engaged', 'engaged', 'not-engaged', 'not-engaged', 'not-engaged'];
    await eventually('every window in area A closed', async () => (await Promise.all(ids.map(outcomeOf))).every((o, i) => o === expected[i]), 60_000);
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await db?.destroy();
  });

  it('counts released, engaged, not engaged, excluded and still open, with the rate and its Wilson interval', async () => {
    const report = await commissioner.get(`/v1/reports/continuity-of-care?${period()}&groupBy=area`);
    expect(report.definition).toMatch(/Numerator.*Denominator.*Exclusions.*C20/s);
    expect(report.nationalAmbition).toBe(0.75);
    const a = report.groups.find((g: Json) => g.group.area === AREA_A);
    expect(a.all).toMatchObject({
      people: 8,
      released: 6,
      engaged: 3,
      notEngaged: 3,
      excluded: { total: 2, returnedToCustody: 1, cancelled: 1 },
      stillOpen: 0,
      rate: 0.5,
      provisional: false,
      suppressed: false,
    });
    expect(a.all.interval.lower).toBeCloseTo(wilson(3, 6).lower, 3);
    expect(a.all.interval.upper).toBeCloseTo(wilson(3, 6).upper, 3);
    // On OST in area A: 2 engaged, 1 not, 1 returned to custody: four people, too few to show outside healthcare.
    expect(a.onOst).toMatchObject({ suppressed: true, people: null, rate: null });
    // Four first appointments recorded: too few to show outside healthcare, texted or not.
    expect(a.firstAppointment.notTexted).toEqual({ recorded: null, attended: null, rate: null, interval: null, suppressed: true });
    // Area B holds one person: suppressed for the commissioner.
    expect(report.groups.find((g: Json) => g.group.area === AREA_B).all).toMatchObject({ suppressed: true, people: null });
    expect(report.total.all).toMatchObject({ people: 9, released: 6, engaged: 3, stillOpen: 1, rate: 0.5, provisional: true });
  });

  it('shows healthcare every figure, small groups and the OST subgroup included', async () => {
    const report = await community.get(`/v1/reports/continuity-of-care?${period()}&groupBy=area`);
    const a = report.groups.find((g: Json) => g.group.area === AREA_A);
    expect(a.onOst).toMatchObject({ people: 4, released: 3, engaged: 2, notEngaged: 1, excluded: { total: 1, returnedToCustody: 1, cancelled: 0 }, suppressed: false });
    expect(a.onOst.rate).toBeCloseTo(2 / 3, 10);
    expect(a.onOst.interval.lower).toBeCloseTo(wilson(2, 3).lower, 3);
    expect(report.groups.find((g: Json) => g.group.area === AREA_B).all).toMatchObject({ people: 1, released: 0, stillOpen: 1, rate: null, interval: null, provisional: true });
    // No one here agreed to texts, so no text reached anyone: the four first appointments recorded (three attended) are all "not texted".
    expect(a.firstAppointment).toEqual({
      texted: { recorded: 0, attended: 0, rate: null, interval: null, suppressed: false },
      notTexted: { recorded: 4, attended: 3, rate: 0.75, interval: expect.any(Object), suppressed: false },
    });
    expect(a.firstAppointment.notTexted.interval.lower).toBeCloseTo(wilson(3, 4).lower, 3);
  });

  it('keeps each reader to their own pathways: the registering prison sees them, another prison and probation do not', async () => {
    const mine = await prison.get(`/v1/reports/continuity-of-care?${period()}&groupBy=area,community-treatment`);
    expect(mine.groups.filter((g: Json) => [AREA_A, AREA_B].includes(g.group.area)).map((g: Json) => [g.group.area, g.group.communityTreatment, g.all.people])).toEqual(
      [
        [AREA_A, CTS, 8],
        [AREA_B, CTS, 1],
      ].sort(),
    );
    const theirs = await otherPrison.get(`/v1/reports/continuity-of-care?${period()}&groupBy=area`);
    expect(theirs.groups.map((g: Json) => g.group.area)).not.toEqual(expect.arrayContaining([AREA_A]));
    await probation.get(`/v1/reports/continuity-of-care?${period()}`, 403);
    const byAdmin = await admin.get(`/v1/reports/continuity-of-care?${period()}&groupBy=area`);
    expect(byAdmin.groups.find((g: Json) => g.group.area === AREA_A).all).toMatchObject({ people: 8, engaged: 3 });
    expect(byAdmin.groups.find((g: Json) => g.group.area === AREA_B).all).toMatchObject({ suppressed: true });
  });

  it('groups by month, and the months add up to the total', async () => {
    const report = await community.get(`/v1/reports/continuity-of-care?${period()}&groupBy=month`);
    expect(report.groups.map((g: Json) => g.group.month)).toEqual([...new Set([...releaseDays].map((d) => d.slice(0, 7)))].sort());
    const sum = (key: string) => report.groups.reduce((n: number, g: Json) => n + g.all[key], 0);
    expect([sum('people'), sum('released'), sum('engaged'), sum('stillOpen')]).toEqual([9, 6, 3, 1]);
    expect(report.total.all).toMatchObject({ people: 9, released: 6, engaged: 3, stillOpen: 1 });
  });

  it('answers CSV with a header row that parses back to the JSON figures', async () => {
    const json = await community.get(`/v1/reports/continuity-of-care?${period()}&groupBy=area`);
    const res = await request(api.getHttpServer())
      .get(`/v1/reports/continuity-of-care?${period()}&groupBy=area`)
      .set('Authorization', `Bearer ${await tokenFor(CTS, 'community-treatment')}`)
      .set('Accept', 'text/csv')
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const rows: Array<Record<string, string>> = parse(res.text, { columns: true });
    expect(rows.map((r) => r.area)).toEqual(json.groups.map((g: Json) => g.group.area));
    for (const [i, row] of rows.entries()) {
      const figures = json.groups[i].all;
      expect(Number(row.people)).toBe(figures.people);
      expect(Number(row.engaged)).toBe(figures.engaged);
      expect(Number(row.excluded_returned_to_custody)).toBe(figures.excluded.returnedToCustody);
      expect(row.rate === '' ? null : Number(row.rate)).toBe(figures.rate);
      expect(row.ost_suppressed).toBe(String(json.groups[i].onOst.suppressed));
    }
  });

  it('reports each handover step: done on time, missed appointments, the notice to probation', async () => {
    const report = await community.get(`/v1/reports/handover-steps?${period()}&groupBy=step,organisation`);
    const step = (type: string) => report.groups.find((g: Json) => g.group.step === type && g.group.organisation === CTS);
    expect(step('first-appointment')).toMatchObject({ due: 4, onTime: 4, shareOnTime: 1, didNotAttend: 1, declined: 0, suppressed: false });
    expect(step('first-appointment').escalations.notice).toBe(1);
    expect(step('referral-acceptance')).toMatchObject({ due: 4, declined: 0 });
    expect(step('appointment-booking')).toMatchObject({ due: 4 });
    // No step in these scenarios runs late; one done late is written straight into the read model:
    // due on Friday 13 November 2026 at 17:00, done the Wednesday after, three working days late.
    await db.query(
      `UPDATE tasks SET state = 'done', completed_at = '2026-11-18T10:00:00Z', due_at = '2026-11-13T17:00:00Z' WHERE pathway_id = $1 AND type = 'assessment'`,
      [engagedPathway],
    );
    const withLate = await community.get(`/v1/reports/handover-steps?${period()}&groupBy=step,organisation`);
    expect(withLate.groups.find((g: Json) => g.group.step === 'assessment' && g.group.organisation === 'LEI')).toMatchObject({
      due: 1,
      onTime: 0,
      shareOnTime: 0,
      lateness: { medianWorkingDays: 3, p90WorkingDays: 3 },
    });
    const csv = await request(api.getHttpServer())
      .get(`/v1/reports/handover-steps?${period()}&groupBy=step,organisation`)
      .set('Authorization', `Bearer ${await tokenFor(CTS, 'community-treatment')}`)
      .set('Accept', 'text/csv')
      .expect(200);
    const rows: Array<Record<string, string>> = parse(csv.text, { columns: true });
    expect(rows.find((r) => r.step === 'first-appointment' && r.organisation === CTS)).toMatchObject({ due: '4', did_not_attend: '1', escalations_notice: '1' });
  });

  it('draws the monthly rate against the ambition as SVG, with its figures for screen readers', async () => {
    const res = await request(api.getHttpServer())
      .get(`/v1/reports/continuity-of-care.svg?${period()}`)
      .set('Authorization', `Bearer ${await tokenFor(CTS, 'community-treatment')}`)
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const svg = res.text ?? res.body.toString();
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toMatch(/<title id="chart-title">Continuity of care by month/);
    expect(svg).toContain('National ambition 75.0%');
  });

  it('draws each step’s share not done on time as SVG bars, worst first, with the figures for screen readers', async () => {
    const res = await request(api.getHttpServer())
      .get(`/v1/reports/handover-steps.svg?${period()}`)
      .set('Authorization', `Bearer ${await tokenFor(CTS, 'community-treatment')}`)
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const svg = res.text ?? res.body.toString();
    expect(svg).toMatch(/<title id="chart-title">Handover steps not done on time/);
    // The steps of this suite's pathways, all done on time but the assessment written late above.
    expect(svg).toMatch(/<desc id="chart-desc">assessment: 100\.0% of 1 not done on time;/);
  });

  it('gives an admin the same handover figures from the summary of closed pathways as computed live; the open one stays live', async () => {
    const summary = worker.get(HandoverStepSummary);
    const ours = (report: Json) => report.groups.filter((g: Json) => g.group.organisation === CTS || g.group.organisation === PDU);
    const groupings = ['step,organisation', 'organisation'];
    const adminReports = () => Promise.all(groupings.map((groupBy) => admin.get(`/v1/reports/handover-steps?${period()}&groupBy=${groupBy}`)));
    // Before the summary: nothing folded, every pathway computed live.
    await db.query(`DELETE FROM handover_summary_pathways`);
    await db.query(`DELETE FROM handover_step_summary`);
    const live = await adminReports();
    await summary.refresh();
    const pathways: Array<{ id: string; status: string; folded: boolean }> = await db.query(
      `SELECT p.id, p.status, f.pathway_id IS NOT NULL AS folded FROM pathways p LEFT JOIN handover_summary_pathways f ON f.pathway_id = p.id WHERE p.community_treatment_code = $1`,
      [CTS],
    );
    expect(pathways.filter((p) => p.status === 'closed').every((p) => p.folded)).toBe(true);
    expect(pathways.filter((p) => p.status !== 'closed')).toEqual([expect.objectContaining({ status: 'active', folded: false })]);
    const summarised = await adminReports();
    for (const [i, report] of summarised.entries()) expect(ours(report)).toEqual(ours(live[i]));
    // The service's own row holds enough to show, and matches what its team sees computed live.
    const byCommunity = await community.get(`/v1/reports/handover-steps?${period()}&groupBy=organisation`);
    const ctsRow = ours(summarised[1]).find((g: Json) => g.group.organisation === CTS);
    expect(ctsRow).toMatchObject({ suppressed: false, didNotAttend: 1, escalations: expect.objectContaining({ notice: 1 }) });
    expect(ctsRow).toEqual(byCommunity.groups.find((g: Json) => g.group.organisation === CTS));

    // A closed pathway written again (a new version) is folded again: its referral accepted three working days late.
    await db.query(
      `UPDATE tasks SET completed_at = '2026-11-18T10:00:00Z', due_at = '2026-11-13T17:00:00Z' WHERE pathway_id = $1 AND type = 'referral-acceptance'`,
      [engagedPathway],
    );
    await db.query(`UPDATE pathways SET version = version + 1 WHERE id = $1`, [engagedPathway]);
    expect(await summary.refresh()).toBeGreaterThanOrEqual(1);
    expect(await summary.refresh()).toBe(0);
    const refolded = (await admin.get(`/v1/reports/handover-steps?${period()}&groupBy=organisation`)).groups.find((g: Json) => g.group.organisation === CTS);
    expect(refolded).toMatchObject({ due: ctsRow.due, onTime: ctsRow.onTime - 1 });
    const liveNow = (await community.get(`/v1/reports/handover-steps?${period()}&groupBy=organisation`)).groups.find((g: Json) => g.group.organisation === CTS);
    expect(refolded).toEqual(liveNow);
  });

  it('reads a report’s parts side by side from one snapshot, or all on one connection when the pool has no other to lend', async () => {
    const pooled = api.get(DataSource);
    const marker = randomUUID();
    const count = async (reader: ReportReader) =>
      Number((await reader.query<{ n: string }>(`SELECT count(*) AS n FROM handover_summary_pathways WHERE pathway_id = $1`, [marker]))[0].n);
    // Each reader counts a row another connection writes once the snapshot is taken: none sees it.
    const readWhileWritten = (source: DataSource, writer: DataSource) =>
      inSharedSnapshot(source, 2, async ([first, second]) => {
        const before = await count(first);
        await writer.query(`INSERT INTO handover_summary_pathways (pathway_id, month, version) VALUES ($1, DATE '1999-01-01', 1)`, [marker]);
        try {
          return { before, first: await count(first), second: await count(second), sameConnection: first === second };
        } finally {
          await writer.query(`DELETE FROM handover_summary_pathways WHERE pathway_id = $1`, [marker]);
        }
      });
    expect(await readWhileWritten(pooled, db)).toEqual({ before: 0, first: 0, second: 0, sameConnection: false });
    // The suite's own data source has one connection, held by the first reader.
    expect(await readWhileWritten(db, pooled)).toEqual({ before: 0, first: 0, second: 0, sameConnection: true });
    expect(await count({ query: (sql, parameters) => db.query(sql, parameters), preferIndexLookups: async () => undefined })).toBe(0);
  });

  it('writes a code that starts like a formula as text in the CSV, and the figures as numbers', async () => {
    // Organisation codes may start with `-`; a spreadsheet would compute `-2-3` as -5.
    const formulaPrison = `-2-3-R${suffix}`;
    await admin.post('/v1/organisations', { code: formulaPrison, name: '=HYPERLINK("http://example.test","Click")', type: 'prison', areas: [AREA_B] }, 201);
    const expected = londonDateOf(new Date(Date.now() + 7 * 86_400_000));
    releaseDays.add(expected);
    const sender = new ApiClient(api.getHttpServer(), await tokenFor(formulaPrison, 'prison-healthcare'));
    await sender.post('/v1/releases', registration({ prisonCode: formulaPrison, destinationArea: AREA_B, releaseDate: expected, releaseDateType: 'CONFIRMED' }), 201);
    // The community treatment service the pathway was routed to sees every figure of its group.
    const json = await community.get(`/v1/reports/continuity-of-care?${period()}&groupBy=prison`);
    expect(json.groups.map((g: Json) => g.group.prison)).toContain(formulaPrison);
    const csv = await request(api.getHttpServer())
      .get(`/v1/reports/continuity-of-care?${period()}&groupBy=prison`)
      .set('Authorization', `Bearer ${await tokenFor(CTS, 'community-treatment')}`)
      .set('Accept', 'text/csv')
      .expect(200);
    const rows: Array<Record<string, string>> = parse(csv.text, { columns: true });
    const row = rows.find((r) => r.prison.endsWith(formulaPrison));
    expect(row?.prison).toBe(`'${formulaPrison}`);
    expect(rows.filter((r) => /^[=+\-@\t\r]/.test(r.prison))).toEqual([]);
    expect(row?.people).toBe('1');
    expect(row?.rate).toBe('');
  });

  it('refuses a bad period with a field error, and audits every report read', async () => {
    const bad = await commissioner.get('/v1/reports/continuity-of-care?from=2027-13&groupBy=month', 400);
    expect(bad.errors).toEqual([{ field: 'from', code: 'invalid-format', messages: [expect.stringContaining('YYYY-MM')] }]);
    await commissioner.get('/v1/reports/continuity-of-care?from=2027-05&to=2027-01', 400);
    await commissioner.get('/v1/reports/continuity-of-care?from=2010-01&to=2027-01', 400);
    await commissioner.get('/v1/reports/continuity-of-care?groupBy=person', 400);
    await commissioner.get(`/v1/reports/handover-steps?${period()}&groupBy=organisation`);
    const lines = await db.query(`SELECT action, target, status FROM audit_log WHERE actor_org = $1 AND action LIKE 'report.%' ORDER BY id`, [LA]);
    expect(lines).toEqual(
      expect.arrayContaining([
        { action: 'report.continuity-of-care', target: expect.stringMatching(/^report:continuity-of-care\?from=.*groupBy=area$/), status: 200 },
        { action: 'report.continuity-of-care', target: 'report:continuity-of-care?from=2027-13&to=&groupBy=month', status: 400 },
        { action: 'report.handover-steps', target: expect.stringMatching(/groupBy=organisation$/), status: 200 },
      ]),
    );
  });
});
