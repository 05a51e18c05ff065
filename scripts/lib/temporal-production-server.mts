/**
 * The real Temporal server, as a deployment runs it: go.temporal.io/server v1.29.1 on
 * PostgreSQL, its schemas set up by its own sql tool, configured by deploy/temporal-server.yaml.
 * The binaries are found or built once like the CLI (lib/temporal-cli.mts): $TEMPORAL_SERVER_BIN
 * and $TEMPORAL_SQL_TOOL, `temporal-server` and `temporal-sql-tool` on PATH (their names in
 * Temporal's images), ~/go/bin/server and ~/go/bin/sql, then `go install`. Without Go this
 * throws: there is no download to fall back on, and the fault suite must not pass without it.
 */
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import { spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { executable, goBinDir, goCommand, onPath } from './temporal-cli.mts';
import { spawnNamed, stopChild, waitFor } from './processes.mts';

export const TEMPORAL_SERVER_MODULE = 'go.temporal.io/server/cmd/server@v1.29.1';
export const TEMPORAL_SQL_TOOL_MODULE = 'go.temporal.io/server/cmd/tools/sql@v1.29.1';
const root = path.resolve(import.meta.dirname, '..', '..');

export interface TemporalServerBinaries {
  server: string;
  sql: string;
}

function findOrBuild(what: string, envVar: string, names: string[], goName: string, module: string, minutes: string, log: (line: string) => void): string {
  const fromEnv = process.env[envVar];
  if (fromEnv && executable(fromEnv)) return fromEnv;
  for (const name of names) {
    const found = onPath(name);
    if (found) return found;
  }
  const gobin = goBinDir();
  if (!gobin) throw new Error(`${what} not found (set ${envVar}) and Go is not installed to build it with \`go install ${module}\``);
  const built = path.join(gobin, goName);
  if (executable(built)) return built;
  log(`Building ${what} once with \`go install ${module}\` (${minutes} on 2 cores)...`);
  const started = Date.now();
  const result = spawnSync(goCommand()!, ['install', module], { stdio: 'inherit' });
  if (result.status !== 0 || !executable(built)) throw new Error(`go install ${module} failed`);
  log(`Built ${what} in ${Math.round((Date.now() - started) / 1000)} s.`);
  return built;
}

/** The server and its sql tool, building either with Go if need be (once per machine). */
export function findOrBuildTemporalServer(log: (line: string) => void = console.log): TemporalServerBinaries {
  return {
    server: findOrBuild('the Temporal server', 'TEMPORAL_SERVER_BIN', ['temporal-server'], 'server', TEMPORAL_SERVER_MODULE, '15 to 25 minutes', log),
    sql: findOrBuild("the Temporal server's sql tool", 'TEMPORAL_SQL_TOOL', ['temporal-sql-tool'], 'sql', TEMPORAL_SQL_TOOL_MODULE, 'a minute or two after the server, longer alone', log),
  };
}

/** Where the Temporal server's databases are, and the login it uses (owner of both). */
export interface TemporalDatabase {
  host: string;
  port: number;
  user: string;
  password: string;
}

/**
 * Creates the login and the `temporal` and `temporal_visibility` databases when missing, then
 * brings both schemas to the version this server expects with the sql tool (versioning tables
 * at 0.0, then the embedded versioned schemas): idempotent, so a kept data directory is
 * updated rather than set up again.
 */
export async function setUpTemporalSchemas(sqlTool: string, adminUrl: string, db: TemporalDatabase): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [db.user]);
    const password = db.password.replace(/'/g, "''");
    await admin.query(`${rowCount ? 'ALTER' : 'CREATE'} ROLE "${db.user}" WITH LOGIN PASSWORD '${password}'`);
    for (const database of ['temporal', 'temporal_visibility']) {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (!exists.rowCount) await admin.query(`CREATE DATABASE "${database}" OWNER "${db.user}"`);
    }
  } finally {
    await admin.end();
  }
  for (const [database, schema] of [
    ['temporal', 'postgresql/v12/temporal'],
    ['temporal_visibility', 'postgresql/v12/visibility'],
  ] as const) {
    const sql = (args: string[]) => {
      const result = spawnSync(sqlTool, ['--plugin', 'postgres12', '--endpoint', db.host, '--port', String(db.port), '--user', db.user, '--database', database, ...args], {
        encoding: 'utf8',
        env: { ...process.env, SQL_PASSWORD: db.password },
      });
      if (result.status !== 0) throw new Error(`temporal sql tool ${args[0]} on ${database} failed:\n${result.stdout}${result.stderr}`);
    };
    if (!(await hasVersioningTable(adminUrl, database))) sql(['setup-schema', '--version', '0.0']);
    sql(['update-schema', '--schema-name', schema]);
  }
}

async function hasVersioningTable(adminUrl: string, database: string): Promise<boolean> {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return Boolean((await client.query(`SELECT to_regclass('public.schema_version') AS t`)).rows[0].t);
  } finally {
    await client.end();
  }
}

