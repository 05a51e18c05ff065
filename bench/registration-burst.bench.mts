/**
 * `npm run bench`: a day of early releases (DESIGN §7: 2,000 registrations accepted, every
 * first task in the right worklist, within a minute, on one small node).
 *
 * Two baselines, measured in the same run on the same Temporal server, with the same
 * concurrency: bare workflow starts with the plain SDK client (no worker, no database), and
 * starts of a minimal workflow (bench/minimal) whose first workflow task runs one local
 * activity writing one row to PostgreSQL, timed until every row is written (issue 15: a bare
 * start runs no workflow task, so it is no floor for a registration). Then the same number of
 * registrations through the built API and worker. The ratio of registrations to the minimal
 * workflow is the figure to compare between machines; absolute times are noisy.
 * Results are written to docs/benchmarks.md.
 *
 *   BENCH_REGISTRATIONS (2000)  BENCH_CONCURRENCY (32)
 *   BENCH_PROFILE=1: CPU profiles of the API and worker into .data/profiles (open in Chrome DevTools)
 */
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { signDevelopmentToken } from '../libs/auth/src/development-token.ts';
import { stopChild, waitFor } from '../scripts/lib/processes.mts';
import { cpuMeter } from './cpu-time.mts';
import { machine, table, writeSection } from './lib/benchmarks-file.mts';
import { root, runBenchmark } from './lib/bench-system.mts';
import { otherCpuMeter } from './lib/other-cpu.mts';
import { MINIMAL_TASK_QUEUE, startMinimalWorker } from './minimal/minimal-worker.mts';
import { pathwaysInWorklists, peakRssMiB, registration, timed } from './lib/releases.mts';

const total = Number(process.env.BENCH_REGISTRATIONS ?? 2000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 32);
/** Issue 15: every first task in its worklist in under 30 s, at no less than half the minimal workflow's rate. */
const TARGET_SECONDS = 30;
const TARGET_RATIO = 0.5;

async function bareStarts(address: string): Promise<number> {
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  try {
    // No worker polls this queue: the baseline is the server accepting a start, nothing more.
    return await timed(total, concurrency, async (i) => {
      await client.workflow.start('benchBaseline', { taskQueue: 'bench-baseline', workflowId: `baseline-${i}`, args: [{ i }] });
    });
  } finally {
    await connection.close();
  }
}

/**
 * The second baseline: starts of the minimal workflow, from the first start until its worker
 * has written every workflow's row. The worker runs as its own process, as the product's does.
 */
async function minimalWorkflowStarts(address: string, databaseUrl: string, env: NodeJS.ProcessEnv): Promise<number> {
  const worker = await startMinimalWorker(env, databaseUrl);
  const db = new pg.Client({ connectionString: databaseUrl });
  const connection = await Connection.connect({ address });
  try {
    await db.connect();
    const client = new Client({ connection });
    const started = performance.now();
    await timed(total, concurrency, async (i) => {
      await client.workflow.start('minimalWorkflow', { taskQueue: MINIMAL_TASK_QUEUE, workflowId: `minimal-${i}`, args: [i] });
    });
    await waitFor('every minimal workflow\'s row', async () => Number((await db.query('SELECT count(*) AS n FROM bench_minimal_rows')).rows[0].n) >= total, 120_000);
    return (performance.now() - started) / 1000;
  } finally {
    await connection.close();
    await db.end().catch(() => undefined);
    await stopChild(worker);
  }
}

async function registrations(apiUrl: string): Promise<{ seconds: number; failures: string[] }> {
  const tokens = {
    LEI: await signDevelopmentToken({ org: 'LEI', roles: ['prison-healthcare'] }),
    BMI: await signDevelopmentToken({ org: 'BMI', roles: ['prison-healthcare'] }),
  };
  const failures: string[] = [];
  const seconds = await timed(total, concurrency, async (i) => {
    const prison = i % 2 === 0 ? 'LEI' : 'BMI';
    const response = await fetch(`${apiUrl}/v1/releases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[prison]}`, 'content-type': 'application/json', 'idempotency-key': `bench-${i}` },
      body: JSON.stringify(registration(i, prison)),
    });
    if (response.status !== 201) failures.push(`${response.status} ${await response.text()}`);
  });
  return { seconds, failures };
}

