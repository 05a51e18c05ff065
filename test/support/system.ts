/**
 * Brings up the real API and a real worker in the test process, against the PostgreSQL
 * database and Temporal server that `npm test` prepared. Each suite gets its own task
 * queue, so stopping one suite's worker never lets another suite's worker stand in for it.
 */
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { Config, loadConfig } from '@throughcare/config';
import { signDevelopmentToken } from '@throughcare/auth';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { DEFAULT_RELEASE } from './dates';
import { WorkerModule } from '../../apps/worker/src/worker.module';

/**
 * A suite's configuration: its own task queue, so its pathways' deliveries run on its own worker.
 * The nightly release-date reconciliation's Schedule is off: every suite's worker would otherwise
 * rewrite the one shared Schedule, and a run crossing 02:00 would reconcile other suites' pathways.
 */
/**
 * A worker's recovery sweeps run once an hour unless a test asks for them: files run side by
 * side on one database, and a sweep would start another file's stalled registration or import
 * on this file's task queue (test/support/sweeping-alone.ts).
 */
export function suiteConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ ...process.env, TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`, INTAKE_RECONCILE_NIGHTLY: 'false', REGISTRATION_RECOVERY_SECONDS: '3600', ...overrides });
}

export async function startApi(config: Config): Promise<{ app: INestApplication; url: string }> {
  const app = await createApiApp(config);
  await app.listen(0, '127.0.0.1');
  return { app, url: await app.getUrl() };
}

export async function startWorker(config: Config): Promise<INestApplicationContext> {
  const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: ['error', 'warn'] });
  await worker.init();
  return worker;
}

export function tokenFor(org: string, role: string): Promise<string> {
  return signDevelopmentToken({ org, roles: [role], sub: `${org.toLowerCase()}-tester`, ttl: '1h' });
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/**
 * Prison numbers never shared within a run, where suites register in parallel into one
 * database: the first letter is the jest worker's, and the rest counts on from the clock (in
 * milliseconds) when this file started, so files that follow in the same worker start past
 * where this one can reach (no test asks for more than one number a millisecond).
 */
let sequence = Date.now() % (10_000 * 26 * 26);
const workerLetter = LETTERS[(Number(process.env.JEST_WORKER_ID ?? '1') - 1) % 26];

/** A prison number not used by any other test in this run. */
export function newPrisonNumber(): string {
  sequence = (sequence + 1) % (10_000 * 26 * 26);
  const digits = String(sequence % 10_000).padStart(4, '0');
  const pair = Math.floor(sequence / 10_000);
  return `${workerLetter}${digits}${LETTERS[Math.floor(pair / 26)]}${LETTERS[pair % 26]}`;
}

export function registration(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    prisonNumber: newPrisonNumber(),
    givenName: 'Sam',
    familyName: 'Example',
    dateOfBirth: '1985-04-12',
    nhsNumber: '9434765919',
    prisonCode: 'LEI',
    releaseDate: DEFAULT_RELEASE.friday,
    releaseDateType: 'CRD',
    destinationArea: 'E08000035',
    treatment: { substances: ['opiates'], onOst: true, consentToShare: true },
    ...overrides,
  };
}
