/**
 * Throw-away PostgreSQL and Temporal for a test or benchmark run. PostgreSQL: $DATABASE_URL,
 * else the local server on 127.0.0.1:5432, else an embedded one; a fresh database each run.
 * Temporal: $TEMPORAL_ADDRESS, else an in-memory dev server on a free port. `cleanup()` undoes
 * everything, last made first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { canConnect, createDatabaseIfMissing, dropDatabase, startEmbeddedPostgres, withDatabase } from './postgres.mts';
import { freePort } from './processes.mts';
import { startTemporalDevServer } from './temporal-server.mts';

export interface EphemeralServices {
  databaseUrl: string;
  /** Whether this run started its own embedded PostgreSQL. */
  embeddedPostgres: boolean;
  temporalAddress: string;
  /** The dev server's process when this run started one. */
  temporalPid?: number;
  cleanup(): Promise<void>;
}

export async function startEphemeralServices(databasePrefix: string): Promise<EphemeralServices> {
  const cleanups: Array<() => Promise<void>> = [];
  const cleanup = async () => {
    for (const undo of cleanups.reverse()) await undo().catch((err: unknown) => console.error(err));
  };
  try {
    const { url: adminUrl, embedded: embeddedPostgres } = await postgresAdminUrl(cleanups);
    const database = `${databasePrefix}_${process.pid}_${Date.now()}`;
    await createDatabaseIfMissing(adminUrl, database);
    cleanups.push(() => dropDatabase(adminUrl, database));
    const { address: temporalAddress, pid: temporalPid } = await temporal(cleanups);
    return { databaseUrl: withDatabase(adminUrl, database), embeddedPostgres, temporalAddress, temporalPid, cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

async function postgresAdminUrl(cleanups: Array<() => Promise<void>>): Promise<{ url: string; embedded: boolean }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, embedded: false };
  const local = 'postgres://postgres@127.0.0.1:5432/postgres';
  if (await canConnect(local)) return { url: local, embedded: false };
  const dataDir = mkdtempSync(path.join(tmpdir(), 'throughcare-pg-'));
  console.log('No PostgreSQL at 127.0.0.1:5432: starting an embedded one');
  const pg = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false });
  cleanups.push(async () => {
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return { url: pg.adminUrl, embedded: true };
}

async function temporal(cleanups: Array<() => Promise<void>>): Promise<{ address: string; pid?: number }> {
  if (process.env.TEMPORAL_ADDRESS) return { address: process.env.TEMPORAL_ADDRESS };
  const server = await startTemporalDevServer({ port: await freePort(), quiet: true });
  cleanups.push(() => server.stop());
  return server;
}