/** The ports the server's four services listen on: gRPC for each, membership for each. */
export interface TemporalServerPorts {
  frontend: number;
  history: number;
  matching: number;
  worker: number;
  frontendMembership: number;
  historyMembership: number;
  matchingMembership: number;
  workerMembership: number;
}

export const DEFAULT_TEMPORAL_SERVER_PORTS: TemporalServerPorts = {
  frontend: 7233,
  history: 7234,
  matching: 7235,
  worker: 7239,
  frontendMembership: 6933,
  historyMembership: 6934,
  matchingMembership: 6935,
  workerMembership: 6939,
};

export interface TemporalProductionServerOptions {
  binary: string;
  database: TemporalDatabase;
  ports: TemporalServerPorts;
  namespace?: string;
  logLevel?: string;
  /** Called with every line the server writes; it is quiet otherwise. */
  onOutput?: (line: string) => void;
}

export interface RunningTemporalServer {
  address: string;
  child: ChildProcess;
  /** From spawn to the namespace answering, in milliseconds. */
  startedInMs: number;
  stop(): Promise<void>;
}

/** The environment deploy/temporal-server.yaml is rendered with. */
export function temporalServerEnv(options: TemporalProductionServerOptions): Record<string, string> {
  const { ports, database } = options;
  return {
    TEMPORAL_LOG_LEVEL: options.logLevel ?? 'error',
    TEMPORAL_POSTGRES_HOST: database.host,
    TEMPORAL_POSTGRES_PORT: String(database.port),
    TEMPORAL_POSTGRES_USER: database.user,
    TEMPORAL_POSTGRES_PASSWORD: database.password,
    TEMPORAL_BIND_IP: '127.0.0.1',
    TEMPORAL_BROADCAST_ADDRESS: '127.0.0.1',
    TEMPORAL_FRONTEND_PORT: String(ports.frontend),
    TEMPORAL_HISTORY_PORT: String(ports.history),
    TEMPORAL_MATCHING_PORT: String(ports.matching),
    TEMPORAL_WORKER_PORT: String(ports.worker),
    TEMPORAL_FRONTEND_MEMBERSHIP_PORT: String(ports.frontendMembership),
    TEMPORAL_HISTORY_MEMBERSHIP_PORT: String(ports.historyMembership),
    TEMPORAL_MATCHING_MEMBERSHIP_PORT: String(ports.matchingMembership),
    TEMPORAL_WORKER_MEMBERSHIP_PORT: String(ports.workerMembership),
  };
}

/**
 * Starts the server and waits until its frontend serves the namespace (registered on first
 * start, with three days' retention of closed histories). The namespace answering is the
 * readiness check: a registered namespace takes a few seconds to reach the frontend's cache.
 */
export async function startTemporalProductionServer(options: TemporalProductionServerOptions): Promise<RunningTemporalServer> {
  const namespace = options.namespace ?? 'default';
  const address = `127.0.0.1:${options.ports.frontend}`;
  const started = Date.now();
  const child = spawnNamed('temporal-server', options.binary, ['--root', root, '--config', 'deploy', '--env', 'temporal-server', '--allow-no-auth', 'start'], {
    cwd: root,
    env: { ...process.env, ...temporalServerEnv(options) },
  });
  if (options.onOutput) {
    child.stdout?.removeAllListeners('data');
    child.stderr?.removeAllListeners('data');
    const forward = (chunk: Buffer) => chunk.toString().split('\n').filter(Boolean).forEach(options.onOutput!);
    child.stdout?.on('data', forward);
    child.stderr?.on('data', forward);
  }
  let last = ''; // what it said last, for the reason it did not start
  const keep = (chunk: Buffer) => (last = (last + chunk.toString()).slice(-3000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) => reject(new Error(`the Temporal server exited while starting (${signal ?? `code ${code}`}):\n${last}`))),
  );
  exited.catch(() => undefined);
  try {
    await Promise.race([waitFor('the Temporal server', () => serves(address, namespace), 120_000), exited]);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return { address, child, startedInMs: Date.now() - started, stop: () => stopChild(child) };
}

/** Whether the frontend answers for the namespace, registering it if the server has none. */
async function serves(address: string, namespace: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 1000 });
  try {
    try {
      await connection.workflowService.describeNamespace({ namespace });
    } catch (err) {
      if ((err as { code?: number }).code !== 5) throw err; // NOT_FOUND: register it
      await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('3 days') }).catch((e: { code?: number }) => {
        if (e.code !== 6) throw e; // ALREADY_EXISTS: another start registered it
      });
    }
    // Served by the frontend's namespace cache, as every workflow call is.
    await connection.workflowService.listWorkflowExecutions({ namespace, pageSize: 1 });
    return true;
  } finally {
    await connection.close();
  }
}
