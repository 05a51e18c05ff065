/**
 * Temporal unreachable at registration: the record is kept and the caller told to retry
 * (503); if nobody retries, the API's recovery sweep starts the workflow, so the pathway and
 * its first tasks still appear.
 */
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@throughcare/persistence';
import { eventually, Json } from '../support/api-client';
import { freePort } from '../support/free-port';
import { registration, startApi, startWorker, suiteConfig, tokenFor } from '../support/system';

describe('a registration made while Temporal is unreachable', () => {
  let cutOff: INestApplication | undefined;
  let api: INestApplication | undefined;
  let worker: INestApplicationContext | undefined;

  afterAll(async () => {
    await cutOff?.close();
    await api?.close();
    await worker?.close();
  });

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
});
