/**
 * What every benchmark starts from: the built code, throw-away PostgreSQL and Temporal (as
 * the tests use), the schema migrated and the demo organisations seeded, and the processes it
 * spawns stopped at the end whatever happens. A benchmark's body says whether its targets
 * were met; that is the process's exit code.
 */
import { spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { startEphemeralServices } from '../../scripts/lib/ephemeral-services.mts';
import type { EphemeralServices } from '../../scripts/lib/ephemeral-services.mts';
import { localDatabaseEnv } from '../../scripts/lib/postgres.mts';
import { freePort, spawnNamed, stopChild, waitFor } from '../../scripts/lib/processes.mts';

export const root = path.resolve(import.meta.dirname, '..', '..');

export interface BenchSystem {
  services: EphemeralServices;
  /** The environment the API and worker run with (the application's database login). */
  env: NodeJS.ProcessEnv;
  apiUrl: string;
  /** Starts one of the built apps (`api`, `worker`) with `env` (and `moreEnv`); stopped when the benchmark ends. */
  spawn(app: 'api' | 'worker', nodeArgs?: string[], moreEnv?: Record<string, string>): ChildProcess;
  /** Waits until the API answers its health check. */
  apiAnswering(): Promise<void>;
}

export async function runBenchmark(databasePrefix: string, settings: Record<string, string>, body: (system: BenchSystem) => Promise<boolean>): Promise<never> {
  let exitCode = 1;
  try {
    exitCode = (await benchmark(databasePrefix, settings, body)) ? 0 : 1;
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
  }
  process.exit(exitCode);
}

async function benchmark(databasePrefix: string, settings: Record<string, string>, body: (system: BenchSystem) => Promise<boolean>): Promise<boolean> {
  const build = spawnSync('npm', ['run', '-s', 'build'], { stdio: 'inherit', cwd: root });
  if (build.status !== 0) return false;
  const services = await startEphemeralServices(databasePrefix);
  const children: ChildProcess[] = [];
  try {
    const database = localDatabaseEnv(services.databaseUrl, { embedded: services.embeddedPostgres });
    const port = await freePort();
    const env = {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      ...database.app,
      TEMPORAL_ADDRESS: services.temporalAddress,
      WORKFLOW_BUNDLE_PATH: path.join(root, 'dist', 'workflow-bundle.js'),
      PORT: String(port),
      ...settings,
    };
    const migrate = spawnSync(process.execPath, ['dist/libs/persistence/src/cli/migrate.js', '--seed-demo'], { stdio: 'inherit', cwd: root, env: { ...env, ...database.migrate } });
    if (migrate.status !== 0) return false;
    const apiUrl = `http://127.0.0.1:${port}`;
    return await body({
      services,
      env,
      apiUrl,
      spawn: (app, nodeArgs = [], moreEnv = {}) => {
        const child = spawnNamed(app, process.execPath, [...nodeArgs, `dist/apps/${app}/src/main.js`], { env: { ...env, ...moreEnv }, cwd: root });
        children.push(child);
        return child;
      },
      apiAnswering: () => waitFor('the API', async () => (await fetch(`${apiUrl}/health`).catch(() => undefined))?.ok === true),
    });
  } finally {
    for (const child of children.reverse()) await stopChild(child);
    await services.cleanup();
  }
}
