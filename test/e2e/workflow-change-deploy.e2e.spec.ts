/**
 * Why the rule for workflow changes (docs/operations.md) exists: a change that alters a running pathway's
 * commands, deployed without `patched()`, leaves the pathways asleep at the deploy unable to
 * replay their history on the new worker (a non-determinism error). The same change made by
 * the rule is deployed under load on the production-like topology in the fault suite
 * (test/faults, scenario 4), where those pathways carry on.
 */
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { randomUUID } from 'node:crypto';
import { Config } from '@throughcare/config';
import { dataConverter } from '@throughcare/temporal';
import { pathwayWorkflowId } from '@throughcare/workflows/pathway';
import { ApiClient, eventually, Json } from '../support/api-client';
import { buildChangedBundle, ChangedBundle, failedWorkflowTasks } from '../support/changed-workflow';
import { FAST_AREA, installFastPolicy } from '../support/fast-policy';
import { registration, startApi, startWorker, suiteConfig, tokenFor } from '../support/system';

describe('a worker deployed with changed workflow code while pathways sleep', () => {
  let changed: ChangedBundle;
  let connection: Connection;
  let client: Client;
  const running: Array<INestApplication | INestApplicationContext> = [];

  beforeAll(async () => {
    changed = await buildChangedBundle();
    const config = suiteConfig();
    connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
    client = new Client({ connection, dataConverter: dataConverter(config) });
  }, 180_000);

  afterAll(async () => {
    for (const app of running.reverse()) await app.close();
    await connection?.close();
    changed?.remove();
  });

  it('would leave them unable to replay had the change skipped the guard', async () => {
    // The fixture skips the guard on task queues named *-unguarded.
    const taskQueue = `test-${randomUUID()}-unguarded`;
    const before: Config = suiteConfig({ TEMPORAL_TASK_QUEUE: taskQueue });
    const { app: api } = await startApi(before);
    running.push(api);
    const server = api.getHttpServer();
    await installFastPolicy(new ApiClient(server, await tokenFor('THC-OPS', 'admin')));
    const prison = new ApiClient(server, await tokenFor('BMI', 'prison-healthcare'));
    const oldWorker = await startWorker(before);
    // Pathways whose referral was just sent, so the acceptance's ladder falls due within seconds.
    const asleep: string[] = [];
    for (let i = 0; i < 3; i++) {
      const pathway = await prison.post('/v1/releases', registration({ prisonCode: 'BMI', destinationArea: FAST_AREA }), 201);
      await prison.post(`/v1/tasks/${pathway.tasks.find((t: Json) => t.type === 'referral').id}/complete`, {});
      asleep.push(pathway.id);
    }
    await oldWorker.close();
    running.push(await startWorker(suiteConfig({ TEMPORAL_TASK_QUEUE: taskQueue, WORKFLOW_BUNDLE_PATH: changed.path })));

    for (const id of asleep) {
      const failed = await eventually(
        `a failed workflow task on ${id}`,
        async () => failedWorkflowTasks((await client.workflow.getHandle(pathwayWorkflowId(id)).fetchHistory()).events ?? [])[0],
        60_000,
      );
      expect(failed.workflowTaskFailedEventAttributes?.cause).toBe(temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR);
    }
  }, 120_000);
});
