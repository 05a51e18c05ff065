/**
 * The production topology on one machine: PostgreSQL, the real Temporal server on it, two API
 * instances on two ports (no proxy in front: a client picks one) and two workers, all with
 * NODE_ENV=production and keys generated for this data directory. The workers consume HMPPS
 * domain events from the topology's own goaws (lib/goaws), and read Prisoner Search through
 * HMPPS Auth's client credentials from a stand-in for both that the topology serves itself (as it
 * serves its JWKS), answering each person's release dates as their pathway was registered. `npm run start:production-like`
 * runs it; the fault suite (test/faults) runs its own through the same code and takes parts of
 * it down. Every process is addressable by name (`temporal`, `goaws`, `api-1`, `worker-2`) to be
 * killed or started again.
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { HmppsApiStandIn } from '../../test/intake/hmpps-api.stand-in.ts';
import { registeredReleaseDates } from '../../apps/worker/src/intake/registered-release-dates.ts';
import { findOrBuildGoaws, startGoaws } from './goaws.mts';
import type { Goaws } from './goaws.mts';
import { createDatabaseIfMissing, startEmbeddedPostgres, withDatabase } from './postgres.mts';
import type { EmbeddedPostgresServer } from './postgres.mts';
import type { ProcessName } from './process-names.ts';
import type { Ended } from './supervisor.ts';
import { freePort, portInUse, spawnNamed, stopChild, waitFor } from './processes.mts';
import { loadOrGenerateKeys, PRODUCTION_LIKE_AUDIENCE, PRODUCTION_LIKE_ISSUER, serveJwks } from './production-keys.mts';
import type { ProductionKeys } from './production-keys.mts';
import { DEFAULT_TEMPORAL_SERVER_PORTS, findOrBuildTemporalServer, setUpTemporalSchemas, startTemporalProductionServer } from './temporal-production-server.mts';
import type { RunningTemporalServer, TemporalServerPorts } from './temporal-production-server.mts';

const root = path.resolve(import.meta.dirname, '..', '..');

export interface ProductionLikeOptions {
  dataDir: string;
  /** The owner's URL of a PostgreSQL to use; else an embedded server of this topology's own. */
  databaseUrl?: string;
  embeddedPostgresPort: number;
  apiPorts: [number, number];
  jwksPort: number;
  /** goaws, the local SNS/SQS the workers consume HMPPS domain events from. */
  eventsPort: number;
  temporalPorts: TemporalServerPorts;
  /** More environment for the APIs and workers (the fault suite's seconds-long sweeps). */
  appEnv?: Record<string, string>;
  /** Keep each process's output to itself (see `output`) rather than prefixing it on this process's own. */
  quiet?: boolean;
  log?: (line: string) => void;
}

export type { ProcessName };

export interface ProductionLike {
  apiUrls: string[];
  temporalAddress: string;
  /** Where to publish HMPPS domain events (SNS Publish to topicArn at endpoint) and the queue the workers consume. */
  events: { endpoint: string; topicArn: string; queueUrl: string };
  /** The HMPPS Auth and Prisoner Search stand-in. */
  hmppsApiUrl: string;
  /** The schema owner's URL (for checks that read every table) and the application's login's. */
  ownerDatabaseUrl: string;
  appDatabaseUrl: string;
  keys: ProductionKeys;
  /** The embedded PostgreSQL, when this topology started its own. */
  postgres?: EmbeddedPostgresServer;
  /** Milliseconds the Temporal server took from spawn to serving its namespace, each time it started. */
  temporalStartTimes: number[];
  pids(): Record<string, number | undefined>;
  /** The last of what a process wrote, when quiet. */
  output(name: ProcessName): string;
  kill(name: ProcessName, signal?: NodeJS.Signals): Promise<void>;
  /** Starts a process again; `env` changes what an app runs from now on (a deploy: another workflow bundle). */
  start(name: ProcessName, env?: Record<string, string>): Promise<void>;
  /** Settles when the process now running under this name ends (at once if none runs). */
  exited(name: ProcessName): Promise<Ended>;
  /** Called when a process exits that nobody asked to stop. */
  onUnexpectedExit(listener: (name: ProcessName, code: number | null, signal: NodeJS.Signals | null) => void): void;
  stop(): Promise<void>;
}

