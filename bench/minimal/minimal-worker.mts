/** Starts bench/minimal/worker.mts as its own process, as the product's worker runs, and says when it polls. */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { spawnNamed } from '../../scripts/lib/processes.mts';
import { root } from '../lib/bench-system.mts';

export { MINIMAL_TASK_QUEUE } from './task-queue.mts';

export async function startMinimalWorker(env: NodeJS.ProcessEnv, databaseUrl: string): Promise<ChildProcess> {
  const worker = spawnNamed('minimal worker', process.execPath, ['--disable-warning=MODULE_TYPELESS_PACKAGE_JSON', path.join(import.meta.dirname, 'worker.mts')], {
    env: { ...env, BENCH_DATABASE_URL: databaseUrl },
    cwd: root,
  });
  await new Promise<void>((resolve, reject) => {
    worker.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('polling') && resolve());
    worker.once('exit', (code) => reject(new Error(`the minimal worker exited (${code})`)));
  });
  return worker;
}
