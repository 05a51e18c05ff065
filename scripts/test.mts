/**
 * `npm test`: type-checks everything and builds, brings up real PostgreSQL and a real
 * Temporal dev server (see lib/ephemeral-services), migrates and seeds a fresh database,
 * runs jest, then tears it all down. Arguments go to jest, e.g. `npm test -- test/e2e`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureChromium } from './lib/chromium.mts';
import { startEphemeralServices } from './lib/ephemeral-services.mts';
import { findOrBuildTemporalCli } from './lib/temporal-cli.mts';
import { startGoaws } from './lib/goaws.mts';
import { freePort } from './lib/processes.mts';
import { findOrBuildTemporalServer } from './lib/temporal-production-server.mts';
import type { TemporalServerBinaries } from './lib/temporal-production-server.mts';
import { localDatabaseEnv } from './lib/postgres.mts';
import { runCpuMeter } from './lib/run-cpu.mts';
import type { EphemeralServices } from './lib/ephemeral-services.mts';

const root = path.resolve(import.meta.dirname, '..');

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, env });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

/** As run, without blocking: each of tsc's passes takes one core, so two go side by side. */
function runAsync(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', cwd: root });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed`))));
  });
}

async function main(services: (s: EphemeralServices) => void): Promise<number> {
  // The type-check (tests and scripts too: jest only transpiles) beside the build.
  const checked = await Promise.allSettled([runAsync('npm', ['run', '-s', 'typecheck']), runAsync('npm', ['run', '-s', 'build'])]);
  const failed = checked.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  const chromium = ensureChromium();
  const temporalCli = findOrBuildTemporalCli();
  const temporalServer = temporalServerForFaultSuite();
  const started = await startEphemeralServices('throughcare_test');
  services(started);
  // The local SNS/SQS for the intake suites, which each make a topic and a queue of their own
  // (test/intake): HMPPS_EVENTS_QUEUE_URL is left unset, so no other suite's worker consumes events.
  const goaws = await startGoaws({ port: await freePort(), quiet: true });
  stopGoaws = goaws.stop;
  const { HMPPS_EVENTS_QUEUE_URL: _queue, HMPPS_EVENTS_DLQ_URL: _dlq, ...eventsEnv } = goaws.env;
  const database = localDatabaseEnv(started.databaseUrl, { embedded: started.embeddedPostgres });
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    // The app's own login; tests that must act as the owner use MIGRATION_DATABASE_URL.
    ...database.app,
    ...database.migrate,
    TEMPORAL_ADDRESS: started.temporalAddress,
    ...eventsEnv,
    WORKFLOW_BUNDLE_PATH: path.join(root, 'dist', 'workflow-bundle.js'),
    ...(chromium ? { CHROMIUM_PATH: chromium } : {}),
    // For tests that use the CLI as an operator would (the remote codec).
    ...(temporalCli ? { TEMPORAL_CLI: temporalCli } : {}),
    // The fault suite's production-like topology runs the real server (test/faults).
    ...(temporalServer ? { TEMPORAL_SERVER_BIN: temporalServer.server, TEMPORAL_SQL_TOOL: temporalServer.sql } : {}),
    NODE_OPTIONS: [process.env.NODE_OPTIONS, '--experimental-vm-modules', '--no-warnings=ExperimentalWarning'].filter(Boolean).join(' '),
  };
  run(process.execPath, ['dist/libs/persistence/src/cli/migrate.js', '--seed-demo'], env);
  const args = process.argv.slice(2);
  // Every run keeps jest's results for `npm run test:times`; its own reporter still prints as usual.
  mkdirSync(path.join(root, '.data'), { recursive: true });
  writeFileSync(path.join(root, '.data', 'test-cpu.jsonl'), ''); // each file's CPU, by test/record-cpu.setup.ts
  const keepResults = args.includes('--json') ? [] : ['--json', `--outputFile=${path.join(root, '.data', 'test-results.json')}`];
  // Node flags for jest's own process only, e.g. JEST_NODE_ARGS='--cpu-prof' with --runInBand to see where a file's time goes.
  const nodeArgs = (process.env.JEST_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const runCpu = runCpuMeter({ 'the Temporal dev server': started.temporalPid, goaws: goaws.child.pid });
  const jest = spawn(process.execPath, [...nodeArgs, path.join(root, 'node_modules/jest/bin/jest.js'), ...keepResults, ...args], {
    stdio: 'inherit',
    cwd: root,
    env,
  });
  return new Promise((resolve) =>
    jest.once('exit', (code, signal) => {
      if (signal) console.error(`jest was ended by ${signal}`);
      // Even when every test passed: jest sets code 1 when something logs after its test file
      // ended ("Cannot log after tests are done"), e.g. a timer a test left running.
      else if (code !== 0) console.error(`jest exited with code ${code}`);
      writeFileSync(path.join(root, '.data', 'test-run-cpu.json'), `${JSON.stringify(runCpu.since())}\n`);
      resolve(code ?? 1);
    }),
  );
}

/**
 * The Temporal server and its sql tool, built once per machine if need be. Without them the
 * rest of the run goes on, and the fault suite fails with this reason: it is never skipped.
 */
function temporalServerForFaultSuite(): TemporalServerBinaries | undefined {
  if (!mayRunFaultSuite(process.argv.slice(2))) return undefined;
  try {
    return findOrBuildTemporalServer();
  } catch (err) {
    console.error(`The fault suite will fail: ${err instanceof Error ? err.message : err}`);
    return undefined;
  }
}

/**
 * Whether jest may pick test/faults: unless every argument that is not a flag is a path (it has a
 * slash or ends in .ts) and none of them reaches the fault suite, the server is built (20 minutes
 * the first time), so a run of a few files does not wait for it.
 */
function mayRunFaultSuite(args: string[]): boolean {
  const positional = args.filter((a) => !a.startsWith('-'));
  if (positional.length === 0 || !positional.every((a) => a.includes('/') || a.endsWith('.ts'))) return true;
  return positional.some((a) => 'test/faults/'.startsWith(a.replace(/^\.\//, '')) || a.includes('faults'));
}

let exitCode = 1;
let services: EphemeralServices | undefined;
let stopGoaws: (() => Promise<void>) | undefined;
try {
  exitCode = await main((s) => (services = s));
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
} finally {
  await stopGoaws?.();
  await services?.cleanup();
}
process.exit(exitCode);
