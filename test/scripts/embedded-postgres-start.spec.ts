/**
 * Starting the embedded PostgreSQL (scripts/lib/embedded-postgres-start.ts): a failure says
 * the server's own words, not "undefined", and a first failure is tried once more.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ServerLog, Startable, startWithOneRetry } from '../../scripts/lib/embedded-postgres-start';

/**
 * Stands in for the embedded-postgres package, as it behaves: it logs through its callback
 * and, when the server stops before it is ready, rejects with nothing.
 */
class ServerThat implements Startable {
  initialised = 0;
  started = 0;
  constructor(
    private readonly dataDir: string,
    private readonly log: ServerLog,
    private readonly failures: { initialise?: number; start?: number },
  ) {}

  async initialise(): Promise<void> {
    this.initialised++;
    mkdirSync(this.dataDir, { recursive: true });
    if (existsSync(path.join(this.dataDir, 'half-made'))) throw new Error(`initdb: error: directory "${this.dataDir}" exists but is not empty`);
    if (this.initialised <= (this.failures.initialise ?? 0)) {
      writeFileSync(path.join(this.dataDir, 'half-made'), '');
      throw new Error('Postgres init script failed (code: null, signal: SIGKILL). ERROR OUTPUT: ');
    }
    writeFileSync(path.join(this.dataDir, 'PG_VERSION'), '18\n');
  }

  async start(): Promise<void> {
    this.started++;
    if (this.started <= (this.failures.start ?? 0)) {
      this.log.add('2026-12-06 21:00:00.000 GMT [123] LOG:  starting PostgreSQL 18.0\n');
      this.log.add(`2026-12-06 21:00:00.010 GMT [123] FATAL:  could not create shared memory segment: No space left on device (try ${this.started})\n`);
      return Promise.reject(); // with nothing, as the package does
    }
  }
}

describe(startWithOneRetry.name, () => {
  let dataDir: string;
  const said: string[] = [];
  beforeEach(() => {
    dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'throughcare-pg-start-')), 'postgres');
    said.length = 0;
  });
  afterEach(() => rmSync(path.dirname(dataDir), { recursive: true, force: true }));

  it('says the server’s own last words when it stops before it is ready, and tries once more', async () => {
    const log = new ServerLog();
    const server = new ServerThat(dataDir, log, { start: 2 });
    const failed = await startWithOneRetry(server, dataDir, log, (l) => said.push(l)).catch((err: Error) => err);
    expect(failed).toBeInstanceOf(Error);
    expect((failed as Error).message).toMatch(/^Embedded PostgreSQL could not start: it stopped before it was ready\. Its last lines:\n.*FATAL: {2}could not create shared memory segment: No space left on device \(try 2\)/s);
    expect(said).toEqual([expect.stringContaining('(try 1)\nTrying once more...')]);
    expect(server.started).toBe(2);
  });

  it('starts on the second try when the first fails', async () => {
    const log = new ServerLog();
    const server = new ServerThat(dataDir, log, { start: 1 });
    await startWithOneRetry(server, dataDir, log, (l) => said.push(l));
    expect(server.started).toBe(2);
    expect(server.initialised).toBe(1);
  });

  it('removes a data directory that initdb left half-made, so the second initdb can make it', async () => {
    const log = new ServerLog();
    const server = new ServerThat(dataDir, log, { initialise: 1 });
    await startWithOneRetry(server, dataDir, log, (l) => said.push(l));
    expect(server.initialised).toBe(2);
    expect(existsSync(path.join(dataDir, 'PG_VERSION'))).toBe(true);
    expect(said).toEqual([expect.stringMatching(/^Embedded PostgreSQL could not set up its data directory: Postgres init script failed/)]);
  });

  it('keeps a data directory made before, and only starts it', async () => {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path.join(dataDir, 'PG_VERSION'), '18\n');
    const log = new ServerLog();
    const server = new ServerThat(dataDir, log, {});
    await startWithOneRetry(server, dataDir, log);
    expect(server.initialised).toBe(0);
    expect(server.started).toBe(1);
  });
});
