/**
 * Data protection: every read and change of a person's record is in an append-only audit
 * log, readable by the commissioner and admins; security headers; rate limiting.
 */
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@throughcare/persistence';
import { ApiClient, Json } from '../support/api-client';
import { MaintenanceActivitiesService } from '../../apps/worker/src/maintenance/maintenance.activities';
import { londonDaysAhead } from '../support/dates';
import { registration, startApi, startWorker, suiteConfig, tokenFor } from '../support/system';

describe('the audit trail and the API’s protections', () => {
  let api: INestApplication;
  let worker: INestApplicationContext;
  let db: DataSource;
  let prison: ApiClient;
  let otherPrison: ApiClient;
  let commissioner: ApiClient;
  let admin: ApiClient;
  let probation: ApiClient;

  beforeAll(async () => {
    const config = suiteConfig();
    worker = await startWorker(config);
    ({ app: api } = await startApi(config));
    // As the schema's owner: the audit log must refuse changes whoever asks.
    db = await new DataSource(dataSourceOptions(process.env.MIGRATION_DATABASE_URL!, { poolSize: 1 })).initialize();
    const as = async (org: string, role: string) => new ApiClient(api.getHttpServer(), await tokenFor(org, role));
    [prison, otherPrison, commissioner, admin, probation] = await Promise.all([
      as('LEI', 'prison-healthcare'),
      as('BMI', 'prison-healthcare'),
      as('LA-LDS', 'commissioner'),
      as('THC-OPS', 'admin'),
      as('PDU-LDS', 'probation'),
    ]);
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await db?.destroy();
  });

  it('records who registered, read, changed and tried to read a pathway, with the correlation id', async () => {
    const pathway = await prison.post('/v1/releases', registration(), 201);
    const token = await tokenFor('CTS-LDS', 'community-treatment');
    const read = await request(api.getHttpServer())
      .get(`/v1/pathways/${pathway.id}`)
      .set('Authorization', `Bearer ${token}`)
      .set('X-Correlation-Id', 'corr-audit-1')
      .expect(200);
    expect(read.headers['x-correlation-id']).toBe('corr-audit-1');
    const referral = pathway.tasks.find((t: Json) => t.type === 'referral');
    await prison.post(`/v1/tasks/${referral.id}/complete`, {});
    await otherPrison.get(`/v1/pathways/${pathway.id}`, 404);

    // Other suites' worklist reads may show this pathway too: this checks the record's own reads and changes.
    const trail = (await commissioner.get(`/v1/pathways/${pathway.id}/audit`)).filter((e: Json) => !e.action.endsWith('.list'));
    expect(trail.map((e: Json) => [e.action, e.actor.org, e.status])).toEqual([
      ['pathway.register', 'LEI', 201],
      ['pathway.read', 'CTS-LDS', 200],
      ['task.complete', 'LEI', 200],
      ['pathway.read', 'BMI', 404],
    ]);
    expect(trail[1]).toMatchObject({ correlationId: 'corr-audit-1', actor: { sub: 'cts-lds-tester', roles: ['community-treatment'] } });
    expect(trail[2].taskId).toBe(referral.id);

    // Reading the trail is itself recorded.
    const again = await admin.get(`/v1/pathways/${pathway.id}/audit`);
    expect(again.at(-1)).toMatchObject({ action: 'pathway.audit-read', actor: { org: 'LA-LDS' }, status: 200 });

    // The same id follows a change through the workflow to the timeline its activity writes.
    const moved = await request(api.getHttpServer())
      .post(`/v1/pathways/${pathway.id}/release-date`)
      .set('Authorization', `Bearer ${await tokenFor('LEI', 'prison-healthcare')}`)
      .set('X-Correlation-Id', 'corr-audit-2')
      .send({ releaseDate: londonDaysAhead(150), releaseDateType: 'CRD', reason: 'Recalculated' })
      .expect(200);
    expect(moved.body.timeline.find((e: Json) => e.type === 'release-date-changed')).toMatchObject({ correlationId: 'corr-audit-2' });
    expect(moved.body.timeline.find((e: Json) => e.type === 'registered').correlationId).toEqual(expect.any(String));
  });

  it('records worklist and escalation reads line by line, and changes to organisations and policies', async () => {
    const pathway = await prison.post('/v1/releases', registration(), 201);
    const page = await prison.get(`/v1/tasks?pathwayId=${pathway.id}`);
    await commissioner.get(`/v1/escalations?pathwayId=${pathway.id}`);
    const lines: Json[] = await db.query(`SELECT action, actor_org, task_id, target FROM audit_log WHERE pathway_id = $1 AND action = 'task.list'`, [pathway.id]);
    expect(lines.map((l) => l.task_id).sort()).toEqual(page.items.map((t: Json) => t.id).sort());

    await admin.put('/v1/organisations/THC-OPS', { name: 'Throughcare operations', areas: [] });
    await prison.put('/v1/organisations/THC-OPS', { name: 'Taken over', areas: [] }, 403);
    await admin.put('/v1/areas/E99999997/policy', { policyId: 'england-default' });
    const changes: Json[] = await db.query(
      `SELECT action, actor_org, status FROM audit_log WHERE target IN ('organisation:THC-OPS', 'area:E99999997') AND at > now() - interval '1 minute' ORDER BY id`,
    );
    expect(changes).toEqual(
      expect.arrayContaining([
        { action: 'organisation.update', actor_org: 'THC-OPS', status: 200 },
        { action: 'organisation.update', actor_org: 'LEI', status: 403 },
        { action: 'area.set-policy', actor_org: 'THC-OPS', status: 200 },
      ]),
    );
  });

  it('shows each pathway the person as registered on it: another prison’s registration never rewrites it', async () => {
    const leeds = registration({ givenName: 'Sam', familyName: 'Example', nhsNumber: '9434765919' });
    const first = await prison.post('/v1/releases', leeds, 201);
    await prison.post(`/v1/pathways/${first.id}/cancel`, { reason: 'Registered in error' });
    const bmiToken = await tokenFor('BMI', 'prison-healthcare');
    const second = await new ApiClient(api.getHttpServer(), bmiToken).post(
      '/v1/releases',
      { ...leeds, prisonCode: 'BMI', destinationArea: 'E08000025', givenName: 'Samantha', familyName: 'Other', dateOfBirth: '1979-02-03', nhsNumber: undefined },
      201,
    );
    expect(second.person).toMatchObject({ givenName: 'Samantha', familyName: 'Other', dateOfBirth: '1979-02-03', nhsNumber: null });
    expect((await prison.get(`/v1/pathways/${first.id}`)).person).toEqual({
      prisonNumber: leeds.prisonNumber,
      givenName: 'Sam',
      familyName: 'Example',
      dateOfBirth: '1985-04-12',
      nhsNumber: '9434765919',
    });
  });

  it('corrects the person on one pathway only, as an audited change by the holding prison', async () => {
    const pathway = await prison.post('/v1/releases', registration(), 201);
    await otherPrison.put(`/v1/pathways/${pathway.id}/person`, { givenName: 'Sammy', familyName: 'Example', dateOfBirth: '1985-04-12' }, 404);
    await probation.put(`/v1/pathways/${pathway.id}/person`, { givenName: 'Sammy', familyName: 'Example', dateOfBirth: '1985-04-12' }, 403);
    const corrected = await prison.put(`/v1/pathways/${pathway.id}/person`, { givenName: 'Samuel', familyName: 'Example', dateOfBirth: '1985-04-21', nhsNumber: '9434765919' });
    expect(corrected.person).toMatchObject({ givenName: 'Samuel', dateOfBirth: '1985-04-21' });
    const trail = await commissioner.get(`/v1/pathways/${pathway.id}/audit`);
    expect(trail.filter((e: Json) => e.action === 'pathway.person-corrected').map((e: Json) => [e.actor.org, e.status])).toEqual([
      ['BMI', 404],
      ['PDU-LDS', 403],
      ['LEI', 200],
    ]);
  });

  it('records a retry answered from the first answer, as a call like any other', async () => {
    const pathway = await prison.post('/v1/releases', registration(), 201);
    await prison.post(`/v1/pathways/${pathway.id}/cancel`, { reason: 'Registered in error' }, 200, `cancel-${pathway.id}`);
    await prison.post(`/v1/pathways/${pathway.id}/cancel`, { reason: 'Registered in error' }, 200, `cancel-${pathway.id}`);
    const trail = await commissioner.get(`/v1/pathways/${pathway.id}/audit`);
    expect(trail.filter((e: Json) => e.action === 'pathway.cancel').map((e: Json) => e.status)).toEqual([200, 200]);
  });

  it('forgets Idempotency-Keys, and the answers they keep, after IDEMPOTENCY_KEY_HOURS', async () => {
    const key = `old-${Date.now()}`;
    await db.query(
      `INSERT INTO idempotency_keys (org, key, fingerprint, method, path, actor_sub, created_at, response_status, response_body)
       VALUES ('LEI', $1, 'f', 'POST', '/v1/releases', 'lei-tester', now() - interval '25 hours', 201, '{}')`,
      [key],
    );
    expect(await worker.get(MaintenanceActivitiesService).purgeIdempotencyKeys()).toBeGreaterThanOrEqual(1);
    expect(await db.query(`SELECT key FROM idempotency_keys WHERE key = $1`, [key])).toEqual([]);

    // Once forgotten, the key serves a new request as new: never answered with the old pathway.
    const reused = `reused-${Date.now()}`;
    const first = await prison.post('/v1/releases', registration(), 201, reused);
    await db.query(`DELETE FROM idempotency_keys WHERE key = $1`, [reused]);
    const other = registration();
    const second = await prison.post('/v1/releases', other, 201, reused);
    expect(second.id).not.toBe(first.id);
    expect(second.person.prisonNumber).toBe(other.prisonNumber);
  });

  it('refuses a malformed Idempotency-Key with a 400 field error, before storing it', async () => {
    const res = await request(api.getHttpServer())
      .post('/v1/releases')
      .set('Authorization', `Bearer ${await tokenFor('LEI', 'prison-healthcare')}`)
      .set('Idempotency-Key', 'k'.repeat(3000))
      .send(registration())
      .expect(400);
    expect(res.body).toMatchObject({ errors: [{ field: 'Idempotency-Key' }] });
  });

  it('shows the trail only to admins and the pathway’s commissioner', async () => {
    const pathway = await prison.post('/v1/releases', registration(), 201);
    await prison.get(`/v1/pathways/${pathway.id}/audit`, 403);
    await probation.get(`/v1/pathways/${pathway.id}/audit`, 403);
    await otherPrison.get(`/v1/pathways/${pathway.id}/audit`, 404);
  });

  it('refuses to change or delete the audit log, whoever asks', async () => {
    await expect(db.query(`UPDATE audit_log SET action = 'nothing happened'`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(db.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM audit_log`);
    expect(n).toBeGreaterThan(0);
  });

  it('connects the application as a login that can append to the audit log but never change it or its guards', async () => {
    const asApplication = await new DataSource(dataSourceOptions(suiteConfig().DATABASE_URL, { poolSize: 1 })).initialize();
    try {
      expect(await asApplication.query(`SELECT current_user AS role, session_user AS login`)).toEqual([{ role: 'throughcare_app', login: 'throughcare_app' }]);
      await asApplication.query(`INSERT INTO audit_log (actor_sub, actor_org, actor_roles, action, status) VALUES ('t', 'THC-OPS', '{admin}', 'test.append', 200)`);
      // No other role to fall back to: the login itself is the least-privileged role.
      await asApplication.query(`RESET ROLE`);
      await expect(asApplication.query(`UPDATE audit_log SET action = 'nothing happened'`)).rejects.toThrow(/permission denied/);
      await expect(asApplication.query(`DELETE FROM audit_log`)).rejects.toThrow(/permission denied/);
      await expect(asApplication.query(`TRUNCATE audit_log`)).rejects.toThrow(/permission denied/);
      await expect(asApplication.query(`ALTER TABLE audit_log DISABLE TRIGGER USER`)).rejects.toThrow(/must be owner/);
      await expect(asApplication.query(`SET ROLE postgres`)).rejects.toThrow(/permission denied/);
    } finally {
      await asApplication.destroy();
    }
  });

  it('sends security headers, and answers 429 problem+json past the rate limit', async () => {
    const res = await request(api.getHttpServer()).get('/health').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBeDefined();
    expect(res.headers['x-powered-by']).toBeUndefined();

    const limited = await startApi(suiteConfig({ RATE_LIMIT_PER_MINUTE: '3' }));
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await request(limited.app.getHttpServer()).get('/health')).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const refused = await request(limited.app.getHttpServer()).get('/health').expect(429);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(refused.body).toMatchObject({ status: 429, type: expect.stringMatching(/too-many-requests$/) });
    } finally {
      await limited.app.close();
    }
  });
});
