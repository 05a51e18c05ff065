/**
 * `npm test`: type-checks everything and builds, brings up real PostgreSQL and a real
 * Temporal dev server, migrates and seeds a fresh database, runs jest, then tears it all
 * down. PostgreSQL: $DATABASE_URL, else the local server on 127.0.0.1:5432, else an
 * embedded one. Temporal: $TEMPORAL_ADDRESS, else an in-memory dev server on a free port.
 * Arguments go to jest, e.g. `npm test -- test/e2e`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { canConnect, createDatabaseIfMissing, dropDatabase, startEmbeddedPostgres, withDatabase } from './lib/postgres.mts';
import { freePort } from './lib/processes.mts';
import { startTemporalDevServer } from './lib/temporal-server.mts';

const root = path.resolve(import.meta.dirname, '..');
const cleanups: Array<() => Promise<void>> = [];

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, env });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

async function postgresAdminUrl(): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const local = 'postgres://postgres@127.0.0.1:5432/postgres';
  if (await canConnect(local)) return local;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'throughcare-test-pg-'));
  console.log('No PostgreSQL at 127.0.0.1:5432: starting an embedded one');
  const pg = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false });
  cleanups.push(async () => {
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return pg.adminUrl;
}

async function temporalAddress(): Promise<string> {
  if (process.env.TEMPORAL_ADDRESS) return process.env.TEMPORAL_ADDRESS;
  const server = await startTemporalDevServer({ port: await freePort(), quiet: true });
  cleanups.push(() => server.stop());
  return server.address;
}

async function main(): Promise<number> {
  run('npm', ['run', '-s', 'typecheck']); // tests and scripts too: jest only transpiles
  run('npm', ['run', '-s', 'build']);
  const adminUrl = await postgresAdminUrl();
  const database = `throughcare_test_${process.pid}_${Date.now()}`;
  await createDatabaseIfMissing(adminUrl, database);
  cleanups.push(() => dropDatabase(adminUrl, database));
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    DATABASE_URL: withDatabase(adminUrl, database),
    TEMPORAL_ADDRESS: await temporalAddress(),
    WORKFLOW_BUNDLE_PATH: path.join(root, 'dist', 'workflow-bundle.js'),
    NODE_OPTIONS: [process.env.NODE_OPTIONS, '--experimental-vm-modules', '--no-warnings=ExperimentalWarning'].filter(Boolean).join(' '),
  };
  run(process.execPath, ['dist/libs/persistence/src/cli/migrate.js', '--seed-demo'], env);
  const jest = spawn(process.execPath, [path.join(root, 'node_modules/jest/bin/jest.js'), ...process.argv.slice(2)], {
    stdio: 'inherit',
    cwd: root,
    env,
  });
  return new Promise((resolve) => jest.once('exit', (code) => resolve(code ?? 1)));
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((err: unknown) => console.error(err));
}
process.exit(exitCode);
