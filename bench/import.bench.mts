/**
 * `npm run bench:import`: a prison's list of releases, 2,000 rows in one CSV file, against
 * 2,000 single registrations measured in the same run (the registration burst's way: through
 * the API, 32 at a time). Timed from sending the list until every row's first tasks are in the
 * prison's and probation's worklists. Target (issue 15): under 30 s, and at least the
 * registration burst's rate. Results are written to docs/benchmarks.md.
 *
 *   BENCH_REGISTRATIONS (2000)  BENCH_CONCURRENCY (32)  IMPORT_BATCH_SIZE / IMPORT_CONCURRENCY (the API's)
 */
import { signDevelopmentToken } from '../libs/auth/src/development-token.ts';
import { waitFor } from '../scripts/lib/processes.mts';
import { csvOfRegistrations } from './lib/csv.mts';
import { machine, table, writeSection } from './lib/benchmarks-file.mts';
import { runBenchmark } from './lib/bench-system.mts';
import { pathwaysInWorklists, peakRssMiB, registration, timed } from './lib/releases.mts';

const total = Number(process.env.BENCH_REGISTRATIONS ?? 2000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 32);
const TARGET_SECONDS = 30;
const settings = { RATE_LIMIT_PER_MINUTE: String(total * 10), IMPORT_BATCH_SIZE: process.env.IMPORT_BATCH_SIZE ?? '20', IMPORT_CONCURRENCY: process.env.IMPORT_CONCURRENCY ?? '4' };

await runBenchmark('throughcare_bench_import', settings, async ({ services, apiUrl, spawn, apiAnswering }) => {
  const worker = spawn('worker');
  const api = spawn('api');
  await apiAnswering();
  const token = await signDevelopmentToken({ org: 'LEI', roles: ['prison-healthcare'] });

  console.log(`Baseline: ${total} single registrations through the API, ${concurrency} at a time`);
  const burstStarted = performance.now();
  const failures: string[] = [];
  await timed(total, concurrency, async (i) => {
    const response = await fetch(`${apiUrl}/v1/releases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': `burst-${i}` },
      body: JSON.stringify(registration(i, 'LEI', 'B')),
    });
    if (response.status !== 201) failures.push(`${response.status} ${(await response.text()).slice(0, 200)}`);
  });
  await waitFor('every registration in its worklists', async () => (await pathwaysInWorklists(services.databaseUrl)) >= total, 120_000).catch(() => undefined);
  const burst = (performance.now() - burstStarted) / 1000;
  console.log(`  ${burst.toFixed(1)} s, ${failures.length} failed`);

  console.log(`Import: ${total} rows in one CSV file`);
  const csv = csvOfRegistrations(Array.from({ length: total }, (_, i) => registration(i, 'LEI', 'C')));
  const started = performance.now();
  const accepted = await fetch(`${apiUrl}/v1/releases/imports`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: csv });
  const answer = (await accepted.json()) as { id: string; counts?: Record<string, number> };
  const acceptedAfter = (performance.now() - started) / 1000;
  let inWorklists = 0;
  await waitFor('every imported row in its worklists', async () => (inWorklists = await pathwaysInWorklists(services.databaseUrl, answer.id)) >= total, 300_000).catch(() => undefined);
  const imported = (performance.now() - started) / 1000;
  const view = (await (await fetch(`${apiUrl}/v1/releases/imports/${answer.id}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { counts: Record<string, number> };
  console.log(`  accepted (${accepted.status}) after ${acceptedAfter.toFixed(1)} s; ${inWorklists} in worklists after ${imported.toFixed(1)} s; ${JSON.stringify(view.counts)}`);

  const met = accepted.status === 202 && inWorklists === total && imported <= TARGET_SECONDS && total / imported >= total / burst;
  writeSection(
    'A prison’s list of releases: bulk import',
    [
      `Issue 15: ${total.toLocaleString('en-GB')} rows in one CSV file, every first task in its worklists in under ${TARGET_SECONDS} s, and at least the registration burst's rate.`,
      `Baseline, in the same run on the same services: ${total.toLocaleString('en-GB')} single registrations through the API, ${concurrency} at a time, until every first task is in its worklists.`,
      `The import registers in batches of ${settings.IMPORT_BATCH_SIZE}, ${settings.IMPORT_CONCURRENCY} batches at a time (\`IMPORT_BATCH_SIZE\`, \`IMPORT_CONCURRENCY\`).`,
      '',
      `Run on ${new Date().toISOString().slice(0, 10)}: ${machine()}; PostgreSQL and the Temporal CLI dev server (in memory) on the same machine. Command: \`npm run bench:import\`.`,
      '',
      table({
        'single registrations (baseline)': `${total - failures.length} of ${total} in worklists after ${burst.toFixed(1)} s, ${(total / burst).toFixed(0)} /s`,
        'import accepted (`202`, every row judged)': `after ${acceptedAfter.toFixed(1)} s`,
        'import: every first task in its worklists': `${inWorklists} of ${total} after ${imported.toFixed(1)} s, ${(total / imported).toFixed(0)} /s`,
        'rate ratio, import : single registrations': (burst / imported).toFixed(2),
        [`target: under ${TARGET_SECONDS} s and ratio ≥ 1`]: met ? 'met' : '**not met**',
        'peak memory, API': `${peakRssMiB(api.pid) ?? 'n/a'} MiB`,
        'peak memory, worker': `${peakRssMiB(worker.pid) ?? 'n/a'} MiB`,
      }),
    ].join('\n'),
  );
  console.log('Written to docs/benchmarks.md');
  return met;
});
