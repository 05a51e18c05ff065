/**
 * The periodic jobs run by the worker on Temporal Schedules, not by the API: each job's
 * Schedule is created when a worker starts (and left as it is by a second worker on the same
 * queue), and a run it starts does the job, here purging an Idempotency-Key past its hours.
 */
import { INestApplicationContext } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@throughcare/persistence';
import { TemporalClientService } from '@throughcare/temporal';
import { MAINTENANCE_JOBS, maintenanceScheduleId } from '@throughcare/workflows/maintenance';
import { MAINTENANCE_EVERY } from '../../apps/worker/src/maintenance/maintenance.schedules';
import { eventually } from '../support/api-client';
import { recordMaintenanceHistory } from '../support/histories';
import { startWorker, suiteConfig } from '../support/system';

describe('periodic jobs', () => {
  const config = suiteConfig();
  const workers: INestApplicationContext[] = [];
  let temporal: Client;
  let owner: DataSource;

  beforeAll(async () => {
    workers.push(await startWorker(config));
    temporal = await workers[0].get(TemporalClientService).client();
    owner = await new DataSource(dataSourceOptions(process.env.MIGRATION_DATABASE_URL!, { poolSize: 1 })).initialize();
  });

  afterAll(async () => {
    for (const worker of workers) await worker.close();
    // The suite's queue has no workers left: its Schedules would start runs nobody picks up.
    for (const job of MAINTENANCE_JOBS) await temporal.schedule.getHandle(maintenanceScheduleId(config.TEMPORAL_TASK_QUEUE, job)).delete().catch(() => undefined);
    await owner?.destroy();
  });

  it('puts every job on a Schedule of its queue, once however many workers start', async () => {
    workers.push(await startWorker(config));
    for (const job of MAINTENANCE_JOBS) {
      const schedule = await temporal.schedule.getHandle(maintenanceScheduleId(config.TEMPORAL_TASK_QUEUE, job)).describe();
      expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: 'maintenanceWorkflow', taskQueue: config.TEMPORAL_TASK_QUEUE, args: [{ job }] });
      expect(schedule.spec.intervals?.map((i) => i.every)).toEqual([expect.any(Number)]);
      expect(schedule.policies.overlap).toBe('SKIP');
    }
    expect(Object.keys(MAINTENANCE_EVERY).sort()).toEqual([...MAINTENANCE_JOBS].sort());
  });

  it('purges an Idempotency-Key past its hours in a run its Schedule starts', async () => {
    const key = `old-${Date.now()}`;
    await owner.query(
      `INSERT INTO idempotency_keys (org, key, fingerprint, method, path, actor_sub, created_at, response_status, response_body)
       VALUES ('LEI', $1, 'f', 'POST', '/v1/releases', 'lei-tester', now() - interval '25 hours', 201, '{}')`,
      [key],
    );
    const schedule = temporal.schedule.getHandle(maintenanceScheduleId(config.TEMPORAL_TASK_QUEUE, 'purge-idempotency-keys'));
    await schedule.trigger();
    const run = await eventually('the triggered run started', async () => (await schedule.describe()).info.recentActions.at(-1)?.action, 30_000);
    const purged = await temporal.workflow.getHandle(run.workflow.workflowId, run.workflow.firstExecutionRunId).result();
    expect(purged).toBeGreaterThanOrEqual(1);
    expect(await owner.query(`SELECT key FROM idempotency_keys WHERE key = $1`, [key])).toEqual([]);
    await recordMaintenanceHistory(temporal, 'purge-idempotency-keys', run.workflow.workflowId, run.workflow.firstExecutionRunId);
  }, 60_000);
});
