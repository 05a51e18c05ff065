/**
 * The Temporal dev server for local runs and tests: the CLI's `server start-dev` when the
 * CLI can be found or built, else the SDK's own downloaded dev server (needs internet).
 */
import { Connection } from '@temporalio/client';
import { stopChild, spawnNamed, waitFor } from './processes.mts';
import { findOrBuildTemporalCli } from './temporal-cli.mts';
import type { Ended } from './supervisor.ts';

export interface TemporalServer {
  address: string;
  uiUrl?: string;
  /** The server's process, when this project started it as one (benchmarks read its CPU time). */
  pid?: number;
  /** Settles when the server's process ends, when this project started it as one (npm start restarts it). */
  exited?: Promise<Ended>;
  stop(): Promise<void>;
}

export interface TemporalServerOptions {
  port: number;
  uiPort?: number;
  /** SQLite file that keeps the server's state across restarts; in memory when absent. */
  dbFilename?: string;
  quiet?: boolean;
  /** The remote codec the UI decrypts payloads through (the API's /codec). */
  uiCodecEndpoint?: string;
}

async function reachable(address: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 1000 });
  try {
    await connection.healthService.check({});
    return true;
  } finally {
    await connection.close();
  }
}

export async function startTemporalDevServer(options: TemporalServerOptions): Promise<TemporalServer> {
  const address = `127.0.0.1:${options.port}`;
  const cli = findOrBuildTemporalCli();
  if (!cli) return startWithSdkDownload(options);
  // 'error': at 'warn' the server reports every dropped poll while workers stop.
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(options.port), '--log-level', 'error', '--namespace', 'default'];
  if (options.dbFilename) args.push('--db-filename', options.dbFilename);
  if (options.uiPort) args.push('--ui-port', String(options.uiPort));
  if (options.uiPort && options.uiCodecEndpoint) args.push('--ui-codec-endpoint', options.uiCodecEndpoint);
  else args.push('--headless');
  const child = spawnNamed('temporal', cli, args);
  if (options.quiet) child.stdout?.removeAllListeners('data');
  const exited = new Promise<Ended>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const early = exited.then(({ code, signal }): never => {
    throw new Error(`the Temporal dev server exited early (${signal ?? `code ${code}`})`);
  });
  early.catch(() => undefined); // once started, its end is for `exited`'s reader, not an unhandled rejection
  try {
    await Promise.race([waitFor('Temporal dev server', () => reachable(address)), early]);
  } catch (err) {
    await stopChild(child);
    throw err;
  }
  return {
    address,
    uiUrl: options.uiPort ? `http://localhost:${options.uiPort}` : undefined,
    pid: child.pid,
    exited,
    stop: () => stopChild(child),
  };
}

async function startWithSdkDownload(options: TemporalServerOptions): Promise<TemporalServer> {
  console.log('No Temporal CLI and no Go: using the Temporal SDK download of the dev server (needs internet).');
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      ip: '127.0.0.1',
      port: options.port,
      ui: options.uiPort !== undefined,
      uiPort: options.uiPort,
      dbFilename: options.dbFilename,
    },
  });
  return {
    address: `127.0.0.1:${options.port}`,
    uiUrl: options.uiPort ? `http://localhost:${options.uiPort}` : undefined,
    stop: () => env.teardown(),
  };
}
