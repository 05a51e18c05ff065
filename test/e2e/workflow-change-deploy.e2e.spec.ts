/**
 * A worker deployed with changed workflow code while pathways sleep (the replay guard, end to
 * end). The new worker holds none of them in its cache, so each replays its whole history when
 * its next timer wakes it. A change made by the README's rule (`patched()`) lets those pathways
 * carry on, every escalation raised once, and take the change from that workflow task on; the
 * same change made without the guard leaves them unable to replay, which is what the rule,
 * and the replay test in CI, are there to prevent.
 */
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { Config } from '@throughcare/config';
import { dataSourceOptions } from '@throughcare/persistence';
import { dataConverter } from '@throughcare/temporal';
import { pathwayWorkflowId } from '@throughcare/workflows/pathway';
import { bundleWorkflows } from '../../apps/worker/src/workflow-bundle';
import { ApiClient, eventually, Json } from '../support/api-client';
import { FAST_AREA, installFastPolicy } from '../support/fast-policy';
import { registration, startApi, startWorker, suiteConfig, tokenFor } from '../support/system';
import { CHANGE_TIMER_MS } from './fixtures/changed-workflow.interceptors';

const EventType = temporal.api.enums.v1.EventType;
/** The acceptance step's ladder on the seconds policy: each level raised once. */
const LADDER = ['reminder', 'L1', 'L2', 'L3'];

describe('a worker deployed with changed workflow code while pathways sleep', () => {
  let dir: string;
  let changedBundle: string;
  let db: DataSource;
  let connection: Connection;
  let client: Client;
  const running: Array<INestApplication | INestApplicationContext> = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'changed-workflow-'));
    const { code } = await bundleWorkflows(undefined, {}, [path.join(__dirname, 'fixtures', 'changed-workflow.interceptors.ts')]);
    changedBundle = path.join(dir, 'workflow-bundle.js');
    writeFileSync(changedBundle, code);
    const config = suiteConfig();
    db = await new DataSource(dataSourceOptions(process.env.MIGRATION_DATABASE_URL!, { poolSize: 1 })).initialize();
    connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
    client = new Client({ connection, dataConverter: dataConverter(config) });
  }, 180_000);

  afterAll(async () => {
    for (const app of running.reverse()) await app.close();
    await db?.destroy();
    await connection?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Pathways whose referral was just sent, so the acceptance's ladder falls due within
   * seconds, left asleep when the worker that ran them stops; then the changed code is deployed.
   */
  async function sleepThroughADeploy(taskQueue: string): Promise<Array<{ id: string; acceptanceId: string }>> {
    const before: Config = suiteConfig({ TEMPORAL_TASK_QUEUE: taskQueue });
    const { app: api } = await startApi(before);
    running.push(api);
    const server = api.getHttpServer();
    await installFastPolicy(new ApiClient(server, await tokenFor('THC-OPS', 'admin')));
    const prison = new ApiClient(server, await tokenFor('BMI', 'prison-healthcare'));
    const oldWorker = await startWorker(before);
    const asleep: Array<{ id: string; acceptanceId: string }> = [];
    for (let i = 0; i < 3; i++) {
      const pathway = await prison.post('/v1/releases', registration({ prisonCode: 'BMI', destinationArea: FAST_AREA }), 201);
      await prison.post(`/v1/tasks/${pathway.tasks.find((t: Json) => t.type === 'referral').id}/complete`, {});
      const acceptance = (await prison.get(`/v1/pathways/${pathway.id}`)).tasks.find((t: Json) => t.type === 'referral-acceptance');
      asleep.push({ id: pathway.id, acceptanceId: acceptance.id });
    }
    await oldWorker.close();
    running.push(await startWorker(suiteConfig({ TEMPORAL_TASK_QUEUE: taskQueue, WORKFLOW_BUNDLE_PATH: changedBundle })));
    return asleep;
  }

  const levelsRaised = async (taskId: string): Promise<string[]> =>
    (await db.query(`SELECT level FROM escalations WHERE task_id = $1 ORDER BY raised_at`, [taskId])).map((r: { level: string }) => r.level);

  const historyOf = async (pathwayId: string) => (await client.workflow.getHandle(pathwayWorkflowId(pathwayId)).fetchHistory()).events ?? [];

  /** Timers of the changed code's length: the new command, issued only by the new code. */
  const changedCodeTimers = (events: Awaited<ReturnType<typeof historyOf>>) =>
    events.filter((e) => {
      const timeout = e.timerStartedEventAttributes?.startToFireTimeout;
      return e.eventType === EventType.EVENT_TYPE_TIMER_STARTED && Number(timeout?.seconds ?? 0) === 0 && timeout?.nanos === CHANGE_TIMER_MS * 1_000_000;
    });

  it('lets pathways asleep at the deploy carry on, each escalation raised once, under a change guarded by patched()', async () => {
    const asleep = await sleepThroughADeploy(`test-${randomUUID()}`);
    for (const { acceptanceId } of asleep) {
      await eventually(`the ladder of ${acceptanceId}`, async () => (await levelsRaised(acceptanceId)).length >= LADDER.length, 60_000);
    }
    for (const { id, acceptanceId } of asleep) {
      expect(await levelsRaised(acceptanceId)).toEqual(LADDER);
      const events = await historyOf(id);
      expect(events.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)).toEqual([]);
      // The change applies from the first workflow task after the deploy: its writes waited first.
      expect(changedCodeTimers(events).length).toBeGreaterThan(0);
    }
  }, 120_000);

  it('would leave them unable to replay had the change skipped the guard', async () => {
    const asleep = await sleepThroughADeploy(`test-${randomUUID()}-unguarded`);
    for (const { id } of asleep) {
      const failed = await eventually(
        `a failed workflow task on ${id}`,
        async () => (await historyOf(id)).find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED),
        60_000,
      );
      expect(failed.workflowTaskFailedEventAttributes?.cause).toBe(temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR);
    }
  }, 120_000);
});