await runBenchmark('throughcare_bench', { RATE_LIMIT_PER_MINUTE: String(total * 10) }, async ({ services, env, apiUrl, spawn, apiAnswering }) => {
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.join(root, '.data', 'profiles')}`] : [];
  const worker = spawn('worker', profile);
  const api = spawn('api', profile);
  await apiAnswering();

  console.log(`Baseline: ${total} bare workflow starts, ${concurrency} at a time`);
  const baseline = await bareStarts(services.temporalAddress);
  console.log(`  ${baseline.toFixed(1)} s`);

  console.log(`Baseline: ${total} minimal workflows (one local activity, one row), ${concurrency} at a time`);
  const minimal = await minimalWorkflowStarts(services.temporalAddress, services.databaseUrl, env);
  console.log(`  ${minimal.toFixed(1)} s`);

  console.log(`Registrations: ${total} through the API, ${concurrency} at a time`);
  const pids = { API: api.pid, worker: worker.pid, 'Temporal server': services.temporalPid };
  const meter = cpuMeter(pids);
  const others = otherCpuMeter(new URL(services.databaseUrl).pathname.slice(1), Object.values(pids));
  const started = performance.now();
  const { seconds, failures } = await registrations(apiUrl);
  let inWorklists = 0;
  await waitFor('every first task in its worklist', async () => (inWorklists = await pathwaysInWorklists(services.databaseUrl)) >= total, 120_000).catch(() => undefined);
  const allInWorklists = (performance.now() - started) / 1000;
  const cpu = meter.since();
  const othersCpu = others.since();
  console.log(`  accepted in ${seconds.toFixed(1)} s, ${failures.length} failed; ${inWorklists} pathways with their first tasks in worklists after ${allInWorklists.toFixed(1)} s`);
  for (const failure of failures.slice(0, 5)) console.error(`  ${failure.slice(0, 300)}`);

  const ratio = minimal / allInWorklists;
  const met = failures.length === 0 && inWorklists === total && allInWorklists <= TARGET_SECONDS && ratio >= TARGET_RATIO;
  const lines = {
      'bare workflow starts (baseline)': `${baseline.toFixed(1)} s, ${(total / baseline).toFixed(0)} /s`,
      'minimal workflows, every row written (baseline)': `${minimal.toFixed(1)} s, ${(total / minimal).toFixed(0)} /s`,
      'registrations accepted (`201`)': `${total - failures.length} of ${total} in ${seconds.toFixed(1)} s, ${(total / seconds).toFixed(0)} /s`,
      'every first task in its worklist': `${inWorklists} of ${total} pathways after ${allInWorklists.toFixed(1)} s, ${(total / allInWorklists).toFixed(0)} /s`,
      'rate ratio, registrations in worklists : bare starts': `${(baseline / allInWorklists).toFixed(2)}`,
      'rate ratio, registrations in worklists : minimal workflows': `${ratio.toFixed(2)}`,
      [`target: all within ${TARGET_SECONDS} s, ratio to minimal workflows ≥ ${TARGET_RATIO}`]: met ? 'met' : '**not met**',
      'peak memory, API': `${peakRssMiB(api.pid) ?? 'n/a'} MiB`,
      'peak memory, worker': `${peakRssMiB(worker.pid) ?? 'n/a'} MiB`,
      ...Object.fromEntries(
        Object.entries(cpu).map(([component, s]) => [
          `CPU during registrations, ${component}`,
          s === undefined ? 'n/a' : `${s.toFixed(1)} s (${((s * 1000) / total).toFixed(1)} ms a registration)`,
        ]),
      ),
      // "Everything else" split by whom (lib/other-cpu.mts): PostgreSQL's connections to this database apart from other work.
      ...Object.fromEntries(
        othersCpu
          .filter(([, s]) => s >= 0.05)
          .map(([group, s]) => [`CPU during registrations, everything else: ${group}`, `${s.toFixed(1)} s (${((s * 1000) / total).toFixed(1)} ms a registration)`]),
      ),
      // What no queueing or concurrency can beat: our processes' CPU alone, over both cores.
      'least wall time the API, worker and Temporal server need, on 2 cores and nothing else': `${(((cpu.API ?? 0) + (cpu.worker ?? 0) + (cpu['Temporal server'] ?? 0)) / 2).toFixed(1)} s`,
    };
  writeSection(
    'A day of early releases: registration burst',
    [
      `Issue 15: ${total.toLocaleString('en-GB')} registrations accepted, and every first task in the right worklist, within ${TARGET_SECONDS} s on 2 cores, at no less than ${TARGET_RATIO} of the minimal workflow's rate.`,
      `Baselines on the same dev server, concurrency ${concurrency} for all three: the same number of bare Temporal workflow starts (plain SDK client, no worker);`,
      'and the same number of starts of a minimal workflow (`bench/minimal`: one local activity inserting one row into PostgreSQL, its first workflow task completed, then asleep),',
      'run by its own worker process with the product worker\'s cache size and SDK defaults and no payload codec, timed until every row is written.',
      'Command: `npm run bench:registrations`.',
      '',
      `Run on ${new Date().toISOString().slice(0, 10)}: ${machine()}; PostgreSQL and the Temporal CLI dev server (in memory) on the same machine.`,
      '',
      table(lines),
    ].join('\n'),
  );
  console.log('Written to docs/benchmarks.md');
  return met;
});