/** Ports all free now: for a topology that must not meet anything else on the machine. */
export async function freeTopologyPorts(): Promise<Pick<ProductionLikeOptions, 'embeddedPostgresPort' | 'apiPorts' | 'jwksPort' | 'eventsPort' | 'temporalPorts'>> {
  const temporalPorts = {} as TemporalServerPorts;
  const taken = new Set<number>();
  for (const key of Object.keys(DEFAULT_TEMPORAL_SERVER_PORTS) as Array<keyof TemporalServerPorts>) {
    temporalPorts[key] = await freeSmallPort(taken);
    taken.add(temporalPorts[key]);
  }
  return { embeddedPostgresPort: await freePort(), apiPorts: [await freePort(), await freePort()], jwksPort: await freePort(), eventsPort: await freePort(), temporalPorts };
}

/**
 * A free port below 32768: the server keeps its services' ports in PostgreSQL as smallint
 * (cluster_membership), so the kernel's ephemeral ports, above it, stop it at start.
 */
async function freeSmallPort(taken: Set<number>): Promise<number> {
  for (let tries = 0; tries < 200; tries++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (taken.has(port) || (await portInUse(port))) continue;
    if (await canListen(port)) return port;
  }
  throw new Error('no free port found between 20000 and 32000');
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export async function startProductionLike(options: ProductionLikeOptions): Promise<ProductionLike> {
  const log = options.log ?? console.log;
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch((err: unknown) => console.error(err));
  };
  try {
    return await start(options, log, stops, stopAll);
  } catch (err) {
    await stopAll();
    throw err;
  }
}

