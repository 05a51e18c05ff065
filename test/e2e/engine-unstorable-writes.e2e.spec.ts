/**
 * Never stuck: a write of the read model that PostgreSQL refuses for good (here a trigger the
 * test adds, raising a data exception for one pathway's task rows) no longer wedges the
 * pathway. It keeps answering updates and raising and storing escalations, is flagged with
 * faults, /health says degraded, and once the cause is gone its next write catches up.
 * And never wrong: text the read model cannot store, sent straight to the workflow past the
 * API, is refused by the workflow's own validators, and the pathway answers afterwards.
 */
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Client, Connection, WorkflowUpdateFailedError } from '@temporalio/client';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Config } from '@throughcare/config';
import { dataSourceOptions } from '@throughcare/persistence';
import { dataConverter } from '@throughcare/temporal';
import { cancelUpdate, pathwayQuery, pathwayWorkflowId, taskActionUpdate } from '@throughcare/workflows/pathway';
import { ApiClient, eventually, Json } from '../support/api-client';
import { FAST_AREA, installFastPolicy } from '../support/fast-policy';
import { recordHistory } from '../support/histories';
import { registration, startApi, startWorker, suiteConfig, tokenFor } from '../support/system';

describe('a pathway whose writes PostgreSQL cannot take', () => {
  let config: Config;
  let api: INestApplication;
  let worker: INestApplicationContext;
  let owner: DataSource;
  let connection: Connection;
  let temporal: Client;
  const cleanups: Array<() => Promise<unknown>> = [];
  const faulted: string[] = [];

  beforeAll(async () => {
    config = suiteConfig();
    worker = await startWorker(config);
    ({ app: api } = await startApi(config));
    await installFastPolicy(new ApiClient(api.getHttpServer(), await tokenFor('THC-OPS', 'admin')));
    // The schema's owner: only it may add triggers. The API and worker connect as the application's login.
    owner = await new DataSource(dataSourceOptions(process.env.MIGRATION_DATABASE_URL!, { poolSize: 1 })).initialize();
    connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
    temporal = new Client({ connection, dataConverter: dataConverter(config) });
  });

  afterAll(async () => {
    while (cleanups.length > 0) await cleanups.pop()!().catch(() => undefined);
    // Leave no unresolved fault behind for suites running alongside that read /health.
    if (faulted.length > 0) await owner?.query(`UPDATE pathway_faults SET resolved_at = now() WHERE pathway_id = ANY($1::uuid[]) AND resolved_at IS NULL`, [faulted]);
    await owner?.destroy();
    await api?.close();
    await worker?.close();
    await connection?.close();
  });

  const as = async (org: string, role: string) => new ApiClient(api.getHttpServer(), await tokenFor(org, role));
  const taskOf = (pathway: Json, type: string) => pathway.tasks.find((t: Json) => t.type === type);
  const faultsOf = (pathwayId: string): Promise<Json[]> =>
    owner.query(`SELECT version, kind, sqlstate, unstored, resolved_at IS NOT NULL AS resolved FROM pathway_faults WHERE pathway_id = $1 ORDER BY version`, [pathwayId]);

  it('keeps answering and escalating when its task rows are refused for good, is flagged, and catches up once the cause is gone', async () => {
    const [prison, community] = await Promise.all([as('BMI', 'prison-healthcare'), as('CTS-BHM', 'community-treatment')]);
    const pathway = await prison.post('/v1/releases', registration({ prisonCode: 'BMI', destinationArea: FAST_AREA }), 201);
    faulted.push(pathway.id);
    const referral = taskOf(pathway, 'referral');

    // From now on every change to this pathway's task rows fails with a data exception (SQLSTATE 22023).
    await owner.query(`CREATE FUNCTION refuse_engine_e2e() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test' USING ERRCODE = '22023'; END $$`);
    await owner.query(`CREATE TRIGGER refuse_engine_e2e BEFORE UPDATE ON tasks FOR EACH ROW WHEN (OLD.pathway_id = '${pathway.id}') EXECUTE FUNCTION refuse_engine_e2e()`);
    const dropTrigger = () => owner.query(`DROP TRIGGER IF EXISTS refuse_engine_e2e ON tasks; DROP FUNCTION IF EXISTS refuse_engine_e2e()`);
    cleanups.push(dropTrigger);

    // The update answers, though the referral's row could not be changed; the new acceptance row is a new one, and stored.
    await prison.post(`/v1/tasks/${referral.id}/complete`, {});
    const handle = temporal.workflow.getHandle(pathwayWorkflowId(pathway.id));
    expect((await handle.query(pathwayQuery)).tasks.find((t) => t.id === referral.id)).toMatchObject({ state: 'done' });
    const acceptance = await eventually('the acceptance task', async () => taskOf(await prison.get(`/v1/pathways/${pathway.id}`), 'referral-acceptance'));
    expect(taskOf(await prison.get(`/v1/pathways/${pathway.id}`), 'referral')).toMatchObject({ state: 'open' }); // the stale row

    // The ladder runs on, and every escalation is stored, though the task row that would show its level is refused.
    const raised = await eventually(
      'L3 on the acceptance',
      async () => {
        const levels = (await prison.get(`/v1/pathways/${pathway.id}`)).escalations.filter((e: Json) => e.taskId === acceptance.id).map((e: Json) => e.level);
        return levels.length === 4 && levels;
      },
      40_000,
    );
    expect(raised).toEqual(['reminder', 'L1', 'L2', 'L3']);
    expect((await community.get('/v1/escalations?notifiedToMe=true&limit=200')).items.filter((e: Json) => e.taskId === acceptance.id).length).toBeGreaterThan(0);

    // Flagged: faults naming what was left out (ids only), and /health degraded but still 200.
    const faults = await faultsOf(pathway.id);
    expect(faults.length).toBeGreaterThan(0);
    expect(faults.every((f) => f.kind === 'partly-stored' && f.sqlstate === '22023' && !f.resolved)).toBe(true);
    expect(faults[0].unstored).toContain(`task:${referral.id}`);
    const health = (await request(api.getHttpServer()).get('/health').expect(200)).body;
    expect(health).toMatchObject({ status: 'degraded', details: { postgres: { status: 'up' }, readModel: { status: 'up', pathwaysWithUnresolvedFaults: expect.any(Number) } } });
    expect(health.details.readModel.pathwaysWithUnresolvedFaults).toBeGreaterThanOrEqual(1);
    const metrics = (await request(api.getHttpServer()).get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/^throughcare_pathways_with_unresolved_faults [1-9]\d*$/m);
    expect(metrics).toMatch(/^throughcare_pathway_faults\{kind="partly-stored",resolved="false"\} [1-9]\d*$/m);
    // An operator finds it among the pathways to look at: ids, kinds and SQLSTATEs, nothing personal.
    const admin = await as('THC-OPS', 'admin');
    const flagged = (await admin.get('/v1/faults?limit=200')).items.find((p: Json) => p.id === pathway.id);
    expect(flagged).toMatchObject({ status: 'active', failureReason: null, unresolvedFaults: expect.arrayContaining([expect.objectContaining({ kind: 'partly-stored', sqlstate: '22023' })]) });
    await prison.get('/v1/faults', 403);

    // Still answering: the service accepts, and the workflow moves on.
    await community.post(`/v1/tasks/${acceptance.id}/accept`, {});
    const view = await handle.query(pathwayQuery);
    expect(view.tasks.find((t) => t.id === acceptance.id)).toMatchObject({ state: 'done', outcome: 'accepted' });
    expect(view.tasks.find((t) => t.type === 'appointment-booking')).toMatchObject({ state: 'open' });

    // The cause is gone: the next write carries what earlier ones left out, and the faults are resolved.
    await dropTrigger();
    const cancelled = await prison.post(`/v1/pathways/${pathway.id}/cancel`, { reason: 'Registered in error' });
    expect(cancelled).toMatchObject({ status: 'closed', outcome: 'excluded' });
    expect(taskOf(cancelled, 'referral')).toMatchObject({ state: 'done' });
    expect(taskOf(cancelled, 'referral-acceptance')).toMatchObject({ state: 'done', outcome: 'accepted', escalationLevel: 'L3' });
    expect((await faultsOf(pathway.id)).every((f) => f.resolved)).toBe(true);
    await recordHistory(temporal, 'writes-refused-then-caught-up', pathway.id);
  }, 90_000);

  it('refuses a NUL in a cancellation, a lone surrogate in a decline and a NUL in naloxone details sent straight to the workflow, and answers afterwards', async () => {
    const [prison, community] = await Promise.all([as('LEI', 'prison-healthcare'), as('CTS-LDS', 'community-treatment')]);
    const pathway = await prison.post('/v1/releases', registration(), 201);
    await prison.post(`/v1/tasks/${taskOf(pathway, 'referral').id}/complete`, {});
    const sent = await prison.get(`/v1/pathways/${pathway.id}`);
    const [acceptance, naloxone] = [taskOf(sent, 'referral-acceptance'), taskOf(sent, 'naloxone')];
    const handle = temporal.workflow.getHandle(pathwayWorkflowId(pathway.id));
    const refusal = (sending: Promise<unknown>) => sending.then(() => undefined, (err: unknown) => err);

    // Past the API, with the Temporal client and the update definitions the API uses.
    const cancel = await refusal(handle.executeUpdate(cancelUpdate, { args: [{ reason: 'a\u0000b', actor: { sub: 'lei-tester', org: 'LEI' } }] }));
    const decline = await refusal(
      handle.executeUpdate(taskActionUpdate, {
        args: [{ taskId: acceptance.id, action: 'decline', actor: { sub: 'cts-lds-tester', org: 'CTS-LDS' }, details: { reason: 'No capacity \uD800' } }],
      }),
    );
    const supplied = await refusal(
      handle.executeUpdate(taskActionUpdate, {
        args: [{ taskId: naloxone.id, action: 'complete', actor: { sub: 'lei-tester', org: 'LEI' }, details: { supplied: true, note: 'wing\u0000B' } }],
      }),
    );
    for (const [refused, type, field] of [
      [cancel, 'InvalidEvent', 'reason'],
      [decline, 'InvalidDetails', 'reason'],
      [supplied, 'InvalidDetails', 'note'],
    ] as const) {
      expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
      expect((refused as WorkflowUpdateFailedError).cause).toMatchObject({ type, nonRetryable: true, details: [{ field }], message: expect.stringMatching(new RegExp(`^${field} must not contain`)) });
    }

    // Nothing of them reached the history, and the pathway answers as before.
    const history = await handle.fetchHistory();
    const accepted = history.events!.flatMap((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name ?? []);
    expect(accepted).not.toContain('cancel');
    expect((await handle.query(pathwayQuery)).status).toBe('active');
    expect(await community.post(`/v1/tasks/${acceptance.id}/decline`, { reason: 'No capacity' })).toMatchObject({ state: 'done', outcome: 'declined' });
    expect(await prison.post(`/v1/tasks/${naloxone.id}/complete`, { supplied: true })).toMatchObject({ state: 'done', outcome: 'supplied' });
    const cancelled = await prison.post(`/v1/pathways/${pathway.id}/cancel`, { reason: 'Registered in error' });
    expect(cancelled).toMatchObject({ status: 'closed', outcome: 'excluded' });
    expect(await faultsOf(pathway.id)).toEqual([]);
  });
});
