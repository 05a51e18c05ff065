/**
 * `npm run bench:notifications`: how long an escalation takes from being stored to its webhook
 * being delivered (issue 25). BENCH_NOTIFY_ESCALATIONS pathways (300) are registered at
 * BENCH_NOTIFY_RATE a second (10) on a seconds-policy whose referral falls due a fixed time after
 * registration, once every registration is in: so their L1 escalations are raised at that rate,
 * with nothing else running. The prison's webhook (task.escalated only) points at a receiver on
 * loopback that answers 204 at once. Latency is the receiver's clock at the first arrival of each
 * message less the notification row's `created_at` (the transaction that stored the escalation).
 * To say where the time goes: each process's CPU over the escalations (and its busiest second,
 * as a share of one core), and each message's stages read from its delivery workflow's history
 * (lib/delivery-stages.mts).
 *
 *   BENCH_NOTIFY_ESCALATIONS (300)  BENCH_NOTIFY_RATE (10)
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { signDevelopmentToken } from '../libs/auth/src/development-token.ts';
import { waitFor } from '../scripts/lib/processes.mts';
import { cpuMeter, cpuSampler, type CpuSplit } from './cpu-time.mts';
import { machine, table, writeSection } from './lib/benchmarks-file.mts';
import { runBenchmark } from './lib/bench-system.mts';
import { deliveryStages, STAGES, type DeliveryStages } from './lib/delivery-stages.mts';
import { otherCpuMeter } from './lib/other-cpu.mts';
import { databaseActivity } from './lib/database-activity.mts';
import { registration, timed } from './lib/releases.mts';

const count = Number(process.env.BENCH_NOTIFY_ESCALATIONS ?? 300);
const rate = Number(process.env.BENCH_NOTIFY_RATE ?? 10);
/** Issue 25's target. */
const TARGET_P99_SECONDS = 2;
const AREA = 'E08000035';
const PRISON = 'LEI';
const FAR = { anchor: 'registration', offset: 'PT12H' } as const;

function policy(referralDueSeconds: number) {
  return {
    id: 'bench-notifications',
    dueTime: '17:00',
    lateRegistrationWeeks: 0,
    outcomeWindow: 'P30D',
    ladder: [
      { level: 'L1', offset: 'PT0S', notify: ['owner'] },
      { level: 'L2', offset: 'PT6H', notify: ['owner-managers', 'requester'] },
      { level: 'L3', offset: 'PT9H', notify: ['commissioner'] },
    ],
    steps: [
      { type: 'assessment', owner: 'prison', trigger: { on: 'registration' }, due: FAR },
      { type: 'referral', owner: 'prison', trigger: { on: 'registration' }, due: { anchor: 'registration', offset: `PT${referralDueSeconds}S` } },
      { type: 'referral-acceptance', owner: 'community-treatment', trigger: { on: 'completed', step: 'referral' }, due: FAR },
      { type: 'probation-acknowledgement', owner: 'probation', trigger: { on: 'registration' }, due: FAR },
      { type: 'release-confirmation', owner: 'prison', trigger: { on: 'registration' }, due: FAR },
    ],
  };
}

/** A receiver that answers 204 at once and notes when each message (its `data.id`) first arrived. */
async function receiver(): Promise<{ url: string; arrivals: Map<string, number>; close: () => Promise<void> }> {
  const arrivals = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = Date.now();
      const id = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data: { id: string } }).data.id;
      if (!arrivals.has(id)) arrivals.set(id, at);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    arrivals,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const seconds = (s: number) => (Number.isNaN(s) ? 'n/a' : `${s.toFixed(2)} s`);
const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

/** p50 and p99 of each stage, and how many sends needed more than one try. */
function stageLines(stages: DeliveryStages[]): Record<string, string> {
  const lines: Record<string, string> = {};
  STAGES.forEach((stage, i) => {
    const sorted = stages.map((s) => s.seconds[i]).sort((a, b) => a - b);
    lines[`stage ${stage}: p50, p99`] = `${seconds(percentile(sorted, 50))}, ${seconds(percentile(sorted, 99))}`;
  });
  const retried = stages.filter((s) => s.deliverAttempt > 1);
  lines['sends started on a later try (put off or failed), most tries'] = `${retried.length} of ${stages.length}, ${Math.max(1, ...stages.map((s) => s.deliverAttempt))}`;
  return lines;
}

