/**
 * `npm run bench`: a day of early releases (DESIGN §7: 2,000 registrations accepted, every
 * first task in the right worklist, within a minute, on one small node).
 *
 * Baseline, measured in the same run on the same Temporal server: bare workflow starts with
 * the plain SDK client (no API, no database, no worker). Then the same number of
 * registrations through the built API and worker, with the same concurrency. The ratio of
 * the two throughputs is the figure to compare between machines; absolute times are noisy.
 * Results are written to docs/benchmarks.md.
 *
 *   BENCH_REGISTRATIONS (2000)  BENCH_CONCURRENCY (32)
 *   BENCH_PROFILE=1: CPU profiles of the API and worker into .data/profiles (open in Chrome DevTools)
 */
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { signDevelopmentToken } from '../libs/auth/src/development-token.ts';
import { waitFor } from '../scripts/lib/processes.mts';
import { cpuMeter } from './cpu-time.mts';
import { machine, table, writeSection } from './lib/benchmarks-file.mts';
import { root, runBenchmark } from './lib/bench-system.mts';
import { pathwaysInWorklists, peakRssMiB, registration, timed } from './lib/releases.mts';

const total = Number(process.env.BENCH_REGISTRATIONS ?? 2000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 32);
const TARGET_SECONDS = 60;

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

await runBenchmark('throughcare_bench', { RATE_LIMIT_PER_MINUTE: String(total * 10) }, async ({ services, apiUrl, spawn, apiAnswering }) => {
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.join(root, '.data', 'profiles')}`] : [];
  const worker = spawn('worker', profile);
  const api = spawn('api', profile);
  await apiAnswering();

  console.log(`Baseline: ${total} bare workflow starts, ${concurrency} at a time`);
  const baseline = await bareStarts(services.temporalAddress);
  console.log(`  ${baseline.toFixed(1)} s`);

  console.log(`Registrations: ${total} through the API, ${concurrency} at a time`);
  const meter = cpuMeter({ API: api.pid, worker: worker.pid, 'Temporal server': services.temporalPid });
  const started = performance.now();
  const { seconds, failures } = await registrations(apiUrl);
  let inWorklists = 0;
  await waitFor('every first task in its worklist', async () => (inWorklists = await pathwaysInWorklists(services.databaseUrl)) >= total, 120_000).catch(() => undefined);
  const allInWorklists = (performance.now() - started) / 1000;
  const cpu = meter.since();
  console.log(`  accepted in ${seconds.toFixed(1)} s, ${failures.length} failed; ${inWorklists} pathways with their first tasks in worklists after ${allInWorklists.toFixed(1)} s`);
  for (const failure of failures.slice(0, 5)) console.error(`  ${failure.slice(0, 300)}`);

  const met = failures.length === 0 && inWorklists === total && allInWorklists <= TARGET_SECONDS;
  const lines = {
      'bare workflow starts (baseline)': `${baseline.toFixed(1)} s, ${(total / baseline).toFixed(0)} /s`,
      'registrations accepted (`201`)': `${total - failures.length} of ${total} in ${seconds.toFixed(1)} s, ${(total / seconds).toFixed(0)} /s`,
      'throughput ratio, registrations : bare starts': `${(baseline / seconds).toFixed(2)}`,
      'every first task in its worklist': `${inWorklists} of ${total} pathways after ${allInWorklists.toFixed(1)} s`,
      [`target: all within ${TARGET_SECONDS} s`]: met ? 'met' : '**not met**',
      'peak memory, API': `${peakRssMiB(api.pid) ?? 'n/a'} MiB`,
      'peak memory, worker': `${peakRssMiB(worker.pid) ?? 'n/a'} MiB`,
      ...Object.fromEntries(
        Object.entries(cpu).map(([component, s]) => [
          `CPU during registrations, ${component}`,
          s === undefined ? 'n/a' : `${s.toFixed(1)} s (${((s * 1000) / total).toFixed(1)} ms a registration)`,
        ]),
      ),
    };
  writeSection(
    'A day of early releases: registration burst',
    [
      `DESIGN §7: ${total.toLocaleString('en-GB')} registrations accepted, and every first task in the right worklist, within ${TARGET_SECONDS} s on one small node.`,
      `Baseline: the same number of bare Temporal workflow starts (plain SDK client, no worker) on the same dev server. Concurrency ${concurrency} for both.`,
      '',
      `Run on ${new Date().toISOString().slice(0, 10)}: ${machine()}; PostgreSQL and the Temporal CLI dev server (in memory) on the same machine.`,
      '',
      table(lines),
    ].join('\n'),
  );
  console.log('Written to docs/benchmarks.md');
  return met;
});