async function start(options: ProductionLikeOptions, log: (line: string) => void, stops: Array<() => Promise<void>>, stopAll: () => Promise<void>): Promise<ProductionLike> {
  // First, so a machine without the server fails before anything is started.
  const binaries = findOrBuildTemporalServer(log);
  const goawsBinary = findOrBuildGoaws(log);
  mkdirSync(options.dataDir, { recursive: true });
  // The embedded server runs as the `postgres` user when we are root: it must enter this directory (keys.json stays 600).
  if (!options.databaseUrl && process.getuid?.() === 0) chmodSync(options.dataDir, 0o711);
  const keys = await loadOrGenerateKeys(options.dataDir);

  let adminUrl = options.databaseUrl;
  let postgres: EmbeddedPostgresServer | undefined;
  if (!adminUrl) {
    log(`Starting embedded PostgreSQL on 127.0.0.1:${options.embeddedPostgresPort} (data in ${path.relative(root, path.join(options.dataDir, 'postgres')) || options.dataDir})`);
    postgres = await startEmbeddedPostgres({ dataDir: path.join(options.dataDir, 'postgres'), port: options.embeddedPostgresPort, persistent: true });
    stops.push(() => postgres!.stop());
    adminUrl = postgres.adminUrl;
  }
  const pgUrl = new URL(adminUrl);
  const temporalDatabase = { host: pgUrl.hostname, port: Number(pgUrl.port || 5432), user: 'temporal', password: keys.temporalDatabasePassword };
  await setUpTemporalSchemas(binaries.sql, withDatabase(adminUrl, 'postgres'), temporalDatabase);

  const owner = options.databaseUrl ? adminUrl : withDatabase(adminUrl, 'throughcare');
  if (!options.databaseUrl) await createDatabaseIfMissing(adminUrl, 'throughcare');
  const app = new URL(owner);
  app.username = 'throughcare_app';
  app.password = keys.appDatabasePassword;

  const outputs = new Map<ProcessName, string>();
  const keep = (name: ProcessName, text: string) => outputs.set(name, ((outputs.get(name) ?? '') + text).slice(-20_000));
  const children = new Map<ProcessName, ChildProcess>();
  const stopping = new Set<ChildProcess>();
  const exitListeners: Array<(name: ProcessName, code: number | null, signal: NodeJS.Signals | null) => void> = [];
  function watch(name: ProcessName, child: ChildProcess): void {
    children.set(name, child);
    child.once('exit', (code, signal) => {
      if (!stopping.has(child)) for (const listener of exitListeners) listener(name, code, signal);
    });
  }
  const temporalStartTimes: number[] = [];
  let temporal: RunningTemporalServer | undefined;
  const startTemporal = async () => {
    log('Starting the Temporal server (go.temporal.io/server v1.29.1) on PostgreSQL...');
    temporal = await startTemporalProductionServer({ binary: binaries.server, database: temporalDatabase, ports: options.temporalPorts, onOutput: options.quiet ? (line) => keep('temporal', `${line}\n`) : undefined });
    temporalStartTimes.push(temporal.startedInMs);
    log(`The Temporal server serves the default namespace at ${temporal.address} (${(temporal.startedInMs / 1000).toFixed(1)} s after starting).`);
    watch('temporal', temporal.child);
  };

  const jwks = await serveJwks(keys, options.jwksPort);
  stops.push(() => jwks.stop());
  // Prisoner Search answers from the registrations (read once the migrations have made the tables).
  const registrations = new pg.Pool({ connectionString: owner, max: 2 });
  registrations.on('error', () => undefined); // PostgreSQL shut down under the fault suite: the next query fails, and the stand-in answers 500
  stops.push(() => registrations.end());
  const registered = async (prisonNumber: string) => {
    const dates = await registeredReleaseDates(registrations, prisonNumber);
    return dates && { ...dates };
  };
  const hmppsApi = await new HmppsApiStandIn(registered, { id: 'throughcare-production-like', secret: randomUUID() }).start();
  stops.push(() => hmppsApi.stop());
  let goaws: Goaws | undefined;
  const startEvents = async () => {
    await goaws?.stop(); // a killed one's directory
    log(`Starting goaws (local SNS/SQS for HMPPS domain events) on 127.0.0.1:${options.eventsPort}`);
    goaws = await startGoaws({ port: options.eventsPort, quiet: true, binary: goawsBinary });
    watch('goaws', goaws.child);
  };
  await startEvents();
  stops.push(async () => {
    if (goaws) stopping.add(goaws.child);
    await goaws?.stop();
  });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NODE_OPTIONS: '',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    DATABASE_URL: app.toString(),
    TEMPORAL_ADDRESS: `127.0.0.1:${options.temporalPorts.frontend}`,
    TEMPORAL_PAYLOAD_KEYS: `${keys.payloadKeyId}:${keys.payloadKey}`,
    TEMPORAL_PAYLOAD_KEY_ID: keys.payloadKeyId,
    AUTH_JWKS_URL: jwks.url,
    AUTH_ISSUER: PRODUCTION_LIKE_ISSUER,
    AUTH_AUDIENCE: PRODUCTION_LIKE_AUDIENCE,
    WEBHOOK_SECRET_KEYS: `${keys.webhookSecretKeyId}:${keys.webhookSecretKey}`,
    WEBHOOK_SECRET_KEY_ID: keys.webhookSecretKeyId,
    CONTACT_KEYS: `${keys.contactKeyId}:${keys.contactKey}`,
    CONTACT_KEY_ID: keys.contactKeyId,
    // Production's rules, with two said out loud: this machine serves http on localhost (the
    // stand-in identity provider, the pages' address, a Temporal UI), and it e-mails nobody.
    ALLOW_HTTP_URLS: 'true',
    WEB_BASE_URL: 'http://localhost:3001',
    TEMPORAL_UI_ORIGINS: 'http://localhost:8233',
    NOTIFY_EMAIL_ENABLED: 'false',
    WORKFLOW_BUNDLE_PATH: path.join(root, 'dist', 'workflow-bundle.js'),
    ...goaws!.env,
    ...hmppsApi.settings(),
    ...options.appEnv,
  };
  await runToEnd('migrate', ['dist/libs/persistence/src/cli/migrate.js', '--seed-demo'], { ...env, MIGRATION_DATABASE_URL: owner, DATABASE_APP_PASSWORD: keys.appDatabasePassword }, options.quiet);

  const deployed = new Map<ProcessName, Record<string, string>>();
  const spawnApp = async (name: Exclude<ProcessName, 'temporal' | 'goaws'>) => {
    const [kind, n] = name.split('-') as ['api' | 'worker', string];
    const port = kind === 'api' ? options.apiPorts[Number(n) - 1] : undefined;
    const child = spawnNamed(name, process.execPath, [`dist/apps/${kind}/src/main.js`], { env: { ...env, ...(port ? { PORT: String(port) } : {}), ...deployed.get(name) }, cwd: root });
    if (options.quiet) {
      child.stdout?.removeAllListeners('data');
      child.stderr?.removeAllListeners('data');
      child.stdout?.on('data', (chunk: Buffer) => keep(name, chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => keep(name, chunk.toString()));
    }
    watch(name, child);
    if (port) await waitFor(name, async () => (await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined)) !== undefined, 60_000);
  };
  const startProcess = (name: ProcessName) => (name === 'temporal' ? startTemporal() : name === 'goaws' ? startEvents() : spawnApp(name));

  await startTemporal();
  stops.push(() => (temporal ? stopChild(temporal.child) : Promise.resolve()));
  // Workers first: an API answering before any worker polls would leave its first requests waiting.
  await Promise.all([spawnApp('worker-1'), spawnApp('worker-2')]);
  await Promise.all([spawnApp('api-1'), spawnApp('api-2')]);
  stops.push(async () => {
    const apps = [...children].filter(([name]) => name !== 'temporal' && name !== 'goaws').map(([, child]) => child);
    apps.forEach((child) => stopping.add(child));
    await Promise.all(apps.map((child) => stopChild(child)));
  });
  stops.push(async () => void (temporal && stopping.add(temporal.child)));

  return {
    apiUrls: options.apiPorts.map((port) => `http://127.0.0.1:${port}`),
    temporalAddress: `127.0.0.1:${options.temporalPorts.frontend}`,
    events: { endpoint: goaws!.endpoint, topicArn: goaws!.topicArn, queueUrl: goaws!.queueUrl },
    hmppsApiUrl: hmppsApi.url,
    ownerDatabaseUrl: owner,
    appDatabaseUrl: app.toString(),
    keys,
    postgres,
    temporalStartTimes,
    output: (name) => outputs.get(name) ?? '',
    pids: () => Object.fromEntries([...children].map(([name, child]) => [name, child.exitCode === null && child.signalCode === null ? child.pid : undefined])),
    kill: async (name, signal = 'SIGKILL') => {
      const child = children.get(name);
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      stopping.add(child);
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill(signal);
      });
    },
    start: (name, appEnv) => {
      if (appEnv && name !== 'temporal') deployed.set(name, appEnv);
      return startProcess(name);
    },
    exited: (name) =>
      new Promise<Ended>((resolve) => {
        const child = children.get(name);
        if (!child || child.exitCode !== null || child.signalCode !== null) resolve({ code: child?.exitCode ?? null, signal: child?.signalCode ?? null });
        else child.once('exit', (code, signal) => resolve({ code, signal }));
      }),
    onUnexpectedExit: (listener) => void exitListeners.push(listener),
    stop: stopAll,
  };
}

function runToEnd(name: string, args: string[], env: NodeJS.ProcessEnv, quiet?: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawnNamed(name, process.execPath, args, { env, cwd: root });
    if (quiet) child.stdout?.removeAllListeners('data');
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${name} exited with ${code}`))));
  });
}