function cpuLines(cpu: CpuSplit, perSecond: Record<string, { mean: number; busiest: number }>, escalations: number): Record<string, string> {
  return Object.fromEntries(
    Object.entries(cpu).map(([component, s]) => {
      const share = perSecond[component] ? `; ${perSecond[component].mean.toFixed(2)} of a core on average, ${perSecond[component].busiest.toFixed(2)} in its busiest second` : '';
      return [`CPU, ${component}`, s === undefined ? 'n/a' : `${s.toFixed(1)} s (${((s * 1000) / Math.max(1, escalations)).toFixed(1)} ms an escalation${share})`];
    }),
  );
}
/** "Everything else" split by whom (lib/other-cpu.mts), in ms an escalation; what ended unseen is the rest. */
function otherCpuLines(cpu: CpuSplit, groups: Array<[string, number]>, escalations: number): Record<string, string> {
  const perEscalation = (s: number) => `${s.toFixed(1)} s (${((s * 1000) / Math.max(1, escalations)).toFixed(1)} ms an escalation)`;
  const rest = cpu['everything else (PostgreSQL, mostly)'];
  const shown = groups.filter(([, s]) => s >= 0.05);
  const lines = Object.fromEntries(shown.map(([name, s]) => [`CPU, everything else: ${name}`, perEscalation(s)]));
  if (rest !== undefined) lines['CPU, everything else: not seen (processes that started and ended between two readings)'] = perEscalation(Math.max(0, rest - groups.reduce((sum, [, s]) => sum + s, 0)));
  return lines;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

await runBenchmark('throughcare_bench_notifications', { RATE_LIMIT_PER_MINUTE: String(count * 20) }, async (system) => {
  const { services, apiUrl, spawn, apiAnswering } = system;
  const worker = spawn('worker');
  const api = spawn('api');
  await apiAnswering();
  const hook = await receiver();
  const db = new pg.Client({ connectionString: services.databaseUrl });
  await db.connect();
  try {
    const admin = await signDevelopmentToken({ org: 'THC-OPS', roles: ['admin'] });
    const prison = await signDevelopmentToken({ org: PRISON, roles: ['prison-healthcare'] });
    const call = async (method: string, url: string, token: string, body: object, headers: Record<string, string> = {}) => {
      const response = await fetch(`${apiUrl}${url}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      if (response.status >= 300) throw new Error(`${method} ${url}: ${response.status} ${(await response.text()).slice(0, 300)}`);
    };
    await call('PUT', `/v1/organisations/${PRISON}/contacts`, admin, { webhooks: [{ url: hook.url, events: ['task.escalated'] }] });
    // Registrations paced at the rate; each referral due once the last registration is in (and 20 s more).
    const pace = count / rate;
    await call('POST', '/v1/policies', admin, policy(Math.ceil(pace) + 20));
    await call('PUT', `/v1/areas/${AREA}/policy`, admin, { policyId: 'bench-notifications' });

    const failures: string[] = [];
    console.log(`Registering ${count} pathways over ${pace.toFixed(0)} s`);
    const started = performance.now();
    await timed(count, 32, async (i) => {
      await sleep(started + (i * 1000) / rate - performance.now());
      const person = { ...registration(i, PRISON, 'N'), destinationArea: AREA };
      for (let attempt = 1; ; attempt++) {
        try {
          await call('POST', '/v1/releases', prison, person, { 'idempotency-key': `notifications-${i}` });
          return;
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          if (attempt < 5 && message.includes(': 503 ')) continue;
          failures.push(message);
          return;
        }
      }
    });
    console.log(`Waiting for ${count - failures.length} escalations and their webhooks`);
    // Metered from the end of the registrations: the escalations, their writes and their deliveries.
    const pids = { API: api.pid, worker: worker.pid, 'Temporal server': services.temporalPid };
    const database = new URL(services.databaseUrl).pathname.slice(1);
    const activity = await databaseActivity(db);
    const [meter, sampler, others, loadBefore] = [cpuMeter(pids), cpuSampler(pids), otherCpuMeter(database, Object.values(pids)), loadAverage()];
    await waitFor('every escalation delivered', async () => hook.arrivals.size >= count - failures.length, (pace + 120) * 1000).catch(() => undefined);
    const [cpu, perSecond, othersCpu, loadAfter] = [meter.since(), sampler.stop(), others.since(), loadAverage()];
    // PostgreSQL's statistics reach its views within a second of each transaction.
    await sleep(1500);
    const tables = await activity.since();

    const { rows } = await db.query<{ id: string; stored: Date }>(`SELECT id, created_at AS stored FROM notifications WHERE event = 'task.escalated' AND org_code = $1`, [PRISON]);
    const latencies = rows
      .filter((r) => hook.arrivals.has(r.id))
      .map((r) => (hook.arrivals.get(r.id)! - r.stored.getTime()) / 1000)
      .sort((a, b) => a - b);
    const p99 = percentile(latencies, 99);
    const connection = await Connection.connect({ address: services.temporalAddress });
    const temporalClient = new Client({ connection });
    const stages = (
      await Promise.all(rows.filter((r) => hook.arrivals.has(r.id)).map((r) => deliveryStages(temporalClient, `notification-${r.id}`, r.stored.getTime(), hook.arrivals.get(r.id)!)))
    ).filter((s) => s !== undefined);
    await connection.close();
    const met = failures.length === 0 && rows.length === count && latencies.length === count && p99 < TARGET_P99_SECONDS;
    const figures = {
      'escalations stored / webhooks delivered': `${rows.length} / ${latencies.length} (of ${count})`,
      'stored → delivered: p50, p99, max': `${seconds(percentile(latencies, 50))}, ${seconds(p99)}, ${seconds(latencies.at(-1) ?? NaN)}`,
      [`target: p99 under ${TARGET_P99_SECONDS} s, every one delivered`]: met ? 'met' : '**not met**',
      ...stageLines(stages),
      ...cpuLines(cpu, perSecond, rows.length),
      ...otherCpuLines(cpu, othersCpu, rows.length),
      ...tables,
      'load average (1, 5, 15 min) before the escalations, after': `${loadBefore}; ${loadAfter}`,
    };
    console.log(JSON.stringify(figures));
    for (const failure of failures.slice(0, 5)) console.error(`  ${failure}`);
    writeSection(
      'Escalation to webhook',
      [
        `Issue 25: ${count} escalations raised at ${rate} a second (pathways registered at that pace on a seconds-policy, each referral due ${Math.ceil(pace) + 20} s after its registration), each told to the prison's webhook, a receiver on loopback answering 204 (\`bench/notification-latency.bench.mts\`).`,
        "Latency is from the notification row's `created_at` (the transaction that stored the escalation) to the webhook's first arrival at the receiver.",
        '',
        `Run on ${new Date().toISOString().slice(0, 10)}: ${machine()}; PostgreSQL and the Temporal CLI dev server (in memory) on the same machine. Command: \`npm run bench:notifications\`.`,
        '',
        table(figures),
      ].join('\n'),
    );
    console.log('Written to docs/benchmarks.md');
    return met;
  } finally {
    await db.end();
    await hook.close();
  }
});
