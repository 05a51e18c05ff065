/**
 * Never stuck: a pathway whose rules throw what no rule meant (here a release date of
 * 9999-12-31, which the calendar cannot compute, started straight at the workflow past the
 * API's validation) fails visibly and at once, instead of retrying its workflow task for ever:
 * the registration is answered with PathwayFailed, the workflow ends FAILED, the read model
 * says `failed` with a reason code, and the person can be registered again.
 */
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Client, Connection, WithStartWorkflowOperation, WorkflowFailedError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Config } from '@throughcare/config';
import { ENGLAND_DEFAULT, londonDateOf, pinHolidayCalendar } from '@throughcare/domain';
import { dataSourceOptions } from '@throughcare/persistence';
import { dataConverter } from '@throughcare/temporal';
import { PATHWAY_FAILED, PathwayInput, pathwayWorkflowId, registeredUpdate, taskActionUpdate } from '@throughcare/workflows/pathway';
import { ApiClient, Json } from '../support/api-client';
import { recordHistory } from '../support/histories';
import { newPrisonNumber, registration, startApi, startWorker, suiteConfig, tokenFor } from '../support/system';

describe('a pathway whose rules fail on what they were given', () => {
  let config: Config;
  let api: INestApplication;
  let worker: INestApplicationContext;
  let db: DataSource;
  let connection: Connection;
  let temporal: Client;

  beforeAll(async () => {
    config = suiteConfig();
    worker = await startWorker(config);
    ({ app: api } = await startApi(config));
    db = await new DataSource(dataSourceOptions(config.DATABASE_URL, { poolSize: 1 })).initialize();
    connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
    temporal = new Client({ connection, dataConverter: dataConverter(config) });
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await db?.destroy();
    await connection?.close();
  });

  /** A registration record as the API writes it, with a release date the API would refuse. */
  async function registeredWith(prisonNumber: string, releaseDate: string): Promise<string> {
    const [person] = await db.query(
      `INSERT INTO persons (prison_number) VALUES ($1) RETURNING id`,
      [prisonNumber],
    );
    const id = randomUUID();
    await db.query(
      `INSERT INTO pathways (id, person_id, status, workflow_id, prison_code, registering_prison_code, destination_area,
                             community_treatment_code, probation_code, commissioner_code, release_date, release_date_type, release_day,
                             substances, on_ost, consent_to_share, policy_id, policy_version, registered_by, registered_at)
       VALUES ($1, $2, 'registering', $3, 'LEI', 'LEI', 'E08000035', 'CTS-LDS', 'PDU-LDS', 'LA-LDS', $4, 'CRD', $4,
               '{opiates}', true, true, 'england-default', 1, 'lei-tester', now())`,
      [id, person.id, pathwayWorkflowId(id), releaseDate],
    );
    await db.query(
      `INSERT INTO pathway_people (pathway_id, prison_number, given_name, family_name, date_of_birth) VALUES ($1, $2, 'Sam', 'Example', '1985-04-12')`,
      [id, prisonNumber],
    );
    return id;
  }

  const inputFor = (pathwayId: string, releaseDate: string, policy = ENGLAND_DEFAULT): PathwayInput => ({
    pathwayId,
    policy,
    calendar: pinHolidayCalendar(londonDateOf(new Date())),
    registeredAt: new Date().toISOString(),
    releaseDate,
    releaseDateType: 'CRD',
    routing: { prison: 'LEI', 'community-treatment': 'CTS-LDS', probation: 'PDU-LDS', commissioner: 'LA-LDS' },
    flags: { onOst: true, opioidUse: true },
  });
  const start = (input: PathwayInput) =>
    temporal.workflow.executeUpdateWithStart(registeredUpdate, {
      startWorkflowOperation: new WithStartWorkflowOperation('pathwayWorkflow', {
        workflowId: pathwayWorkflowId(input.pathwayId),
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      }),
    });

  it('fails a pathway released on 9999-12-31 at once: PathwayFailed, FAILED, marked failed, and the person free to register again', async () => {
    const prisonNumber = newPrisonNumber();
    const pathwayId = await registeredWith(prisonNumber, '9999-12-31');
    // Started as the API starts a registration, and answered, not left waiting.
    const answer = await start(inputFor(pathwayId, '9999-12-31')).then(() => undefined, (err: unknown) => err);
    expect(answer).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((answer as WorkflowUpdateFailedError).cause).toMatchObject({ type: PATHWAY_FAILED, nonRetryable: true, details: [{ reason: 'workflow-error', error: 'RangeError' }] });

    const handle = temporal.workflow.getHandle(pathwayWorkflowId(pathwayId));
    const ended = await handle.result().then(() => undefined, (err: unknown) => err);
    expect(ended).toBeInstanceOf(WorkflowFailedError);
    expect((ended as WorkflowFailedError).cause).toBeInstanceOf(ApplicationFailure);
    expect((ended as WorkflowFailedError).cause).toMatchObject({ type: PATHWAY_FAILED, nonRetryable: true });
    expect((await handle.describe()).status.name).toBe('FAILED');
    await recordHistory(temporal, 'failed-on-an-absurd-date', pathwayId);

    const [row] = await db.query(`SELECT status, failure_reason, failed_at IS NOT NULL AS dated FROM pathways WHERE id = $1`, [pathwayId]);
    expect(row).toEqual({ status: 'failed', failure_reason: 'workflow-error', dated: true });
    const admin = new ApiClient(api.getHttpServer(), await tokenFor('THC-OPS', 'admin'));
    expect((await admin.get('/v1/faults?limit=200')).items.find((p: Json) => p.id === pathwayId)).toMatchObject({ status: 'failed', failureReason: 'workflow-error' });

    // A failed pathway is not the person's open one: registering them again is not a conflict.
    const prison = new ApiClient(api.getHttpServer(), await tokenFor('LEI', 'prison-healthcare'));
    const again = await prison.post('/v1/releases', registration({ prisonNumber }), 201);
    expect(again.id).not.toBe(pathwayId);
    expect(again.status).toBe('active');
  });

  it('fails a registration at once under a policy stored before the bounds with a step due +99999999WD, visibly, while others register promptly', async () => {
    // Stored straight in the database, as a policy saved before the API bounded offsets could be.
    const policyId = `pre-bounds-${randomUUID().slice(0, 8)}`;
    const area = 'E06000098'; // no other suite's area, and no organisation serves it: the registration names them
    const absurd = { ...ENGLAND_DEFAULT, id: policyId, steps: ENGLAND_DEFAULT.steps.map((step) => (step.type === 'assessment' ? { ...step, due: { anchor: 'release', offset: '+99999999WD' } } : step)) };
    await db.query(`INSERT INTO policies (id, version, definition, created_by) VALUES ($1, 1, $2, 'pre-bounds')`, [policyId, JSON.stringify(absurd)]);
    await db.query(`INSERT INTO area_policies (area, policy_id, updated_by) VALUES ($1, $2, 'pre-bounds') ON CONFLICT (area) DO UPDATE SET policy_id = $2`, [area, policyId]);

    const prison = new ApiClient(api.getHttpServer(), await tokenFor('LEI', 'prison-healthcare'));
    const admin = new ApiClient(api.getHttpServer(), await tokenFor('THC-OPS', 'admin'));
    const timed = async <T>(call: Promise<T>): Promise<{ answer: T; ms: number }> => {
      const started = Date.now();
      const answer = await call;
      return { answer, ms: Date.now() - started };
    };
    const wedged = registration({ destinationArea: area, communityTreatmentCode: 'CTS-LDS', probationCode: 'PDU-LDS', commissionerCode: 'LA-LDS' });
    const [failed, other] = await Promise.all([timed(prison.post('/v1/releases', wedged, 500)), timed(prison.post('/v1/releases', registration(), 201))]);
    // Answered, not left waiting for 20 s on a workflow task retried for ever; the other registration kept its pace.
    expect(failed.answer.type).toMatch(/pathway-failed$/);
    expect(failed.ms).toBeLessThan(10_000);
    expect(other.answer.status).toBe('active');
    expect(other.ms).toBeLessThan(10_000);

    const [row] = await db.query(
      `SELECT p.id, p.status, p.failure_reason FROM pathways p JOIN persons s ON s.id = p.person_id WHERE s.prison_number = $1`,
      [wedged.prisonNumber],
    );
    expect(row).toMatchObject({ status: 'failed', failure_reason: 'workflow-error' });
    expect((await temporal.workflow.getHandle(pathwayWorkflowId(row.id)).describe()).status.name).toBe('FAILED');
    // Seen where an operator looks: the faults list, /health degraded (still 200), and /metrics.
    expect((await admin.get('/v1/faults?limit=200')).items.find((p: Json) => p.id === row.id)).toMatchObject({ status: 'failed', failureReason: 'workflow-error' });
    const health = (await request(api.getHttpServer()).get('/health').expect(200)).body;
    expect(health).toMatchObject({ status: 'degraded', details: { readModel: { status: 'up', pathwaysFailedRecently: expect.any(Number) } } });
    expect(health.details.readModel.pathwaysFailedRecently).toBeGreaterThanOrEqual(1);
    const metrics = (await request(api.getHttpServer()).get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/^throughcare_pathways_failed\{reason="workflow-error"\} [1-9]\d*$/m);
  });

  it('fails the pathway, and the update that met the error, when a handler throws what no rule meant', async () => {
    const pathwayId = await registeredWith(newPrisonNumber(), '2027-03-12');
    // A policy the API would refuse: the acceptance step's deadline cannot be computed, which only completing the referral finds out.
    const broken = { ...ENGLAND_DEFAULT, steps: ENGLAND_DEFAULT.steps.map((step) => (step.type === 'referral-acceptance' ? { ...step, due: { anchor: 'created' as const, offset: 'soon' } } : step)) };
    const view = await start(inputFor(pathwayId, '2027-03-12', broken));
    const referral = view.tasks.find((t) => t.type === 'referral')!;

    const handle = temporal.workflow.getHandle(pathwayWorkflowId(pathwayId));
    const answer = await handle
      .executeUpdate(taskActionUpdate, { args: [{ taskId: referral.id, action: 'complete', actor: { sub: 'lei-tester', org: 'LEI' } }] })
      .then(() => undefined, (err: unknown) => err);
    expect(answer).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((answer as WorkflowUpdateFailedError).cause).toMatchObject({ type: PATHWAY_FAILED, details: [{ reason: 'workflow-error', error: 'RangeError' }] });
    expect(await handle.result().then(() => undefined, (err: unknown) => err)).toBeInstanceOf(WorkflowFailedError);
    const [row] = await db.query(`SELECT status, failure_reason FROM pathways WHERE id = $1`, [pathwayId]);
    expect(row).toEqual({ status: 'failed', failure_reason: 'workflow-error' });
  });
});
