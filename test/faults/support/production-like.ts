/**
 * The production-like topology for the fault suite: `scripts/start-production-like.mts` run as
 * a child with an IPC channel, on free ports, in a throw-away data directory, with its own
 * embedded PostgreSQL (never the machine's shared server, which a fault would take down for
 * everyone). The suite gives it orders: kill a process (goaws too), start it again, shut PostgreSQL down.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importJWK, JWK, SignJWT } from 'jose';
import type { ProcessName } from '../../../scripts/lib/process-names';

const ROOT = path.resolve(__dirname, '../../..');

export type { ProcessName };

interface Ready {
  type: 'ready';
  apiUrls: string[];
  temporalAddress: string;
  /** The topology's goaws: where HMPPS domain events are published, and the queue the workers consume. */
  events: { endpoint: string; topicArn: string; queueUrl: string };
  ownerDatabaseUrl: string;
  appDatabaseUrl: string;
  temporalStartTimes: number[];
}

interface Reply {
  type: 'reply';
  id: number;
  ok: boolean;
  error?: string;
  temporalStartTimes: number[];
}

export interface Topology extends Omit<Ready, 'type'> {
  /** Processes that died without being told to, with the end of what they wrote. */
  unexpectedExits: Array<{ name: string; code: number | null; signal: string | null; output: string }>;
  /** SIGKILL, a crash; SIGTERM, an orderly stop (a worker drains first), as a deploy stops it. */
  kill(name: ProcessName, signal?: 'SIGKILL' | 'SIGTERM'): Promise<void>;
  /** Starts it again; `env` is what an app runs with from now on (a deploy of other workflow code). */
  start(name: ProcessName, env?: Record<string, string>): Promise<void>;
  /** An immediate shutdown of the topology's own PostgreSQL cluster. */
  stopPostgres(): Promise<void>;
  startPostgres(): Promise<void>;
  token(org: string, role: string): Promise<string>;
  /** The generated payload key, as the apps are given it: to read what the workflows hold. */
  payloadKeys: { TEMPORAL_PAYLOAD_KEYS: string; TEMPORAL_PAYLOAD_KEY_ID: string };
  stop(): Promise<void>;
}

/** The issuer and audience lib/production-keys.mts signs with, so tokens are the stand-in identity provider's. */
const ISSUER = 'https://identity.production-like.throughcare.invalid/';
const AUDIENCE = 'throughcare-api';

export async function startTopology(appEnv: Record<string, string>): Promise<Topology> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'throughcare-faults-'));
  const child: ChildProcess = spawn(process.execPath, ['--disable-warning=MODULE_TYPELESS_PACKAGE_JSON', path.join(ROOT, 'scripts/start-production-like.mts')], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '', PRODUCTION_LIKE_DATA_DIR: dataDir, ...appEnv },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let written = '';
  child.stdout!.on('data', (c: Buffer) => (written = (written + c.toString()).slice(-20_000)));
  child.stderr!.on('data', (c: Buffer) => (written = (written + c.toString()).slice(-20_000)));
  const unexpectedExits: Topology['unexpectedExits'] = [];
  const waiting = new Map<number, (reply: Reply) => void>();
  let ready: Ready | undefined;
  let lastStartTimes: number[] = [];
  const readyOrFailed = new Promise<Ready>((resolve, reject) => {
    child.on('message', (message: Record<string, unknown>) => {
      if (message.type === 'ready') resolve((ready = message as unknown as Ready));
      else if (message.type === 'failed') reject(new Error(`the production-like topology did not start: ${message.error}\n${written}`));
      else if (message.type === 'exit') unexpectedExits.push(message as never);
      else if (message.type === 'reply') waiting.get(message.id as number)?.(message as unknown as Reply);
    });
    child.once('exit', (code) => reject(new Error(`the production-like topology exited (${code}) before it was ready:\n${written}`)));
  });
  // The Temporal server may have to be built first (go install): the suite's own timeout covers that.
  const started = await readyOrFailed.catch((err: unknown) => {
    if (child.exitCode === null) child.kill('SIGTERM'); // it stops what it started, then exits
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  });
  lastStartTimes = started.temporalStartTimes;

  let next = 0;
  const order = (op: string, name?: ProcessName, more: Record<string, unknown> = {}): Promise<void> =>
    new Promise((resolve, reject) => {
      const id = ++next;
      waiting.set(id, (reply) => {
        waiting.delete(id);
        lastStartTimes = reply.temporalStartTimes;
        if (reply.ok) resolve();
        else reject(new Error(`${op} ${name ?? ''} failed: ${reply.error}`));
      });
      child.send({ id, op, name, ...more });
    });

  const keys = JSON.parse(readFileSync(path.join(dataDir, 'keys.json'), 'utf8')) as { signingKey: JWK & { kid: string }; payloadKeyId: string; payloadKey: string };
  const signingKey = await importJWK(keys.signingKey, 'ES256');
  const tokens = new Map<string, string>();

  return {
    apiUrls: started.apiUrls,
    temporalAddress: started.temporalAddress,
    events: started.events,
    ownerDatabaseUrl: started.ownerDatabaseUrl,
    appDatabaseUrl: started.appDatabaseUrl,
    get temporalStartTimes() {
      return lastStartTimes;
    },
    unexpectedExits,
    payloadKeys: { TEMPORAL_PAYLOAD_KEYS: `${keys.payloadKeyId}:${keys.payloadKey}`, TEMPORAL_PAYLOAD_KEY_ID: keys.payloadKeyId },
    kill: (name, signal) => order('kill', name, { signal }),
    start: (name, env) => order('start', name, { env }),
    stopPostgres: () => order('postgres-stop'),
    startPostgres: () => order('postgres-start'),
    token: async (org, role) => {
      const key = `${org}/${role}`;
      if (!tokens.has(key)) {
        tokens.set(
          key,
          await new SignJWT({ name: `${org} tester`, org, roles: [role] })
            .setProtectedHeader({ alg: 'ES256', kid: keys.signingKey.kid })
            .setSubject(`${org.toLowerCase()}-tester`)
            .setIssuer(ISSUER)
            .setAudience(AUDIENCE)
            .setIssuedAt()
            .setExpirationTime('2h')
            .sign(signingKey),
        );
      }
      return tokens.get(key)!;
    },
    stop: async () => {
      if (ready && child.connected) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.send({ id: ++next, op: 'stop' }); // it stops everything, then exits
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 30_000)))]);
        clearTimeout(timer);
      }
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
