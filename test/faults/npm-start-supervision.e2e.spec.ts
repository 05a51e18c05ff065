/**
 * The fault suite on `npm start` itself (scripts/start.mts, its supervisor in
 * scripts/lib/supervisor.ts): the real start script, on free ports, with its own Temporal dev
 * server and a throw-away data directory, on a fresh database of the machine's PostgreSQL. The
 * worker is killed outright; the script starts it again by itself and says so, and a pathway
 * registered before the kill escalates and moves on after it, nothing lost and nothing doubled.
 * Meanwhile the prison's webhook endpoints never answer: the community service's own webhook
 * still gets its messages in their normal time, each once, and the breaker pauses the dead ones.
 * Ctrl-C then stops everything, and nothing is started again while it stops.
 * `npm test` has built dist/ already, which is what `npm start`'s prestart would do.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ApiClient, eventually, Json } from '../support/api-client';
import { FAST_AREA, installFastPolicy } from '../support/fast-policy';
import { freePort } from '../support/free-port';
import { registration, tokenFor } from '../support/system';
import { hangingReceiver, healthyReceiver } from '../support/webhook-receivers';

const ROOT = path.resolve(__dirname, '../..');

/** The start script's children running `main` (dist/apps/<app>/src/main.js), by pid. */
function childPids(parent: number, main: string): number[] {
  let listing = '';
  try {
    listing = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(parent)], { encoding: 'utf8' });
  } catch {
    return []; // ps exits 1 when there is none
  }
  return listing
    .split('\n')
    .filter((line) => line.includes(main))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start when its worker is killed', () => {
  const database = `throughcare_npm_start_${process.pid}_${Date.now()}`;
  const adminUrl = new URL(process.env.MIGRATION_DATABASE_URL!);
  adminUrl.pathname = '/postgres';
  let dataDir: string;
  let start: ChildProcess;
  let output = '';
  let apiUrl: string;
  let hanging: Awaited<ReturnType<typeof hangingReceiver>>;
  let healthy: Awaited<ReturnType<typeof healthyReceiver>>;
  const exited = () => new Promise<void>((resolve) => (start.exitCode !== null || start.signalCode !== null ? resolve() : start.once('exit', () => resolve())));

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: adminUrl.toString() });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
    await admin.end();
    const ownerUrl = new URL(adminUrl);
    ownerUrl.pathname = `/${database}`;
    dataDir = mkdtempSync(path.join(tmpdir(), 'throughcare-npm-start-'));
    const [port, webPort, temporalPort, temporalUiPort, eventsPort] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
    apiUrl = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_OPTIONS: '',
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      DATABASE_URL: ownerUrl.toString(),
      LOCAL_DATA_DIR: dataDir,
      PORT: String(port),
      WEB_PORT: String(webPort),
      TEMPORAL_PORT: String(temporalPort),
      TEMPORAL_UI_PORT: String(temporalUiPort),
      EVENTS_PORT: String(eventsPort),
      // Short enough that the dead endpoints' breaker opens within the scenario.
      NOTIFICATION_REQUEST_TIMEOUT_SECONDS: '2',
      NOTIFICATION_RETRY_INITIAL_SECONDS: '1',
      WEBHOOK_BREAKER_FAILURES: '3',
    };
    // npm start's own Temporal dev server and its default task queue, not the test run's.
    for (const name of ['TEMPORAL_ADDRESS', 'TEMPORAL_TASK_QUEUE', 'MIGRATION_DATABASE_URL', 'HMPPS_EVENTS_QUEUE_URL', 'HMPPS_EVENTS_DLQ_URL', 'HMPPS_EVENTS_ENDPOINT']) delete env[name];
    start = spawn(process.execPath, ['--disable-warning=MODULE_TYPELESS_PACKAGE_JSON', path.join(ROOT, 'scripts/start.mts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    start.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    start.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await eventually(
      'npm start serving the API',
      async () => {
        if (start.exitCode !== null) throw new Error(`npm start exited with ${start.exitCode}:\n${output.slice(-4000)}`);
        return (await fetch(`${apiUrl}/health`).then((res) => res.status === 200, () => false)) && childPids(start.pid!, 'dist/apps/worker/src/main.js').length === 1;
      },
      120_000,
    );
  }, 180_000);

  afterAll(async () => {
    await hanging?.close();
    await healthy?.close();
    if (start && start.exitCode === null && start.signalCode === null) {
      start.kill('SIGINT');
      await exited();
    }
    const admin = new pg.Client({ connectionString: adminUrl.toString() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 90_000);

  it('starts the worker again by itself, says so, and the pathway escalates and moves on, nothing lost or doubled', async () => {
    const prison = new ApiClient(apiUrl, await tokenFor('BMI', 'prison-healthcare'));
    const community = new ApiClient(apiUrl, await tokenFor('CTS-BHM', 'community-treatment'));
    const admin = new ApiClient(apiUrl, await tokenFor('THC-OPS', 'admin'));
    await installFastPolicy(admin);
    [hanging, healthy] = [await hangingReceiver(), await healthyReceiver()];
    const events = ['task.created', 'task.escalated', 'task.completed', 'pathway.notice'];
    await admin.put('/v1/organisations/BMI/contacts', { webhooks: [1, 2, 3].map((i) => ({ url: `${hanging.url}/hook-${i}`, events })) });
    await admin.put('/v1/organisations/CTS-BHM/contacts', { webhooks: [{ url: `${healthy.url}/hook`, events }] });
    const pathway = await prison.post('/v1/releases', registration({ prisonCode: 'BMI', destinationArea: FAST_AREA }), 201);
    const referralSent = Date.now();
    await prison.post(`/v1/tasks/${pathway.tasks.find((t: Json) => t.type === 'referral').id}/complete`, {});
    // The service hears of its new task in its normal time, though the prison's endpoints hang.
    const created = await eventually('the community service told of its new task', async () =>
      healthy.messages.find((m) => m.body.type === 'task.created' && m.body.data.taskType === 'referral-acceptance'),
    );
    expect(created.at - referralSent).toBeLessThan(10_000);
    const escalations = async () => (await prison.get(`/v1/pathways/${pathway.id}`)).escalations as Json[];
    await eventually('the reminder', async () => (await escalations()).length === 1);

    const [killed] = childPids(start.pid!, 'dist/apps/worker/src/main.js');
    process.kill(killed, 'SIGKILL');
    await eventually('the line saying so', async () => output.includes('The worker stopped (killed by SIGKILL); starting it again in 1 second'));
    const [restarted] = await eventually('a new worker', async () => {
      const pids = childPids(start.pid!, 'dist/apps/worker/src/main.js');
      return pids.length === 1 && pids[0] !== killed && pids;
    });
    expect(alive(killed)).toBe(false);

    // L1, L2 and L3 fell due around the kill: each raised once, by the new worker.
    const raised = await eventually('the rest of the ladder', async () => {
      const rows = await escalations();
      return rows.length === 4 && rows;
    }, 60_000);
    expect(raised.map((e) => e.level)).toEqual(['reminder', 'L1', 'L2', 'L3']);

    const acceptance = (await community.get('/v1/tasks?type=referral-acceptance&limit=200')).items.find((t: Json) => t.pathwayId === pathway.id);
    const accepted = await community.post(`/v1/tasks/${acceptance.id}/accept`, {}, 200, `accept-${acceptance.id}`);
    expect(accepted).toMatchObject({ state: 'done', outcome: 'accepted' });
    const tasks = (await prison.get(`/v1/pathways/${pathway.id}`)).tasks as Json[];
    const byType = (type: string) => tasks.filter((t) => t.type === type).length;
    expect([byType('referral'), byType('referral-acceptance'), byType('appointment-booking')]).toEqual([1, 1, 1]);
    expect(await escalations()).toHaveLength(4);
    expect(childPids(start.pid!, 'dist/apps/worker/src/main.js')).toEqual([restarted]);

    // The prison's dead endpoints were paused by their breaker; the service got each message once.
    await eventually('the dead endpoints paused', async () => ((await admin.get('/v1/organisations/BMI/contacts')).webhooks as Json[]).every((w) => w.pausedUntil), 90_000);
    // At least once, with one delivery id per message: a try repeated after the kill keeps its id.
    const deliveriesOf = new Map<string, Set<string>>();
    for (const m of healthy.messages) deliveriesOf.set(m.body.data.id, (deliveriesOf.get(m.body.data.id) ?? new Set()).add(m.webhookId));
    expect(deliveriesOf.size).toBeGreaterThan(1);
    expect([...deliveriesOf.values()].filter((ids) => ids.size !== 1)).toEqual([]);
    expect(hanging.received()).toBeGreaterThan(0);
  });

  it('stops everything on Ctrl-C, starting nothing again while it stops', async () => {
    const apps = ['worker', 'api', 'web'].flatMap((app) => childPids(start.pid!, `dist/apps/${app}/src/main.js`));
    expect(apps).toHaveLength(3);
    const before = output.length;
    start.kill('SIGINT');
    await exited();
    expect(apps.filter(alive)).toEqual([]);
    expect(output.slice(before)).toContain('Stopping...');
    expect(output.slice(before)).not.toContain('starting it again');
  }, 90_000);
});
