/**
 * The recovery sweeps (stalled registrations and imports) take every stalled row in the
 * database, whichever file made it, and start its workflow on the sweeping worker's own task
 * queue. Files run side by side on one database, so the workers of ordinary files never sweep
 * (suiteConfig: once an hour), and a file whose worker sweeps at short intervals holds this
 * PostgreSQL advisory lock while it runs, so no two such files overlap.
 */
import pg from 'pg';

const LOCK = 'throughcare-tests:recovery-sweeps';
/** Long enough for the other sweeping file to end (about 100 s on a busy machine). */
export const SWEEPING_ALONE_WAIT_MS = 10 * 60_000;

/** Waits for the lock; resolves to its release (the session's end releases it too). */
export async function sweepingAlone(): Promise<() => Promise<void>> {
  const session = new pg.Client({ connectionString: process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL, application_name: 'tests-sweeping-alone' });
  await session.connect();
  await session.query('SELECT pg_advisory_lock(hashtext($1))', [LOCK]);
  return () => session.end();
}
