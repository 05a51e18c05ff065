/**
 * The minimal workflows' worker, for the registration benchmark's second baseline and the
 * escalation benchmark's timer baseline: the same Temporal server, the same workflow cache size
 * and the SDK's default tuning as the product's worker (which sets nothing else but its payload
 * codec, left out here as ours to count). Its local activities insert one row into
 * `bench_minimal_rows` (a start) or `bench_minimal_wakes` (a wake-up) through a pg pool.
 *
 *   TEMPORAL_ADDRESS  BENCH_DATABASE_URL  WORKER_MAX_CACHED_WORKFLOWS (500, the product's default)
 */
import { DefaultLogger, NativeConnection, Runtime, Worker, bundleWorkflowCode } from '@temporalio/worker';
import path from 'node:path';
import pg from 'pg';
import { MINIMAL_TASK_QUEUE } from './task-queue.mts';

Runtime.install({ logger: new DefaultLogger('WARN') });
const pool = new pg.Pool({ connectionString: process.env.BENCH_DATABASE_URL, max: 10 });
await pool.query('CREATE TABLE IF NOT EXISTS bench_minimal_rows (i int PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())');
await pool.query('CREATE TABLE IF NOT EXISTS bench_minimal_wakes (i int PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp())');
const { code } = await bundleWorkflowCode({ workflowsPath: path.join(import.meta.dirname, 'minimal.workflow.ts'), logger: new DefaultLogger('WARN') });
const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS });
const worker = await Worker.create({
  connection,
  taskQueue: MINIMAL_TASK_QUEUE,
  workflowBundle: { code },
  activities: {
    recordRow: async (i: number) => {
      await pool.query('INSERT INTO bench_minimal_rows (i) VALUES ($1) ON CONFLICT DO NOTHING', [i]);
    },
    recordWake: async (i: number) => {
      await pool.query('INSERT INTO bench_minimal_wakes (i) VALUES ($1) ON CONFLICT DO NOTHING', [i]);
    },
  },
  maxCachedWorkflows: Number(process.env.WORKER_MAX_CACHED_WORKFLOWS ?? 500),
  shutdownGraceTime: '10 seconds',
});
process.once('SIGTERM', () => worker.shutdown());
console.log('polling');
await worker.run();
await connection.close();
await pool.end();
