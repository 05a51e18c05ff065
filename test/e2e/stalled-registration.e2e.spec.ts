/**
 * Temporal unreachable at registration: the record is kept and the caller told to retry
 * (503); if nobody retries, the worker's recovery sweep starts the workflow, so the pathway and
 * its first tasks still appear. A registration the sweep cannot start in its allowed tries is
 * marked failed rather than tried for ever, and the person can be registered again.
 */
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { register } from 'prom-client';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@throughcare/persistence';
import { eventually, Json } from '../support/api-client';
import { freePort } from '../support/free-port';
import { registration, startApi, startWorker, suiteConfig, tokenFor } from '../support/system';
import { StalledRegistrationRecovery } from '../../apps/worker/src/recovery/stalled-registration.recovery';
import { WorkflowStarter } from '../../apps/worker/src/recovery/workflow-starter';
import { sweepingAlone, SWEEPING_ALONE_WAIT_MS } from '../support/sweeping-alone';

describe('a registration made while Temporal is unreachable', () => {
  let releaseSweepLock: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    releaseSweepLock = await sweepingAlone();
  }, SWEEPING_ALONE_WAIT_MS);
  afterAll(() => releaseSweepLock?.());

  let cutOff: INestApplication | undefined;
  let api: INestApplication | undefined;
  let worker: INestApplicationContext | undefined;
  let owner: DataSource | undefined;

  afterAll(async () => {
    await cutOff?.close();
    await api?.close();
    await worker?.close();
    await owner?.destroy();
  });

  /** The registration record of a person, read as the schema's owner. */
  async function recordOf(prisonNumber: string): Promise<Record<string, unknown>> {
    owner ??= await new DataSource(dataSourceOptions(process.env.MIGRATION_DATABASE_URL!, { poolSize: 1 })).initialize();
    const [kept] = await owner.query(
      `SELECT p.id, p.status, p.failure_reason, p.registration_attempts AS attempts
         FROM pathways p JOIN persons s ON s.id = p.person_id WHERE s.prison_number = $1 ORDER BY p.registered_at`,
      [prisonNumber],
    );
    return kept;
  }

  it('keeps the record, answers 503, and is started by the recovery sweep with nobody retrying', async () => {
    // Long enough that other suites' registrations, running alongside, are never taken for stalled ones.
    const config = suiteConfig({ REGISTRATION_RECOVERY_SECONDS: '5' });
    // An API whose Temporal address has nothing listening: as if the server were down.
    ({ app: cutOff } = await startApi(suiteConfig({ TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`, REGISTRATION_RECOVERY_SECONDS: '3600' })));
    const token = await tokenFor('LEI', 'prison-healthcare');
    const body = registration();
    const refused = await request(cutOff.getHttpServer()).post('/v1/releases').set('Authorization', `Bearer ${token}`).send(body).expect(503);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body).toMatchObject({ type: expect.stringMatching(/workflow-service-unavailable$/), detail: expect.stringMatching(/Nothing was lost/) });
    await cutOff.close();
    cutOff = undefined;
    // The record was kept, without its workflow.
    const db = await new DataSource(dataSourceOptions(process.env.MIGRATION_DATABASE_URL!, { poolSize: 1 })).initialize();
    const [kept] = await db
      .query(`SELECT p.id, p.status FROM pathways p JOIN persons s ON s.id = p.person_id WHERE s.prison_number = $1`, [body.prisonNumber])
      .finally(() => db.destroy());
    expect(kept).toMatchObject({ status: 'registering' });

    // Temporal is back, and nobody retries: the sweep finds the stalled registration.
    worker = await startWorker(config);
    ({ app: api } = await startApi(config));
    const http = request(api.getHttpServer());
    const stalled = { id: kept.id as string };
    const recovered = await eventually(
      'the stalled registration started',
      async () => {
        const pathway = (await http.get(`/v1/pathways/${stalled.id}`).set('Authorization', `Bearer ${token}`).expect(200)).body;
        return pathway.status === 'active' && pathway;
      },
      30_000,
    );
    expect(recovered.tasks.map((t: Json) => t.type)).toEqual(expect.arrayContaining(['assessment', 'referral', 'probation-acknowledgement']));
  }, 60_000);

  it('gives up on a registration it cannot start after its allowed tries, marks it failed, counts it, and lets the person register again', async () => {
    // The first test's worker sweeps every 5 seconds and reaches Temporal: it would start this registration.
    await worker?.close();
    worker = undefined;
    // An API that cannot reach Temporal, to keep a registration without its workflow.
    ({ app: cutOff } = await startApi(suiteConfig({ TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`, REGISTRATION_RECOVERY_SECONDS: '3600' })));
    const token = await tokenFor('LEI', 'prison-healthcare');
    const body = registration();
    await request(cutOff.getHttpServer()).post('/v1/releases').set('Authorization', `Bearer ${token}`).send(body).expect(503);
    const kept = await recordOf(body.prisonNumber as string);
    expect(kept).toMatchObject({ status: 'registering', attempts: 0 });
    // Stalled for longer than this sweep waits. Every sweep finds it then, those of the other suites
    // running alongside too, which can reach Temporal: naming a policy version that does not exist
    // makes every try fail, so none of them starts it meanwhile.
    await owner!.query(`UPDATE pathways SET registered_at = now() - interval '2 hours', policy_version = 9999 WHERE id = $1`, [kept.id]);

    // A worker whose own sweep never runs on its own (an hour), and gives up after three tries.
    worker = await startWorker(suiteConfig({ REGISTRATION_RECOVERY_SECONDS: '3600', REGISTRATION_RECOVERY_MAX_ATTEMPTS: '3' }));
    const recovery = worker.get(StalledRegistrationRecovery);
    expect(await recovery.sweep()).toMatchObject({ started: 0, failed: 0 });
    expect(await recordOf(body.prisonNumber as string)).toMatchObject({ status: 'registering', attempts: expect.any(Number) });
    let sweeps = 1;
    while ((await recovery.sweep()).failed === 0 && sweeps < 3) sweeps++;
    expect(sweeps).toBeLessThanOrEqual(3);
    const failed = await recordOf(body.prisonNumber as string);
    expect(failed).toMatchObject({ status: 'failed', failure_reason: 'registration-not-started' });
    expect(failed.attempts).toBeGreaterThanOrEqual(3);
    // Given up on: later sweeps leave it alone.
    expect(await recovery.sweep()).toMatchObject({ failed: 0 });
    expect((await recordOf(body.prisonNumber as string)).attempts).toBe(failed.attempts);
    const metrics = (await request(cutOff.getHttpServer()).get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/^throughcare_pathways_failed\{reason="registration-not-started"\} [1-9]\d*$/m);
    await cutOff.close();
    cutOff = undefined;
    await worker.close();
    worker = undefined;

    // Given up on: the person is registered again, not refused as having an open pathway.
    const healthy = suiteConfig();
    const againWorker = await startWorker(healthy);
    const again = await startApi(healthy);
    try {
      const registered = await request(again.app.getHttpServer()).post('/v1/releases').set('Authorization', `Bearer ${token}`).send(body);
      expect(registered.status).toBe(201);
      expect(registered.body.id).not.toBe(kept.id);
    } finally {
      await again.app.close();
      await againWorker.close();
    }
  }, 60_000);

  it('is swept by two worker instances at once, and neither starts a registration the other has started', async () => {
    await api?.close();
    api = undefined;
    // Registrations made while Temporal was away: each kept, without its workflow.
    const away = await startApi(suiteConfig({ TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`, REGISTRATION_RECOVERY_SECONDS: '3600' }));
    const token = await tokenFor('LEI', 'prison-healthcare');
    const bodies = Array.from({ length: 12 }, () => registration());
    try {
      // At once: each waits its bounded time for Temporal before the 503.
      await Promise.all(bodies.map((body) => request(away.app.getHttpServer()).post('/v1/releases').set('Authorization', `Bearer ${token}`).send(body).expect(503)));
    } finally {
      await away.app.close();
    }
    const ids = await Promise.all(bodies.map(async (body) => (await recordOf(body.prisonNumber as string)).id as string));
    // Stalled for these instances (10 s), not yet for other suites' sweeps running alongside (60 s).
    await owner!.query(`UPDATE pathways SET registered_at = now() - interval '15 seconds' WHERE id = ANY ($1::uuid[])`, [ids]);

    // Two workers on one task queue, as a deployment runs them, and an API to read the pathways.
    // Every start made in this process is counted, from the moment the workers boot: their own
    // timers may sweep before the explicit sweeps below.
    const starts = new Map<string, number>();
    const start = WorkflowStarter.prototype.startPathway;
    const counting = jest.spyOn(WorkflowStarter.prototype, 'startPathway').mockImplementation(async function (this: WorkflowStarter, pathway) {
      const outcome = await start.call(this, pathway);
      if (outcome === 'started') starts.set(pathway.id, (starts.get(pathway.id) ?? 0) + 1);
      return outcome;
    });
    const config = suiteConfig({ REGISTRATION_RECOVERY_SECONDS: '10' });
    const instances = [await startWorker(config), await startWorker(config)];
    const reader = await startApi(config);
    try {
      // Both sweep at the same moment, and again, as their timers would.
      const sweeps = instances.map((instance) => instance.get(StalledRegistrationRecovery));
      await Promise.all(sweeps.map((sweep) => sweep.sweep()));
      await Promise.all(sweeps.map((sweep) => sweep.sweep()));

      const http = request(reader.app.getHttpServer());
      for (const id of ids) {
        await eventually(`pathway ${id} active`, async () => (await http.get(`/v1/pathways/${id}`).set('Authorization', `Bearer ${token}`).expect(200)).body.status === 'active', 30_000);
      }
      expect(ids.map((id) => starts.get(id) ?? 0)).toEqual(ids.map(() => 1));
      // The trail names the sweep as the one who finished each registration, once.
      const lines = await owner!.query(
        `SELECT pathway_id, count(*)::int AS n, min(actor_sub) AS actor FROM audit_log WHERE action = 'pathway.recovery-start' AND pathway_id = ANY ($1::uuid[]) GROUP BY 1`,
        [ids],
      );
      expect(new Map(lines.map((l: { pathway_id: string; n: number; actor: string }) => [l.pathway_id, `${l.n} by ${l.actor}`]))).toEqual(
        new Map(ids.map((id) => [id, '1 by system:stalled-registration-sweep'])),
      );
      // The workers' counter, read from the process's registry (the worker has no /metrics of its own yet).
      const metrics = await register.getSingleMetricAsString('throughcare_stalled_registrations_started_total');
      const started = Number(/^throughcare_stalled_registrations_started_total (\d+)$/m.exec(metrics)?.[1]);
      expect(started).toBeGreaterThanOrEqual(ids.length);
    } finally {
      counting.mockRestore();
      await reader.app.close();
      for (const instance of instances) await instance.close();
    }
  }, 90_000);
});
