/**
 * goaws, the local SNS/SQS for development and tests (never production: it listens on every
 * interface whatever its Host says). Built once from Go like the Temporal CLI, into a directory
 * of its own (the module's binary is named `cmd`). Configured by a YAML file: the topic
 * `hmpps-domain-events`, a queue subscribed to it with `Raw: false` (so messages arrive in the
 * SNS envelope, as HMPPS delivers them), and a dead-letter queue the queue's redrive policy moves a
 * message to after MAX_RECEIVES receives (goaws 0.4.5 honours RedrivePolicy in its YAML).
 */
import { spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { portInUse, spawnNamed, stopChild, waitFor } from './processes.mts';
import { executable, goCommand } from './temporal-cli.mts';

export const GOAWS_MODULE = 'github.com/Admiral-Piett/goaws/app/cmd@v0.4.5';
export const REGION = 'eu-west-2';
export const ACCOUNT = '000000000000';
export const TOPIC = 'hmpps-domain-events';
export const QUEUE = 'throughcare-hmpps-events';
export const DEAD_LETTER_QUEUE = 'throughcare-hmpps-events-dlq';
/** Receives before goaws moves a message to the dead-letter queue; the consumer puts aside sooner. */
export const MAX_RECEIVES = 5;

export interface Goaws {
  /** The endpoint both SNS and SQS clients use. */
  endpoint: string;
  topicArn: string;
  queueUrl: string;
  deadLetterQueueUrl: string;
  /** Env for the worker (the consumer) and for the development publisher. */
  env: Record<string, string>;
  /** The goaws process (the production-like topology kills it to test what a lost broker does). */
  child: ChildProcess;
  stop(): Promise<void>;
}

/** The goaws binary: $GOAWS_BIN, else built once with Go into ~/go/goaws-bin. */
export function findOrBuildGoaws(log: (line: string) => void = console.log): string {
  if (process.env.GOAWS_BIN && executable(process.env.GOAWS_BIN)) return process.env.GOAWS_BIN;
  const dir = path.join(homedir(), 'go', 'goaws-bin');
  const binary = path.join(dir, 'goaws');
  if (executable(binary)) return binary;
  const go = goCommand();
  if (!go) throw new Error('goaws (the local SNS/SQS) needs Go to build it once; install Go or set GOAWS_BIN');
  log(`Building goaws once with \`go install ${GOAWS_MODULE}\` (a few seconds)...`);
  mkdirSync(dir, { recursive: true });
  const built = spawnSync(go, ['install', GOAWS_MODULE], { stdio: 'inherit', env: { ...process.env, GOBIN: dir } });
  if (built.status !== 0) throw new Error(`go install ${GOAWS_MODULE} failed`);
  const renamed = spawnSync('mv', [path.join(dir, 'cmd'), binary]);
  if (renamed.status !== 0) throw new Error(`could not rename ${path.join(dir, 'cmd')} to ${binary}`);
  return binary;
}

export function goawsConfig(port: number): string {
  const arn = (name: string) => `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`;
  return [
    'Local:',
    '  Host: 127.0.0.1',
    `  Port: ${port}`,
    `  Region: ${REGION}`,
    `  AccountId: "${ACCOUNT}"`,
    '  LogToFile: false',
    '  QueueAttributeDefaults:',
    '    VisibilityTimeout: 30',
    '    ReceiveMessageWaitTimeSeconds: 0',
    // Above SQS's 256 KB, so an oversized body reaches the consumer, which puts it aside itself.
    '    MaximumMessageSize: 1048576',
    '  Queues:',
    `    - Name: ${DEAD_LETTER_QUEUE}`,
    `    - Name: ${QUEUE}`,
    `      RedrivePolicy: '{"maxReceiveCount": ${MAX_RECEIVES}, "deadLetterTargetArn": "${arn(DEAD_LETTER_QUEUE)}"}'`,
    '  Topics:',
    `    - Name: ${TOPIC}`,
    '      Subscriptions:',
    `        - QueueName: ${QUEUE}`,
    '          Raw: false',
    '',
  ].join('\n');
}

/** Starts goaws on 127.0.0.1:port and waits until its topic answers. */
export async function startGoaws(options: { port: number; quiet?: boolean; binary?: string }): Promise<Goaws> {
  const binary = options.binary ?? findOrBuildGoaws();
  const dir = mkdtempSync(path.join(tmpdir(), 'throughcare-goaws-'));
  const configFile = path.join(dir, 'goaws.yaml');
  writeFileSync(configFile, goawsConfig(options.port));
  const child: ChildProcess = spawnNamed('goaws', binary, ['-config', configFile, 'Local'], { cwd: dir });
  if (options.quiet) {
    child.stdout?.removeAllListeners('data');
    child.stdout?.resume();
  }
  const endpoint = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    await stopChild(child, 5_000);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor('goaws', async () => {
      if (child.exitCode !== null) throw new Error(`goaws exited with ${child.exitCode}`);
      const res = await fetch(`${endpoint}/?Action=ListTopics`, { signal: AbortSignal.timeout(2_000) });
      return res.ok && (await res.text()).includes(TOPIC);
    }, 30_000);
  } catch (err) {
    await stop();
    throw err;
  }
  const topicArn = `arn:aws:sns:${REGION}:${ACCOUNT}:${TOPIC}`;
  const queueUrl = `${endpoint}/${ACCOUNT}/${QUEUE}`;
  const deadLetterQueueUrl = `${endpoint}/${ACCOUNT}/${DEAD_LETTER_QUEUE}`;
  return {
    endpoint,
    topicArn,
    queueUrl,
    deadLetterQueueUrl,
    env: {
      HMPPS_EVENTS_QUEUE_URL: queueUrl,
      HMPPS_EVENTS_DLQ_URL: deadLetterQueueUrl,
      HMPPS_EVENTS_ENDPOINT: endpoint,
      HMPPS_EVENTS_TOPIC_ARN: topicArn,
      HMPPS_EVENTS_PROTOCOL: 'query',
      AWS_REGION: REGION,
      // goaws checks no signature; the SDK needs some credentials to sign with.
      AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'local',
      AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
    },
    child,
    stop,
  };
}

/**
 * For `npm start`: with no HMPPS_EVENTS_QUEUE_URL, starts goaws on 127.0.0.1:$EVENTS_PORT (4100),
 * adds its stop to `stops`, prints the topic's ARN, and answers the env for the worker. Without
 * goaws (no Go to build it) the system starts without events, and says so.
 */
export async function startLocalEvents(stops: Array<() => Promise<void>>): Promise<Record<string, string>> {
  if (process.env.HMPPS_EVENTS_QUEUE_URL) return {};
  const port = Number(process.env.EVENTS_PORT ?? 4100);
  if (await portInUse(port)) throw new Error(`Port ${port} is taken; set EVENTS_PORT, or HMPPS_EVENTS_QUEUE_URL for a queue of your own`);
  let binary: string;
  try {
    binary = findOrBuildGoaws();
  } catch (err) {
    // The rest of the system works without events (people record releases by hand): say so and go on.
    console.warn(`HMPPS domain events are off: ${err instanceof Error ? err.message : err}`);
    return {};
  }
  console.log(`Starting goaws (local SNS/SQS for HMPPS domain events) on 127.0.0.1:${port}`);
  const goaws = await startGoaws({ port, quiet: true, binary });
  stops.push(() => goaws.stop());
  console.log(`  HMPPS events topic: ${goaws.topicArn}  (npm run -s hmpps-event -- released A1234BC --prison LEI)`);
  return goaws.env;
}
