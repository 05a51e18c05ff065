/**
 * The API comes back by itself when Temporal does: the dev server killed outright (as when
 * `npm start`'s dies) and started again on the same port with the same SQLite file, after a
 * couple of minutes away. gRPC's wait between reconnection tries had grown to about a minute
 * by then, so the API went on answering 503 long after Temporal was back (libs/temporal:
 * clientConnectionOptions).
 *
 * The API reaches the server through a TCP relay in this test, closed for the whole outage and
 * opened again at one chosen moment: how long the restarted server takes to start (5 to 40 s
 * here) would otherwise decide, by chance, whether it happens to serve just before one of
 * gRPC's tries. The worker connects directly, so it is polling again before the relay opens.
 */
import { Connection } from '@temporalio/client';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Config } from '@throughcare/config';
import { spawnApi } from '../support/api-process';
import { freePort } from '../support/free-port';
import { registration, suiteConfig, tokenFor } from '../support/system';
import { kill, spawnWorker } from '../support/worker-process';
import { sleep } from '../support/api-client';

/**
 * Long enough for gRPC's default back-off (1 s, times 1.6 each try, give or take 20%) to reach
 * about a minute: its ninth try falls 90 to 135 s after the first, its tenth 145 to 218 s.
 */
const OUTAGE_MS = 130_000;
/** Within this of Temporal answering again, a registration succeeds (the fix tries every 5 s at most). */
const RECOVERY_MS = 12_000;


async function serving(address: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 1000 }).catch(() => undefined);
  if (!connection) return false;
  try {
    await connection.healthService.check({});
    return true;
  } catch {
    return false;
  } finally {
    await connection.close();
  }
}

/** The CLI's dev server, keeping its state in `dbFile`, serving on `port` once this resolves. */
async function startDevServer(port: number, dbFile: string): Promise<ChildProcess> {
  const cli = process.env.TEMPORAL_CLI;
  if (!cli) throw new Error('TEMPORAL_CLI is not set: npm test finds or builds the Temporal CLI and passes it');
  const child = spawn(cli, ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--headless', '--log-level', 'error', '--db-filename', dbFile], { stdio: 'ignore' });
  const deadline = Date.now() + 60_000;
  while (!(await serving(`127.0.0.1:${port}`))) {
    if (child.exitCode !== null) throw new Error(`the dev server exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error('the dev server did not serve within 60 s');
    await sleep(250);
  }
  return child;
}

/** Relays `port` to `upstream`, and can refuse connections (as a dead server's port does) until opened again. */
class Relay {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  constructor(
    readonly port: number,
    private readonly upstream: number,
  ) {}

  open(): Promise<void> {
    this.server = net.createServer((client) => {
      const server = net.connect(this.upstream, '127.0.0.1');
      for (const socket of [client, server]) {
        this.sockets.add(socket);
        socket.once('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(server).pipe(client);
      client.once('close', () => server.destroy());
      server.once('close', () => client.destroy());
    });
    return new Promise((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  /** Connections dropped and refused from now on. */
  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

describe('the API when the Temporal dev server is killed and started again', () => {
  let dir: string;
  let temporal: ChildProcess | undefined;
  let api: ChildProcess | undefined;
  let worker: ChildProcess | undefined;
  let relay: Relay | undefined;

  afterAll(async () => {
    for (const child of [worker, api, temporal]) if (child) await kill(child);
    await relay?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('registers again within seconds of Temporal serving again, without being restarted', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'throughcare-temporal-restart-'));
    const port = await freePort();
    const dbFile = path.join(dir, 'temporal.sqlite');
    const address = `127.0.0.1:${port}`;
    temporal = await startDevServer(port, dbFile);
    relay = new Relay(await freePort(), port);
    await relay.open();
    const config: Config = suiteConfig({ TEMPORAL_ADDRESS: address });
    worker = await spawnWorker(config, { TEMPORAL_ADDRESS: address });
    const started = await spawnApi(config, undefined, { TEMPORAL_ADDRESS: `127.0.0.1:${relay.port}` });
    api = started.child;
    const token = await tokenFor('LEI', 'prison-healthcare');
    const register = () =>
      fetch(`${started.url}/v1/releases`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(registration()),
        signal: AbortSignal.timeout(30_000),
      }).then(
        (res) => res.status,
        () => 0,
      );
    expect(await register()).toBe(201);

    const outageEnds = Date.now() + OUTAGE_MS;
    await relay.close();
    // The API is asked about Temporal throughout, as a monitor would: from the first moment, so
    // gRPC's tries (made while calls wait) start with the outage.
    const answers = new Set<number>();
    const monitoring = (async () => {
      while (Date.now() < outageEnds) {
        answers.add(await fetch(`${started.url}/health`).then((res) => res.status));
        await sleep(2000);
      }
    })();
    await kill(temporal);
    temporal = await startDevServer(port, dbFile);
    await monitoring;
    expect([...answers]).toEqual([503]);

    await relay.open();
    const back = Date.now();
    let status = 0;
    while (status !== 201 && Date.now() - back < 120_000) {
      status = await register();
      if (status !== 201) await sleep(500);
    }
    const tookMs = Date.now() - back;
    process.stdout.write(`Temporal away ${OUTAGE_MS / 1000} s: the API registered again ${(tookMs / 1000).toFixed(1)} s after it answered\n`);
    expect(status).toBe(201);
    expect(tookMs).toBeLessThan(RECOVERY_MS);
    expect(api.exitCode).toBeNull(); // the same API process throughout
    expect((await fetch(`${started.url}/health`)).status).toBe(200);
  }, OUTAGE_MS + 4 * 60_000);
});
