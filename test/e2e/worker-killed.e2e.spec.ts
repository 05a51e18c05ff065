/**
 * A worker killed outright loses nothing: an action taken while no worker runs waits in
 * Temporal, and the next worker carries it out exactly once.
 */
import { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { ChildProcess } from 'node:child_process';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Config } from '@throughcare/config';
import { dataSourceOptions } from '@throughcare/persistence';
import { dataConverter } from '@throughcare/temporal';
import { pathwayQuery, pathwayWorkflowId } from '@throughcare/workflows/pathway';
import { ApiClient, eventually, Json, sleep } from '../support/api-client';
import { FAST_AREA, installFastPolicy } from '../support/fast-policy';
import { recordHistory } from '../support/histories';
import { registration, startApi, suiteConfig, tokenFor } from '../support/system';
import { kill, spawnWorker } from '../support/worker-process';

describe('a worker killed in the middle of a pathway', () => {
  let config: Config;
  let api: INestApplication;
  let worker: ChildProcess | undefined;
  let db: DataSource;
  let connection: Connection | undefined;

  beforeAll(async () => {
    config = suiteConfig();
    ({ app: api } = await startApi(config));
    db = await new DataSource(dataSourceOptions(config.DATABASE_URL, { poolSize: 2 })).initialize();
  });

  afterAll(async () => {
    if (worker) await kill(worker);
    await api?.close();
    await db?.destroy();
    await connection?.close();
  });

  it('keeps the pathway, and carries out an action taken while no worker ran exactly once', async () => {
    const http = request(api.getHttpServer());
    const [prison, community] = await Promise.all([tokenFor('LEI', 'prison-healthcare'), tokenFor('CTS-LDS', 'community-treatment')]);
    worker = await spawnWorker(config);
    const pathway = (await http.post('/v1/releases').set('Authorization', `Bearer ${prison}`).send(registration()).expect(201)).body;
    const referral = pathway.tasks.find((t: { type: string }) => t.type === 'referral');
    await http.post(`/v1/tasks/${referral.id}/complete`).set('Authorization', `Bearer ${prison}`).send({}).expect(200);

    await kill(worker);
    worker = undefined;

    const acceptance = (
      await http.get('/v1/tasks?type=referral-acceptance&limit=200').set('Authorization', `Bearer ${community}`).expect(200)
    ).body.items.find((t: { pathwayId: string }) => t.pathwayId === pathway.id);
    let answered = false;
    const accepting = http
      .post(`/v1/tasks/${acceptance.id}/accept`)
      .set('Authorization', `Bearer ${community}`)
      .set('Idempotency-Key', `accept-${acceptance.id}`)
      .send({})
      .then((res) => {
        answered = true;
        return res;
      });
    await new Promise((r) => setTimeout(r, 1500));
    expect(answered).toBe(false); // no worker: the Update waits in Temporal

    worker = await spawnWorker(config);
    const accepted = await accepting;
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ state: 'done', outcome: 'accepted' });

    // A retry with the same key returns the first answer and changes nothing.
    const retried = await http
      .post(`/v1/tasks/${acceptance.id}/accept`)
      .set('Authorization', `Bearer ${community}`)
      .set('Idempotency-Key', `accept-${acceptance.id}`)
      .send({})
      .expect(200);
    expect(retried.body.completedAt).toBe(accepted.body.completedAt);

    const counts = await db.query(`SELECT type, count(*)::int AS n FROM tasks WHERE pathway_id = $1 GROUP BY type ORDER BY type`, [pathway.id]);
    expect(counts).toEqual(
      expect.arrayContaining([
        { type: 'referral-acceptance', n: 1 },
        { type: 'appointment-booking', n: 1 },
        { type: 'referral', n: 1 },
      ]),
    );

    await recordHistory(await temporalClient(), 'referral-accepted-after-worker-killed', pathway.id);
  });

  it('raises nothing twice and misses nothing when the worker dies in the middle of a ladder', async () => {
    const server = api.getHttpServer();
    const prison = new ApiClient(server, await tokenFor('BMI', 'prison-healthcare'));
    await installFastPolicy(new ApiClient(server, await tokenFor('THC-OPS', 'admin')));
    if (worker) await kill(worker); // the previous scenario's worker
    worker = await spawnWorker(config);
    const pathway = await prison.post('/v1/releases', registration({ prisonCode: 'BMI', destinationArea: FAST_AREA }), 201);
    await prison.post(`/v1/tasks/${pathway.tasks.find((t: Json) => t.type === 'referral').id}/complete`, {});
    const escalations = async () => (await prison.get(`/v1/pathways/${pathway.id}`)).escalations as Json[];
    await eventually('the reminder', async () => (await escalations()).length === 1);

    await kill(worker);
    worker = undefined;
    await sleep(11_000); // L1, L2 and L3 all fall due while no worker runs
    // No worker of this pathway runs. Another's escalation sweep (other suites' workers, in this
    // run) may store the rung the workflow planned next, L1, but nothing after it: the workflow
    // plans the next rungs only when it raises those.
    expect([['reminder'], ['reminder', 'L1']]).toContainEqual((await escalations()).map((e) => e.level));

    worker = await spawnWorker(config);
    const raised = await eventually('the rest of the ladder', async () => {
      const rows = await escalations();
      return rows.length === 4 && rows;
    });
    expect(raised.map((e) => e.level)).toEqual(['reminder', 'L1', 'L2', 'L3']);
    const view = await temporalClient().then((c) => c.workflow.getHandle(pathwayWorkflowId(pathway.id)).query(pathwayQuery));
    expect(view.tasks.find((t) => t.type === 'referral-acceptance')!.raised).toEqual(['reminder', 'L1', 'L2', 'L3']);
    await sleep(1000);
    expect(await escalations()).toHaveLength(4);
  });

  async function temporalClient(): Promise<Client> {
    connection ??= await Connection.connect({ address: config.TEMPORAL_ADDRESS });
    return new Client({ connection, dataConverter: dataConverter(config) });
  }

});
